/**
 * Children's files (档案) in chat, for staff within their scope: finding a child by name or
 * student number, the file summary, the contact card and the coverage figures (issue #3
 * points 5-7). Read-only; guardians' own corrections are in domain/guardian-self.ts.
 *
 * Scope rule (shared/design.md, "Roles"): coordinators and admins read the whole school;
 * teachers read the children of the classes they are homeroom teacher of or teach
 * (directory.ts classesOfTeacher), and the children paired with them as mentor. A child outside
 * the scope is treated exactly like a child
 * that does not exist, so a probe learns nothing.
 */
import type { Deps } from "./deps.ts";
import type { StaffBinding } from "./identities.ts";
import { DomainError } from "./errors.ts";
import { classesOfTeacher } from "./directory.ts";
import { compareClasses, loadContactCards, type ContactCard } from "./cards.ts";
import { computeCoverage, type CoverageReport } from "./coverage.ts";
import { normalizeName } from "./roster/normalize.ts";
import { RELATION_LABEL, type StudentFileView, type FilePerson } from "../messages/zh.ts";

/** Which children a staff member may read: the whole school (teacherId null) or one teacher's classes. */
export interface StudentScope {
  schoolId: number;
  /** Null for coordinators and admins (the whole school). */
  teacherId: number | null;
}

/** The scope of a bound staff member: coordinators and admins the school, teachers their classes. */
export function scopeOf(staff: StaffBinding): StudentScope {
  return { schoolId: staff.schoolId, teacherId: staff.role === "TEACHER" ? staff.id : null };
}

/**
 * Whether `staff` sees phones in full in chat: coordinators and admins when the
 * COORDINATORS_SEE_FULL_PHONES setting allows it, teachers never (issue #3 point 6).
 */
export function seesFullPhones({ settings }: Deps, staff: StaffBinding): boolean {
  return staff.role !== "TEACHER" && settings.coordinatorsSeeFullPhones;
}

/**
 * The Prisma filter of the children in `scope`: the school, and for a teacher the classes they
 * teach or the children paired with them as mentor (Pairing not ended; issue #6 point 5).
 */
export function studentsInScope(scope: StudentScope) {
  if (scope.teacherId === null) return { schoolId: scope.schoolId };
  return { schoolId: scope.schoolId, OR: [{ class: classesOfTeacher(scope.teacherId) }, { pairings: { some: { staffId: scope.teacherId, endedAt: null } } }] };
}

/** A child a query matched, for a numbered choice. */
export interface StudentMatch {
  id: number;
  name: string;
  className: string;
  studentNo: string | null;
  status: StudentFileView["status"];
}

/**
 * Normalises a typed child's name for lookup the way the roster stores names (roster/normalize.ts
 * normalizeName: spaces trimmed, middle dots unified to U+00B7), trailing punctuation
 * (`张小明？`) dropped.
 */
export function normalizeNameQuery(query: string): string {
  return normalizeName(query.trim().replace(/[。!！?？,，~～]+$/u, ""));
}

/**
 * The children in `scope` that `query` means: a student number matches exactly (full-width
 * digits folded); otherwise the exact name. Children of every status are found (a transferred
 * child's file is still kept). Sorted by grade, class, student number. [] when none.
 */
export async function findStudentsInScope({ db }: Deps, input: { scope: StudentScope; query: string }): Promise<StudentMatch[]> {
  const name = normalizeNameQuery(input.query);
  if (!name) return [];
  const select = { id: true, name: true, studentNo: true, status: true, class: { select: { id: true, name: true, grade: true } } } as const;
  const where = studentsInScope(input.scope);
  const number = name.normalize("NFKC");
  let rows = /^[0-9A-Za-z-]+$/.test(number) ? await db.student.findMany({ where: { ...where, studentNo: number }, select }) : [];
  if (rows.length === 0) rows = await db.student.findMany({ where: { ...where, name }, select });
  rows.sort((a, b) => compareClasses(a.class, b.class) || (a.studentNo ?? "").localeCompare(b.studentNo ?? "") || a.id - b.id);
  return rows.map((r) => ({ id: r.id, name: r.name, className: r.class.name, studentNo: r.studentNo, status: r.status }));
}

const PARENT_RANK = { FATHER: 0, MOTHER: 1 } as Record<string, number>;

