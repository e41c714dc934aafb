/**
 * A child's own limits on reunion sessions (issue #5 point 2), apart from the room's: no two
 * sessions of one child overlap, and at most REUNION_PER_CHILD_WEEK per Monday-Sunday week in
 * Asia/Shanghai. Pure, no I/O; the DB loader is schedule.ts loadChildSessions.
 */
import { isoWeekdayOf, shanghaiDayNumber, shanghaiDayStart, type SlotFilter, type SlotSession } from "./slots.ts";

/** Statuses that count toward the weekly cap: asked for, booked or held. NO_ANSWER and ABSENT leave the place free, so the family may try again that week. */
export const WEEK_CAP_STATUSES = ["REQUESTED", "BOOKED", "HELD"] as const;
/** Statuses that block the child's time: asked for or booked. */
const BLOCKING = ["REQUESTED", "BOOKED"];

/** CHILD_OVERLAP: the child has a session overlapping `[start, end)`; WEEKLY_CAP: the week's cap is reached. */
export type ChildReason = "CHILD_OVERLAP" | "WEEKLY_CAP";

const ms = (t: Date | number): number => (typeof t === "number" ? t : t.getTime());

/** `[monday 00:00, next monday 00:00)` Asia/Shanghai of the week holding `at`, epoch ms. */
export function shanghaiWeekOf(at: Date | number): [number, number] {
  const day = shanghaiDayNumber(ms(at));
  const monday = day - isoWeekdayOf(day) + 1;
  return [shanghaiDayStart(monday), shanghaiDayStart(monday + 7)];
}

/**
 * The child's reasons against a session `[start, start + minutes)`: CHILD_OVERLAP when one of
 * `sessions` (REQUESTED/BOOKED, other than `ignoreSessionId`) overlaps it; WEEKLY_CAP when the
 * week of `start` already holds `perWeek` sessions in WEEK_CAP_STATUSES. `sessions` must cover at
 * least that week and the session's time. Empty array: allowed.
 */
export function checkChildRules(sessions: readonly SlotSession[], start: Date | number, minutes: number, perWeek: number, ignoreSessionId?: number): ChildReason[] {
  const a = ms(start);
  const b = a + minutes * 60_000;
  const mine = sessions.filter((s) => ignoreSessionId === undefined || s.id !== ignoreSessionId);
  const reasons: ChildReason[] = [];
  if (mine.some((s) => BLOCKING.includes(s.status) && ms(s.startAt) < b && ms(s.endAt) > a)) reasons.push("CHILD_OVERLAP");
  const [weekStart, weekEnd] = shanghaiWeekOf(a);
  const inWeek = mine.filter((s) => (WEEK_CAP_STATUSES as readonly string[]).includes(s.status) && ms(s.startAt) >= weekStart && ms(s.startAt) < weekEnd);
  if (inWeek.length >= perWeek) reasons.push("WEEKLY_CAP");
  return reasons;
}

/** checkChildRules as a SlotFilter for SlotEngine.nearestFreeSlots / listFreeSlots. */
export function childFilter(sessions: readonly SlotSession[], perWeek: number, ignoreSessionId?: number): SlotFilter {
  return (start, end) => checkChildRules(sessions, start, (end - start) / 60_000, perWeek, ignoreSessionId).length === 0;
}
