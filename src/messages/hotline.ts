/**
 * What people read about the family hotline (亲情电话, issue #4): receipts to families, relays,
 * reminders and escalations to staff, answers, lists and threads. Times are Asia/Shanghai.
 */
import { formatShortWeekdayZh, formatShortZh } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import { dayjs, SCHOOL_TZ } from "../lib/time.ts";

/** How a request is shown: `#12`. */
export const requestNo = (id: number): string => `#${id}`;

/** The tag every relay starts with; a quoted reply is recognised by it (router fallback). */
export const RELAY_TAG = "亲情电话";

const KIND_WORD: Record<string, string> = { voice: "语音", image: "图片", video: "视频", file: "文件" };

/** `[语音]`, `[图片]`... for a non-text message kind; "" for text. */
export function kindLabel(kind: string): string {
  const w = KIND_WORD[kind];
  return w ? `[${w}]` : "";
}

/** A waiting time in minutes as `3小时20分` / `45分钟` / `2天3小时`. */
export function durationZh(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m}分钟`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)}小时${m % 60}分` : `${m / 60}小时`;
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return h ? `${d}天${h}小时` : `${d}天`;
}

/**
 * A span of school working time in minutes as `3小时20分`, or, past one working day
 * (`dayMinutes`, 600 for 07:30–17:30), `2个工作日3小时`.
 */
export function workDurationZh(minutes: number, dayMinutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < dayMinutes || dayMinutes <= 0) return durationZh(m);
  const d = Math.floor(m / dayMinutes);
  const h = Math.floor((m % dayMinutes) / 60);
  return h ? `${d}个工作日${h}小时` : `${d}个工作日`;
}

/** `今天 13:00`, `明天 09:30`, else `12月3日 09:30` (relative to `now`, Asia/Shanghai). */
export function whenZh(at: Date, now: Date): string {
  const a = dayjs(at).tz(SCHOOL_TZ);
  const n = dayjs(now).tz(SCHOOL_TZ);
  if (a.format("YYYY-MM-DD") === n.format("YYYY-MM-DD")) return `今天 ${a.format("HH:mm")}`;
  if (a.format("YYYY-MM-DD") === n.add(1, "day").format("YYYY-MM-DD")) return `明天 ${a.format("HH:mm")}`;
  return formatShortWeekdayZh(at);
}

/** The stored attachmentError of a file deleted after ATTACHMENT_RETENTION_DAYS (domain/housekeeping.ts). */
export const ATTACHMENT_EXPIRED = "attachment deleted after the retention period";

/** One family message line in a relay or thread: the text, or the file's label and a failure note. */
export function entryBody(e: { messageKind: string; text: string; attachmentError?: string | null }): string {
  const label = kindLabel(e.messageKind);
  const word = KIND_WORD[e.messageKind] ?? "文件";
  const failed = !e.attachmentError ? "" : e.attachmentError === ATTACHMENT_EXPIRED ? `（${word}已过保存期限，已删除）` : `（${word}未能接收，请联系家长重发或回电）`;
  return [label, e.text, failed].filter(Boolean).join(" ");
}

/** Who asked, for staff: `张小明（三年级1班）的妈妈刘丽（外出务工）`. */
export interface AskerView {
  childName: string;
  className: string;
  /** `妈妈刘丽（外出务工）`, or `来电：张小明奶奶` for a logged call. */
  who: string;
}

