/**
 * Coordinators answer parents' requests (issue #5 point 4): `同意` books a REQUESTED session
 * (rules re-checked then), `拒绝` rejects it with a reason; either way the asking guardian is told.
 * A request nobody answered is rejected by a minute job once it can no longer be approved (less
 * than the minimum notice before its start), and the asker and the coordinators are told once.
 * Instants are epoch ms.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import type { ReunionStatus } from "../../generated/prisma/enums.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { bookingNoticeText } from "../../messages/reunion-booking.ts";
import { requestNoticeText, EXPIRED_REASON } from "../../messages/reunion-requests.ts";
import { assertBooker, checkIn, type BookingReason } from "./booking.ts";
import { notifyBooking } from "./booking-people.ts";
import { planReminders } from "./reminders.ts";
import { loadSession, type StoredSession } from "./session.ts";
import { coordinatorsOf } from "./requests.ts";

/**
 * A review's answer: NOT_FOUND (no such session in the coordinator's school), NOT_REQUESTED
 * (its status now), REFUSED (approval no longer passes the rules: `reasons`), or done.
 */
export type ReviewResult =
  | { kind: "not-found" }
  | { kind: "not-requested"; status: ReunionStatus }
  | { kind: "refused"; reasons: BookingReason[]; session: StoredSession }
  | { kind: "done"; session: StoredSession };

/** Session `id` if it is a REQUESTED one of `staff`'s school, else the answer why not. FORBIDDEN for a teacher. */
async function requestOf(deps: Deps, staff: StaffBinding, id: number): Promise<StoredSession | Exclude<ReviewResult, { kind: "refused" | "done" }>> {
  assertBooker(staff);
  const s = await loadSession(deps.db, id);
  if (!s || s.schoolId !== staff.schoolId) return { kind: "not-found" };
  if (s.status !== "REQUESTED") return { kind: "not-requested", status: s.status };
  return s;
}

/** Moves `s` from REQUESTED to `data` only if still REQUESTED (two coordinators answering at once: one wins). */
async function settle({ db, clock }: Deps, s: StoredSession, data: { status: "BOOKED" | "REJECTED"; bookedById?: number; changeReason?: string; changedById?: number | null }): Promise<boolean> {
  const r = await db.reunionSession.updateMany({ where: { id: s.id, status: "REQUESTED" }, data: { ...data, updatedAt: clock.now() } });
  return r.count === 1;
}

/** The asking guardian's WeChat contact, or null (unbound since, or no asker). */
async function askerContact({ db }: Deps, s: StoredSession): Promise<string | null> {
  if (s.requestedById === null) return null;
  const g = await db.guardian.findUnique({ where: { id: s.requestedById }, select: { identity: { select: { contactId: true } } } });
  return g?.identity?.contactId ?? null;
}

/**
 * `同意 <编号>`: re-checks the rules (the session's own place left out), then BOOKED with
 * `bookedById`, the booking notices (booking-people.ts notifyBooking) and reminders
 * (reminders.ts). The asker's own notice starts with the approval: written first under the
 * dedupe key notifyBooking uses for that participant, so they get one message, not two.
 */
export async function approveRequest(deps: Deps, staff: StaffBinding, id: number): Promise<ReviewResult> {
  const s = await requestOf(deps, staff, id);
  if (!("id" in s)) return s;
  const c = await checkIn(deps, s.roomId, s.studentId, s.start, (s.end - s.start) / 60_000, s.id);
  if (c.reasons.length) return { kind: "refused", reasons: c.reasons, session: s };
  if (!(await settle(deps, s, { status: "BOOKED", bookedById: staff.id }))) return { kind: "not-requested", status: (await loadSession(deps.db, id))!.status };
  const contact = await askerContact(deps, s);
  if (contact) {
    const teacher = s.supervisor?.name ?? null;
    const parent = s.parents.find((p) => p.id === s.requestedById);
    const carer = s.caregivers.find((p) => p.id === s.requestedById);
    const key = parent ? `parent:${parent.id}` : carer ? `carer:${carer.id}` : "asker";
    const notice = parent ? bookingNoticeText.parent(s, teacher, parent.workCity) : carer ? bookingNoticeText.caregiver(s, s.parents) : requestNoticeText.bookedForOther(s);
    await enqueue(deps.db, { dedupeKey: `reunion-booked:${s.id}:${key}`, to: { kind: "CONTACT", id: contact }, text: requestNoticeText.approved(notice) }, deps.clock.now());
  }
  // The parent who asked for this time has said they will take it: not reported as unconfirmed.
  if (s.parents.some((p) => p.id === s.requestedById)) await deps.db.reunionParticipant.updateMany({ where: { sessionId: s.id, guardianId: s.requestedById!, confirmedAt: null }, data: { confirmedAt: deps.clock.now() } });
  await notifyBooking(deps, s.id, s);
  await planReminders(deps, s.id);
  return { kind: "done", session: { ...s, status: "BOOKED", bookedById: staff.id } };
}

