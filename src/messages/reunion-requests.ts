/**
 * What people read about parents' requests for reunion video sessions (issue #5 point 4): the
 * parent's exchange (offers, read-back, refusal), the request sent to coordinators, their
 * `同意`/`拒绝` replies and the answers the parent gets. Times are Asia/Shanghai (北京时间).
 */
import type { BookingPlan, BookingReason } from "../domain/reunions/booking.ts";
import type { SessionFacts } from "../domain/reunions/booking-people.ts";
import type { GuardianRelation, ReunionStatus } from "../generated/prisma/enums.ts";
import { truncate } from "../lib/text.ts";
import { formatShortWeekdayZh } from "../lib/time.ts";
import { RELATION_LABEL } from "./zh.ts";
import { spanText, type ReasonRules } from "./reunion-booking.ts";

/** changeReason of a request nobody answered in time. */
export const EXPIRED_REASON = "学校未及时处理";

const MIN = 60_000;
const hours = (min: number) => (min % 60 === 0 ? `${min / 60} 小时` : `${min} 分钟`);
const numbered = (starts: number[], minutes: number) => starts.map((s, i) => `${i + 1}. ${spanText(s, s + minutes * MIN)}`).join("\n");
const AGAIN = "您可以换个时间再申请：发送“想和孩子视频”。";

/** Why a parent's time is refused, in a parent's words (NO_PARENT is told apart: requestText.noParent). */
export function parentReasonText(reason: Exclude<BookingReason, "NO_PARENT">, rules: ReasonRules): string {
  switch (reason) {
    case "PAST":
      return "这个时间已经过去了";
    case "SHORT_NOTICE":
      return `需要至少提前 ${hours(rules.minNoticeMin)}申请，学校要安排老师陪同`;
    case "BEYOND_HORIZON":
      return `只能申请 ${rules.horizonDays} 天以内的时间`;
    case "BAD_LENGTH":
      return `视频时长应为 1 到 ${rules.maxMin} 分钟`;
    case "OUTSIDE_HOURS":
      return "这个时间学校的视频室不开放";
    case "ROOM_INACTIVE":
      return "视频室暂停使用";
    case "ROOM_FULL":
      return "这个时间视频室已经约满了";
    case "CHILD_OVERLAP":
      return "孩子这个时间已经有别的视频了";
    case "WEEKLY_CAP":
      return `孩子这周已经约过视频了（每周最多 ${rules.perWeek} 次）`;
  }
}

const USAGE = "想和孩子视频 [<孩子>] [<时间>]";

/** Replies to the parent (or caregiver) asking. */
export const requestText = {
  usage: USAGE,
  summary: "申请和孩子视频（学校同意后安排）",
  example: "想和孩子视频 周六下午3点",
  detail: [
    "不写时间：机器人列出最近几天可以视频的时间，回复序号即可申请。",
    "写了时间（例如 周六下午3点、明天晚上7点）：机器人核对后请您回复“确认”。",
    "申请会发给学校，学校同意后通知您和孩子的家人；有几个孩子时会问您是哪一个。也可以发送“预约”或“申请视频”。",
  ].join("\n"),
  /** Appended to `帮助 预约` (one usage per command: the detail covers parents too). */
  noChildren: "您的微信没有关联在校的孩子，不能申请视频。如有疑问请联系班主任。",
  notYourChild: (word: string, names: string[]) => `没有找到您的孩子“${truncate(word, 20)}”。您可以为${names.join("、")}申请视频，例如：想和孩子视频 ${names[0]} 周六下午3点`,
  chooseChild: (children: { name: string; className: string }[]) => `您想为哪个孩子申请视频？请回复序号：\n${children.map((c, i) => `${i + 1}. ${c.name}（${c.className}）`).join("\n")}`,
  offers: (childName: string, starts: number[], minutes: number) =>
    `最近可以和${childName}视频的时间（北京时间）：\n${numbered(starts, minutes)}\n回复序号申请其中一个时间；也可以写想要的时间，例如：想和孩子视频 周六下午3点。`,
  noSlots: (days: number) => `${days} 天内暂时没有空闲的视频时间，请联系班主任。`,
  noParent: (childName: string) => `${childName}还没有已绑定微信、在外务工的家长，暂时不能安排视频。请在外务工的家长先用学校发的绑定码绑定微信。`,
  noRoom: "学校还没有开放亲情视频室，暂时不能申请视频。",
  noTime: `没看懂您想要的时间。例如：想和孩子视频 周六下午3点；不写时间会列出可以选的时间。`,
  invalid: (phrase: string, reason: "no-such-date" | "no-such-time") => `“${truncate(phrase, 20)}”不是有效的${reason === "no-such-date" ? "日期" : "时间"}，请重新写一个时间，例如：周六下午3点。`,
  past: (phrase: string) => `“${truncate(phrase, 20)}”已经过去了，请换一个以后的时间。`,
  dateOnly: (phrase: string) => `请问“${truncate(phrase, 20)}”几点？请回复时间，例如：晚上7点 或 16:30；或发送“取消”。`,
  askTimeAgain: "请回复几点，例如：晚上7点 或 16:30；或发送“取消”。",
  gone: "这个孩子已不在您的名下，申请已结束。",
  confirmPrompt: "请回复“确认”提交申请，或发送“取消”。",
  /** The time asked for, read back before 确认. */
  confirm: (p: BookingPlan, note?: string) =>
    [
      ...(note ? [note] : []),
      "请核对视频申请：",
      `孩子：${p.childName}`,
      `时间：${spanText(p.start, p.end)}（北京时间），在学校${p.roomName}`,
      `视频的家长：${p.parents.map((x) => `${x.name}（${x.label}）`).join("、")}`,
      "回复“确认”提交申请，学校同意后会通知您；或发送“取消”。",
    ].join("\n"),
  /** A bare hour read as `at` (the next such time in opening hours). */
  bareHour: (phrase: string, at: number) => `“${truncate(phrase, 20)}”按 ${formatShortWeekdayZh(new Date(at))} 理解，请核对。`,
  refused(start: number, minutes: number, reasons: BookingReason[], offers: number[], rules: ReasonRules, taken = false): string {
    const why = reasons.map((r) => parentReasonText(r as Exclude<BookingReason, "NO_PARENT">, rules)).join("；");
    const head = `${taken ? "这个时间刚刚已经不能申请了" : "不能申请"} ${spanText(start, start + minutes * MIN)}：${why}。`;
    if (offers.length === 0) return `${head}\n最近没有合适的空闲时间，请联系班主任。`;
    return `${head}\n可以申请的时间（北京时间）：\n${numbered(offers, minutes)}\n回复序号申请其中一个时间，或发送“取消”。`;
  },
  submitted: (id: number, p: BookingPlan) => `已提交视频申请 #${id}：${p.childName} ${spanText(p.start, p.end)}（北京时间），在学校${p.roomName}。时间先为您保留，学校同意后会通知您。`,
  duplicate: (id: number) => `这次申请已经提交过了（#${id}），不会重复提交。`,
};

