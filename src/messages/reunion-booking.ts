/**
 * What people read about booking reunion video sessions (亲情视频, issue #5 points 2-3): the
 * coordinator's `预约` exchange and the notices to parents, caregivers and the supervising
 * teacher. Times are Asia/Shanghai.
 */
import type { BookingPlan, BookingReason } from "../domain/reunions/booking.ts";
import type { Participant, SessionFacts } from "../domain/reunions/booking-people.ts";
import { formatShortWeekdayZh, dayjs, SCHOOL_TZ } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";
import { slotReasonText } from "./reunions.ts";
import { localSpanText } from "../lib/world-time.ts";

/** `12月5日（周六）19:00–19:30` for `[start, end)` epoch ms. */
export function spanText(start: number, end: number): string {
  return `${formatShortWeekdayZh(new Date(start))}–${dayjs(end).tz(SCHOOL_TZ).format("HH:mm")}`;
}

/** `12月5日（周六）` of a Shanghai day `YYYY-MM-DD`. */
function dayText(date: string): string {
  return formatShortWeekdayZh(dayjs.tz(`${date} 12:00`, SCHOOL_TZ).toDate()).slice(0, -5);
}

/** `12月5日（周六）19:00–19:30（北京时间）`, with the parent's local time when abroad (lib/world-time.ts). */
export function parentSpanText(start: number, end: number, workCity?: string | null): string {
  const local = localSpanText(start, end, workCity);
  return `${spanText(start, end)}（北京时间${local ? `；${local}` : ""}）`;
}

const names = (people: Participant[]) => people.map((p) => `${p.name}（${p.label}）`).join("、");

/** The rules slotReasonText needs, from DomainSettings. */
export interface ReasonRules {
  minNoticeMin: number;
  horizonDays: number;
  maxMin: number;
  perWeek: number;
}

const USAGE = "预约 <学生> <时间> [<分钟>] [<视频室>] [老师 <姓名>]";

