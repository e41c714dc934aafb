/**
 * Recurring reunion video sessions (issue #5 point 8): `预约 张小明 每周日 19:00 共 8 次`. The
 * dates of the pattern, each checked on its own: a public holiday rest day is skipped (the school
 * calendar, lib/work-calendar.ts via calendarOf), an adjusted working day (调休上班 on a weekend)
 * keeps its session and is marked a school day, and a date failing a rule (room full, the child's
 * overlap or weekly cap, notice, opening hours) is reported with its reasons while the others are
 * booked. Instants are epoch ms; days Asia/Shanghai.
 *
 * The horizon rule (REUNION_HORIZON_DAYS) does not apply to a series' dates: a coordinator booking
 * a standing weekly slot is the point. Instead a series holds at most {@link SERIES_MAX} dates;
 * without an end (`到 <日期>` / `共 N 次`) it runs to the horizon. Every other rule applies per date.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { calendarOf } from "../hotline/common.ts";
import { shanghaiDateOf } from "../../lib/work-calendar.ts";
import { assertBooker, type BookingReason } from "./booking.ts";
import { loadParticipants, type BookingPeople } from "./booking-people.ts";
import { loadChildSessions, loadRoomSchedule, slotEngineFor } from "./schedule.ts";
import { checkChildRules } from "./children.ts";
import { isoWeekdayOf, shanghaiDayNumber, shanghaiDayStart } from "./slots.ts";
import { planReminders } from "./reminders.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { seriesNoticeText } from "../../messages/reunion-series.ts";

/** Most dates in one series (about a school term of weekly sessions). */
export const SERIES_MAX = 26;
const MIN = 60_000;
const WEEK = 7 * 86_400_000;

/** One date of a series: bookable (`schoolDay`: the 调休 name when a weekend is a working day), a holiday skipped, or refused with reasons. */
export type Occurrence =
  | { n: number; start: number; end: number; state: "ok"; schoolDay: string | null }
  | { n: number; start: number; end: number; state: "holiday"; holiday: string }
  | { n: number; start: number; end: number; state: "conflict"; reasons: BookingReason[] };

/** How the series ends: a last day (`YYYY-MM-DD`), a count of dates, or the horizon (no end said). */
export type SeriesEnd = { kind: "until"; date: string } | { kind: "count"; n: number } | { kind: "horizon"; days: number; lastDay: string };

/** What the coordinator asked for. `first`: the first reading of the weekday and time (may be past; moved on by weeks). */
export interface SeriesRequest {
  studentId: number;
  first: number;
  interval: 1 | 2;
  until: string | null;
  count: number | null;
  minutes: number;
  roomName: string | null;
  teacherName: string | null;
}

/** A series as repeated back before `确认`. */
export interface SeriesPlan extends BookingPeople {
  studentId: number;
  roomId: number;
  roomName: string;
  minutes: number;
  interval: 1 | 2;
  end: SeriesEnd;
  occurrences: Occurrence[];
}

/** planSeries' answer; TOO_MANY: more than SERIES_MAX dates; NONE: no date (the end is before the first). */
export type SeriesPlanResult =
  | { ok: true; plan: SeriesPlan }
  | { ok: false; problem: "UNKNOWN_ROOM"; names: string[] }
  | { ok: false; problem: "NO_ROOM" | "UNKNOWN_TEACHER" | "TOO_MANY" | "NONE" }
  | { ok: false; problem: "NO_PARENT"; childName: string };

/**
 * The starts of the series (epoch ms): `first` moved on by whole weeks to at or after `earliest`,
 * then every `interval` weeks while the end allows: `count` dates, dates on or before `until`
 * (Shanghai day), or starts before `before`. Stops after SERIES_MAX + 1 (the caller refuses more). Pure.
 */
export function seriesStarts(first: number, interval: 1 | 2, end: { until?: string; count?: number; before?: number }, earliest: number): number[] {
  let t = first;
  while (t < earliest) t += WEEK;
  const out: number[] = [];
  const more = (at: number) => (end.count !== undefined ? out.length < end.count : end.until !== undefined ? shanghaiDateOf(new Date(at)) <= end.until : at < end.before!);
  for (; more(t) && out.length <= SERIES_MAX; t += interval * WEEK) out.push(t);
  return out;
}

