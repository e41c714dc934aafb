/**
 * `预约`: coordinators book reunion video sessions (issue #5 points 2-3). Steps kept as
 * PendingAction rows (they survive a restart): which child (several share the name), the time
 * for a date alone, an offered slot by number, and `确认` of the plan repeated back.
 */
import { z } from "zod";
import { findStudentsInScope, scopeOf } from "../domain/students.ts";
import type { StaffBinding } from "../domain/identities.ts";
import { bookSession, pickBareHour, planBooking, type BookingPlan, type PlanResult } from "../domain/reunions/booking.ts";
import { parseMinutes, parseSessionTime } from "../lib/session-time.ts";
import { foldWidth } from "../lib/text.ts";
import { studentLookupText } from "../messages/zh.ts";
import { roomProblemText } from "../messages/reunions.ts";
import { bookingText, type ReasonRules } from "../messages/reunion-booking.ts";
import type { CommandRegistry } from "../router/registry.ts";
import { COORDINATORS, type CommandContext, type CommandModule } from "../router/types.ts";
import { choiceOf } from "./care-common.ts";
import { requestReunion } from "./reunion-requests.ts";
import { splitTarget, staffStep } from "./updates.ts";
import { isSeriesText } from "../lib/series-phrase.ts";
import { bookSeriesRequest } from "./reunion-series.ts";

const CHOOSE = "reunion.choose-child";
const ASK_TIME = "reunion.ask-time";
const OFFERS = "reunion.offers";
const CONFIRM = "reunion.confirm";
const CONFIRM_WORDS = new Set(["确认", "确定", "确认预约", "是", "是的", "好", "好的", "对", "ok", "yes"]);
const folded = (text: string) => foldWidth(text).toLowerCase().replace(/[\s.!?。！？~～]+$/u, "");

const chooseSchema = z.object({ choices: z.array(z.object({ id: z.number().int() })), rest: z.string(), ref: z.number() });
const askSchema = z.object({ studentId: z.number().int(), date: z.string(), tail: z.string() });
const offersSchema = z.object({ studentId: z.number().int(), offers: z.array(z.number()), minutes: z.number().int(), roomName: z.string(), teacherName: z.string().nullable() });
const person = z.object({ id: z.number().int(), name: z.string(), label: z.string(), contactId: z.string().nullable(), workCity: z.string().nullable().optional() });
const planSchema = z.object({
  studentId: z.number().int(),
  roomId: z.number().int(),
  roomName: z.string(),
  start: z.number(),
  end: z.number(),
  minutes: z.number().int(),
  childName: z.string(),
  className: z.string(),
  parents: z.array(person),
  caregivers: z.array(person),
  supervisor: person.nullable(),
});
const confirmSchema = z.object({ plan: planSchema, key: z.string() });

/** The rules the refusal texts name, from DomainSettings. */
export const rulesOf = (ctx: CommandContext): ReasonRules => {
  const s = ctx.deps.settings;
  return { minNoticeMin: s.reunionMinNoticeMin, horizonDays: s.reunionHorizonDays, maxMin: s.reunionMaxMin, perWeek: s.reunionPerChildWeek };
};

/** Replies a plan result: the plan to confirm, the refusal with offers (pending OFFERS), or the problem. */
async function answerPlan(ctx: CommandContext, studentId: number, r: PlanResult, minutes: number, start: number, roomName: string | null, teacherName: string | null, note?: string): Promise<void> {
  if (r.ok) {
    await ctx.setPending(CONFIRM, { plan: r.plan, key: `reunion:${ctx.incoming.contactId}:${ctx.incoming.messageId}` });
    return ctx.reply(bookingText.confirm(r.plan, note));
  }
  if (r.problem === "UNKNOWN_ROOM") return ctx.reply(roomProblemText({ code: "UNKNOWN_ROOM", names: r.names }, roomName ?? ""));
  if (r.problem === "NO_ROOM") return ctx.reply(bookingText.noRoom);
  if (r.problem === "UNKNOWN_TEACHER") return ctx.reply(bookingText.unknownTeacher(teacherName ?? ""));
  const room = { name: r.roomName };
  if (r.offers.length) await ctx.setPending(OFFERS, { studentId, offers: r.offers, minutes, roomName: room.name, teacherName });
  ctx.reply(bookingText.refused(r.childName, start, minutes, r.reasons, r.offers, room.name, rulesOf(ctx)));
}

