/**
 * Parents ask for a reunion video session (issue #5 point 4): free slots offered by number, a
 * time asked for checked against the same rules as a coordinator's booking (booking.ts), and a
 * REQUESTED session written that holds its place until a coordinator answers
 * (request-review.ts). Who may ask: any guardian bound to the child (a parent working away, or
 * the caregiver at home asking for the parents); the call itself is always with the bound
 * parents working away (NO_PARENT otherwise). Instants are epoch ms; days are Asia/Shanghai.
 */
import type { Deps } from "../deps.ts";
import type { GuardianBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { requestNoticeText } from "../../messages/reunion-requests.ts";
import { checkIn, insertSession, planSession, type BookingPlan, type BookingReason, type PlanResult } from "./booking.ts";
import { loadParticipants } from "./booking-people.ts";
import { loadChildSessions, loadRoomSchedule, slotEngineFor } from "./schedule.ts";
import { childFilter } from "./children.ts";
import { shanghaiDayNumber, shanghaiDayStart } from "./slots.ts";

/** A child a guardian may ask for, with the guardian record that links them. */
export interface RequestChild {
  id: number;
  name: string;
  className: string;
  schoolId: number;
  guardianId: number;
}

/** An offered start (epoch ms) in a room. */
export interface RequestOffer {
  start: number;
  roomName: string;
}

/**
 * The ACTIVE children of the sender's guardian records (one row per child, the first linking
 * record wins), by name. Another family's child never appears: the caller only ever sees these.
 */
export async function listRequestChildren({ db }: Deps, guardians: readonly GuardianBinding[]): Promise<RequestChild[]> {
  const links = new Map<number, GuardianBinding>();
  for (const g of guardians) for (const c of g.children) if (!links.has(c.id)) links.set(c.id, g);
  const rows = await db.student.findMany({ where: { id: { in: [...links.keys()] }, status: "ACTIVE" }, select: { id: true, name: true, schoolId: true, class: { select: { name: true } } }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map((s) => ({ id: s.id, name: s.name, className: s.class.name, schoolId: s.schoolId, guardianId: links.get(s.id)!.id }));
}

/** Throws DomainError NOT_FOUND unless guardian `guardianId` is linked to ACTIVE child `studentId` of school `schoolId`. */
export async function assertAsker({ db }: Deps, child: Pick<RequestChild, "id" | "schoolId" | "guardianId">): Promise<void> {
  const link = await db.studentGuardian.findFirst({ where: { studentId: child.id, guardianId: child.guardianId, student: { schoolId: child.schoolId, status: "ACTIVE" } }, select: { studentId: true } });
  if (!link) throw new DomainError("NOT_FOUND", { what: "student" });
}

/**
 * Up to `count` free starts for the child over the coming days, one per Shanghai day (the first
 * free start of each day across the school's active rooms, by room name), from the earliest
 * allowed start to the horizon; the child's overlaps and weekly cap respected (children.ts).
 * "NO_PARENT" when the child has no bound parent working away; "NO_ROOM" without active rooms.
 */
export async function offerRequestSlots(deps: Deps, child: RequestChild, minutes: number, count = 5): Promise<RequestOffer[] | "NO_PARENT" | "NO_ROOM"> {
  await assertAsker(deps, child);
  const people = await loadParticipants(deps, child.schoolId, child.id, null);
  if (people !== "UNKNOWN_TEACHER" && people.parents.length === 0) return "NO_PARENT";
  const rooms = await deps.db.reunionRoom.findMany({ where: { schoolId: child.schoolId, active: true }, orderBy: { name: "asc" }, select: { id: true } });
  if (rooms.length === 0) return "NO_ROOM";
  const now = deps.clock.now();
  const to = new Date(now.getTime() + (deps.settings.reunionHorizonDays + 2) * 86_400_000);
  const sessions = await loadChildSessions(deps, child.id, now, to);
  const accept = childFilter(sessions, deps.settings.reunionPerChildWeek);
  const engines = [];
  for (const r of rooms) {
    const schedule = await loadRoomSchedule(deps, r.id, now, to);
    engines.push({ engine: slotEngineFor(deps, schedule), roomName: schedule.room.name });
  }
  const out: RequestOffer[] = [];
  const first = shanghaiDayNumber(engines[0]!.engine.earliest);
  const last = shanghaiDayNumber(engines[0]!.engine.horizonEnd - 1);
  for (let day = first; day <= last && out.length < count; day++) {
    let best: RequestOffer | null = null;
    for (const { engine, roomName } of engines) {
      const t = engine.listFreeSlots(shanghaiDayStart(day), shanghaiDayStart(day + 1), minutes, accept)[0];
      if (t !== undefined && (best === null || t < best.start)) best = { start: t, roomName };
    }
    if (best) out.push(best);
  }
  return out;
}

/** A parent's time to check: `start` epoch ms, `minutes`, `roomName` null for the first room free then. */
export interface RequestInput {
  start: number;
  minutes: number;
  roomName: string | null;
}

/**
 * Checks a guardian's request for `child` like a coordinator's booking (planSession: every room
 * and child rule, the homeroom teacher as supervisor). Throws DomainError NOT_FOUND when the
 * guardian is not the child's (see {@link assertAsker}).
 */
export async function planRequest(deps: Deps, child: RequestChild, req: RequestInput): Promise<PlanResult> {
  await assertAsker(deps, child);
  return planSession(deps, child.schoolId, { studentId: child.id, start: req.start, minutes: req.minutes, roomName: req.roomName, teacherName: null });
}

/** What submitRequest did: REQUESTED (new session `id`), DUPLICATE (the key was used), or REFUSED with up to three nearest offers. */
export type SubmitResult = { kind: "requested"; id: number } | { kind: "duplicate"; id: number } | { kind: "refused"; reasons: BookingReason[]; offers: RequestOffer[] };

/**
 * Writes `plan` as a REQUESTED session asked for by `child.guardianId` (holding its place), once
 * per `idempotencyKey`, re-checking every rule in the caller's transaction; records an AuditLog
 * row and sends each coordinator and admin of the school the request with `同意`/`拒绝`
 * (dedupe `reunion-request:<id>:<staffId>`). Throws DomainError NOT_FOUND as {@link assertAsker}.
 */
export async function submitRequest(deps: Deps, child: RequestChild, plan: BookingPlan, idempotencyKey: string): Promise<SubmitResult> {
  await assertAsker(deps, child);
  const { db, clock } = deps;
  const seen = await db.reunionSession.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (seen) return { kind: "duplicate", id: seen.id };
  const c = await checkIn(deps, plan.roomId, plan.studentId, plan.start, plan.minutes);
  if (c.reasons.length) return { kind: "refused", reasons: c.reasons, offers: c.offers().map((start) => ({ start, roomName: plan.roomName })) };
  const { id } = await insertSession(deps, child.schoolId, plan, { status: "REQUESTED", bookedById: null, requestedById: child.guardianId, idempotencyKey });
  const now = clock.now();
  await recordAudit(db, now, { type: "GUARDIAN", id: child.guardianId }, "reunion.request", "ReunionSession", id, { start: plan.start, minutes: plan.minutes });
  const asker = await db.guardian.findUniqueOrThrow({ where: { id: child.guardianId }, select: { name: true, relation: true } });
  const text = requestNoticeText.toCoordinator({ id, start: plan.start, end: plan.end, roomName: plan.roomName, childName: plan.childName, className: plan.className }, asker);
  for (const s of await coordinatorsOf(deps, child.schoolId)) await enqueue(db, { dedupeKey: `reunion-request:${id}:${s.id}`, to: { kind: "CONTACT", id: s.contactId }, text }, now);
  return { kind: "requested", id };
}

/** The bound, active coordinators and admins of school `schoolId` (who answer requests). */
export async function coordinatorsOf({ db }: Deps, schoolId: number): Promise<{ id: number; contactId: string }[]> {
  const rows = await db.staff.findMany({ where: { schoolId, active: true, role: { in: ["COORDINATOR", "ADMIN"] }, identity: { isNot: null } }, select: { id: true, identity: { select: { contactId: true } } }, orderBy: { id: "asc" } });
  return rows.map((s) => ({ id: s.id, contactId: s.identity!.contactId }));
}
