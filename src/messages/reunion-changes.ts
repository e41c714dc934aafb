/**
 * What people read about changes to reunion video sessions (issue #5 points 5-6): `改期`,
 * `取消 <编号>`, the parents' `确认 <编号>`, and the coordinators' alert about parents who have not
 * confirmed 2 h before. Times are Asia/Shanghai (parents abroad also see their local time).
 */
import type { BookingReason } from "../domain/reunions/booking.ts";
import type { StoredSession } from "../domain/reunions/session.ts";
import type { Participant } from "../domain/reunions/booking-people.ts";
import { truncate } from "../lib/text.ts";
import { parentSpanText, spanText, type ReasonRules } from "./reunion-booking.ts";
import { slotReasonText } from "./reunions.ts";

const MOVE_USAGE = "改期 <编号> <时间> [原因]";
const CANCEL_USAGE = "取消 <编号> [以后全部] [原因]";
const CONFIRM_USAGE = "确认 [<编号>]";

const span = (s: { start: number; end: number }) => spanText(s.start, s.end);
const why = (reason: string | null) => (reason ? `原因：${reason}。` : "");
const child = (s: StoredSession) => `${s.childName}（${s.className}）`;
const names = (people: Participant[]) => people.map((p) => `${p.name}（${p.label}）`).join("、");

const STATUS_WORDS: Record<string, string> = { CANCELLED: "已取消", REJECTED: "已被拒绝", HELD: "已经完成", NO_ANSWER: "已记录为未接通", ABSENT: "已记录为缺席" };

/** Who made a change, as others read it: `王建国老师` or `张伟（爸爸）`. */
export type ByText = string;

/** The receiver's role in a change notice. */
export type NoticeRole = "parent" | "carer" | "staff" | "coordinator";

