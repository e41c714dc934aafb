/**
 * `改期 <编号> <时间> [原因]`, `取消 <编号> [以后全部] [原因]` and the parents' `确认 [<编号>]`
 * (issue #5 points 5-6). Coordinators change any session of their school, parents the ones they
 * are called in; anything else gets the "no such session" answer. A move is repeated back and
 * made on `确认` (PendingAction steps, like `预约`). Rules live in domain/reunions/changes.ts
 * and confirm.ts.
 */
import { z } from "zod";
import { actorOf, changeProblem, sessionFor, type ChangeActor } from "../domain/reunions/change-notices.ts";
import { cancelSession, checkMove, moveSession, type ChangeResult } from "../domain/reunions/changes.ts";
import { confirmSession, unconfirmedSessionsOf, nextConfirmedSessionOf } from "../domain/reunions/confirm.ts";
import { pickBareHour } from "../domain/reunions/booking.ts";
import type { StoredSession } from "../domain/reunions/session.ts";
import { parseSessionTime } from "../lib/session-time.ts";
import { foldWidth } from "../lib/text.ts";
import { bookingText } from "../messages/reunion-booking.ts";
import { changeText } from "../messages/reunion-changes.ts";
import { updateText } from "../messages/updates.ts";
import { bindingInstructionsText, routerText } from "../messages/zh.ts";
import type { CommandRegistry } from "../router/registry.ts";
import type { CommandContext, CommandModule } from "../router/types.ts";
import { choiceOf } from "./care-common.ts";
import { refOf, rulesOf, timeAnswer } from "./reunions.ts";

const MOVE_TIME = "reunion.move-time";
const MOVE_OFFERS = "reunion.move-offers";
const MOVE_CONFIRM = "reunion.move-confirm";
const CONFIRM_WHICH = "reunion.confirm-which";
const CONFIRM_WORDS = new Set(["确认", "确定", "确认改期", "是", "是的", "好", "好的", "对", "ok", "yes"]);
const folded = (text: string) => foldWidth(text).toLowerCase().replace(/[\s.!?。！？~～]+$/u, "");

const timeSchema = z.object({ id: z.number().int(), date: z.string(), reason: z.string().nullable() });
const offersSchema = z.object({ id: z.number().int(), offers: z.array(z.number()), reason: z.string().nullable() });
const confirmSchema = z.object({ id: z.number().int(), start: z.number(), reason: z.string().nullable() });
const whichSchema = z.object({ ids: z.array(z.number().int()) });

