/**
 * Parents ask for a reunion video session (issue #5 point 4): `想和孩子视频` / `申请视频` (and
 * `预约` from a guardian, dispatched here by commands/reunions.ts) with an optional child name
 * and time. Steps are PendingAction rows: which child, an offered slot by number (submitted at
 * once: the number is unambiguous), and `确认` of a typed time read back (a phrase may be misread).
 */
import { z } from "zod";
import { listRequestChildren, offerRequestSlots, planRequest, submitRequest, type RequestChild } from "../domain/reunions/requests.ts";
import { pickBareHour, type BookingPlan, type PlanResult } from "../domain/reunions/booking.ts";
import { timeAnswer } from "./reunions.ts";
import { DomainError } from "../domain/errors.ts";
import { parseMinutes, parseSessionTime } from "../lib/session-time.ts";
import { foldWidth } from "../lib/text.ts";
import { requestText } from "../messages/reunion-requests.ts";
import type { CommandRegistry } from "../router/registry.ts";
import type { CommandContext, CommandModule } from "../router/types.ts";
import { choiceOf } from "./care-common.ts";
import { reviewCommands, rulesOf } from "./reunion-reviews.ts";

const CHOOSE = "reunion-request.choose-child";
const OFFERS = "reunion-request.offers";
const CONFIRM = "reunion-request.confirm";
const ASK_TIME = "reunion-request.ask-time";
const askSchema = z.object({ studentId: z.number().int(), date: z.string(), tail: z.string() });
const YES = new Set(["确认", "确定", "确认申请", "是", "是的", "好", "好的", "对", "可以", "ok", "yes"]);

const chooseSchema = z.object({ choices: z.array(z.number().int()), rest: z.string(), ref: z.number() });
const offersSchema = z.object({ studentId: z.number().int(), offers: z.array(z.object({ start: z.number(), roomName: z.string() })), minutes: z.number().int() });
const confirmSchema = z.object({ studentId: z.number().int(), plan: z.custom<BookingPlan>((v) => typeof v === "object" && v !== null), key: z.string() });

const refOf = (ctx: CommandContext) => (ctx.incoming.sentAt ?? ctx.deps.clock.now()).getTime();
const keyOf = (ctx: CommandContext) => `reunion-request:${ctx.incoming.contactId}:${ctx.incoming.messageId}`;

/**
 * Runs a step for the sender's child `studentId` (re-read from the sender's bindings now): a
 * child no longer theirs ends the exchange (DomainError NOT_FOUND from the domain too).
 */
async function childStep(ctx: CommandContext, studentId: number, step: (child: RequestChild) => Promise<"done" | "not-mine">): Promise<"done" | "not-mine"> {
  const child = (await listRequestChildren(ctx.deps, ctx.sender.guardians)).find((c) => c.id === studentId);
  try {
    if (child) return await step(child);
  } catch (err) {
    if (!(err instanceof DomainError && err.code === "NOT_FOUND")) throw err;
  }
  ctx.reply(requestText.gone);
  return "done";
}

/** Answers a plan: the read-back to confirm, or the refusal with up to three numbered offers. */
async function answerPlan(ctx: CommandContext, child: RequestChild, r: PlanResult, start: number, minutes: number, note?: string): Promise<void> {
  if (r.ok) {
    await ctx.setPending(CONFIRM, { studentId: child.id, plan: r.plan, key: keyOf(ctx) });
    return ctx.reply(requestText.confirm(r.plan, note));
  }
  if (r.problem !== "REFUSED") return ctx.reply(requestText.noRoom);
  if (r.reasons.includes("NO_PARENT")) return ctx.reply(requestText.noParent(r.childName));
  if (r.offers.length) await ctx.setPending(OFFERS, { studentId: child.id, offers: r.offers.map((s) => ({ start: s, roomName: r.roomName })), minutes });
  ctx.reply(requestText.refused(start, minutes, r.reasons, r.offers, rulesOf(ctx)));
}

/** No time given: up to five numbered free slots over the coming days. */
async function offer(ctx: CommandContext, child: RequestChild): Promise<void> {
  const minutes = ctx.deps.settings.reunionDefaultMin;
  const offers = await offerRequestSlots(ctx.deps, child, minutes);
  if (offers === "NO_PARENT") return ctx.reply(requestText.noParent(child.name));
  if (offers === "NO_ROOM") return ctx.reply(requestText.noRoom);
  if (offers.length === 0) return ctx.reply(requestText.noSlots(ctx.deps.settings.reunionHorizonDays));
  await ctx.setPending(OFFERS, { studentId: child.id, offers, minutes });
  ctx.reply(requestText.offers(child.name, offers.map((o) => o.start), minutes));
}

/**
 * The leading word of `text` when it names a child before a time (`李娜 明天晚上7点`) and the
 * text is not itself a time, else null. Such a child is not the sender's: "not found", nothing more.
 */
function strangerOf(text: string, ref: number): string | null {
  const [word, ...rest] = text.split(/[\s\u3000]+/u);
  if (parseSessionTime(text, new Date(ref))) return null;
  if (!rest.length) return /^\p{Script=Han}{2,4}$/u.test(word!) ? word! : null; // a lone name (`想和孩子视频 张小明`), not a time
  return parseSessionTime(rest.join(" "), new Date(ref)) ? word! : null;
}

