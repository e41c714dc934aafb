/**
 * Teacher updates (近况, issue #4 point 6): a teacher's news about one child, or about a whole
 * class, stored as a TeacherUpdate and relayed privately through the outbox to every bound
 * guardian (updates-family.ts chooses the form). Authorisation is inside: teachers post for the
 * children and classes they teach (directory.ts classesOfTeacher), coordinators and admins for
 * the whole school. A child outside the scope is not told apart from one that does not exist.
 *
 * Pictures, voice notes and files sent right after an update: updates-media.ts. What guardians
 * read back: updates-query.ts.
 */
import type { Deps } from "./deps.ts";
import type { StaffBinding } from "./identities.ts";
import type { StudentStatus } from "../generated/prisma/enums.ts";
import { DomainError } from "./errors.ts";
import { classesOfTeacher } from "./directory.ts";
import { scopeOf, studentsInScope, type StudentScope } from "./students.ts";
import { touchParentContact } from "./contact.ts";
import { classKey } from "./roster/normalize.ts";
import { loadFamilies, recipientsOf, relayToRecipients, type Family, type FamilyMember } from "./updates-family.ts";
import { relayText } from "../messages/updates.ts";

/** Prisma filter on Student for `scope` (students.ts studentsInScope: classes taught and paired children). */
export function studentScopeFilter(scope: StudentScope) {
  return studentsInScope(scope);
}

/** A guardian as the teacher's reply names them. */
export interface NamedGuardian {
  name: string;
  relationLabel: string;
}

const named = (m: FamilyMember): NamedGuardian => ({ name: m.name, relationLabel: m.relationLabel });

/** The outcome of {@link postStudentUpdate}. */
export type StudentUpdateResult =
  | { kind: "inactive"; childName: string; status: Exclude<StudentStatus, "ACTIVE">; reason: string | null }
  | {
      kind: "posted";
      updateId: number;
      childName: string;
      /** Guardians it was relayed to (one per WeChat contact), father, mother, caregivers, others. */
      delivered: NamedGuardian[];
      /** Guardians not bound on WeChat, who did not receive it. */
      unbound: NamedGuardian[];
    };

/**
 * Stores `text` as an update about child `studentId` by `staff` and relays it to every bound
 * guardian (dedupe key `update:<id>:g<guardianId>`); moves the child's last family contact to
 * now when at least one guardian receives it. A child who is not ACTIVE gets no update
 * (kind "inactive", nothing stored). Throws DomainError NOT_FOUND when the child does not exist
 * or is outside the staff member's scope.
 */
export async function postStudentUpdate(deps: Deps, input: { staff: StaffBinding; studentId: number; text: string }): Promise<StudentUpdateResult> {
  const { db, clock } = deps;
  const scope = scopeOf(input.staff);
  const s = await db.student.findFirst({
    where: { id: input.studentId, ...studentScopeFilter(scope) },
    select: { id: true, name: true, status: true, statusReason: true, class: { select: { name: true } } },
  });
  if (!s) throw new DomainError("NOT_FOUND", { what: "学生" });
  if (s.status !== "ACTIVE") return { kind: "inactive", childName: s.name, status: s.status, reason: s.statusReason };
  const now = clock.now();
  const families = await loadFamilies(db, [s.id]);
  const recipients = recipientsOf(families);
  const update = await db.teacherUpdate.create({
    data: { schoolId: scope.schoolId, authorId: input.staff.id, studentId: s.id, text: input.text, createdAt: now, recipients: recipients.length },
  });
  const header = { className: s.class.name, teacherName: input.staff.name, childName: s.name };
  await relayToRecipients(db, recipients, { keyPrefix: `update:${update.id}`, now, render: (carers) => relayText.student({ ...header, text: input.text, carers }) });
  if (recipients.length > 0) await touchParentContact(deps, [s.id], now);
  const members = families[0]?.members ?? [];
  return {
    kind: "posted",
    updateId: update.id,
    childName: s.name,
    delivered: recipients.map((r) => named(r.member)),
    unbound: members.filter((m) => m.contactId === null).map(named),
  };
}