/** The reasons of each date in room `roomId` for child `studentId` (holidays first, then every rule but the horizon). */
export async function checkOccurrences(deps: Deps, roomId: number, studentId: number, starts: { n: number; start: number }[], minutes: number): Promise<{ occurrences: Occurrence[]; roomName: string }> {
  const cal = calendarOf(deps);
  const len = minutes * MIN;
  const from = new Date(Math.min(...starts.map((s) => s.start)));
  const to = new Date(Math.max(...starts.map((s) => s.start)) + len);
  const schedule = await loadRoomSchedule(deps, roomId, from, to);
  const engine = slotEngineFor(deps, schedule);
  const child = await loadChildSessions(deps, studentId, from, to);
  const occurrences = starts.map(({ n, start }): Occurrence => {
    const end = start + len;
    const info = cal.dayInfo(shanghaiDateOf(new Date(start)));
    if (!info.work && info.name !== null) return { n, start, end, state: "holiday", holiday: info.name };
    const room = engine.checkSlot(start, minutes);
    const reasons: BookingReason[] = [...(room.ok ? [] : room.reasons.filter((r) => r !== "BEYOND_HORIZON")), ...checkChildRules(child, start, minutes, deps.settings.reunionPerChildWeek)];
    if (reasons.length) return { n, start, end, state: "conflict", reasons };
    const weekend = isoWeekdayOf(shanghaiDayNumber(start)) >= 6;
    return { n, start, end, state: "ok", schoolDay: info.work && weekend ? info.name : null };
  });
  return { occurrences, roomName: schedule.room.name };
}

/**
 * Plans a series for `staff`'s school: the dates, each checked, in the named room, else the active
 * room (by name) where most dates are bookable. Throws DomainError NOT_FOUND when the child is
 * not in the school, FORBIDDEN for a teacher.
 */
