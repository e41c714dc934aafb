/**
 * End-of-day list of reunion sessions nobody marked (issue #5 point 7: "sessions not marked by
 * the end of the day are listed to the coordinator").
 *
 * Once per Asia/Shanghai calendar day (every day: sessions run on Saturdays too), at the first
 * minute job at or after REUNION_UNMARKED_TIME (deps.settings.reunionUnmarkedTime, default 20:30: after the rooms close) and before midnight, each bound
 * coordinator or admin of a school gets one message listing that school's sessions still BOOKED
 * whose end has passed and whose start is within the last {@link UNMARKED_LOOKBACK_DAYS} days
 * (so a session left unmarked yesterday is listed again today). The day is claimed with a
 * BotState row (daily.ts claimDay, job `reunion-unmarked`) in the same transaction as the
 * outbox rows: a restart the same evening catches up, a second run sends nothing; a day with
 * nothing unmarked sends nothing at all.
 */
import type { Deps } from "../deps.ts";
import { claimDay } from "../daily.ts";
import { coordinatorsOf } from "../hotline/common.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { shanghaiDateOf } from "../../lib/work-calendar.ts";
import { unmarkedText, type UnmarkedItem } from "../../messages/reunion-records.ts";

/** How far back (days before now, by start) unmarked sessions are still listed. */
export const UNMARKED_LOOKBACK_DAYS = 7;

const DAY_MS = 86_400_000;
const minuteOfDay = (at: Date) => Math.floor(((at.getTime() + 8 * 3_600_000) % DAY_MS) / 60_000);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What one run did: coordinators messaged (0 before the time, when already run, or nothing unmarked). */
export interface UnmarkedResult {
  messaged: number;
}

/** Runs the day's list when due (see the module comment), in the caller's transaction. */
export async function runUnmarkedList(deps: Deps): Promise<UnmarkedResult> {
  const { db, clock } = deps;
  const now = clock.now();
  if (minuteOfDay(now) < minutes(deps.settings.reunionUnmarkedTime)) return { messaged: 0 };
  const day = shanghaiDateOf(now);
  if (!(await claimDay(deps, "reunion-unmarked", day))) return { messaged: 0 };
  const rows = await db.reunionSession.findMany({
    where: { status: "BOOKED", endAt: { lte: now }, startAt: { gte: new Date(now.getTime() - UNMARKED_LOOKBACK_DAYS * DAY_MS) } },
    orderBy: [{ startAt: "asc" }, { id: "asc" }],
    include: { room: { select: { name: true } } },
  });
  if (rows.length === 0) return { messaged: 0 };
  const [students, staff] = await Promise.all([
    db.student.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.studentId))] } }, select: { id: true, name: true, class: { select: { name: true } } } }),
    db.staff.findMany({ where: { id: { in: rows.flatMap((r) => (r.supervisorId === null ? [] : [r.supervisorId])) } }, select: { id: true, name: true } }),
  ]);
  const child = new Map(students.map((s) => [s.id, s]));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  const bySchool = new Map<number, UnmarkedItem[]>();
  for (const r of rows) {
    const c = child.get(r.studentId);
    const item: UnmarkedItem = { id: r.id, start: r.startAt.getTime(), end: r.endAt.getTime(), roomName: r.room.name, childName: c?.name ?? "", className: c?.class.name ?? "", supervisorName: r.supervisorId === null ? null : (staffName.get(r.supervisorId) ?? null) };
    bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), item]);
  }
  let messaged = 0;
  for (const [schoolId, items] of bySchool) {
    const text = unmarkedText(items);
    for (const c of await coordinatorsOf(deps, schoolId)) {
      await enqueue(db, { dedupeKey: `reunion-unmarked:${day}:${c.id}`, to: { kind: "CONTACT", id: c.contactId! }, text }, now);
      messaged++;
    }
  }
  return { messaged };
}
