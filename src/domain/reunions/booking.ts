/**
 * Booking a reunion video session by a coordinator (issue #5 points 2-3): the plan shown back
 * before `确认` (room, participants, supervisor) or the reasons it cannot be booked with the
 * nearest free starts, and the booking itself, re-checked inside the message's transaction.
 * Instants are epoch ms / Dates; days and weeks are Asia/Shanghai (slots.ts, children.ts).
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { checkChildRules, childFilter, type ChildReason } from "./children.ts";
import { loadChildSessions, loadRoomSchedule, slotEngineFor, slotRulesOf } from "./schedule.ts";
import { SlotEngine, type SlotReason } from "./slots.ts";
import { readOpeningHours } from "./hours.ts";
import { planReminders } from "./reminders.ts";
import { loadParticipants, notifyBooking, type BookingPeople } from "./booking-people.ts";

const MIN = 60_000;

/** Why a booking is refused: the room's and the child's rules, or NO_PARENT (no bound parent working away to call). */
export type BookingReason = SlotReason | ChildReason | "NO_PARENT";

/** What the coordinator asked for. `roomName` null: the school's first active room free then; `teacherName` null: the homeroom teacher. */
export interface BookingRequest {
  studentId: number;
  start: number;
  minutes: number;
  roomName: string | null;
  teacherName: string | null;
}

/** A bookable session as repeated back before `确认`. `start`/`end` epoch ms. */
export interface BookingPlan extends BookingPeople {
  studentId: number;
  roomId: number;
  roomName: string;
  start: number;
  end: number;
  minutes: number;
}

/**
 * planBooking's answer: a plan; UNKNOWN_ROOM (`names` the school's active rooms); NO_ROOM (the
 * school has no active room); UNKNOWN_TEACHER; or REFUSED with the reasons and up to three free
 * starts nearest the one asked for (epoch ms) in `roomId` (none for NO_PARENT).
 */
export type PlanResult =
  | { ok: true; plan: BookingPlan }
  | { ok: false; problem: "UNKNOWN_ROOM"; names: string[] }
  | { ok: false; problem: "NO_ROOM" }
  | { ok: false; problem: "UNKNOWN_TEACHER" }
  | { ok: false; problem: "REFUSED"; reasons: BookingReason[]; offers: number[]; roomId: number; roomName: string; childName: string };

/** Throws DomainError FORBIDDEN unless `staff` is a coordinator or admin (booking is theirs, issue #5 point 2). */
export function assertBooker(staff: Pick<StaffBinding, "role">): void {
  if (staff.role === "TEACHER") throw new DomainError("FORBIDDEN");
}

