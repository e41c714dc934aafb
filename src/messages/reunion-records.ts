/**
 * What people read after reunion sessions and about their records (issue #5 point 7): marking
 * (`完成`/`未接通`/`缺席`), the parents' note, the coordinators' end-of-day list of unmarked
 * sessions, `日程`, `视频记录`, and the lines added to `孩子近况` and `档案`. Times Asia/Shanghai.
 */
import type { ReunionStatus } from "../generated/prisma/enums.ts";
import type { SessionFacts } from "../domain/reunions/booking-people.ts";
import type { FamilySession, FileReunions, HistoryItem, ScheduleItem } from "../domain/reunions/views.ts";
import { dayjs, formatShortZh, SCHOOL_TZ } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import { spanText } from "./reunion-booking.ts";

/** A reunion status as said in chat. */
export const REUNION_STATUS_LABEL: Record<ReunionStatus, string> = {
  REQUESTED: "等学校同意",
  BOOKED: "已预约",
  CANCELLED: "已取消",
  REJECTED: "未同意",
  HELD: "已完成",
  NO_ANSWER: "未接通",
  ABSENT: "孩子缺席",
};

type Marked = "HELD" | "NO_ANSWER" | "ABSENT";
/** The three marking words (command names) and what each sets. */
export const MARK_WORDS: Record<Marked, string> = { HELD: "完成", NO_ANSWER: "未接通", ABSENT: "缺席" };
const hhmm = (ms: number) => dayjs(ms).tz(SCHOOL_TZ).format("HH:mm");
const span = (s: { start: number; end: number }) => spanText(s.start, s.end);

/** Usage, help and replies of the three marking commands. */
export const markText = {
  usage: (status: Marked) => `${MARK_WORDS[status]} <编号>${status === "HELD" ? " [备注]" : " [说明]"}`,
  summary: {
    HELD: "亲情视频结束后记录：已完成（可写备注）",
    NO_ANSWER: "亲情视频记录：家长没有接通",
    ABSENT: "亲情视频记录：孩子缺席",
  } as Record<Marked, string>,
  example: (status: Marked) => (status === "HELD" ? "完成 12 聊得很开心" : `${MARK_WORDS[status]} 12`),
  detail: "视频开始后，陪同老师、孩子的班主任或负责人记录结果：完成 <编号> [备注]、未接通 <编号>（家长没接）、缺席 <编号>（孩子没来）。编号是预约时的 #12。未接通和缺席会告诉家长，可以再约。记录后如需更正，请负责人再发一次正确的结果。",
  badId: (status: Marked) => `请写上预约编号，例如：${markText.example(status)}`,
  notFound: (id: number) => `没有找到您可以记录的亲情视频 #${id}。只有陪同老师、孩子的班主任和负责人可以记录。`,
  notBooked: (id: number, s: SessionFacts, status: ReunionStatus) => `#${id} ${s.childName} ${span(s)} 的视频${REUNION_STATUS_LABEL[status]}，不用记录结果。`,
  notStarted: (id: number, s: SessionFacts) => `#${id} 还没有开始：${span(s)}，开始后再记录结果。`,
  already(id: number, status: Marked, by: string | null, at: number, canCorrect: boolean): string {
    const who = by ? `${by}，${formatShortZh(new Date(at))}` : formatShortZh(new Date(at));
    return `#${id} 已经记录为“${REUNION_STATUS_LABEL[status]}”（${who}）。${canCorrect ? "" : "如需更正，请联系负责人。"}`;
  },
  marked(id: number, s: SessionFacts, status: Marked, previous: Marked | null, note: string, notified: string[]): string {
    const head = previous ? `已更正 #${id}（原为“${REUNION_STATUS_LABEL[previous]}”）` : `已记录 #${id}`;
    const lines = [`${head}：${s.childName} ${span(s)} ${REUNION_STATUS_LABEL[status]}。`];
    if (note) lines.push(`备注：${truncate(note, 200)}`);
    if (status !== "HELD") lines.push(notified.length ? `已告诉家长：${notified.join("、")}，可以再约时间。` : "家长没有绑定微信，没有收到通知。");
    return lines.join("\n");
  },
};

/** The parents' note and the recorded correction reason. */
export const markNoticeText = {
  /** Stored as changeReason when a coordinator corrects a mark. */
  correction: (from: Marked, to: Marked) => `更正：${REUNION_STATUS_LABEL[from]}→${REUNION_STATUS_LABEL[to]}`,
  parent(status: Exclude<Marked, "HELD">, s: SessionFacts): string {
    if (status === "NO_ANSWER") return `【亲情视频】${span(s)}（北京时间）学校没能和您视频连线，${s.childName}在视频室等过您。没关系，想再约时间，请回复“预约”。`;
    return `【亲情视频】很抱歉，${span(s)}（北京时间）的视频${s.childName}没能到场，老师会了解原因。想再约时间，请回复“预约”。`;
  },
};

/** One unmarked session of the coordinators' end-of-day list. Instants epoch ms. */
export type UnmarkedItem = SessionFacts & { supervisorName: string | null };