/** A class an update may name, and whether the sender may post to it. */
export interface UpdateClass {
  id: number;
  name: string;
  /** False for a teacher who neither is the homeroom teacher of the class nor teaches it. */
  inScope: boolean;
}

/**
 * The class of `scope`'s school that `query` names, written as the roster writes it or as the
 * roster import matches it (`三年级1班` finds `三年级(1)班`; roster/normalize.ts classKey), or
 * null. A class outside a teacher's classes is returned with inScope false (class names are
 * not secret; children's data is).
 */
export async function findUpdateClass({ db }: Deps, input: { scope: StudentScope; query: string }): Promise<UpdateClass | null> {
  const q = input.query.trim();
  if (!q) return null;
  const classes = await db.class.findMany({ where: { schoolId: input.scope.schoolId }, select: { id: true, name: true } });
  const found = classes.find((c) => c.name === q) ?? classes.find((c) => classKey(c.name) === classKey(q));
  if (!found) return null;
  if (input.scope.teacherId === null) return { ...found, inScope: true };
  const mine = await db.class.count({ where: { id: found.id, ...classesOfTeacher(input.scope.teacherId) } });
  return { ...found, inScope: mine > 0 };
}

/** Who a class update would reach: its ACTIVE children's families and their bound contacts. */
export interface ClassAudience {
  className: string;
  /** ACTIVE children of the class (one family each). */
  children: number;
  /** Distinct WeChat contacts that receive it. */
  guardians: number;
  /** ACTIVE children none of whose guardians is bound on WeChat, in roster order. */
  childrenWithoutBound: string[];
}

async function classFamilies(deps: Deps, scope: StudentScope, classId: number): Promise<{ className: string; families: Family[] }> {
  const cls = await deps.db.class.findFirst({
    where: { id: classId, schoolId: scope.schoolId, ...(scope.teacherId !== null ? classesOfTeacher(scope.teacherId) : {}) },
    select: { name: true, students: { where: { status: "ACTIVE" }, select: { id: true } } },
  });
  if (!cls) throw new DomainError("NOT_FOUND", { what: "班级" });
  return { className: cls.name, families: await loadFamilies(deps.db, cls.students.map((s) => s.id)) };
}

function audienceOf(className: string, families: Family[]): ClassAudience {
  return {
    className,
    children: families.length,
    guardians: recipientsOf(families).length,
    childrenWithoutBound: families.filter((f) => f.members.every((m) => m.contactId === null)).map((f) => f.childName),
  };
}

/**
 * The audience of a class update, for the confirmation step. Throws DomainError NOT_FOUND when
 * the class does not exist or is outside `staff`'s classes.
 */
export async function previewClassUpdate(deps: Deps, input: { staff: StaffBinding; classId: number }): Promise<ClassAudience> {
  const { className, families } = await classFamilies(deps, scopeOf(input.staff), input.classId);
  return audienceOf(className, families);
}

/**
 * Stores `text` as an update about class `classId` by `staff` and relays it to every bound
 * guardian of the class's ACTIVE children, one message per WeChat contact (dedupe key
 * `update:<id>:g<guardianId>`). Does not move the children's last family contact (a broadcast
 * is not contact with each family; see contact.ts). Throws DomainError NOT_FOUND when the class
 * does not exist or is outside `staff`'s classes.
 */
export async function postClassUpdate(deps: Deps, input: { staff: StaffBinding; classId: number; text: string }): Promise<ClassAudience & { updateId: number }> {
  const { db, clock } = deps;
  const scope = scopeOf(input.staff);
  const { className, families } = await classFamilies(deps, scope, input.classId);
  const recipients = recipientsOf(families);
  const now = clock.now();
  const update = await db.teacherUpdate.create({
    data: { schoolId: scope.schoolId, authorId: input.staff.id, classId: input.classId, text: input.text, createdAt: now, recipients: recipients.length },
  });
  await relayToRecipients(db, recipients, {
    keyPrefix: `update:${update.id}`,
    now,
    render: (carers) => relayText.classWide({ className, teacherName: input.staff.name, text: input.text, carers }),
  });
  return { ...audienceOf(className, families), updateId: update.id };
}