export async function planSeries(deps: Deps, staff: StaffBinding, req: SeriesRequest): Promise<SeriesPlanResult> {
  assertBooker(staff);
  const people = await loadParticipants(deps, staff.schoolId, req.studentId, req.teacherName);
  if (people === "UNKNOWN_TEACHER") return { ok: false, problem: "UNKNOWN_TEACHER" };
  const rooms = await deps.db.reunionRoom.findMany({ where: { schoolId: staff.schoolId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  const tried = req.roomName === null ? rooms : rooms.filter((r) => r.name === req.roomName!.trim());
  if (req.roomName !== null && tried.length === 0) return { ok: false, problem: "UNKNOWN_ROOM", names: rooms.map((r) => r.name) };
  if (tried.length === 0) return { ok: false, problem: "NO_ROOM" };
  if (people.parents.length === 0) return { ok: false, problem: "NO_PARENT", childName: people.childName };
  const now = deps.clock.now().getTime();
  const s = deps.settings;
  const horizonEnd = shanghaiDayStart(shanghaiDayNumber(now) + s.reunionHorizonDays + 1);
  const end: SeriesEnd = req.until !== null ? { kind: "until", date: req.until } : req.count !== null ? { kind: "count", n: req.count } : { kind: "horizon", days: s.reunionHorizonDays, lastDay: shanghaiDateOf(new Date(horizonEnd - 1)) };
  const bound = end.kind === "until" ? { until: end.date } : end.kind === "count" ? { count: end.n } : { before: horizonEnd };
  const starts = seriesStarts(req.first, req.interval, bound, now + s.reunionMinNoticeMin * MIN);
  if (starts.length > SERIES_MAX) return { ok: false, problem: "TOO_MANY" };
  if (starts.length === 0) return { ok: false, problem: "NONE" };
  const numbered = starts.map((start, i) => ({ n: i + 1, start }));
  let best: (Awaited<ReturnType<typeof checkOccurrences>> & { roomId: number; ok: number }) | null = null;
  for (const room of tried) {
    const c = await checkOccurrences(deps, room.id, req.studentId, numbered, req.minutes);
    const ok = c.occurrences.filter((o) => o.state === "ok").length;
    if (!best || ok > best.ok) best = { ...c, roomId: room.id, ok };
  }
  const plan: SeriesPlan = { ...people, studentId: req.studentId, roomId: best!.roomId, roomName: best!.roomName, minutes: req.minutes, interval: req.interval, end, occurrences: best!.occurrences };
  return { ok: true, plan };
}

/** One booked date: its number in the series, the new session id, `[start, end)` epoch ms. */
export interface BookedOccurrence {
  n: number;
  id: number;
  start: number;
  end: number;
}

/** bookSeries' answer: the dates booked now, and those not booked (holidays, conflicts, including ones that became taken since the plan). */
export type SeriesBookResult = { kind: "booked"; booked: BookedOccurrence[]; skipped: Occurrence[] } | { kind: "duplicate"; ids: number[] };

/** The idempotency key of date `n` of the series confirmed with `base` (also the seriesKey). */
export const occurrenceKey = (base: string, n: number) => `${base}:${n}`;

/**
 * Books the plan's bookable dates in the caller's transaction: each re-checked, created BOOKED
 * with seriesKey `base` and idempotency key `<base>:<n>`, its ReunionParticipant rows and its
 * reminders (reminders.ts); then ONE notice per participant for the whole series (series-notice.ts).
 * A second call with `base` books nothing and answers DUPLICATE with the session ids. FORBIDDEN for a teacher.
 */
export async function bookSeries(deps: Deps, staff: StaffBinding, plan: SeriesPlan, base: string): Promise<SeriesBookResult> {
  assertBooker(staff);
  const { db, clock } = deps;
  const wanted = plan.occurrences.filter((o) => o.state === "ok");
  const keys = wanted.map((o) => occurrenceKey(base, o.n));
  const seen = await db.reunionSession.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true }, orderBy: { id: "asc" } });
  if (seen.length > 0) return { kind: "duplicate", ids: seen.map((s) => s.id) };
  const skipped = plan.occurrences.filter((o) => o.state !== "ok");
  const booked: BookedOccurrence[] = [];
  const recheck = wanted.length ? (await checkOccurrences(deps, plan.roomId, plan.studentId, wanted, plan.minutes)).occurrences : [];
  const now = clock.now();
  for (const o of recheck) {
    if (o.state !== "ok") {
      skipped.push(o);
      continue;
    }
    const session = await db.reunionSession.create({
      data: {
        schoolId: staff.schoolId,
        studentId: plan.studentId,
        roomId: plan.roomId,
        startAt: new Date(o.start),
        endAt: new Date(o.end),
        status: "BOOKED",
        supervisorId: plan.supervisor?.id ?? null,
        bookedById: staff.id,
        seriesKey: base,
        idempotencyKey: occurrenceKey(base, o.n),
        createdAt: now,
        updatedAt: now,
        participants: { create: [...plan.parents.map((p) => ({ guardianId: p.id, role: "PARENT" })), ...plan.caregivers.map((p) => ({ guardianId: p.id, role: "CAREGIVER" }))] },
      },
      select: { id: true },
    });
    await planReminders(deps, session.id);
    booked.push({ n: o.n, id: session.id, start: o.start, end: o.end });
  }
  skipped.sort((a, b) => a.n - b.n);
  if (booked.length) await notifySeries(deps, base, plan, booked);
  return { kind: "booked", booked, skipped };
}

/**
 * Tells each bound parent (be reachable, times in their zone too), caregiver and the supervisor
 * of the series' booked dates ONCE through the outbox (dedupe keys
 * `reunion-series-booked:<base>:<role>:<recordId>`), not once per date.
 */
async function notifySeries({ db, clock }: Deps, base: string, plan: SeriesPlan, booked: BookedOccurrence[]): Promise<void> {
  const now = clock.now();
  const send = (key: string, contactId: string | null, text: string) => (contactId ? enqueue(db, { dedupeKey: `reunion-series-booked:${base}:${key}`, to: { kind: "CONTACT", id: contactId }, text }, now) : null);
  for (const g of plan.parents) await send(`parent:${g.id}`, g.contactId, seriesNoticeText.parent(plan, booked, g.workCity));
  for (const g of plan.caregivers) await send(`carer:${g.id}`, g.contactId, seriesNoticeText.caregiver(plan, booked));
  if (plan.supervisor) await send(`staff:${plan.supervisor.id}`, plan.supervisor.contactId, seriesNoticeText.supervisor(plan, booked));
}