/**
 * The file of child `studentId` as a chat summary shows it, with every guardian (father,
 * mother, caregivers, others). Throws DomainError NOT_FOUND when the child does not exist or
 * is outside `scope` (the two are not told apart).
 */
export async function getStudentFile({ db }: Deps, input: { scope: StudentScope; studentId: number }): Promise<StudentFileView> {
  const s = await db.student.findFirst({
    where: { id: input.studentId, ...studentsInScope(input.scope) },
    include: {
      class: { select: { name: true } },
      guardians: { include: { guardian: true } },
      pairings: { where: { endedAt: null }, take: 1, select: { staff: { select: { name: true } } } },
      buddies: { orderBy: { id: "asc" }, select: { buddy: { select: { name: true } } } },
      talks: { orderBy: { talkedAt: "desc" }, take: 1, select: { talkedAt: true } },
      watchEntries: { where: { endedAt: null }, take: 1, select: { level: true, reason: true } },
      carePlans: { where: { closedAt: null }, orderBy: { id: "desc" }, take: 1, select: { reviewOn: true } },
    },
  });
  if (!s) throw new DomainError("NOT_FOUND", { what: "学生" });
  const rank = (g: { relation: string; isCaregiver: boolean }) => PARENT_RANK[g.relation] ?? (g.isCaregiver ? 2 : 3);
  const people: FilePerson[] = s.guardians
    .map((sg) => sg.guardian)
    .sort((a, b) => rank(a) - rank(b) || a.id - b.id)
    .map((g) => ({
      parent: g.relation === "FATHER" || g.relation === "MOTHER" ? g.relation : null,
      name: g.name,
      relationLabel: g.relationLabel ?? RELATION_LABEL[g.relation],
      isCaregiver: g.isCaregiver,
      worksAway: g.worksAway,
      workCity: g.workCity,
      employer: g.employer,
      phone: g.phone,
      age: g.age,
      occupation: g.occupation,
      health: g.health,
    }));
  return {
    name: s.name,
    gender: s.gender,
    ethnicity: s.ethnicity,
    birthDate: s.birthDate,
    className: s.class.name,
    studentNo: s.studentNo,
    status: s.status,
    statusReason: s.statusReason,
    statusDate: s.statusDate,
    leftBehindType: s.leftBehindType,
    boarding: s.boarding,
    health: s.health,
    healthNote: s.healthNote,
    guardianship: s.guardianship,
    priorityCare: s.priorityCare,
    homeAddress: s.homeAddress,
    idNumber: s.idNumber,
    people,
    incomeSources: s.incomeSources,
    aidReceived: s.aidReceived,
    notes: s.notes,
    care: {
      mentor: s.pairings[0]?.staff.name ?? null,
      buddies: s.buddies.map((b) => b.buddy.name),
      lastTalkAt: s.talks[0]?.talkedAt ?? null,
      watch: s.watchEntries[0] ?? null,
      planReviewOn: s.carePlans[0]?.reviewOn ?? null,
    },
  };
}

/**
 * The contact card (domain/cards.ts) of child `studentId`, whatever its status. Throws
 * DomainError NOT_FOUND when the child does not exist or is outside `scope`.
 */
export async function getStudentCard(deps: Deps, input: { scope: StudentScope; studentId: number }): Promise<ContactCard> {
  const inScope = await deps.db.student.findFirst({ where: { id: input.studentId, ...studentsInScope(input.scope) }, select: { id: true } });
  const [card] = inScope ? await loadContactCards(deps.db, { schoolId: input.scope.schoolId, studentIds: [input.studentId], includeInactive: true }) : [];
  if (!card) throw new DomainError("NOT_FOUND", { what: "学生" });
  return card;
}

/**
 * Coverage figures (domain/coverage.ts) for `scope`: the whole school, or the classes a
 * teacher is homeroom teacher of or teaches (an empty list when they have none).
 */
export async function getCoverage({ db }: Deps, scope: StudentScope): Promise<CoverageReport> {
  if (scope.teacherId === null) return computeCoverage(db, { schoolId: scope.schoolId });
  const classes = await db.class.findMany({ where: { schoolId: scope.schoolId, ...classesOfTeacher(scope.teacherId) }, select: { id: true } });
  return computeCoverage(db, { schoolId: scope.schoolId, classIds: classes.map((c) => c.id) });
}