/** `12`, `#12`, `＃12` at the start of `text`: the id and the rest; null when there is none. */
export function sessionRef(text: string): { id: number; rest: string } | null {
  const m = /^[#＃]?\s*(\d{1,9})(?!\d)[\s\u3000,，]*/u.exec(text.normalize("NFKC").trim());
  return m ? { id: Number(m[1]), rest: text.normalize("NFKC").trim().slice(m[0].length).trim() } : null;
}

const reasonOf = (text: string) => text.trim() || null;

/** Replies a change that did not happen, or was already so; true when it replied. */
function problem(ctx: CommandContext, id: number, r: { kind: string; status?: string }): boolean {
  if (r.kind === "not-found") ctx.reply(changeText.notFound(id));
  else if (r.kind === "not-open") ctx.reply(changeText.notOpen(id, r.status ?? ""));
  else if (r.kind === "started") ctx.reply(changeText.started(id));
  else if (r.kind === "same") ctx.reply(changeText.sameTime(id));
  else return false;
  return true;
}

/** The session `id` the sender may change now, or null after replying why not. */
async function openFor(ctx: CommandContext, actor: ChangeActor, id: number): Promise<StoredSession | null> {
  const s = await sessionFor(ctx.deps, actor, id);
  const p = s ? changeProblem(s, ctx.deps.clock.now().getTime()) : null;
  if (!s || p) {
    problem(ctx, id, !s ? { kind: "not-found" } : p === "NOT_OPEN" ? { kind: "not-open", status: s.status } : { kind: "started" });
    return null;
  }
  return s;
}

/** Checks the move of `s` to `start`: the plan to confirm (pending MOVE_CONFIRM) or the refusal with offers (MOVE_OFFERS). */
async function propose(ctx: CommandContext, s: StoredSession, start: number, reason: string | null, note?: string): Promise<void> {
  if (start === s.start) return ctx.reply(changeText.sameTime(s.id));
  const c = await checkMove(ctx.deps, s, start);
  if (c.ok) {
    await ctx.setPending(MOVE_CONFIRM, { id: s.id, start, reason });
    return ctx.reply(changeText.moveConfirm(s, start, start + s.end - s.start, note));
  }
  if (c.offers.length) await ctx.setPending(MOVE_OFFERS, { id: s.id, offers: c.offers, reason });
  ctx.reply(changeText.moveRefused(start, (s.end - s.start) / 60_000, c.reasons, c.offers, s.roomName, rulesOf(ctx)));
}

/** Reads the new time of `s` from `text` (reason after it, or `reason` given) as `预约` does: date alone asks the time, a bare hour is read in the room's hours. */
async function moveTo(ctx: CommandContext, s: StoredSession, text: string, reason?: string | null): Promise<void> {
  const t = parseSessionTime(text, new Date(refOf(ctx)));
  if (!t) return ctx.reply(changeText.noTime(s.id));
  if (t.kind === "invalid") return ctx.reply(bookingText.invalid(t.phrase, t.reason));
  if (t.kind === "past") return ctx.reply(bookingText.past(t.phrase));
  const why = reason === undefined ? reasonOf(t.rest) : reason;
  if (t.kind === "date-only") {
    await ctx.setPending(MOVE_TIME, { id: s.id, date: t.date, reason: why });
    return ctx.reply(bookingText.askTime(t.date));
  }
  if (t.kind === "ok") return propose(ctx, s, t.start.getTime(), why);
  const start = await pickBareHour(ctx.deps, s.schoolId, s.roomName, t.candidates.map((c) => c.getTime()), (s.end - s.start) / 60_000, t.date === null);
  await propose(ctx, s, start, why, bookingText.bareHour(t.phrase, start));
}

/** The sender as a change actor, or null after replying (a plain teacher, the unbound). */
function actorOrReply(ctx: CommandContext): ChangeActor | null {
  const actor = actorOf(ctx.sender);
  if (!actor) ctx.reply(ctx.sender.staff ? changeText.onlyCoordinators : bindingInstructionsText());
  return actor;
}

/** `改期 <编号> <时间> [原因]`. */
async function move(ctx: CommandContext): Promise<void> {
  const actor = actorOrReply(ctx);
  if (!actor) return;
  if (!ctx.args) return ctx.reply(changeText.moveHelp);
  const ref = sessionRef(ctx.args);
  if (!ref) return ctx.reply(changeText.badRef(ctx.argv[0] ?? ""));
  const s = await openFor(ctx, actor, ref.id);
  if (s) await moveTo(ctx, s, ref.rest);
}

/**
 * `取消 <编号> [以后全部] [原因]`: cancels a session now (commands/general.ts sends `取消` with
 * arguments here; bare `取消` ends a pending exchange).
 */
export async function cancelCommand(ctx: CommandContext): Promise<void> {
  if (ctx.inGroup) return ctx.reply(routerText.privateOnly("取消"));
  const actor = actorOrReply(ctx);
  if (!actor) return;
  const ref = sessionRef(ctx.args);
  if (!ref) return ctx.reply(changeText.cancelHelp);
  const series = /^(?:及?以后全部|及?以后所有|全部以后)/u.exec(ref.rest);
  const reason = reasonOf(series ? ref.rest.slice(series[0].length) : ref.rest);
  const r = await cancelSession(ctx.deps, actor, ref.id, reason, series !== null, ctx.incoming.contactId);
  if (r.kind === "done") return ctx.reply(changeText.cancelled(r.sessions, r.told));
  problem(ctx, ref.id, r);
}

/** Confirms session `id` for the sending parent and replies. */
async function confirmOne(ctx: CommandContext, id: number): Promise<void> {
  const r = await confirmSession(ctx.deps, ctx.sender.guardians.map((g) => g.id), id);
  if (r.kind === "confirmed") return ctx.reply(changeText.confirmed(r.session, r.parent));
  if (r.kind === "already") return ctx.reply(changeText.alreadyConfirmed(r.session));
  problem(ctx, id, r);
}

/** `确认 [<编号>]` with nothing pending: a parent's confirmation; staff are told nothing waits. */
async function confirm(ctx: CommandContext): Promise<void> {
  if (ctx.sender.guardians.length === 0) return ctx.reply(updateText.nothingToConfirm);
  if (ctx.args) {
    const ref = sessionRef(ctx.args);
    return ref ? confirmOne(ctx, ref.id) : ctx.reply(changeText.badRef(ctx.argv[0] ?? ""));
  }
  const open = await unconfirmedSessionsOf(ctx.deps, ctx.sender.guardians.map((g) => g.id));
  if (open.length === 0) {
    const done = await nextConfirmedSessionOf(ctx.deps, ctx.sender.guardians.map((g) => g.id));
    return done === null ? ctx.reply(changeText.nothingToConfirm) : confirmOne(ctx, done); // "already confirmed" with its time
  }
  if (open.length === 1) return confirmOne(ctx, open[0]!.id);
  await ctx.setPending(CONFIRM_WHICH, { ids: open.map((s) => s.id) });
  ctx.reply(changeText.chooseToConfirm(open));
}

/** A pending step on session `id`: the sender and the session must still allow the change. */
async function step(ctx: CommandContext, id: number, run: (s: StoredSession) => Promise<"done" | "not-mine">): Promise<"done" | "not-mine"> {
  const actor = actorOf(ctx.sender);
  if (!actor) {
    ctx.reply(changeText.notFound(id));
    return "done";
  }
  const s = await openFor(ctx, actor, id);
  return s ? run(s) : "done";
}

/** `改期` and `确认` (`取消 <编号>` is run from commands/general.ts). */
export const reunionChangeCommands = (registry: () => CommandRegistry): CommandModule => ({
  commands: [
    { name: "改期", aliases: ["改时间"], roles: ["guardian", "coordinator", "admin"], privateOnly: true, guardianArgs: (args) => args === "" || sessionRef(args) !== null, usage: changeText.moveUsage, summary: changeText.moveSummary, example: changeText.moveExample, detail: changeText.moveDetail, run: move },
    // Hidden from 帮助: parents learn `确认 <编号>` from the booking and reminder messages; staff only meet it as a step.
    { name: "确认", roles: ["guardian", "teacher", "coordinator", "admin"], privateOnly: true, hidden: ["teacher", "coordinator", "admin"], guardianArgs: (args) => args === "" || sessionRef(args) !== null, usage: changeText.confirmUsage, summary: changeText.confirmSummary, example: changeText.confirmExample, run: confirm },
  ],
  pending: {
    async [MOVE_TIME](ctx, payload) {
      const p = timeSchema.parse(payload);
      const a = await timeAnswer(ctx, registry, { kind: MOVE_TIME, payload: p, date: p.date, again: bookingText.askTimeAgain });
      if (typeof a === "string") return a;
      return step(ctx, p.id, async (s) => (await moveTo(ctx, s, a.text, p.reason), "done"));
    },
    async [MOVE_OFFERS](ctx, payload) {
      const p = offersSchema.parse(payload);
      const n = choiceOf(ctx.args, p.offers.length);
      if (n === null) return "not-mine";
      return step(ctx, p.id, async (s) => (await propose(ctx, s, p.offers[n]!, p.reason), "done"));
    },
    async [MOVE_CONFIRM](ctx, payload) {
      const p = confirmSchema.parse(payload);
      if (!CONFIRM_WORDS.has(folded(ctx.args))) {
        if (registry().match(ctx.args)) return "not-mine";
        await ctx.setPending(MOVE_CONFIRM, p);
        ctx.reply(changeText.moveConfirmPrompt);
        return "done";
      }
      const actor = actorOf(ctx.sender);
      const r: ChangeResult = actor ? await moveSession(ctx.deps, actor, p.id, p.start, p.reason, ctx.incoming.contactId) : { kind: "not-found" };
      if (r.kind === "done") ctx.reply(changeText.moved(r.sessions[0]!, r.oldStart, r.told));
      else if (r.kind === "refused") {
        if (r.offers.length) await ctx.setPending(MOVE_OFFERS, { id: p.id, offers: r.offers, reason: p.reason });
        ctx.reply(changeText.moveRefused(p.start, (r.session.end - r.session.start) / 60_000, r.reasons, r.offers, r.session.roomName, rulesOf(ctx)));
      } else problem(ctx, p.id, r);
      return "done";
    },
    async [CONFIRM_WHICH](ctx, payload) {
      const p = whichSchema.parse(payload);
      const n = choiceOf(ctx.args, p.ids.length);
      if (n === null) return "not-mine";
      await confirmOne(ctx, p.ids[n]!);
      return "done";
    },
  },
});