export const hotlineText = {
  relayHeader(id: number, a: AskerView, followUp: boolean): string {
    return followUp ? `【${RELAY_TAG} ${requestNo(id)}】${a.childName}（${a.className}）的${a.who}补充：` : `【${RELAY_TAG} ${requestNo(id)}】${a.childName}（${a.className}）的${a.who}留言：`;
  },
  /** The count line of a long merged relay; {@link relayOverflowPattern} finds it again. */
  relayOverflow(n: number, id: number): string {
    return `（还有 ${n} 条补充没有列出，发送“请求 ${id}”查看全部）`;
  },
  relayOverflowPattern: /（还有 (\d+) 条补充没有列出，发送“请求 \d+”查看全部）$/u,
  relayFooter(id: number): string {
    return `——\n回复家长：回复 ${id} <内容>（或直接引用这条消息回复）\n其他：转给 ${id} <老师> · 备注 ${id} <内容> · 关闭 ${id}`;
  },
  phoneHeader(id: number, a: AskerView, loggedBy: string): string {
    return `【${RELAY_TAG} ${requestNo(id)}】${loggedBy}登记了一个来电：${a.childName}（${a.className}）的${a.who}`;
  },
  transferredHeader(id: number, from: string): string {
    return `【${RELAY_TAG} ${requestNo(id)}】${from}把这个请求转给您处理。以下是留言记录：`;
  },
  /** Receipt to the family for a new, reopened or followed-up request. */
  receipt(o: { id: number; childName: string; assignee: string | null; dueAt: Date; now: Date; reopened: boolean; inHours: boolean; transferred: boolean; relayedTo: "teacher" | "coordinator" | "nobody"; cut: number | null; hours: { start: string; end: string } }): string {
    const lines = [o.reopened ? `已收到您的留言，接着之前的请求处理（编号 ${requestNo(o.id)}）。` : `已收到您的留言（编号 ${requestNo(o.id)}）。`];
    if (o.relayedTo === "nobody") lines.push("学校已记录，正在安排老师回复（负责的老师暂时还没有开通微信接收）。");
    else if (o.transferred) lines.push(`孩子的学籍已不在本校在读，留言已转给学校负责人 ${o.assignee}。`);
    else if (o.relayedTo === "coordinator") lines.push(`已转给学校负责人 ${o.assignee}。`);
    else lines.push(`已转给${o.childName}的${o.assignee}老师。`);
    lines.push(`老师会在 ${whenZh(o.dueAt, o.now)} 前回复您${o.inHours ? "" : "（现在是学校休息时间，上班后处理）"}。`);
    lines.push(`学校工作时间：工作日 ${o.hours.start}–${o.hours.end}，节假日顺延。可以继续发文字、语音或图片补充。`);
    if (o.cut) lines.push(`（您的留言太长，只保留了前 ${o.cut} 个字，其余请分开发送。）`);
    return lines.join("\n");
  },
  /** Acknowledgement for a follow-up after the burst window. */
  appended(id: number, cut: number | null): string {
    return `已补充到您的留言 ${requestNo(id)}，老师会一并看到。${cut ? `（太长的部分只保留了前 ${cut} 个字。）` : ""}`;
  },
  chooseChild(children: { name: string; className: string }[]): string {
    return `请问这条留言是关于哪个孩子的？请回复编号：\n${children.map((c, i) => `${i + 1}. ${c.name}（${c.className}）`).join("\n")}\n或发送“取消”。`;
  },
  chooseChildAgain(n: number): string {
    return `已记下。请先回复编号（1-${n}）告诉我是哪个孩子，我再一并转给老师。`;
  },
  noChild: "您的绑定信息里还没有孩子，留言无法转给老师。请联系学校核对。",
  answerToFamily(id: number, teacher: string, childName: string, text: string): string {
    return `【老师回复 ${requestNo(id)}】${teacher}（${childName}）：\n${text}\n——\n如还有问题，直接在这里回复即可。`;
  },
  answerToOtherGuardian(id: number, teacher: string, childName: string, asker: string, text: string): string {
    return `【老师回复 ${requestNo(id)}】${asker}问了${childName}的事，${teacher}的回复：\n${text}`;
  },
  answered(id: number, to: string[], unreachable: boolean, phone: boolean): string {
    if (to.length === 0 && phone) return `已记录对 ${requestNo(id)} 的回复。这是电话登记的请求，来电的家长没有在微信上收到，请电话告知家长。`;
    if (to.length === 0) return `已记录对 ${requestNo(id)} 的回复，但没有人收到：家长没有绑定微信，请电话告知家长。`;
    return `已回复 ${to.join("、")}（${requestNo(id)}）。需要结束时发送：关闭 ${id}`;
  },
  closedToFamily(id: number, childName: string): string {
    return `您关于${childName}的留言 ${requestNo(id)} 老师已处理完毕。如还有问题，直接发消息即可。`;
  },
  closed(id: number, told: boolean): string {
    return `已关闭 ${requestNo(id)}。${told ? "已告知家长。" : ""}`;
  },
  alreadyClosed(id: number): string {
    return `${requestNo(id)} 已经关闭了。如需再联系家长，请直接打电话；家长7天内再发消息会自动重新打开。`;
  },
  noted(id: number): string {
    return `已给 ${requestNo(id)} 添加内部备注（只有老师能看到，家长看不到）。`;
  },
  transferred(id: number, to: string, bound: boolean): string {
    return `已把 ${requestNo(id)} 转给 ${to}。${bound ? "" : "（对方还没有绑定微信，收不到转发，请当面告知。）"}`;
  },
  transferToSelf(id: number): string {
    return `${requestNo(id)} 本来就由您处理。`;
  },
  staffNotFound(name: string): string {
    return `没有找到在职老师“${truncate(name, 20)}”。请写老师的完整姓名，例如：转给 12 刘芳`;
  },
  familyRequestNotFound(id: string): string {
    return `没有找到您的留言 ${truncate(id, 12)}。发送“我的请求”查看您的留言。`;
  },
  requestNotFound(id: string): string {
    return `没有找到编号为 ${truncate(id, 12)} 的请求，或者它不在您负责的班级。发送“我的请求”查看您的请求。`;
  },
  usage: {
    answer: "回复 <编号> <内容>，例如：回复 12 孩子今天很好，请放心",
    transfer: "转给 <编号> <老师姓名>，例如：转给 12 刘芳",
    note: "备注 <编号> <内容>，例如：备注 12 已电话联系奶奶",
    close: "关闭 <编号>，例如：关闭 12",
    call: "来电 <学生> <内容>，例如：来电 张小明 妈妈问期末考试时间",
  },
  callLogged(id: number, child: string, assignee: string | null, self: boolean): string {
    if (self) return `已登记来电 ${requestNo(id)}（${child}），由您处理。回复家长后发送：关闭 ${id}`;
    return `已登记来电 ${requestNo(id)}（${child}），已转给 ${assignee ?? "学校负责人"}。`;
  },
  reminder(id: number, childName: string, leftMin: number): string {
    return `⏰ 提醒：${RELAY_TAG} ${requestNo(id)}（${childName}）还有 ${durationZh(leftMin)}（工作时间）到回复时限，家长在等您的回复。\n发送：回复 ${id} <内容>；查看留言：请求 ${id}`;
  },
  escalation(id: number, a: AskerView, assignee: string | null, waitedMin: number, hours: number, dayMinutes: number): string {
    return `⚠️ ${RELAY_TAG} ${requestNo(id)} 超过 ${hours} 个工作小时没有回复（已等 ${workDurationZh(waitedMin, dayMinutes)} 工作时间）：${a.childName}（${a.className}）的${a.who}。负责老师：${assignee ?? "未指定"}。\n查看：请求 ${id}；改派：转给 ${id} <老师>`;
  },
  overdue(id: number, childName: string): string {
    return `⚠️ ${RELAY_TAG} ${requestNo(id)}（${childName}）已超过回复时限，已上报学校负责人。请尽快回复：回复 ${id} <内容>`;
  },
  beingHandled(id: number, coordinatorsTold: boolean): string {
    return coordinatorsTold
      ? `您的留言 ${requestNo(id)} 学校正在处理，负责老师和学校负责人都已收到提醒，会尽快回复您。请耐心等待。`
      : `您的留言 ${requestNo(id)} 还在等待老师回复，学校会尽快处理。请耐心等待，急事也可以直接打电话给班主任。`;
  },
};

