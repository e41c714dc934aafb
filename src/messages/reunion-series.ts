/**
 * What people read about recurring reunion video sessions (issue #5 point 8): the coordinator's
 * `预约 <学生> 每周日 19:00 ...` read-back and reply, and the one notice per participant listing
 * every booked date. Times are Asia/Shanghai (parents abroad also see their own, parentSpanText).
 */
import type { BookedOccurrence, Occurrence, SeriesPlan } from "../domain/reunions/series.ts";
import type { Participant } from "../domain/reunions/booking-people.ts";
import type { SeriesProblem } from "../lib/series-phrase.ts";
import { formatShortWeekdayZh } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import { slotReasonText } from "./reunions.ts";
import { parentSpanText, spanText, type ReasonRules } from "./reunion-booking.ts";
import type { BookingReason } from "../domain/reunions/booking.ts";

const USAGE = "预约 <学生> 每周日 19:00 [每两周] [到 <日期> | 共 <N> 次] [<分钟>] [<视频室>] [老师 <姓名>]";
const names = (people: Participant[]) => people.map((p) => `${p.name}（${p.label}）`).join("、");
/** `1月1日（周五）` of an instant. */
const dayOf = (at: number) => formatShortWeekdayZh(new Date(at)).slice(0, -5);
const every = (p: Pick<SeriesPlan, "interval">) => (p.interval === 2 ? "每两周" : "每周");
const why = (reasons: BookingReason[], rules: ReasonRules) => reasons.map((r) => (r === "NO_PARENT" ? "没有可以视频的家长" : slotReasonText(r, rules))).join("；");

/** One date of the read-back or the reply. */
function occurrenceLine(o: Occurrence, rules: ReasonRules): string {
  if (o.state === "holiday") return `${dayOf(o.start)}${o.holiday}放假，跳过`;
  if (o.state === "conflict") return `${spanText(o.start, o.end)} 冲突：${why(o.reasons, rules)}`;
  return `${spanText(o.start, o.end)} ✓${o.schoolDay ? `（${o.schoolDay}，当天上课）` : ""}`;
}