export const changeText = {
  moveUsage: MOVE_USAGE,
  moveSummary: "把亲情视频改到别的时间（负责人，或这次视频的家长）",
  moveExample: "改期 12 周六下午3点 孩子要考试",
  moveDetail: [
    "编号是预约通知里的 #12。时间的写法和预约一样：明天晚上7点、周六下午三点半、12月5日19:00。",
    "机器人会把新的时间发给您核对，回复“确认”才改期；家长、照看孩子的家人和陪同老师都会收到通知，原来时间的提醒全部取消。",
  ].join("\n"),
  cancelUsage: CANCEL_USAGE,
  confirmUsage: CONFIRM_USAGE,
  confirmSummary: "家长确认能按时参加亲情视频",
  confirmExample: "确认 12",
  moveHelp: `用法：${MOVE_USAGE}\n例如：改期 12 周六下午3点`,
  cancelHelp: `用法：${CANCEL_USAGE}\n例如：取消 12 孩子生病了`,
  /** No such session, or not the sender's (the same words: nothing about another family). */
  notFound: (id: number) => `没有找到您的亲情视频 #${id}。请核对编号（预约通知里的 #编号）。`,
  notOpen: (id: number, status: string) => `亲情视频 #${id} ${STATUS_WORDS[status] ?? "已结束"}，不能再修改。`,
  started: (id: number) => `亲情视频 #${id} 已经开始或结束了，不能再改期或取消。`,
  noTime: (id: number) => `请写上新的时间，例如：改期 ${id} 明天晚上7点\n用法：${MOVE_USAGE}`,
  onlyCoordinators: "只有负责人和这次视频的家长可以改期或取消亲情视频。",
  sameTime: (id: number) => `亲情视频 #${id} 已经是这个时间了，没有改动。`,
  /** The new time repeated back before 确认. */
  moveConfirm: (s: StoredSession, start: number, end: number, note?: string) =>
    [...(note ? [note] : []), `请核对改期：#${s.id} ${child(s)}`, `原定：${span(s)}`, `改到：${spanText(start, end)}，${s.roomName}`, "回复“确认”改期，或发送“取消”。"].join("\n"),
  moveConfirmPrompt: "请回复“确认”改期，或发送“取消”。",
  /** The new time breaks a rule: why, and the numbered nearest free starts. */
  moveRefused(start: number, minutes: number, reasons: BookingReason[], offers: number[], roomName: string, rules: ReasonRules): string {
    const text = reasons.map((r) => slotReasonText(r as Exclude<BookingReason, "NO_PARENT">, rules)).join("；");
    const head = `不能改到 ${spanText(start, start + minutes * 60_000)}：${text}。`;
    if (offers.length === 0) return `${head}\n${rules.horizonDays} 天内${roomName}没有合适的空闲时间。`;
    const lines = offers.map((o, i) => `${i + 1}. ${spanText(o, o + minutes * 60_000)}`);
    return `${head}\n最近的空闲时间（${roomName}）：\n${lines.join("\n")}\n回复序号改到其中一个时间，或发送“取消”。`;
  },
  moved: (s: StoredSession, oldStart: number, told: string[]) =>
    `已改期 #${s.id}：${s.childName} ${span(s)}，${s.roomName}（原定 ${spanText(oldStart, oldStart + s.end - s.start)}）。\n${told.length ? `已通知：${told.join("、")}。` : "没有需要通知的人。"}`,
  cancelled: (ss: StoredSession[], told: string[]) =>
    `已取消 ${ss.map((s) => `#${s.id}`).join("、")}：${ss[0]!.childName} ${ss.map(span).join("、")}。\n${told.length ? `已通知：${told.join("、")}。` : "没有需要通知的人。"}`,
  /** Told to each person when a session moved, in their words. */
  movedNotice(role: NoticeRole, s: StoredSession, oldStart: number, by: ByText, reason: string | null, p?: Participant): string {
    const tail = `原定 ${spanText(oldStart, oldStart + s.end - s.start)}，由${by}改期。${why(reason)}`;
    if (role === "parent") return `【亲情视频改期】您和${s.childName}的视频 #${s.id} 改到 ${parentSpanText(s.start, s.end, p?.workCity)}；${tail}请在新的时间保持微信畅通；能按时接听请回复“确认 ${s.id}”。`;
    if (role === "carer") return `【亲情视频改期】${s.childName}和${names(s.parents)}的视频 #${s.id} 改到 ${span(s)}，在学校${s.roomName}；${tail}请提醒孩子按时到场。`;
    if (role === "staff") return `【亲情视频改期】请您陪同的${child(s)}视频 #${s.id} 改到 ${span(s)}，${s.roomName}；${tail}`;
    return `【亲情视频改期】${child(s)}的视频 #${s.id} 改到 ${span(s)}，${s.roomName}；${tail}`;
  },
  /** Told to each person when sessions were cancelled. */
  cancelledNotice(role: NoticeRole, ss: StoredSession[], by: ByText, reason: string | null): string {
    const s = ss[0]!;
    const list = `${ss.map((x) => `#${x.id} ${span(x)}`).join("、")}`;
    const tail = `已由${by}取消。${why(reason)}`;
    if (role === "parent") return `【亲情视频取消】您和${s.childName}的视频 ${list} ${tail}需要时可以再和学校约时间。`;
    if (role === "carer") return `【亲情视频取消】${s.childName}和家长的视频 ${list}（${s.roomName}）${tail}`;
    if (role === "staff") return `【亲情视频取消】请您陪同的${child(s)}视频 ${list}（${s.roomName}）${tail}不用再陪同。`;
    return `【亲情视频取消】${child(s)}的视频 ${list}（${s.roomName}）${tail}`;
  },
  /** A parent's `确认`. */
  confirmed: (s: StoredSession, p: Participant) => `好的，已确认：您和${s.childName}的视频 #${s.id} ${parentSpanText(s.start, s.end, p.workCity)}。请在这个时间保持微信畅通，学校会用微信视频和您连线。`,
  alreadyConfirmed: (s: StoredSession) => `您已经确认过视频 #${s.id}（${span(s)}），不用再确认。`,
  nothingToConfirm: "您现在没有需要确认的亲情视频。",
  chooseToConfirm: (ss: StoredSession[]) =>
    `您有 ${ss.length} 次亲情视频还没有确认：\n${ss.map((s, i) => `${i + 1}. #${s.id} ${s.childName} ${span(s)}`).join("\n")}\n请回复序号确认其中一次，或回复“确认 编号”。`,
  /** To coordinators 2 h before: parents who have not confirmed. */
  unconfirmedAlert: (s: StoredSession, who: Participant[]) =>
    `【亲情视频未确认】${child(s)} ${span(s)}，${s.roomName}（#${s.id}）快开始了，${names(who)}还没有确认能接听。请打电话提醒家长，或回复“改期 ${s.id} 新的时间”“取消 ${s.id} 原因”。`,
  badRef: (text: string) => `看不懂编号“${truncate(text, 20)}”，请写预约通知里的编号，例如 12 或 #12。`,
};
