/**
 * Database loaders for the free-slot engine (slots.ts): a room's schedule and a child's sessions.
 */
import type { Deps, DomainSettings } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { readOpeningHours } from "./hours.ts";
import { SlotEngine, TAKING_STATUSES, type SlotRoom, type SlotRules, type SlotSession } from "./slots.ts";
import { WEEK_CAP_STATUSES, shanghaiWeekOf } from "./children.ts";

/** A room with its sessions that hold a place (REQUESTED/BOOKED) near a period. */
export interface RoomSchedule {
  room: SlotRoom & { id: number; schoolId: number; name: string };
  sessions: LoadedSession[];
}

/** A session row as the loaders return it. */
export interface LoadedSession extends SlotSession {
  id: number;
  startAt: Date;
  endAt: Date;
}

/** The engine's rules from DomainSettings (REUNION_BUFFER_MIN, _MIN_NOTICE_MIN, _HORIZON_DAYS, _MAX_MIN). */
export function slotRulesOf(s: DomainSettings): SlotRules {
  return { bufferMin: s.reunionBufferMin, minNoticeMin: s.reunionMinNoticeMin, horizonDays: s.reunionHorizonDays, maxMin: s.reunionMaxMin };
}

/**
 * Room `roomId` and its REQUESTED/BOOKED sessions that may touch `[from, to)` (sessions ending
 * up to one buffer before `from` included). Throws DomainError NOT_FOUND when there is no such room.
 */
export async function loadRoomSchedule({ db, settings }: Deps, roomId: number, from: Date, to: Date): Promise<RoomSchedule> {
  const room = await db.reunionRoom.findUnique({ where: { id: roomId } });
  if (!room) throw new DomainError("NOT_FOUND", { what: "视频室" });
  const pad = settings.reunionBufferMin * 60_000;
  const sessions = await db.reunionSession.findMany({
    where: { roomId, status: { in: [...TAKING_STATUSES] }, startAt: { lt: new Date(to.getTime() + pad) }, endAt: { gt: new Date(from.getTime() - pad) } },
    select: { id: true, startAt: true, endAt: true, status: true },
    orderBy: { startAt: "asc" },
  });
  return { room: { id: room.id, schoolId: room.schoolId, name: room.name, capacity: room.capacity, active: room.active, hours: readOpeningHours(room.openingHours) }, sessions };
}

/** A SlotEngine over `schedule` with the settings' rules and deps.clock's now; `ignoreSessionId` when moving a session. */
export function slotEngineFor(deps: Deps, schedule: RoomSchedule, ignoreSessionId?: number): SlotEngine {
  return new SlotEngine(schedule.room, schedule.sessions, slotRulesOf(deps.settings), deps.clock.now(), ignoreSessionId);
}

/**
 * The child's sessions that matter for children.ts checkChildRules around `[from, to)`: those
 * overlapping it and every one in the Shanghai weeks of `from` and of `to`, in WEEK_CAP_STATUSES.
 */
export async function loadChildSessions({ db }: Deps, studentId: number, from: Date, to: Date): Promise<LoadedSession[]> {
  const lo = Math.min(shanghaiWeekOf(from)[0], from.getTime());
  const hi = Math.max(shanghaiWeekOf(to)[1], to.getTime());
  return db.reunionSession.findMany({
    where: { studentId, status: { in: [...WEEK_CAP_STATUSES] }, startAt: { lt: new Date(hi) }, endAt: { gt: new Date(lo) } },
    select: { id: true, startAt: true, endAt: true, status: true },
    orderBy: { startAt: "asc" },
  });
}