export const seriesText = {
  usage: USAGE,
  problem(p: SeriesProblem): string {
    switch (p.problem) {
      case "BAD_WEEKDAY":
        return `请写星期几，例如：预约 张小明 每周日 19:00\n用法：${USAGE}`;
      case "NO_TIME":
        return "请写几点开始，例如：每周日 19:00 或 每周六下午3点";
      case "BAD_TIME":
        return "时间不对，请写一个有效的时间，例如：每周日 19:00";
      case "BAD_UNTIL":
        return "结束日期看不懂，请写成：到 1月31日";
      case "BAD_COUNT":
        return "次数应为 1 次以上，例如：共 8 次";
      case "BOTH_ENDS":
        return "结束日期和次数只写一个，例如：到 1月31日 或 共 8 次";
      case "EXTRA_WORD":
        return `看不懂“${truncate(p.word, 20)}”。用法：${USAGE}`;
    }
  },
  /** A bare hour read as the time of `first`. */
  bareHour: (phrase: string, first: number) => `“${truncate(phrase, 20)}”按 ${formatShortWeekdayZh(new Date(first)).replace(/^.*（(.+)）(.+)$/u, "每$1 $2")} 理解，请核对。`,
  tooMany: (max: number) => `一次最多预约 ${max} 次，请把结束日期提前或写 共 ${max} 次 以内。`,
  none: "结束日期在第一次视频之前，没有可以预约的日期。",
  noParent: (childName: string) => `${childName}没有已绑定微信、在外务工的家长，无法安排视频。请先请家长用绑定码绑定微信。`,
  confirmPrompt: "请回复“确认”预约这些视频，或发送“取消”。",
  /** The series repeated back before 确认 (no pending when nothing is bookable: `bookable` 0). */
  confirm(p: SeriesPlan, rules: ReasonRules, note?: string): string {
    const unbound = p.caregivers.filter((c) => !c.contactId);
    const ok = p.occurrences.filter((o) => o.state === "ok").length;
    const end =
      p.end.kind === "horizon"
        ? [`没有写结束日期或次数，按预约期限（${p.end.days} 天）排到 ${dayOf(Date.parse(`${p.end.lastDay}T12:00:00+08:00`))}；要更长可写“到 <日期>”或“共 <N> 次”。`]
        : [];
    return [
      ...(note ? [note] : []),
      `请核对${every(p)}亲情视频预约（共 ${p.occurrences.length} 个日期，每次 ${p.minutes} 分钟）：`,
      `学生：${p.childName}（${p.className}）`,
      `视频室：${p.roomName}`,
      `视频的家长：${names(p.parents)}`,
      ...(p.caregivers.length ? [`告知家人：${names(p.caregivers)}${unbound.length ? `（${unbound.map((c) => c.name).join("、")}未绑定微信，收不到通知）` : ""}`] : []),
      `陪同老师：${p.supervisor ? p.supervisor.name : "（班级没有班主任，可写 老师 <姓名>）"}`,
      ...p.occurrences.map((o) => `${o.n}. ${occurrenceLine(o, rules)}`),
      ...end,
      ok ? `可以预约 ${ok} 次。回复“确认”预约这 ${ok} 次，或发送“取消”。` : "这些日期都不能预约，请换一个时间或视频室。",
    ].join("\n");
  },
  booked(p: SeriesPlan, booked: BookedOccurrence[], skipped: Occurrence[], rules: ReasonRules): string {
    const told = [...p.parents, ...p.caregivers].filter((x) => x.contactId).map((x) => `${x.name}（${x.label}）`);
    if (p.supervisor?.contactId) told.push(`${p.supervisor.name}老师`);
    return [
      booked.length ? `已预约 ${booked.length} 次：${p.childName}，${p.roomName}` : "没有预约成功：这些日期刚刚都不能再约了。",
      ...booked.map((b) => `#${b.id} ${spanText(b.start, b.end)}`),
      ...(skipped.length ? ["没有预约：", ...skipped.map((o) => occurrenceLine(o, rules))] : []),
      ...(booked.length ? [`已通知：${told.join("、")}。`] : []),
    ].join("\n");
  },
  duplicate: (ids: number[]) => `这组预约已经确认过了（${ids.map((id) => `#${id}`).join("、")}），不会重复预约。`,
};

const list = (booked: BookedOccurrence[], span: (b: BookedOccurrence) => string) => booked.map((b) => `#${b.id} ${span(b)}`).join("\n");

/** The one notice per participant of a booked series, listing every date. */
export const seriesNoticeText = {
  parent(p: SeriesPlan, booked: BookedOccurrence[], workCity?: string | null): string {
    return `【亲情视频】学校为您和${p.childName}约好了${every(p)}的视频，共 ${booked.length} 次：\n${list(booked, (b) => parentSpanText(b.start, b.end, workCity))}\n请在这些时间保持微信畅通，学校会用微信视频和您连线，孩子在学校${p.roomName}等您${p.supervisor ? `，${p.supervisor.name}老师陪同` : ""}。每次开始前会再提醒您。`;
  },
  caregiver(p: SeriesPlan, booked: BookedOccurrence[]): string {
    return `【亲情视频】学校为${p.childName}约好了和${names(p.parents)}${every(p)}的视频，共 ${booked.length} 次，在学校${p.roomName}：\n${list(booked, (b) => spanText(b.start, b.end))}\n请提醒孩子按时到场；如果那时孩子不在学校，请提前送到学校。`;
  },
  supervisor(p: SeriesPlan, booked: BookedOccurrence[]): string {
    return `【亲情视频】请您陪同：${p.childName}（${p.className}）${every(p)}和${names(p.parents)}视频，${p.roomName}，共 ${booked.length} 次：\n${list(booked, (b) => spanText(b.start, b.end))}`;
  },
};