/** `拒绝 <编号> <原因>`: REJECTED with `reason` and `changedById`; the asker is told the reason. `reason` must be non-empty (the command asks for it). */
export async function rejectRequest(deps: Deps, staff: StaffBinding, id: number, reason: string): Promise<ReviewResult> {
  const s = await requestOf(deps, staff, id);
  if (!("id" in s)) return s;
  if (!(await settle(deps, s, { status: "REJECTED", changeReason: reason, changedById: staff.id }))) return { kind: "not-requested", status: (await loadSession(deps.db, id))!.status };
  const contact = await askerContact(deps, s);
  if (contact) await enqueue(deps.db, { dedupeKey: `reunion-rejected:${s.id}`, to: { kind: "CONTACT", id: contact }, text: requestNoticeText.rejected(s, reason) }, deps.clock.now());
  return { kind: "done", session: { ...s, status: "REJECTED" } };
}

/** The REQUESTED sessions of `staff`'s school from now on, by start, with their asker's name and relation. FORBIDDEN for a teacher. */
export async function listRequests(deps: Deps, staff: StaffBinding): Promise<(StoredSession & { asker: string })[]> {
  assertBooker(staff);
  const rows = await deps.db.reunionSession.findMany({ where: { schoolId: staff.schoolId, status: "REQUESTED" }, orderBy: [{ startAt: "asc" }, { id: "asc" }], select: { id: true } });
  const out: (StoredSession & { asker: string })[] = [];
  for (const r of rows) {
    const s = (await loadSession(deps.db, r.id))!;
    const g = s.requestedById === null ? null : await deps.db.guardian.findUnique({ where: { id: s.requestedById }, select: { name: true, relation: true } });
    out.push({ ...s, asker: g ? requestNoticeText.asker(g) : "" });
  }
  return out;
}

/**
 * Minute job: every REQUESTED session starting within the minimum notice (REUNION_MIN_NOTICE_MIN)
 * can no longer be approved, so it becomes REJECTED with reason 学校未及时处理 (changedById
 * null); the asker and the school's coordinators are told once (dedupe keys
 * `reunion-expired:<id>:<who>`). Returns how many requests expired.
 */
export async function expireRequests(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.reunionSession.findMany({ where: { status: "REQUESTED", startAt: { lt: new Date(now.getTime() + deps.settings.reunionMinNoticeMin * 60_000) } }, select: { id: true }, orderBy: { id: "asc" } });
  let n = 0;
  for (const { id } of due) {
    const s = (await loadSession(deps.db, id))!;
    if (!(await settle(deps, s, { status: "REJECTED", changeReason: EXPIRED_REASON, changedById: null }))) continue;
    n++;
    const contact = await askerContact(deps, s);
    if (contact) await enqueue(deps.db, { dedupeKey: `reunion-expired:${id}:asker`, to: { kind: "CONTACT", id: contact }, text: requestNoticeText.expiredToAsker(s) }, now);
    for (const c of await coordinatorsOf(deps, s.schoolId)) await enqueue(deps.db, { dedupeKey: `reunion-expired:${id}:${c.id}`, to: { kind: "CONTACT", id: c.contactId }, text: requestNoticeText.expiredToCoordinator(s) }, now);
  }
  return n;
}