/** Messages through the outbox about a request. */
export const requestNoticeText = {
  asker: (g: { name: string; relation: GuardianRelation }) => `${g.name}（${RELATION_LABEL[g.relation]}）`,
  toCoordinator: (s: SessionFacts, g: { name: string; relation: GuardianRelation }) =>
    `【视频申请】${requestNoticeText.asker(g)}申请和${s.childName}（${s.className}）视频：${spanText(s.start, s.end)}，${s.roomName}（时间已保留）。同意请回复“同意 ${s.id}”；不同意请回复“拒绝 ${s.id} <原因>”。`,
  /** The asker's booking notice, opened with the approval. */
  approved: (notice: string) => notice.replace("【亲情视频】", "【亲情视频】学校已同意您的视频申请。"),
  /** The booking for an asker who is neither a parent on the call nor the caregiver. */
  bookedForOther: (s: SessionFacts) => `【亲情视频】学校为${s.childName}约好了视频：${spanText(s.start, s.end)}，在学校${s.roomName}。预约编号 #${s.id}。`,
  rejected: (s: SessionFacts, reason: string) => `【亲情视频】您申请的和${s.childName}视频（#${s.id}，${spanText(s.start, s.end)}）学校没有同意，原因：${truncate(reason, 100)}。${AGAIN}`,
  expiredToAsker: (s: SessionFacts) => `【亲情视频】您申请的和${s.childName}视频（#${s.id}，${spanText(s.start, s.end)}）学校没有及时处理，已自动取消，很抱歉。${AGAIN}`,
  expiredToCoordinator: (s: SessionFacts) => `【视频申请】#${s.id} ${s.childName}（${s.className}）${spanText(s.start, s.end)} 的申请没有人处理，已来不及安排，已自动拒绝并告知家长。`,
};

const STATUS_WORD: Record<ReunionStatus, string> = { REQUESTED: "待审批", BOOKED: "已预约", CANCELLED: "已取消", REJECTED: "已拒绝", HELD: "已完成", NO_ANSWER: "未接通", ABSENT: "孩子缺席" };

/** Replies to coordinators answering requests. */
export const reviewText = {
  approveUsage: "同意 <编号>",
  rejectUsage: "拒绝 <编号> <原因>",
  approveSummary: "同意家长的视频申请（预约这个时间）",
  rejectSummary: "拒绝家长的视频申请（要写原因，会告诉家长）",
  listSummary: "查看待审批的家长视频申请",
  badApprove: "请写申请的编号，例如：同意 12。发送“视频申请”查看待审批的申请。",
  badReject: "请写申请的编号和原因，例如：拒绝 12 这周视频室维修。",
  needReason: (id: number) => `请写上拒绝的原因，会告诉家长，例如：拒绝 ${id} 这周视频室维修`,
  notFound: (id: number) => `没有找到编号 #${id} 的视频申请。发送“视频申请”查看待审批的申请。`,
  notRequested: (id: number, status: ReunionStatus) => `#${id} 不是待审批的申请（现在是：${STATUS_WORD[status]}）。`,
  cannotApprove: (id: number, why: string) => `#${id} 现在不能同意：${why}。可以回复“拒绝 ${id} <原因>”告诉家长，或用“改期 ${id} <时间>”换个时间。`,
  approved: (booked: string) => `已同意申请。${booked}`,
  rejected: (id: number, childName: string, span: string) => `已拒绝 #${id}（${childName} ${span}），已把原因告诉申请的家长。`,
  none: "目前没有待审批的视频申请。",
  list: (rows: (SessionFacts & { asker: string })[]) =>
    `待审批的视频申请（${rows.length}个）：\n${rows.map((r) => `#${r.id} ${r.childName}（${r.className}）${spanText(r.start, r.end)}，${r.roomName} · ${r.asker}申请`).join("\n")}\n——\n同意：同意 <编号> · 拒绝：拒绝 <编号> <原因>`,
};