/** The coordinators' end-of-day list of sessions still without a result. */
export function unmarkedText(items: UnmarkedItem[]): string {
  return [
    `【亲情视频】这些视频已经结束，还没有记录结果（${items.length} 次）：`,
    ...items.map((i) => `#${i.id} ${spanText(i.start, i.end)} ${i.roomName} ${i.childName}（${i.className}），陪同：${i.supervisorName ?? "未指定"}`),
    "请陪同老师或班主任回复：完成 <编号> [备注]、未接通 <编号>（家长没接）或 缺席 <编号>（孩子没来）。",
  ].join("\n");
}

const USAGE = "日程 [今天|明天|本周|下周|<日期>]";

/** `日程`: usage, the staff lists per room, the families' coming sessions. */
export const scheduleText = {
  usage: USAGE,
  summary: "查看亲情视频日程（老师：各视频室的安排；家长：孩子接下来的视频）",
  example: "日程 明天",
  detail: `${USAGE}\n老师：列出那天（或那一周）每个视频室的亲情视频，默认今天；日期可写 12月5日、周六、后天。不是自己班级的孩子只显示时间已占用。\n家长：发送“日程”，查看孩子接下来约好的视频。`,
  bad: (text: string) => `看不懂“${truncate(text, 20)}”。用法：${USAGE}，例如：日程 明天、日程 本周、日程 12月5日`,
  /** `title`: `12月2日（周三）` or `本周（11月30日–12月6日）`; `week`: lines show the date. */
  staff(title: string, rooms: { roomName: string; items: ScheduleItem[] }[], week: boolean): string {
    const count = rooms.reduce((n, r) => n + r.items.length, 0);
    if (count === 0) return `${title}没有亲情视频安排。`;
    const line = (i: ScheduleItem) => {
      const time = week ? spanText(i.start, i.end) : `${hhmm(i.start)}–${hhmm(i.end)}`;
      if (i.childName === null) return `${time} 已占用（其他班级）`;
      return `${time} ${i.childName}（${i.className}）${REUNION_STATUS_LABEL[i.status]}，陪同 ${i.supervisorName ?? "未指定"} #${i.id}`;
    };
    return [`${title}的亲情视频（共 ${count} 次）：`, ...rooms.flatMap((r) => [`${r.roomName}：`, ...r.items.map((i) => `· ${line(i)}`)])].join("\n");
  },
  /** A family's sessions on a day or in a week (`日程 明天`). */
  familyOn(title: string, items: FamilySession[]): string {
    if (items.length === 0) return `${title}孩子没有约好的亲情视频。发送“日程”查看接下来所有的视频。`;
    return [`${title}孩子的亲情视频（北京时间）：`, ...items.map((i) => `#${i.id} ${i.childName} ${span(i)}，${i.roomName}（${REUNION_STATUS_LABEL[i.status]}）`)].join("\n");
  },
  family(items: FamilySession[]): string {
    if (items.length === 0) return "孩子接下来没有约好的亲情视频。想约时间，请回复“预约”。";
    return ["孩子接下来的亲情视频（北京时间）：", ...items.map((i) => `#${i.id} ${i.childName} ${span(i)}，${i.roomName}（${REUNION_STATUS_LABEL[i.status]}）`)].join("\n");
  },
};

const HISTORY_USAGE = "视频记录 <学生>";

/** `视频记录`: a child's sessions, newest first. */
export const historyText = {
  usage: HISTORY_USAGE,
  summary: "查看孩子的亲情视频记录",
  example: "视频记录 张小明",
  detail: `${HISTORY_USAGE}\n老师：列出孩子的亲情视频（最近的在前）：时间、视频室、结果、谁记录的、备注和原因。家长：发送“视频记录”查看自己孩子的。`,
  notYours: (name: string) => `您的孩子里没有“${truncate(name, 20)}”。发送“视频记录”查看您孩子的记录。`,
  /** Staff view (`staff` true: note, who changed it, reason) or a family's (reason of a cancel or refusal only). */
  list(childName: string, items: HistoryItem[], total: number, held: number, staff: boolean): string {
    if (total === 0) return `${childName}还没有亲情视频记录。`;
    const line = (i: HistoryItem) => {
      const extra = staff
        ? [i.changedByName && `（${i.changedByName}）`, i.note && `，备注：${truncate(i.note, 100)}`, i.changeReason && `，原因：${truncate(i.changeReason, 60)}`]
        : [i.reason && `，原因：${truncate(i.reason, 60)}`];
      return `#${i.id} ${span(i)} ${i.roomName} ${REUNION_STATUS_LABEL[i.status]}${extra.filter(Boolean).join("")}`;
    };
    const more = total > items.length ? [`……只显示最近 ${items.length} 次。`] : [];
    return [`${childName}的亲情视频记录（共 ${total} 次，已完成 ${held} 次）：`, ...items.map(line), ...more].join("\n");
  },
};

/** `下次亲情视频：12月5日（周六）19:00–19:30` for a guardian's 孩子近况. */
export const nextReunionLine = (next: { start: number; end: number }) => `下次亲情视频：${span(next)}`;

/** The `亲情视频：` line of a child's file (档案, staff): last held, count this term (or in all), next booked. */
export function fileReunionLine(f: FileReunions): string {
  const parts = [
    `最近一次 ${f.lastHeld === null ? "无" : dayjs(f.lastHeld).tz(SCHOOL_TZ).format("M月D日")}`,
    `${f.termStart ? "本学期" : "共"}完成 ${f.heldCount} 次`,
    f.next && `下次 ${span(f.next)}`,
  ];
  return `亲情视频：${parts.filter(Boolean).join("；")}`;
}
