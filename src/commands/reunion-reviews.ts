/**
 * Coordinators answer parents' video requests (issue #5 point 4): `同意 <编号>`, `拒绝 <编号>
 * <原因>` and `视频申请` (the school's REQUESTED sessions). A 编号 is the session id as shown
 * (`#12`): `12`, `#12` and `＃12` are accepted.
 */
import { approveRequest, listRequests, rejectRequest, type ReviewResult } from "../domain/reunions/request-review.ts";
import type { BookingReason } from "../domain/reunions/booking.ts";
import { bookingText, spanText, type ReasonRules } from "../messages/reunion-booking.ts";
import { slotReasonText } from "../messages/reunions.ts";
import { reviewText } from "../messages/reunion-requests.ts";
import { COORDINATORS, type CommandContext, type CommandSpec } from "../router/types.ts";

/** The session id at the start of `text` (`12`, `#12`, `＃12`, full-width digits) and the rest, or null. */
export function sessionNumberOf(text: string): { id: number; rest: string } | null {
  const m = /^[#＃]?\s*(\d{1,9})(?:[\s\u3000]+([\s\S]*))?$/u.exec(text.normalize("NFKC").trim());
  return m ? { id: Number(m[1]), rest: (m[2] ?? "").trim() } : null;
}

/** The rules the refusal texts quote, from DomainSettings. */
export const rulesOf = (ctx: CommandContext): ReasonRules => {
  const s = ctx.deps.settings;
  return { minNoticeMin: s.reunionMinNoticeMin, horizonDays: s.reunionHorizonDays, maxMin: s.reunionMaxMin, perWeek: s.reunionPerChildWeek };
};

/** Replies the outcomes shared by 同意 and 拒绝; true when `r` was one of them. */
function answered(ctx: CommandContext, id: number, r: ReviewResult): boolean {
  if (r.kind === "not-found") ctx.reply(reviewText.notFound(id));
  else if (r.kind === "not-requested") ctx.reply(reviewText.notRequested(id, r.status));
  else return false;
  return true;
}

async function approve(ctx: CommandContext): Promise<void> {
  const n = sessionNumberOf(ctx.args);
  if (!n || n.rest) return ctx.reply(reviewText.badApprove);
  const r = await approveRequest(ctx.deps, ctx.sender.staff!, n.id);
  if (answered(ctx, n.id, r)) return;
  if (r.kind === "refused") {
    const why = r.reasons.map((x) => slotReasonText(x as Exclude<BookingReason, "NO_PARENT">, rulesOf(ctx))).join("；");
    return ctx.reply(reviewText.cannotApprove(n.id, why));
  }
  if (r.kind !== "done") return;
  const s = r.session;
  ctx.reply(reviewText.approved(bookingText.booked(s.id, { ...s, minutes: (s.end - s.start) / 60_000 })));
}

async function reject(ctx: CommandContext): Promise<void> {
  const n = sessionNumberOf(ctx.args);
  if (!n) return ctx.reply(reviewText.badReject);
  if (!n.rest) return ctx.reply(reviewText.needReason(n.id));
  const r = await rejectRequest(ctx.deps, ctx.sender.staff!, n.id, n.rest);
  if (answered(ctx, n.id, r) || r.kind !== "done") return;
  ctx.reply(reviewText.rejected(n.id, r.session.childName, spanText(r.session.start, r.session.end)));
}

/** 同意, 拒绝 and 视频申请 for coordinators and admins. */
export const reviewCommands: CommandSpec[] = [
  { name: "同意", aliases: ["同意申请"], roles: COORDINATORS, privateOnly: true, guardianArgs: () => false, usage: reviewText.approveUsage, summary: reviewText.approveSummary, example: "同意 12", run: approve },
  { name: "拒绝", aliases: ["拒绝申请"], roles: COORDINATORS, privateOnly: true, guardianArgs: () => false, usage: reviewText.rejectUsage, summary: reviewText.rejectSummary, example: "拒绝 12 这周视频室维修", run: reject },
  {
    name: "视频申请",
    aliases: ["待审批"],
    roles: COORDINATORS,
    privateOnly: true,
    usage: "视频申请",
    summary: reviewText.listSummary,
    example: "视频申请",
    async run(ctx) {
      const rows = await listRequests(ctx.deps, ctx.sender.staff!);
      ctx.reply(rows.length ? reviewText.list(rows) : reviewText.none);
    },
  },
];
