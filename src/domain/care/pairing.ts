/**
 * Pairing (结对帮扶, issue #6 point 5): a coordinator pairs a mentor teacher with a child. A
 * child has at most one active Pairing (endedAt null); pairing again replaces it. One teacher
 * may mentor several children. The mentor is told through the outbox which child and what is
 * expected (growth diary, home visit); a replaced mentor is told the pairing ended. A paired
 * teacher's scope includes the child (domain/students.ts studentsInScope).
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import type { StaffRole } from "../../generated/prisma/enums.ts";
import { DomainError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { pairText } from "../../messages/care.ts";
import { getChildInScope, requireCoordinator, staffContact, type CareChild } from "./common.ts";

/** A staff member a coordinator may mean by a name, for a numbered choice. */
export interface MentorCandidate {
  id: number;
  name: string;
  role: StaffRole;
  /** Classes they are homeroom teacher of, then other classes they teach. */
  classes: string[];
}

/**
 * The active staff of school `schoolId` called `query` (exact name; a trailing 老师 is dropped
 * when nothing matches with it). [] when none. Sorted by id.
 */
export async function findMentors({ db }: Deps, input: { schoolId: number; query: string }): Promise<MentorCandidate[]> {
  const find = (name: string) =>
    db.staff.findMany({
      where: { schoolId: input.schoolId, active: true, name },
      select: { id: true, name: true, role: true, homeroomOf: { select: { name: true } }, teaches: { select: { class: { select: { name: true } } } } },
      orderBy: { id: "asc" },
    });
  const q = input.query.trim();
  let rows = q ? await find(q) : [];
  if (rows.length === 0 && q.length > 2 && q.endsWith("老师")) rows = await find(q.slice(0, -2));
  return rows.map((s) => ({ id: s.id, name: s.name, role: s.role, classes: [...new Set([...s.homeroomOf.map((c) => c.name), ...s.teaches.map((t) => t.class.name)])] }));
}

/** What {@link pairMentor} did. */
export type PairResult =
  | { kind: "inactive"; child: CareChild }
  | { kind: "same"; child: CareChild; mentorName: string }
  | {
      kind: "paired";
      pairingId: number;
      child: CareChild;
      mentorName: string;
      /** False when the mentor is not bound on WeChat (they were not told). */
      mentorNotified: boolean;
      /** The mentor whose pairing this one replaced, and whether they were told. */
      replaced: { name: string; notified: boolean } | null;
    };

/**
 * Pairs mentor `staffId` with child `studentId` (both of the coordinator's school; the mentor
 * active). A child no longer ACTIVE is not paired (kind "inactive"); the same pairing again
 * changes nothing (kind "same"). Otherwise the child's open pairing is ended, a new one
 * created, the new mentor told (dedupe key `pairing:<id>:mentor`) and the replaced mentor
 * told (`pairing:<oldId>:ended`), when bound. Audited as `pair`. Throws DomainError FORBIDDEN
 * for a teacher, NOT_FOUND for a child or staff member not in the school.
 */
export async function pairMentor(deps: Deps, input: { coordinator: StaffBinding; staffId: number; studentId: number }): Promise<PairResult> {
  const { db, clock, settings } = deps;
  requireCoordinator(input.coordinator);
  const schoolId = input.coordinator.schoolId;
  const child = await getChildInScope(deps, input.coordinator, input.studentId);
  const mentor = await db.staff.findFirst({ where: { id: input.staffId, schoolId, active: true }, select: { id: true, name: true } });
  if (!mentor) throw new DomainError("NOT_FOUND", { what: "教师" });
  if (child.status !== "ACTIVE") return { kind: "inactive", child };
  const open = await db.pairing.findFirst({ where: { studentId: child.id, endedAt: null }, include: { staff: { select: { name: true } } } });
  if (open?.staffId === mentor.id) return { kind: "same", child, mentorName: mentor.name };
  const now = clock.now();
  let replaced: { name: string; notified: boolean } | null = null;
  if (open) {
    await db.pairing.update({ where: { id: open.id }, data: { endedAt: now } });
    const to = await staffContact(db, open.staffId);
    if (to) {
      const text = pairText.replacedNotice({ coordinatorName: input.coordinator.name, childName: child.name, className: child.className, newMentor: mentor.name });
      await enqueue(db, { dedupeKey: `pairing:${open.id}:ended`, to: { kind: "CONTACT", id: to }, text }, now);
    }
    replaced = { name: open.staff.name, notified: to !== null };
  }
  const row = await db.pairing.create({ data: { schoolId, staffId: mentor.id, studentId: child.id, createdById: input.coordinator.id, createdAt: now } });
  const to = await staffContact(db, mentor.id);
  if (to) {
    const text = pairText.mentorNotice({ coordinatorName: input.coordinator.name, childName: child.name, className: child.className, diaryDays: settings.mentorDiaryDays });
    await enqueue(db, { dedupeKey: `pairing:${row.id}:mentor`, to: { kind: "CONTACT", id: to }, text }, now);
  }
  await recordAudit(db, now, { type: "STAFF", id: input.coordinator.id }, "pair", "Student", child.id, { pairingId: row.id, mentorId: mentor.id, replacedPairingId: open?.id ?? null });
  return { kind: "paired", pairingId: row.id, child, mentorName: mentor.name, mentorNotified: to !== null, replaced };
}

/** What {@link endPairing} did: nothing (no open pairing), or ended the pairing with the mentor named. */
export type EndPairingResult = { kind: "none"; child: CareChild } | { kind: "ended"; child: CareChild; mentorName: string; notified: boolean };

/**
 * Ends child `studentId`'s open pairing (`取消结对`) and tells the mentor when bound (dedupe key
 * `pairing:<id>:ended`). Audited as `unpair`. Throws DomainError FORBIDDEN for a teacher,
 * NOT_FOUND for a child not in the coordinator's school.
 */
export async function endPairing(deps: Deps, input: { coordinator: StaffBinding; studentId: number }): Promise<EndPairingResult> {
  const { db, clock } = deps;
  requireCoordinator(input.coordinator);
  const child = await getChildInScope(deps, input.coordinator, input.studentId);
  const open = await db.pairing.findFirst({ where: { studentId: child.id, endedAt: null }, include: { staff: { select: { name: true } } } });
  if (!open) return { kind: "none", child };
  const now = clock.now();
  await db.pairing.update({ where: { id: open.id }, data: { endedAt: now } });
  const to = await staffContact(db, open.staffId);
  if (to) {
    const text = pairText.endedNotice({ coordinatorName: input.coordinator.name, childName: child.name, className: child.className });
    await enqueue(db, { dedupeKey: `pairing:${open.id}:ended`, to: { kind: "CONTACT", id: to }, text }, now);
  }
  await recordAudit(db, now, { type: "STAFF", id: input.coordinator.id }, "unpair", "Student", child.id, { pairingId: open.id, mentorId: open.staffId });
  return { kind: "ended", child, mentorName: open.staff.name, notified: to !== null };
}