/**
 * The request after the child: `<时间> [<分钟>] [<视频室>] [老师 <姓名>]` read against `ref`
 * (the message's sent time, epoch ms), then planned and answered.
 */
async function book(ctx: CommandContext, staff: StaffBinding, studentId: number, text: string, ref: number): Promise<void> {
  if (isSeriesText(text)) return bookSeriesRequest(ctx, staff, studentId, text, ref);
  const teacherMatch = /(?:^|[\s\u3000])老师[\s\u3000]*(\S+)[\s\u3000]*$/u.exec(text);
  const teacherName = teacherMatch ? teacherMatch[1]! : null;
  const body = teacherMatch ? text.slice(0, teacherMatch.index) : text;
  const t = parseSessionTime(body, new Date(ref));
  if (!t) return ctx.reply(bookingText.noTime);
  if (t.kind === "invalid") return ctx.reply(bookingText.invalid(t.phrase, t.reason));
  if (t.kind === "past") return ctx.reply(bookingText.past(t.phrase));
  let minutes: number | null = null;
  let roomName: string | null = null;
  for (const word of t.rest.split(/[\s\u3000]+/u).filter(Boolean)) {
    const m: number | null = minutes === null ? parseMinutes(word) : null;
    if (m !== null) minutes = m;
    else if (roomName === null) roomName = word;
    else return ctx.reply(bookingText.tooManyWords(word));
  }
  const max = ctx.deps.settings.reunionMaxMin;
  if (minutes !== null && (minutes < 1 || minutes > max)) return ctx.reply(bookingText.badLength(max));
  const length = minutes ?? ctx.deps.settings.reunionDefaultMin;
  if (t.kind === "date-only") {
    await ctx.setPending(ASK_TIME, { studentId, date: t.date, tail: [t.rest, teacherMatch?.[0] ?? ""].join(" ").trim() });
    return ctx.reply(bookingText.askTime(t.date));
  }
  let start: number;
  let note: string | undefined;
  if (t.kind === "bare-hour") {
    start = await pickBareHour(ctx.deps, staff.schoolId, roomName, t.candidates.map((c) => c.getTime()), length, t.date === null);
    note = bookingText.bareHour(t.phrase, start);
  } else start = t.start.getTime();
  const r = await planBooking(ctx.deps, staff, { studentId, start, minutes: length, roomName, teacherName });
  await answerPlan(ctx, studentId, r, length, start, roomName, teacherName, note);
}

/**
 * The answer to "几点？" asked for Shanghai day `date` (`YYYY-MM-DD`): the full phrase to read
 * (`2026年12月4日 <answer> <tail>`); or, when the answer is no time, "not-mine" for a command
 * typed meanwhile, else "done" after asking again (`again`) and keeping the step (`kind`, `payload`).
 */
export async function timeAnswer(ctx: CommandContext, registry: () => CommandRegistry, step: { kind: string; payload: unknown; date: string; tail?: string; again: string }): Promise<{ text: string } | "done" | "not-mine"> {
  const [y, m, d] = step.date.split("-").map(Number);
  const text = `${y}年${m}月${d}日 ${ctx.args} ${step.tail ?? ""}`.trim();
  const t = parseSessionTime(text, new Date(refOf(ctx)));
  if (t && t.kind !== "date-only") return { text };
  if (registry().match(ctx.args)) return "not-mine";
  await ctx.setPending(step.kind, step.payload);
  ctx.reply(step.again);
  return "done";
}

/** The message's sent time (epoch ms), else now. */
export const refOf = (ctx: CommandContext) => (ctx.incoming.sentAt ?? ctx.deps.clock.now()).getTime();