/** One line of a staff list (`我的请求`, `请求`). */
export interface RequestLine {
  id: number;
  childName: string;
  className: string;
  who: string;
  status: "OPEN" | "ANSWERED" | "CLOSED";
  /** Working minutes waited so far (OPEN), for staff lists. */
  waitedWorkMin: number | null;
  overdue: boolean;
  assignee: string | null;
  preview: string;
  lastActivityAt: Date;
}

const STATUS_WORD: Record<RequestLine["status"], string> = { OPEN: "等待回复", ANSWERED: "老师已回复", CLOSED: "已关闭" };

export const hotlineListText = {
  staff(title: string, lines: RequestLine[], showAssignee: boolean, answeredCount: number, dayMinutes: number): string {
    if (lines.length === 0) return `${title}：目前没有等待回复的请求。${answeredCount ? `（另有 ${answeredCount} 个已回复、未关闭的请求。）` : ""}`;
    const body = lines.map(
      (l, i) =>
        `${i + 1}. ${requestNo(l.id)} ${l.childName}（${l.className}）${l.who} · 已等 ${workDurationZh(l.waitedWorkMin ?? 0, dayMinutes)}${l.overdue ? " · 已超时" : ""}${showAssignee ? ` · ${l.assignee ?? "未指定"}` : ""}\n   ${truncate(l.preview, 30)}`,
    );
    return [`${title}（${lines.length} 个等待回复，等待时间按学校工作时间算）：`, ...body, answeredCount ? `另有 ${answeredCount} 个已回复、未关闭的请求。` : "", "回复：回复 <编号> <内容>；查看：请求 <编号>"].filter(Boolean).join("\n");
  },
  family(lines: RequestLine[]): string {
    if (lines.length === 0) return "您还没有留言记录。直接发文字、语音或图片给我，就会转给孩子的老师。";
    return ["您的留言：", ...lines.map((l) => `${requestNo(l.id)} ${l.childName} · ${STATUS_WORD[l.status]} · ${formatShortZh(l.lastActivityAt)}\n   ${truncate(l.preview, 30)}`), "查看详情：请求 <编号>"].join("\n");
  },
};

/** A thread line as shown by `请求 <编号>`. */
export interface ThreadLine {
  at: Date;
  kind: string;
  author: string;
  body: string;
}

const THREAD_WORD: Record<string, string> = { FAMILY: "", ANSWER: "回复", NOTE: "内部备注", TRANSFER: "转交", CLOSE: "关闭", REOPEN: "重新打开", REMINDER: "提醒", ESCALATION: "上报" };

export function threadText(o: { id: number; childName: string; className: string; status: RequestLine["status"]; assignee: string | null; lines: ThreadLine[]; forFamily: boolean }): string {
  const head = `${RELAY_TAG} ${requestNo(o.id)} · ${o.childName}（${o.className}）· ${STATUS_WORD[o.status]}${o.forFamily ? "" : ` · 负责：${o.assignee ?? "未指定"}`}`;
  const body = o.lines.map((l) => `${formatShortZh(l.at)} ${l.author}${THREAD_WORD[l.kind] ? `【${THREAD_WORD[l.kind]}】` : ""}：${l.body}`);
  return [head, ...body].join("\n");
}