/** `text` (after the child) read against `ref` (epoch ms): offers when empty, else the time checked. */
async function ask(ctx: CommandContext, child: RequestChild, text: string, ref: number): Promise<void> {
  if (!text) return offer(ctx, child);
  const t = parseSessionTime(text, new Date(ref));
  if (!t) return ctx.reply(requestText.noTime);
  if (t.kind === "invalid") return ctx.reply(requestText.invalid(t.phrase, t.reason));
  if (t.kind === "past") return ctx.reply(requestText.past(t.phrase));
  if (t.kind === "date-only") {
    await ctx.setPending(ASK_TIME, { studentId: child.id, date: t.date, tail: t.rest });
    return ctx.reply(requestText.dateOnly(t.phrase));
  }
  const words = t.rest.split(/[\s\u3000]+/u).filter(Boolean);
  const minutes = words.length === 1 ? parseMinutes(words[0]!) : null;
  if (words.length && minutes === null) return ctx.reply(requestText.noTime);
  const length = minutes ?? ctx.deps.settings.reunionDefaultMin;
  if (length < 1 || length > ctx.deps.settings.reunionMaxMin) return ctx.reply(requestText.refused(ref, length, ["BAD_LENGTH"], [], rulesOf(ctx)).split("\n")[0]!);
  let start: number;
  let note: string | undefined;
  if (t.kind === "bare-hour") {
    start = await pickBareHour(ctx.deps, child.schoolId, null, t.candidates.map((c) => c.getTime()), length, t.date === null);
    note = requestText.bareHour(t.phrase, start);
  } else start = t.start.getTime();
  await answerPlan(ctx, child, await planRequest(ctx.deps, child, { start, minutes: length, roomName: null }), start, length, note);
}

/**
 * A guardian's `预约` / `想和孩子视频 [<孩子>] [<时间>]`: their own ACTIVE children only; a
 * leading name picks one, several without a name are asked by number.
 */
export async function requestReunion(ctx: CommandContext): Promise<void> {
  const children = await listRequestChildren(ctx.deps, ctx.sender.guardians);
  if (children.length === 0) return ctx.reply(requestText.noChildren);
  const names = children.map((c) => c.name);
  const [first, ...rest] = ctx.args.split(/[\s\u3000]+/u);
  const named = children.filter((c) => c.name === first);
  if (named.length === 1) return ask(ctx, named[0]!, rest.join(" "), refOf(ctx));
  const stranger = named.length === 0 ? strangerOf(ctx.args, refOf(ctx)) : null;
  if (stranger !== null) return ctx.reply(requestText.notYourChild(stranger, names));
  if (children.length === 1) return ask(ctx, children[0]!, ctx.args, refOf(ctx));
  await ctx.setPending(CHOOSE, { choices: children.map((c) => c.id), rest: ctx.args, ref: refOf(ctx) });
  ctx.reply(requestText.chooseChild(children));
}

/** `确认` of a read-back (once per key) or a number among offers: the REQUESTED session. */
async function submit(ctx: CommandContext, child: RequestChild, plan: BookingPlan, key: string): Promise<void> {
  const r = await submitRequest(ctx.deps, child, plan, key);
  if (r.kind === "requested") return ctx.reply(requestText.submitted(r.id, plan));
  if (r.kind === "duplicate") return ctx.reply(requestText.duplicate(r.id));
  if (r.offers.length) await ctx.setPending(OFFERS, { studentId: child.id, offers: r.offers, minutes: plan.minutes });
  ctx.reply(requestText.refused(plan.start, plan.minutes, r.reasons, r.offers.map((o) => o.start), rulesOf(ctx), true));
}

/** Parents' requests and coordinators' answers (issue #5 point 4). */
export const reunionRequestCommands = (registry: () => CommandRegistry): CommandModule => ({
  commands: [
    {
      name: "想和孩子视频",
      aliases: ["我想和孩子视频", "申请视频"],
      roles: ["guardian"],
      privateOnly: true,
      usage: requestText.usage,
      summary: requestText.summary,
      example: requestText.example,
      detail: requestText.detail,
      run: requestReunion,
    },
    ...reviewCommands,
  ],
  pending: {
    async [CHOOSE](ctx, payload) {
      const p = chooseSchema.parse(payload);
      const n = choiceOf(ctx.args, p.choices.length);
      if (n === null) return "not-mine";
      return childStep(ctx, p.choices[n]!, async (child) => {
        await ask(ctx, child, p.rest, p.ref);
        return "done";
      });
    },
    async [OFFERS](ctx, payload) {
      const p = offersSchema.parse(payload);
      const n = choiceOf(ctx.args, p.offers.length);
      if (n === null) return "not-mine";
      return childStep(ctx, p.studentId, async (child) => {
        const o = p.offers[n]!;
        const r = await planRequest(ctx.deps, child, { start: o.start, minutes: p.minutes, roomName: o.roomName });
        if (r.ok) await submit(ctx, child, r.plan, keyOf(ctx));
        else await answerPlan(ctx, child, r, o.start, p.minutes);
        return "done";
      });
    },
    async [ASK_TIME](ctx, payload) {
      const p = askSchema.parse(payload);
      const a = await timeAnswer(ctx, registry, { kind: ASK_TIME, payload: p, date: p.date, tail: p.tail, again: requestText.askTimeAgain });
      if (typeof a === "string") return a;
      return childStep(ctx, p.studentId, async (child) => {
        await ask(ctx, child, a.text, refOf(ctx));
        return "done";
      });
    },
    async [CONFIRM](ctx, payload) {
      const p = confirmSchema.parse(payload);
      if (!YES.has(foldWidth(ctx.args).toLowerCase().replace(/[\s.!?。！？~～]+$/u, ""))) {
        if (registry().match(ctx.args)) return "not-mine";
        await ctx.setPending(CONFIRM, p);
        ctx.reply(requestText.confirmPrompt);
        return "done";
      }
      return childStep(ctx, p.studentId, async (child) => {
        await submit(ctx, child, p.plan, p.key);
        return "done";
      });
    },
  },
});
