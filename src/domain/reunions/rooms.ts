/**
 * Reunion video rooms (亲情视频室, issue #5 point 1): list, add, change. Changes are for
 * coordinators (and the CLI operator) only, each with an AuditLog row.
 */
import type { StaffBinding } from "../identities.ts";
import type { Deps } from "../deps.ts";
import { recordAudit, type AuditActor } from "../audit.ts";
import { DomainError } from "../errors.ts";
import { parseOpeningHours, readOpeningHours, type HoursProblem, type OpeningHours } from "./hours.ts";

/** Longest room name, characters. */
export const ROOM_NAME_MAX = 20;
/** Most sessions at once in one room (devices). */
export const ROOM_CAPACITY_MAX = 20;

/** A room as people see it. `hours` is ReunionRoom.openingHours parsed. */
export interface RoomView {
  id: number;
  name: string;
  capacity: number;
  hours: OpeningHours;
  active: boolean;
}

/** Who changes rooms: a staff member (COORDINATOR or ADMIN) or the CLI operator of school `schoolId`. */
export type RoomEditor = Pick<StaffBinding, "id" | "schoolId" | "role"> | { cli: true; schoolId: number };

/**
 * Why a change was refused (messages/reunions.ts roomProblemText): BAD_NAME (empty or longer
 * than ROOM_NAME_MAX), BAD_CAPACITY (not 1..ROOM_CAPACITY_MAX), HOURS (the spec, see
 * HoursProblem), DUPLICATE_NAME, UNKNOWN_ROOM (`names`: the school's rooms), NOTHING_TO_CHANGE.
 */
export type RoomProblem =
  | { code: "BAD_NAME" | "BAD_CAPACITY" | "DUPLICATE_NAME" | "NOTHING_TO_CHANGE" }
  | { code: "HOURS"; problem: HoursProblem }
  | { code: "UNKNOWN_ROOM"; names: string[] };

export type RoomResult = { ok: true; room: RoomView } | { ok: false; problem: RoomProblem };

type Row = { id: number; name: string; capacity: number; openingHours: string; active: boolean };
const view = (r: Row): RoomView => ({ id: r.id, name: r.name, capacity: r.capacity, hours: readOpeningHours(r.openingHours), active: r.active });

/** Throws DomainError FORBIDDEN unless `editor` is the CLI or a coordinator/admin. Returns the audit actor. */
function actorOf(editor: RoomEditor): AuditActor {
  if ("cli" in editor) return { type: "CLI" };
  if (editor.role === "TEACHER") throw new DomainError("FORBIDDEN");
  return { type: "STAFF", id: editor.id };
}

/** The school's rooms, active first, then by name. */
export async function listRooms({ db }: Deps, schoolId: number): Promise<RoomView[]> {
  const rows = await db.reunionRoom.findMany({ where: { schoolId }, orderBy: [{ active: "desc" }, { name: "asc" }] });
  return rows.map(view);
}

/** The room named `name` (trimmed, exact) of school `schoolId`, or null. */
export async function findRoom({ db }: Deps, schoolId: number, name: string): Promise<RoomView | null> {
  const row = await db.reunionRoom.findUnique({ where: { schoolId_name: { schoolId, name: name.trim() } } });
  return row ? view(row) : null;
}

function checkCapacity(capacity: number): boolean {
  return Number.isInteger(capacity) && capacity >= 1 && capacity <= ROOM_CAPACITY_MAX;
}

/**
 * Adds room `name` with `capacity` sessions at once (default 1) open at `hoursSpec`
 * (hours.ts parseOpeningHours). Throws DomainError FORBIDDEN for a teacher; input problems are
 * returned, nothing written. Audit: REUNION_ROOM_ADD.
 */
export async function addRoom(deps: Deps, input: { staff: RoomEditor; name: string; capacity?: number; hoursSpec: string }): Promise<RoomResult> {
  const actor = actorOf(input.staff);
  const name = input.name.trim();
  const capacity = input.capacity ?? 1;
  if (!name || [...name].length > ROOM_NAME_MAX) return { ok: false, problem: { code: "BAD_NAME" } };
  if (!checkCapacity(capacity)) return { ok: false, problem: { code: "BAD_CAPACITY" } };
  const hours = parseOpeningHours(input.hoursSpec);
  if (!hours.ok) return { ok: false, problem: { code: "HOURS", problem: hours.problem } };
  const schoolId = input.staff.schoolId;
  if (await findRoom(deps, schoolId, name)) return { ok: false, problem: { code: "DUPLICATE_NAME" } };
  const now = deps.clock.now();
  const row = await deps.db.reunionRoom.create({ data: { schoolId, name, capacity, openingHours: JSON.stringify(hours.hours), createdAt: now, updatedAt: now } });
  await recordAudit(deps.db, now, actor, "REUNION_ROOM_ADD", "ReunionRoom", row.id, { name, capacity, openingHours: hours.hours });
  return { ok: true, room: view(row) };
}

/**
 * Changes room `name`: opening hours (`hoursSpec`), `capacity`, and/or `active` (false: 停用, no
 * new bookings; existing sessions stay). Throws DomainError FORBIDDEN for a teacher; input
 * problems are returned, nothing written. Audit: REUNION_ROOM_UPDATE with before and after.
 */
export async function updateRoom(deps: Deps, input: { staff: RoomEditor; name: string; hoursSpec?: string; capacity?: number; active?: boolean }): Promise<RoomResult> {
  const actor = actorOf(input.staff);
  const schoolId = input.staff.schoolId;
  const room = await findRoom(deps, schoolId, input.name);
  if (!room) return { ok: false, problem: { code: "UNKNOWN_ROOM", names: (await listRooms(deps, schoolId)).map((r) => r.name) } };
  const data: { openingHours?: string; capacity?: number; active?: boolean } = {};
  if (input.hoursSpec !== undefined) {
    const hours = parseOpeningHours(input.hoursSpec);
    if (!hours.ok) return { ok: false, problem: { code: "HOURS", problem: hours.problem } };
    data.openingHours = JSON.stringify(hours.hours);
  }
  if (input.capacity !== undefined) {
    if (!checkCapacity(input.capacity)) return { ok: false, problem: { code: "BAD_CAPACITY" } };
    data.capacity = input.capacity;
  }
  if (input.active !== undefined) data.active = input.active;
  if (Object.keys(data).length === 0) return { ok: false, problem: { code: "NOTHING_TO_CHANGE" } };
  const now = deps.clock.now();
  const row = await deps.db.reunionRoom.update({ where: { id: room.id }, data: { ...data, updatedAt: now } });
  const after = view(row);
  await recordAudit(deps.db, now, actor, "REUNION_ROOM_UPDATE", "ReunionRoom", room.id, {
    before: { capacity: room.capacity, openingHours: room.hours, active: room.active },
    after: { capacity: after.capacity, openingHours: after.hours, active: after.active },
  });
  return { ok: true, room: after };
}
