/**
 * Texts of teacher updates (近况), guardians' queries and the 失联 list (issue #4 points 6-8).
 * Dates in Asia/Shanghai.
 */
import { dayjs, SCHOOL_TZ } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import { STATUS_LABEL } from "./zh.ts";
import type { StudentStatus } from "../generated/prisma/enums.ts";
import { nextReunionLine } from "./reunion-records.ts";

/** Who cares for a child at home, for a parent away's reminder: `{ 张小明, [奶奶张桂兰] }`. */
export interface CarerNote {
  childName: string;
  carers: string[];
}

/** A guardian named in a reply to staff. */
type Named = { name: string; relationLabel: string };

const MEDIA_LABEL = { voice: "语音", image: "图片", video: "视频", file: "文件" } as const;
type Media = keyof typeof MEDIA_LABEL;

/** `12月1日` in Asia/Shanghai. */
export function monthDayZh(at: Date): string {
  const d = dayjs(at).tz(SCHOOL_TZ);
  return `${d.month() + 1}月${d.date()}日`;
}

const people = (list: Named[]) => list.map((g) => `${g.name}（${g.relationLabel}）`).join("、");

/** The reminder of who is caring: one child `孩子目前由奶奶张桂兰照看。`, several named each. */
function carerLine(notes: CarerNote[] | null): string | null {
  if (!notes || notes.length === 0) return null;
  if (notes.length === 1) return `孩子目前由${notes[0]!.carers.join("、")}照看。`;
  const same = notes.every((n) => n.carers.join("、") === notes[0]!.carers.join("、"));
  if (same) return `孩子们目前由${notes[0]!.carers.join("、")}照看。`;
  return `${notes.map((n) => `${n.childName}目前由${n.carers.join("、")}照看`).join("；")}。`;
}

const withCarers = (lines: string[], carers: CarerNote[] | null) => [...lines, carerLine(carers)].filter((l): l is string => l !== null).join("\n");

/** What guardians receive. `carers` is set for a parent away from home only. */
export const relayText = {
  student(v: { className: string; teacherName: string; childName: string; text: string; carers: CarerNote[] | null }): string {
    return withCarers([`${v.className} ${v.teacherName}老师发来${v.childName}的近况：`, v.text], v.carers);
  },
  classWide(v: { className: string; teacherName: string; text: string; carers: CarerNote[] | null }): string {
    return withCarers([`${v.className} ${v.teacherName}老师发来班级近况：`, v.text], v.carers);
  },
  /** The label of a relayed file's outbox row (only the file is sent; the label is for lists). */
  fileLabel(media: Media, fileName: string, subject: string): string {
    return `[${MEDIA_LABEL[media]}] ${fileName}（${subject}的近况）`;
  },
};

const EXAMPLE = "近况 张小明 今天数学测验得了95分";
const CLASS_EXAMPLE = "近况 三年级1班 明天下午开家长会";

/** Replies to staff posting updates. */
export const updateText = {
  usage: `请写上学生姓名（或班级）和近况内容，中间空一格，例如：${EXAMPLE}\n发给全班家长：${CLASS_EXAMPLE}`,
  notInGroup: "为保护孩子的信息，近况请私聊我发送，不要发在群里。",
  notFound(query: string, wholeSchool: boolean): string {
    const where = wholeSchool ? "全校" : "您任教的班级里";
    const tail = wholeSchool ? "" : "其他班级的学生请找负责人。";
    return `${where}没有找到“${truncate(query, 20)}”。请写学生的完整姓名、学号或班级名，姓名和内容之间空一格，例如：${EXAMPLE}。${tail}`;
  },
  inactive(childName: string, status: Exclude<StudentStatus, "ACTIVE">, reason: string | null): string {
    return `${childName}${STATUS_LABEL[status]}${reason ? `（${reason}）` : ""}，不再给家长发送近况。`;
  },
  posted(childName: string, delivered: Named[], unbound: Named[]): string {
    const lines = [`已把${childName}的近况发给：${people(delivered)}，并记入档案。`];
    if (unbound.length > 0) lines.push(`${people(unbound)}还没有绑定微信，没有收到。`);
    lines.push("10 分钟内接着发来的图片、语音、视频或文件，也会转给这些家长。");
    return lines.join("\n");
  },
  nobodyBound(childName: string, unbound: Named[]): string {
    if (unbound.length === 0) return `${childName}的近况已记入档案，但档案里没有登记家长，没有人收到。请联系负责人补充家长信息。`;
    return `${childName}的近况已记入档案，但家长都还没有绑定微信，没有人收到：${people(unbound)}。可以发送“绑定码 ${childName}”为家长领取绑定码。`;
  },
  classNotMine(className: string): string {
    return `您不是${className}的老师，不能给这个班的家长发近况。请找负责人。`;
  },
  classConfirm(a: { className: string; children: number; guardians: number; childrenWithoutBound: string[] }, text: string): string {
    const lines =
      a.guardians === 0
        ? [`${a.className} ${a.children} 名学生的家长都还没有绑定微信，发送后没有人能收到，只会记入班级近况。`]
        : [`将把下面的近况发给${a.className} ${a.children} 名学生的家庭：已绑定微信的家长 ${a.guardians} 人会收到。`];
    if (a.guardians > 0 && a.childrenWithoutBound.length > 0) lines.push(`${a.childrenWithoutBound.length} 名学生还没有家长绑定微信：${names(a.childrenWithoutBound)}。`);
    lines.push(`内容：${truncate(text, 200)}`, "回复“确认”发送，或发送“取消”。");
    return lines.join("\n");
  },
  classPosted(a: { className: string; children: number; guardians: number; childrenWithoutBound: string[] }): string {
    if (a.guardians === 0) return `${a.className}的近况已记入，但还没有家长绑定微信，没有人收到。`;
    const reached = a.children - a.childrenWithoutBound.length;
    const lines = [`已把${a.className}的近况发给 ${a.guardians} 位家长（${reached} 名学生的家庭）。`];
    if (a.childrenWithoutBound.length > 0) lines.push(`${a.childrenWithoutBound.length} 名学生还没有家长绑定微信，没有收到：${names(a.childrenWithoutBound)}。`);
    return lines.join("\n");
  },
  confirmPrompt: "请回复“确认”发送这条班级近况，或发送“取消”。",
  nothingToConfirm: "现在没有等您确认的事项（确认在 30 分钟内有效），没有发送或预约任何内容。请重新发送原来的命令（例如“近况 班级 内容”“预约 学生 时间”）。",
  classGone: "这个班级已不在您的任教范围内，近况没有发出。",
};

