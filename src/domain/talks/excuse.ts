/**
 * 免谈 / 请假 (issue #6 point 3): a child away for the whole period (with the parents, in
 * hospital) is excused from the talk. A homeroom teacher asks, a coordinator approves or
 * refuses; a coordinator may also excuse at once. An excused child leaves the digest and is not
 * counted as due in the completion rate. A reason is always required.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { periodFromKey, type TalkPeriod } from "../../lib/talk-period.ts";
import { excuseText } from "../../messages/talk-duty.ts";
import { coordinatorsOf, staffById } from "../hotline/common.ts";
import { ensureCurrentDuties, findDutiesOfChild, type DutyMatch } from "./current.ts";

const isCoordinator = (s: StaffBinding) => s.role !== "TEACHER";

/**
 * The children `query` names that `staff` may excuse this period: a teacher's own DUE duties,
 * a coordinator's whole school's. Duties of this period are made present first.
 */
export async function findExcusableChild(deps: Deps, staff: StaffBinding, query: string): Promise<{ period: TalkPeriod; matches: DutyMatch[] }> {
  const period = await ensureCurrentDuties(deps, staff.schoolId);
  const who = isCoordinator(staff) ? { schoolId: staff.schoolId } : { teacherId: staff.id };
  return { period, matches: await findDutiesOfChild(deps, { ...who, period: period.key, status: "DUE" }, query) };
}

/** The open 免谈 requests of coordinator `staff`'s school for the child `query` names. */
export function findRequestedChild(deps: Deps, staff: StaffBinding, query: string): Promise<DutyMatch[]> {
  return findDutiesOfChild(deps, { schoolId: staff.schoolId, status: "DUE", excuseState: "REQUESTED" }, query);
}

/** What {@link requestExcuse} did. */
export type ExcuseResult =
  | { kind: "requested"; name: string; reason: string; coordinatorsTold: number }
  | { kind: "already-requested"; name: string }
  | { kind: "excused"; name: string; className: string; period: TalkPeriod; reason: string };

async function loadDuty({ db }: Deps, dutyId: number) {
  const d = await db.talkDuty.findUnique({
    where: { id: dutyId },
    select: { id: true, schoolId: true, teacherId: true, status: true, period: true, excuseState: true, excuseById: true, student: { select: { name: true, class: { select: { name: true } } } } },
  });
  const period = d && periodFromKey(d.period);
  if (!d || !period) throw new DomainError("NOT_FOUND", { what: "学生" });
  return { ...d, period, name: d.student.name, className: d.student.class.name };
}

/**
 * `staff` asks that duty `dutyId` be excused for `reason` (trimmed, required). A teacher (the
 * duty's teacher): excuseState REQUESTED and every bound coordinator told how to decide. A
 * coordinator or admin: EXCUSED (APPROVED) at once, the duty's teacher told when bound and
 * someone else. Throws DomainError NOT_FOUND when the duty is not DUE or not the sender's to
 * excuse; INVALID_INPUT when the reason is empty.
 */
export async function requestExcuse(deps: Deps, staff: StaffBinding, dutyId: number, reason: string): Promise<ExcuseResult> {
  const { db, clock } = deps;
  const why = reason.trim();
  if (!why) throw new DomainError("INVALID_INPUT", { usage: excuseText.usage });
  const now = clock.now();
  const d = await loadDuty(deps, dutyId);
  const mine = isCoordinator(staff) ? d.schoolId === staff.schoolId : d.teacherId === staff.id;
  if (!mine || d.status !== "DUE") throw new DomainError("NOT_FOUND", { what: "学生" });
  if (isCoordinator(staff)) {
    await db.talkDuty.update({ where: { id: d.id }, data: { status: "EXCUSED", excuseState: "APPROVED", excuseReason: why, excuseById: staff.id, excuseDecidedById: staff.id, snoozedUntil: null, updatedAt: now } });
    const teacher = await staffById(deps, d.teacherId);
    if (teacher?.contactId && teacher.id !== staff.id) {
      await enqueue(db, { dedupeKey: `talk-excused:${d.id}`, to: { kind: "CONTACT", id: teacher.contactId }, text: excuseText.excusedToTeacher(staff.name, d.name, d.className, d.period, why) }, now);
    }
    return { kind: "excused", name: d.name, className: d.className, period: d.period, reason: why };
  }
  if (d.excuseState === "REQUESTED") return { kind: "already-requested", name: d.name };
  await db.talkDuty.update({ where: { id: d.id }, data: { excuseState: "REQUESTED", excuseReason: why, excuseById: staff.id, excuseDecidedById: null, updatedAt: now } });
  const coordinators = (await coordinatorsOf(deps, d.schoolId)).filter((c) => c.contactId);
  const text = excuseText.toCoordinator(staff.name, d.name, d.className, d.period, why);
  for (const c of coordinators) await enqueue(db, { dedupeKey: `talk-excuse-request:${d.id}:${now.getTime()}:${c.id}`, to: { kind: "CONTACT", id: c.contactId! }, text }, now);
  return { kind: "requested", name: d.name, reason: why, coordinatorsTold: coordinators.length };
}

/**
 * Coordinator `staff` approves (EXCUSED, APPROVED) or refuses (REJECTED, still DUE; `reason`
 * optional) the open 免谈 request of duty `dutyId`; the requesting teacher is told when bound.
 * Throws DomainError NOT_FOUND when there is no open request of the coordinator's school there;
 * FORBIDDEN for a teacher.
 */
export async function decideExcuse(deps: Deps, staff: StaffBinding, input: { dutyId: number; approve: boolean; reason?: string | null }): Promise<{ name: string; period: TalkPeriod; teacherTold: boolean }> {
  const { db, clock } = deps;
  if (!isCoordinator(staff)) throw new DomainError("FORBIDDEN");
  const now = clock.now();
  const d = await loadDuty(deps, input.dutyId);
  if (d.schoolId !== staff.schoolId || d.status !== "DUE" || d.excuseState !== "REQUESTED") throw new DomainError("NOT_FOUND", { what: "免谈申请" });
  const reason = input.reason?.trim() || null;
  await db.talkDuty.update({
    where: { id: d.id },
    data: input.approve ? { status: "EXCUSED", excuseState: "APPROVED", excuseDecidedById: staff.id, snoozedUntil: null, updatedAt: now } : { excuseState: "REJECTED", excuseDecidedById: staff.id, updatedAt: now },
  });
  const teacher = await staffById(deps, d.excuseById);
  const told = !!teacher?.contactId && teacher.id !== staff.id;
  if (told) {
    const text = input.approve ? excuseText.approvedToTeacher(staff.name, d.name, d.period) : excuseText.rejectedToTeacher(staff.name, d.name, d.period, reason);
    await enqueue(db, { dedupeKey: `talk-excuse-decision:${d.id}:${now.getTime()}`, to: { kind: "CONTACT", id: teacher.contactId! }, text }, now);
  }
  return { name: d.name, period: d.period, teacherTold: told };
}
