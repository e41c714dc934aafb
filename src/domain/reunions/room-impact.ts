/**
 * What a room change does to sessions already booked (a fresh-user finding of issue #5): after
 * `视频室 修改` (hours, devices) or `停用`, the coming BOOKED and REQUESTED sessions of the room
 * that no longer fit (outside the new hours, more sessions at once than devices, the room off)
 * are listed to the coordinator, who moves or cancels them. Nothing is changed automatically:
 * families were told a time, and only a person should tell them another.
 */
import type { Deps } from "../deps.ts";
import { loadRoomSchedule, slotEngineFor } from "./schedule.ts";

/** A coming session that no longer fits its room: id, `[start, end)` epoch ms, child name. */
export interface AffectedSession {
  id: number;
  start: number;
  end: number;
  childName: string;
}

/**
 * The coming sessions of room `roomId` (from now to the end of the booking horizon plus a year of
 * series) whose time breaks the room's current rules: OUTSIDE_HOURS, ROOM_FULL or ROOM_INACTIVE
 * (notice and horizon do not count: they were met when booked). Sorted by start.
 */
export async function sessionsNoLongerFitting(deps: Deps, roomId: number): Promise<AffectedSession[]> {
  const now = deps.clock.now();
  const schedule = await loadRoomSchedule(deps, roomId, now, new Date(now.getTime() + 400 * 86_400_000));
  const coming = schedule.sessions.filter((s) => s.startAt > now);
  const broken = coming.filter((s) => {
    const c = slotEngineFor(deps, schedule, s.id).checkSlot(s.startAt.getTime(), (s.endAt.getTime() - s.startAt.getTime()) / 60_000);
    return !c.ok && c.reasons.some((r) => r === "OUTSIDE_HOURS" || r === "ROOM_FULL" || r === "ROOM_INACTIVE");
  });
  if (broken.length === 0) return [];
  const rows = await deps.db.reunionSession.findMany({ where: { id: { in: broken.map((s) => s.id) } }, select: { id: true, studentId: true } });
  const students = await deps.db.student.findMany({ where: { id: { in: rows.map((r) => r.studentId) } }, select: { id: true, name: true } });
  const nameOf = new Map(rows.map((r) => [r.id, students.find((s) => s.id === r.studentId)?.name ?? ""]));
  return broken.map((s) => ({ id: s.id, start: s.startAt.getTime(), end: s.endAt.getTime(), childName: nameOf.get(s.id) ?? "" }));
}