/** Up to 10 names, then how many more. */
function names(list: string[]): string {
  return list.length <= 10 ? list.join("、") : `${list.slice(0, 10).join("、")}等 ${list.length} 人`;
}

/** Replies to a file staff send right after an update. */
export const attachText = {
  relayedToChild(media: Media, childName: string, delivered: Named[]): string {
    return `已把${MEDIA_LABEL[media]}转给${childName}的家长：${people(delivered)}。`;
  },
  relayedToClass(media: Media, className: string, contacts: number): string {
    return `已把${MEDIA_LABEL[media]}转给${className}的 ${contacts} 位家长。`;
  },
  keptOnly(media: Media, subject: string): string {
    return `${MEDIA_LABEL[media]}已记入${subject}的近况，但还没有家长绑定微信，没有人收到。`;
  },
  failed(media: Media): string {
    return `刚才的${MEDIA_LABEL[media]}没有接收成功，家长没有收到，请重新发送一次。`;
  },
  confirmFirst(media: Media): string {
    return `请先回复“确认”发送班级近况，再发送${MEDIA_LABEL[media]}。`;
  },
};

/** One child's news for a guardian (domain/updates-query.ts ChildNews). */
interface NewsView {
  name: string;
  className: string;
  status: StudentStatus;
  updates: { at: Date; authorName: string; classWide: boolean; text: string; media: Media[] }[];
  /** The last heart-to-heart talk's date (never its content), or null. */
  lastTalkAt?: Date | null;
  /** The next booked reunion session (epoch ms), or null. */
  nextReunion?: { start: number; end: number } | null;
}

/** The reply to `孩子近况`: each child's latest updates, newest first. */
export function newsText(children: NewsView[]): string {
  if (children.length === 0) return "学校还没有登记您的孩子，请联系班主任。";
  const blocks = children.map((c) => {
    if (c.status !== "ACTIVE") return `${c.name}：${STATUS_LABEL[c.status]}，不再显示近况。`;
    const talk = [...(c.lastTalkAt ? [`老师最近一次和${c.name}谈心：${monthDayZh(c.lastTalkAt)}`] : []), ...(c.nextReunion ? [nextReunionLine(c.nextReunion)] : [])];
    if (c.updates.length === 0) return [`${c.name}（${c.className}）：老师还没有发来近况。`, ...talk].join("\n");
    const lines = c.updates.map((u) => {
      const media = u.media.length > 0 ? `（附${[...new Set(u.media.map((m) => MEDIA_LABEL[m]))].join("、")}）` : "";
      return `· ${monthDayZh(u.at)} ${u.authorName}老师${u.classWide ? "（全班）" : ""}：${truncate(u.text, 200)}${media}`;
    });
    return [`${c.name}（${c.className}）的近况：`, ...lines, ...talk].join("\n");
  });
  return blocks.join("\n\n");
}

/** Replies to a staff member asking for news without being a guardian. */
export const newsForStaffText = `“孩子近况”是给家长查看孩子近况的。老师发近况请写：${EXAMPLE}`;

/** How many children 失联 lists at most. */
export const LOST_CONTACT_SHOWN = 50;

/** The 失联 reply (domain/contact.ts listLostContact). */
export function lostContactText(
  list: { name: string; className: string; daysSince: number | null; anyGuardianBound: boolean }[],
  days: number,
  wholeSchool: boolean,
): string {
  const where = wholeSchool ? "" : "您任教的班级";
  if (list.length === 0) return `很好！${where || "全校"}没有超过 ${days} 天没和学校联系的家庭（建档不满 ${days} 天的孩子从建档那天算起）。`;
  const lines = list.slice(0, LOST_CONTACT_SHOWN).map((s, i) => {
    const since = s.daysSince === null ? "无联系记录" : `已${s.daysSince}天`;
    return `${i + 1}. ${s.name}（${s.className}）${since} · ${s.anyGuardianBound ? "家长已绑定微信" : "家长未绑定微信"}`;
  });
  if (list.length > LOST_CONTACT_SHOWN) lines.push(`……另有 ${list.length - LOST_CONTACT_SHOWN} 人未列出。`);
  lines.push("联系记录来自家长的留言、老师的回复、登记的来电和发给这个孩子家长的近况（全班近况不算）。");
  return [`${where}失联名单（超过${days}天没有家长联系，共${list.length}人）`, ...lines].join("\n");
}