/** The school's active rooms to try, by name; or the problem with `name`. */
async function roomsToTry({ db }: Deps, schoolId: number, name: string | null): Promise<{ ids: number[] } | Exclude<PlanResult, { ok: true } | { problem: "REFUSED" }>> {
  const rooms = await db.reunionRoom.findMany({ where: { schoolId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  if (name !== null) {
    const room = rooms.find((r) => r.name === name.trim());
    return room ? { ids: [room.id] } : { ok: false, problem: "UNKNOWN_ROOM", names: rooms.map((r) => r.name) };
  }
  return rooms.length ? { ids: rooms.map((r) => r.id) } : { ok: false, problem: "NO_ROOM" };
}

/**
 * The room rules' and the child's reasons against `[start, start + minutes)` in room `roomId`,
 * with the offers (up to three nearest free starts) and the loaded engine and child filter;
 * `ignoreSessionId` leaves that session out (approving or moving it).
 */
export async function checkIn(deps: Deps, roomId: number, studentId: number, start: number, minutes: number, ignoreSessionId?: number) {
  const now = deps.clock.now().getTime();
  const horizon = now + (deps.settings.reunionHorizonDays + 2) * 86_400_000;
  const schedule = await loadRoomSchedule(deps, roomId, new Date(now), new Date(horizon));
  const engine = slotEngineFor(deps, schedule, ignoreSessionId);
  const child = await loadChildSessions(deps, studentId, new Date(now), new Date(horizon));
  const room = engine.checkSlot(start, minutes);
  const perWeek = deps.settings.reunionPerChildWeek;
  const reasons: BookingReason[] = [...(room.ok ? [] : room.reasons), ...checkChildRules(child, start, minutes, perWeek, ignoreSessionId)];
  const filter = childFilter(child, perWeek, ignoreSessionId);
  const offers = () => engine.nearestFreeSlots(start, minutes, 3, filter);
  return { reasons, offers, roomName: schedule.room.name, engine, filter };
}

/**
 * Checks a coordinator's request and returns the plan to confirm or why not. The room: the one
 * named, else the first active room (by name) where the time passes every rule, else the first
 * for the reasons. Throws DomainError NOT_FOUND when the child is not in `staff`'s school,
 * FORBIDDEN for a teacher.
 */
export async function planBooking(deps: Deps, staff: StaffBinding, req: BookingRequest): Promise<PlanResult> {
  assertBooker(staff);
  return planSession(deps, staff.schoolId, req);
}

/**
 * planBooking without the booker check, for a child of school `schoolId` (a parent's request:
 * domain/reunions/requests.ts). Throws DomainError NOT_FOUND when the child is not in the school.
 */
export async function planSession(deps: Deps, schoolId: number, req: BookingRequest): Promise<PlanResult> {
  const people = await loadParticipants(deps, schoolId, req.studentId, req.teacherName);
  if (people === "UNKNOWN_TEACHER") return { ok: false, problem: "UNKNOWN_TEACHER" };
  const rooms = await roomsToTry(deps, schoolId, req.roomName);
  if (!("ids" in rooms)) return rooms;
  let first: (Awaited<ReturnType<typeof checkIn>> & { roomId: number }) | null = null;
  for (const roomId of rooms.ids) {
    const c = { ...(await checkIn(deps, roomId, req.studentId, req.start, req.minutes)), roomId };
    first ??= c;
    if (c.reasons.length === 0) {
      if (people.parents.length === 0) break;
      return { ok: true, plan: { ...people, studentId: req.studentId, roomId, roomName: c.roomName, start: req.start, end: req.start + req.minutes * MIN, minutes: req.minutes } };
    }
  }
  const f = first!;
  if (people.parents.length === 0) return { ok: false, problem: "REFUSED", reasons: ["NO_PARENT"], offers: [], roomId: f.roomId, roomName: f.roomName, childName: people.childName };
  return { ok: false, problem: "REFUSED", reasons: f.reasons, offers: f.offers(), roomId: f.roomId, roomName: f.roomName, childName: people.childName };
}

/** What bookSession did: BOOKED (new session `id`), DUPLICATE (the key was used: that session), or REFUSED as in planBooking. */
export type BookResult =
  | { kind: "booked"; id: number; plan: BookingPlan }
  | { kind: "duplicate"; id: number; plan: BookingPlan }
  | { kind: "refused"; reasons: BookingReason[]; offers: number[]; roomId: number };

/**
 * Books `plan` for `staff` once per `idempotencyKey` (a second call with it answers DUPLICATE).
 * Re-checks every rule inside the caller's transaction, so of two coordinators racing for the
 * last place one wins and the other gets REFUSED with offers. Creates the BOOKED session, its
 * ReunionParticipant rows (bound parents working away PARENT, caregivers CAREGIVER) and tells
 * each bound participant and the supervisor through the outbox, and plans the reminders (reminders.ts). FORBIDDEN for a teacher.
 */
export async function bookSession(deps: Deps, staff: StaffBinding, plan: BookingPlan, idempotencyKey: string): Promise<BookResult> {
  assertBooker(staff);
  const { db } = deps;
  const seen = await db.reunionSession.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (seen) return { kind: "duplicate", id: seen.id, plan };
  const c = await checkIn(deps, plan.roomId, plan.studentId, plan.start, plan.minutes);
  if (c.reasons.length) return { kind: "refused", reasons: c.reasons, offers: c.offers(), roomId: plan.roomId };
  const session = await insertSession(deps, staff.schoolId, plan, { status: "BOOKED", bookedById: staff.id, requestedById: null, idempotencyKey });
  await notifyBooking(deps, session.id, plan);
  await planReminders(deps, session.id);
  return { kind: "booked", id: session.id, plan };
}

/**
 * Writes the session of `plan` in school `schoolId` with its ReunionParticipant rows (parents
 * PARENT, caregivers CAREGIVER) in the caller's transaction; no rule check, no notice.
 */
export async function insertSession({ db, clock }: Deps, schoolId: number, plan: BookingPlan, how: { status: "BOOKED" | "REQUESTED"; bookedById: number | null; requestedById: number | null; idempotencyKey: string }): Promise<{ id: number }> {
  const now = clock.now();
  return db.reunionSession.create({
    data: {
      schoolId,
      studentId: plan.studentId,
      roomId: plan.roomId,
      startAt: new Date(plan.start),
      endAt: new Date(plan.end),
      supervisorId: plan.supervisor?.id ?? null,
      ...how,
      createdAt: now,
      updatedAt: now,
      participants: {
        create: [...plan.parents.map((p) => ({ guardianId: p.id, role: "PARENT" })), ...plan.caregivers.map((p) => ({ guardianId: p.id, role: "CAREGIVER" }))],
      },
    },
    select: { id: true },
  });
}

/**
 * The reading of a bare hour to offer (issue #5 point 2: `三点半` is the next such time in
 * opening hours, confirmed by the coordinator): `candidates` are the AM and PM readings (epoch ms,
 * from parseSessionTime). With `nextDays` (no date was said) the same readings on each following
 * day up to the horizon are tried too. The first whose `[t, t + minutes)` lies in the opening
 * hours of room `roomName` (or of any active room when null) with enough notice wins; when none
 * does, the last candidate (the afternoon reading: sessions are after class) is returned and the
 * refusal says why.
 */
export async function pickBareHour(deps: Deps, schoolId: number, roomName: string | null, candidates: number[], minutes: number, nextDays = false): Promise<number> {
  const rows = await deps.db.reunionRoom.findMany({ where: { schoolId, active: true, ...(roomName === null ? {} : { name: roomName.trim() }) } });
  const engines = rows.map((r) => new SlotEngine({ capacity: r.capacity, active: true, hours: readOpeningHours(r.openingHours) }, [], slotRulesOf(deps.settings), deps.clock.now()));
  const fits = (t: number) =>
    engines.some((e) => {
      const c = e.checkSlot(t, minutes);
      return c.ok || !c.reasons.some((r) => r === "OUTSIDE_HOURS" || r === "SHORT_NOTICE" || r === "PAST");
    });
  const days = nextDays ? deps.settings.reunionHorizonDays : 0;
  const tries = Array.from({ length: days + 1 }, (_, k) => candidates.map((c) => c + k * 86_400_000)).flat().sort((a, b) => a - b);
  return tries.find(fits) ?? candidates[candidates.length - 1]!;
}