export const bookingText = {
  usage: USAGE,
  summary: "为学生预约亲情视频（和在外务工的家长视频）",
  example: "预约 张小明 周六下午三点半",
  detail: [
    "时间可以这样写：明天晚上7点、周六下午三点半、下周五 19:30、12月5日19:00、今晚8点半。",
    "时长默认 30 分钟，可写 45分钟；不写视频室时用第一个有空的视频室；陪同老师默认是班主任，也可写 老师 刘芳。",
    "机器人会把完整的时间、视频室、家长和陪同老师发给您核对，回复“确认”才预约；预约后家长、照看孩子的家人和陪同老师都会收到通知。",
    "每周固定时间：预约 张小明 每周六 10:00 [每两周] [到 1月31日 | 共 8 次]，节假日自动跳过，调休上课的周末照常。",
  ].join("\n"),
  help: `用法：${USAGE}\n例如：预约 张小明 周六下午三点半`,
  noTime: `请写上视频的时间，例如：预约 张小明 明天晚上7点\n用法：${USAGE}`,
  badLength: (max: number) => `视频时长应为 1 到 ${max} 分钟，例如：预约 张小明 明天晚上7点 45分钟`,
  invalid: (phrase: string, reason: "no-such-date" | "no-such-time") => `“${truncate(phrase, 20)}”不是有效的${reason === "no-such-date" ? "日期" : "时间"}，请重新写一个时间。`,
  past: (phrase: string) => `“${truncate(phrase, 20)}”已经过去了，请换一个以后的时间。`,
  askTime: (date: string) => `请问 ${dayText(date)}几点开始？请回复时间，例如：19:00 或 晚上7点。`,
  askTimeAgain: "请回复几点开始，例如：19:00 或 晚上7点；或发送“取消”。",
  unknownTeacher: (name: string) => `没有找到叫“${truncate(name, 20)}”的老师，请写老师的完整姓名，例如：老师 刘芳`,
  noRoom: "学校现在没有启用的亲情视频室。发送“视频室”查看：停用的可以发送 视频室 启用 <名称> 恢复；没有的请添加，例如：视频室 新增 一号视频室 周一至周五 16:30-19:30",
  tooManyWords: (word: string) => `看不懂“${truncate(word, 20)}”。用法：${USAGE}`,
  confirmPrompt: "请回复“确认”预约这次视频，或发送“取消”。",
  /** A bare hour read as `at`: said first, then the plan. */
  bareHour: (phrase: string, at: number) => `“${truncate(phrase, 20)}”按 ${formatShortWeekdayZh(new Date(at))} 理解，请核对。`,
  /** The plan repeated back before 确认. */
  confirm(p: BookingPlan, note?: string): string {
    const unbound = p.caregivers.filter((c) => !c.contactId);
    return [
      ...(note ? [note] : []),
      "请核对亲情视频预约：",
      `学生：${p.childName}（${p.className}）`,
      `时间：${spanText(p.start, p.end)}，${p.roomName}`,
      `视频的家长：${names(p.parents)}`,
      ...(p.caregivers.length ? [`告知家人：${names(p.caregivers)}${unbound.length ? `（${unbound.map((c) => c.name).join("、")}未绑定微信，收不到通知）` : ""}`] : []),
      `陪同老师：${p.supervisor ? p.supervisor.name : "（班级没有班主任，可写 老师 <姓名>）"}`,
      "回复“确认”预约，或发送“取消”。",
    ].join("\n");
  },
  /** Refused: the reasons and the numbered offers (in `roomName`). */
  refused(childName: string, start: number, minutes: number, reasons: BookingReason[], offers: number[], roomName: string, rules: ReasonRules, taken = false): string {
    if (reasons.includes("NO_PARENT")) return `${childName}没有已绑定微信、在外务工的家长，无法安排视频。请先请家长用绑定码绑定微信。`;
    const why = reasons.map((r) => slotReasonText(r as Exclude<BookingReason, "NO_PARENT">, rules)).join("；");
    const head = `${taken ? "刚刚这个时间不能再约了" : "不能预约"} ${spanText(start, start + minutes * 60_000)}：${why}。`;
    if (offers.length === 0) return `${head}\n${rules.horizonDays} 天内${roomName}没有合适的空闲时间。`;
    const lines = offers.map((o, i) => `${i + 1}. ${spanText(o, o + minutes * 60_000)}`);
    return `${head}\n最近的空闲时间（${roomName}）：\n${lines.join("\n")}\n回复序号预约其中一个时间，或发送“取消”。`;
  },
  booked(id: number, p: BookingPlan): string {
    const told = [...p.parents, ...p.caregivers].filter((x) => x.contactId).map((x) => `${x.name}（${x.label}）`);
    if (p.supervisor?.contactId) told.push(`${p.supervisor.name}老师`);
    return `已预约 #${id}：${p.childName} ${spanText(p.start, p.end)}，${p.roomName}。\n已通知：${told.join("、")}。`;
  },
  duplicate: (id: number) => `这次预约已经确认过了（#${id}），不会重复预约。`,
};

/** The notices of a new booking, each in the receiver's own words. */
export const bookingNoticeText = {
  parent(s: SessionFacts, teacher: string | null, workCity?: string | null): string {
    return `【亲情视频】学校为您和${s.childName}约好了视频：${parentSpanText(s.start, s.end, workCity)}。请在这个时间保持微信畅通，学校会用微信视频和您连线，孩子在学校${s.roomName}等您${teacher ? `，${teacher}老师陪同` : ""}。预约编号 #${s.id}。`;
  },
  caregiver(s: SessionFacts, parents: Participant[]): string {
    return `【亲情视频】学校为${s.childName}约好了和${names(parents)}的视频：${spanText(s.start, s.end)}，在学校${s.roomName}。请提醒孩子按时到场；如果那时孩子不在学校，请提前送到学校。预约编号 #${s.id}。`;
  },
  supervisor(s: SessionFacts, parents: Participant[]): string {
    return `【亲情视频】请您陪同：${s.childName}（${s.className}）${spanText(s.start, s.end)}，${s.roomName}，和${names(parents)}视频。预约编号 #${s.id}。`;
  },
};
