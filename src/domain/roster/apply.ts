/**
 * Writing a {@link RosterPlan} in the caller's transaction: new classes; new guardians, students,
 * links and audit rows in multi-row INSERTs (db/bulk.ts: Prisma's createMany is too slow for a
 * 5,000-child roster); field updates and unlinks one record at a time (only changed records);
 * one AuditLog row per created or updated record and per link change (phones and ID numbers
 * masked). All timestamps come from deps.clock.
 */
import type { Deps } from "../deps.ts";
import type { AuditActor } from "../audit.ts";
import { insertRows, insertRowsReturningIds } from "../../db/bulk.ts";
import { auditValue, type StudentData } from "./fields.ts";
import type { ClassRef, Ref, RosterPlan } from "./plan.ts";

/** What {@link applyRosterPlan} wrote. */
export interface ApplyResult {
  classesCreated: number;
  studentsCreated: number;
  studentsUpdated: number;
  guardiansCreated: number;
  guardiansUpdated: number;
  linksCreated: number;
  linksRemoved: number;
}

type AuditRow = { at: Date; actorType: string; actorId: string | null; action: string; entity: string; entityId: string | null; detail: string | null };

/** Masked copy of a record's fields for the audit log. */
function auditFields(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, auditValue(k, v)]));
}

/**
 * Writes `plan` for `actor` (the CLI operator, or a coordinator). Call inside one transaction
 * (withTx) together with the planning, so the import is all-or-nothing. `onProgress(done, total)`
 * counts records written.
 */
export async function applyRosterPlan(deps: Deps, plan: RosterPlan, actor: AuditActor, onProgress?: (done: number, total: number) => void): Promise<ApplyResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const audits: AuditRow[] = [];
  const audit = (action: string, entity: string, entityId: number | null, detail: Record<string, unknown>) =>
    audits.push({ at: now, actorType: actor.type, actorId: "id" in actor ? String(actor.id) : null, action, entity, entityId: entityId === null ? null : String(entityId), detail: JSON.stringify(detail) });
  /** Writes the audit rows collected so far (in steps, so thousands of them are never held at once). */
  const flushAudits = () => insertRows(db, "AuditLog", audits.splice(0));
  const total = plan.students.length + plan.guardians.length + plan.studentUpdates.length + plan.guardianUpdates.size;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };

  const classIds = new Map<string, number>();
  for (const c of plan.classes) {
    const row = await db.class.create({ data: { schoolId: plan.schoolId, name: c.name, grade: c.grade, createdAt: now } });
    classIds.set(c.key, row.id);
    audit("roster.class-created", "Class", row.id, { row: c.row, name: c.name, grade: c.grade });
  }
  const classId = (r: ClassRef) => ("id" in r ? r.id : classIds.get(r.newKey)!);

  const stamp = { schoolId: plan.schoolId, createdAt: now, updatedAt: now };
  const guardianIds = await insertRowsReturningIds(db, "Guardian", plan.guardians.map((g) => ({ ...g.data, ...stamp })), ["name", "phone"]);
  progress(plan.guardians.length);
  plan.guardians.forEach((g, i) => audit("roster.guardian-created", "Guardian", guardianIds[i]!, { row: g.row, fields: auditFields(g.data) }));
  await flushAudits();
  const guardianId = (r: Ref) => ("id" in r ? r.id : guardianIds[r.newIndex]!);

  const studentData = plan.students.map((s) => ({ ...s.data, classId: classId(s.classRef) }));
  const studentIds = await insertRowsReturningIds(db, "Student", studentData.map((d) => ({ ...d, ...stamp })), ["name", "studentNo"]);
  progress(plan.students.length);
  const studentId = (r: Ref) => ("id" in r ? r.id : studentIds[r.newIndex]!);
  const guardiansOfNew = new Map<number, number[]>();
  for (const l of plan.links) if ("newIndex" in l.student) guardiansOfNew.set(l.student.newIndex, [...(guardiansOfNew.get(l.student.newIndex) ?? []), guardianId(l.guardian)]);
  plan.students.forEach((s, i) =>
    audit("roster.student-created", "Student", studentIds[i]!, { row: s.row, fields: auditFields(studentData[i]!), guardianIds: guardiansOfNew.get(i) ?? [] }),
  );
  await flushAudits();

  for (const u of plan.studentUpdates) {
    const data: Partial<StudentData> = { ...u.data, ...(u.classRef ? { classId: classId(u.classRef) } : {}) };
    if (u.classRef) u.audit.classId = { old: u.audit.classId?.old ?? null, new: classId(u.classRef) };
    await db.student.updateMany({ where: { id: u.id }, data: { ...data, updatedAt: now } }); // updateMany: no read-back of the row
    audit("roster.student-updated", "Student", u.id, { row: u.row, changes: u.audit });
    progress(1);
  }
  for (const [id, u] of plan.guardianUpdates) {
    await db.guardian.updateMany({ where: { id }, data: { ...u.data, updatedAt: now } });
    audit("roster.guardian-updated", "Guardian", id, { rows: u.rows, changes: u.audit });
    progress(1);
  }

  for (const l of plan.unlinks) await db.studentGuardian.delete({ where: { studentId_guardianId: { studentId: l.studentId, guardianId: l.guardianId } } });
  for (const l of plan.unlinks) audit("roster.guardian-unlinked", "Student", l.studentId, { row: l.row, guardianId: l.guardianId });
  const links = plan.links.map((l) => ({ studentId: studentId(l.student), guardianId: guardianId(l.guardian) }));
  await insertRows(db, "StudentGuardian", links);
  plan.links.forEach((l, i) => {
    if ("id" in l.student) audit("roster.guardian-linked", "Student", links[i]!.studentId, { row: l.row, guardianId: links[i]!.guardianId });
  });

  await flushAudits();
  return {
    classesCreated: plan.classes.length,
    studentsCreated: plan.students.length,
    studentsUpdated: plan.studentUpdates.length,
    guardiansCreated: plan.guardians.length,
    guardiansUpdated: plan.guardianUpdates.size,
    linksCreated: plan.links.length,
    linksRemoved: plan.unlinks.length,
  };
}
