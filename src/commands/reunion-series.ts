/**
 * `预约 <学生> 每周日 19:00 ...`: a coordinator books a recurring reunion video series (issue #5
 * point 8). commands/reunions.ts hands a `预约` whose text holds a recurrence word to
 * {@link bookSeriesRequest}; the read-back waits for `确认` as a PendingAction row.
 */
import { z } from "zod";
import type { StaffBinding } from "../domain/identities.ts";
import { pickBareHour } from "../domain/reunions/booking.ts";
import { bookSeries, planSeries, SERIES_MAX, type SeriesPlan } from "../domain/reunions/series.ts";
import { parseSeriesPhrase } from "../lib/series-phrase.ts";
import { foldWidth } from "../lib/text.ts";
import { roomProblemText } from "../messages/reunions.ts";
import { bookingText, type ReasonRules } from "../messages/reunion-booking.ts";
import { seriesText } from "../messages/reunion-series.ts";
import { studentLookupText } from "../messages/zh.ts";
import type { CommandRegistry } from "../router/registry.ts";
import type { CommandContext, CommandModule } from "../router/types.ts";
import { staffStep } from "./updates.ts";

const CONFIRM = "reunion.series-confirm";
const YES = new Set(["确认", "确定", "确认预约", "是", "是的", "好", "好的", "对", "ok", "yes"]);

const person = z.object({ id: z.number().int(), name: z.string(), label: z.string(), contactId: z.string().nullable(), workCity: z.string().nullable().optional() });
const span = { n: z.number().int(), start: z.number(), end: z.number() };
const occurrence = z.discriminatedUnion("state", [
  z.object({ ...span, state: z.literal("ok"), schoolDay: z.string().nullable() }),
  z.object({ ...span, state: z.literal("holiday"), holiday: z.string() }),
  z.object({ ...span, state: z.literal("conflict"), reasons: z.array(z.string()) }),
]);
const end = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("until"), date: z.string() }),
  z.object({ kind: z.literal("count"), n: z.number().int() }),
  z.object({ kind: z.literal("horizon"), days: z.number().int(), lastDay: z.string() }),
]);
const confirmSchema = z.object({
  key: z.string(),
  plan: z.object({
    studentId: z.number().int(),
    roomId: z.number().int(),
    roomName: z.string(),
    minutes: z.number().int(),
    interval: z.union([z.literal(1), z.literal(2)]),
    end,
    occurrences: z.array(occurrence),
    childName: z.string(),
    className: z.string(),
    parents: z.array(person),
    caregivers: z.array(person),
    supervisor: person.nullable(),
  }),
});

const rulesOf = ({ settings: s }: CommandContext["deps"]): ReasonRules => ({ minNoticeMin: s.reunionMinNoticeMin, horizonDays: s.reunionHorizonDays, maxMin: s.reunionMaxMin, perWeek: s.reunionPerChildWeek });

/**
 * A series request `text` (after the child, read against `ref`, epoch ms of the message's sent
 * time): planned and repeated back; `确认` then books it (pending CONFIRM, key per message).
 */
export async function bookSeriesRequest(ctx: CommandContext, staff: StaffBinding, studentId: number, text: string, ref: number): Promise<void> {
  const p = parseSeriesPhrase(text, new Date(ref));
  const max = ctx.deps.settings.reunionMaxMin;
  if (!p) return ctx.reply(seriesText.problem({ problem: "BAD_WEEKDAY" }));
  if ("problem" in p) return ctx.reply(seriesText.problem(p));
  if (p.minutes !== null && (p.minutes < 1 || p.minutes > max)) return ctx.reply(bookingText.badLength(max));
  const minutes = p.minutes ?? ctx.deps.settings.reunionDefaultMin;
  const first = p.bare ? await pickBareHour(ctx.deps, staff.schoolId, p.roomName, p.starts.map((s) => s.getTime()), minutes) : p.starts[0]!.getTime();
  const r = await planSeries(ctx.deps, staff, { studentId, first, interval: p.interval, until: p.until, count: p.count, minutes, roomName: p.roomName, teacherName: p.teacherName });
  if (!r.ok) {
    if (r.problem === "UNKNOWN_ROOM") return ctx.reply(roomProblemText({ code: "UNKNOWN_ROOM", names: r.names }, p.roomName ?? ""));
    if (r.problem === "NO_ROOM") return ctx.reply(bookingText.noRoom);
    if (r.problem === "UNKNOWN_TEACHER") return ctx.reply(bookingText.unknownTeacher(p.teacherName ?? ""));
    if (r.problem === "NO_PARENT") return ctx.reply(seriesText.noParent(r.childName));
    return ctx.reply(r.problem === "TOO_MANY" ? seriesText.tooMany(SERIES_MAX) : seriesText.none);
  }
  const note = p.bare ? seriesText.bareHour(p.phrase, first) : undefined;
  if (r.plan.occurrences.some((o) => o.state === "ok")) await ctx.setPending(CONFIRM, { plan: r.plan, key: `reunion-series:${ctx.incoming.contactId}:${ctx.incoming.messageId}` });
  ctx.reply(seriesText.confirm(r.plan, rulesOf(ctx.deps), note));
}

/** `确认` of a series: books it once per key. */
async function confirm(ctx: CommandContext, staff: StaffBinding, plan: SeriesPlan, key: string): Promise<void> {
  const r = await bookSeries(ctx.deps, staff, plan, key);
  if (r.kind === "duplicate") return ctx.reply(seriesText.duplicate(r.ids));
  ctx.reply(seriesText.booked(plan, r.booked, r.skipped, rulesOf(ctx.deps)));
}

/** The series' `确认` step (the `预约` command itself is commands/reunions.ts). */
export const reunionSeriesCommands = (registry: () => CommandRegistry): CommandModule => ({
  commands: [],
  pending: {
    async [CONFIRM](ctx, payload) {
      const p = confirmSchema.parse(payload);
      return staffStep(ctx, studentLookupText.gone("预约"), async (staff) => {
        const word = foldWidth(ctx.args).toLowerCase().replace(/[\s.!?。！？~～]+$/u, "");
        if (!YES.has(word)) {
          if (registry().match(ctx.args)) return "not-mine";
          await ctx.setPending(CONFIRM, p);
          ctx.reply(seriesText.confirmPrompt);
          return "done";
        }
        await confirm(ctx, staff, p.plan as SeriesPlan, p.key);
        return "done";
      });
    },
  },
});