/** `预约 <学生> ...`: finds the child (numbered choice when several), then {@link book}. A guardian's (not a coordinator's) `预约` is a request: commands/reunion-requests.ts. */
async function run(ctx: CommandContext): Promise<void> {
  if (!ctx.sender.roles.has("coordinator")) return requestReunion(ctx);
  const staff = ctx.sender.staff!;
  const { target, content } = splitTarget(ctx.args);
  if (!target) return ctx.reply(bookingText.help);
  const scope = scopeOf(staff);
  const found = await findStudentsInScope(ctx.deps, { scope, query: target });
  if (found.length === 0) return ctx.reply(studentLookupText.notFound("预约", target, true));
  if (found.length === 1) return book(ctx, staff, found[0]!.id, content, refOf(ctx));
  await ctx.setPending(CHOOSE, { choices: found.map((s) => ({ id: s.id })), rest: content, ref: refOf(ctx) });
  ctx.reply(studentLookupText.choose(found));
}

/** `确认` of a plan: books it (once per key), or tells the race's loser and offers slots. */
async function confirm(ctx: CommandContext, staff: StaffBinding, plan: BookingPlan, key: string): Promise<void> {
  const r = await bookSession(ctx.deps, staff, plan, key);
  if (r.kind === "booked") return ctx.reply(bookingText.booked(r.id, r.plan));
  if (r.kind === "duplicate") return ctx.reply(bookingText.duplicate(r.id));
  if (r.offers.length) await ctx.setPending(OFFERS, { studentId: plan.studentId, offers: r.offers, minutes: plan.minutes, roomName: plan.roomName, teacherName: plan.supervisor?.name ?? null });
  ctx.reply(bookingText.refused(plan.childName, plan.start, plan.minutes, r.reasons, r.offers, plan.roomName, rulesOf(ctx), true));
}

/** Coordinators' `预约` (issue #5 points 2-3). `registry` tells a command sent while a step waits. */
export const reunionBookingCommands = (registry: () => CommandRegistry): CommandModule => ({
  commands: [
    {
      name: "预约",
      aliases: ["预约视频", "约视频"],
      roles: [...COORDINATORS, "guardian"],
      hidden: ["guardian"], // guardians see it as 想和孩子视频
      helpAs: "想和孩子视频",
      privateOnly: true,
      usage: bookingText.usage,
      summary: bookingText.summary,
      example: bookingText.example,
      detail: bookingText.detail,
      run,
    },
  ],
  pending: {
    async [CHOOSE](ctx, payload) {
      const p = chooseSchema.parse(payload);
      return staffStep(ctx, studentLookupText.gone("预约"), async (staff) => {
        const n = choiceOf(ctx.args, p.choices.length);
        if (n === null) return "not-mine";
        await book(ctx, staff, p.choices[n]!.id, p.rest, p.ref);
        return "done";
      });
    },
    async [ASK_TIME](ctx, payload) {
      const p = askSchema.parse(payload);
      return staffStep(ctx, studentLookupText.gone("预约"), async (staff) => {
        const a = await timeAnswer(ctx, registry, { kind: ASK_TIME, payload: p, date: p.date, tail: p.tail, again: bookingText.askTimeAgain });
        if (typeof a === "string") return a;
        await book(ctx, staff, p.studentId, a.text, refOf(ctx));
        return "done";
      });
    },
    async [OFFERS](ctx, payload) {
      const p = offersSchema.parse(payload);
      return staffStep(ctx, studentLookupText.gone("预约"), async (staff) => {
        const n = choiceOf(ctx.args, p.offers.length);
        if (n === null) return "not-mine";
        const start = p.offers[n]!;
        const r = await planBooking(ctx.deps, staff, { studentId: p.studentId, start, minutes: p.minutes, roomName: p.roomName, teacherName: p.teacherName });
        await answerPlan(ctx, p.studentId, r, p.minutes, start, p.roomName, p.teacherName);
        return "done";
      });
    },
    async [CONFIRM](ctx, payload) {
      const p = confirmSchema.parse(payload);
      return staffStep(ctx, studentLookupText.gone("预约"), async (staff) => {
        if (!CONFIRM_WORDS.has(folded(ctx.args))) {
          if (registry().match(ctx.args)) return "not-mine";
          await ctx.setPending(CONFIRM, p);
          ctx.reply(bookingText.confirmPrompt);
          return "done";
        }
        await confirm(ctx, staff, p.plan, p.key);
        return "done";
      });
    },
  },
});
