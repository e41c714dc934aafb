/**
 * Study buddies (学习帮手, issue #6 point 5): a classmate recorded as a child's learning
 * helper, by staff who have the child in scope. One row per child and buddy (StudyBuddy's
 * unique key); shown in `我的结对`. The buddy is always a classmate: an ACTIVE child of the
 * same class, found there by name or student number whatever the sender's own scope.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { normalizeNameQuery, type StudentMatch } from "../students.ts";
import { getChildInScope, type CareChild } from "./common.ts";

/**
 * The ACTIVE classmates of child `studentId` (not the child) that `query` names: a student
 * number exactly, else the exact name. Throws DomainError NOT_FOUND when the child is outside
 * `staff`'s scope.
 */
export async function findClassmates(deps: Deps, input: { staff: StaffBinding; studentId: number; query: string }): Promise<{ child: CareChild; matches: StudentMatch[] }> {
  const child = await getChildInScope(deps, input.staff, input.studentId);
  const name = normalizeNameQuery(input.query);
  const where = { classId: child.classId, status: "ACTIVE" as const, id: { not: child.id } };
  const select = { id: true, name: true, studentNo: true, status: true } as const;
  let rows = name ? await deps.db.student.findMany({ where: { ...where, studentNo: name.normalize("NFKC") }, select, orderBy: { id: "asc" } }) : [];
  if (rows.length === 0 && name) rows = await deps.db.student.findMany({ where: { ...where, name }, select, orderBy: { id: "asc" } });
  return { child, matches: rows.map((r) => ({ ...r, className: child.className })) };
}

/** What {@link addStudyBuddy} did. */
export type BuddyResult = { kind: "inactive" | "exists" | "added"; child: CareChild; buddyName: string };

/**
 * Records classmate `buddyId` as child `studentId`'s study buddy. A child no longer ACTIVE gets
 * none (kind "inactive"); the same pair again changes nothing (kind "exists"). Audited as
 * `study-buddy`. Throws DomainError NOT_FOUND when the child is outside `staff`'s scope or the
 * buddy is not an ACTIVE classmate.
 */
export async function addStudyBuddy(deps: Deps, input: { staff: StaffBinding; studentId: number; buddyId: number }): Promise<BuddyResult> {
  const { db, clock } = deps;
  const child = await getChildInScope(deps, input.staff, input.studentId);
  const buddy = await db.student.findFirst({ where: { id: input.buddyId, classId: child.classId, status: "ACTIVE", NOT: { id: child.id } }, select: { id: true, name: true } });
  if (!buddy) throw new DomainError("NOT_FOUND", { what: "同学" });
  if (child.status !== "ACTIVE") return { kind: "inactive", child, buddyName: buddy.name };
  const existing = await db.studyBuddy.findUnique({ where: { studentId_buddyId: { studentId: child.id, buddyId: buddy.id } } });
  if (existing) return { kind: "exists", child, buddyName: buddy.name };
  const now = clock.now();
  const row = await db.studyBuddy.create({ data: { studentId: child.id, buddyId: buddy.id, createdById: input.staff.id, createdAt: now } });
  await recordAudit(db, now, { type: "STAFF", id: input.staff.id }, "study-buddy", "Student", child.id, { buddyId: buddy.id, rowId: row.id });
  return { kind: "added", child, buddyName: buddy.name };
}
