/**
 * Contact cards (联系卡): one view per child of the adults to call — parents (where they work,
 * their phones), the caregiver the child lives with, others on file — and the homeroom
 * teacher. Read-only; the completeness rule is in domain/completeness.ts.
 */
import type { Prisma, Tx } from "../db/client.ts";
import type { GuardianRelation, LeftBehindType, StudentStatus } from "../generated/prisma/enums.ts";
import { RELATION_LABEL } from "../messages/zh.ts";
import { cardGaps, fileGaps } from "./completeness.ts";

/** One adult on a child's contact card. Phones are normalised and UNMASKED: callers mask for display. */
export interface ContactCardPerson {
  guardianId: number;
  /**
   * FATHER / MOTHER for parents (with isCaregiver true when that parent is the one at home
   * caring for the child), CAREGIVER for another caregiver (grandparent, relative), OTHER else.
   */
  role: "FATHER" | "MOTHER" | "CAREGIVER" | "OTHER";
  isCaregiver: boolean;
  name: string;
  /** Chinese, e.g. 爸爸, 舅舅: Guardian.relationLabel, else RELATION_LABEL[relation]. */
  relationLabel: string;
  phone: string | null;
  worksAway: boolean;
  workCity: string | null;
  employer: string | null;
  /** Has a WechatIdentity. */
  bound: boolean;
}

/** A child's contact card. */
export interface ContactCard {
  studentId: number;
  studentName: string;
  studentNo: string | null;
  classId: number;
  className: string;
  gender: string | null;
  status: StudentStatus;
  leftBehindType: LeftBehindType;
  homeAddress: string | null;
  homeroomTeacher: { name: string; phone: string | null } | null;
  /** Father, mother, then caregiver(s), then others (by guardian id within each). */
  people: ContactCardPerson[];
  /** Chinese labels of what the card lacks, e.g. ["母亲电话", "监护人"] (completeness.ts cardGaps). */
  missing: string[];
}

/** A card with the labels of what the child's file (档案) lacks (completeness.ts fileGaps). */
export interface CardWithFileGaps {
  card: ContactCard;
  fileMissing: string[];
}

/** Scope of a card query: a school, optionally some classes or children. */
export interface CardScope {
  schoolId: number;
  classId?: number;
  classIds?: number[];
  studentIds?: number[];
  /** Also TRANSFERRED, GRADUATED and EXITED children (default: ACTIVE only). */
  includeInactive?: boolean;
}

/** Classes in display order: grade (unknown last), then name with numbers compared as numbers, then id. */
export function compareClasses(a: { grade: number | null; name: string; id: number }, b: { grade: number | null; name: string; id: number }): number {
  return (a.grade ?? Infinity) - (b.grade ?? Infinity) || a.name.localeCompare(b.name, "zh-CN", { numeric: true }) || a.id - b.id;
}

const ROLE_ORDER = { FATHER: 0, MOTHER: 1, CAREGIVER: 2, OTHER: 3 } as const;

function roleOf(relation: GuardianRelation, isCaregiver: boolean): ContactCardPerson["role"] {
  if (relation === "FATHER" || relation === "MOTHER") return relation;
  return isCaregiver ? "CAREGIVER" : "OTHER";
}

/**
 * Cards of the children in `where` with their file gaps, sorted by class (grade, name), then
 * student number (missing last), then name. One query for the students with their class,
 * homeroom teacher and guardians (Prisma batches the relations: no query per child).
 */
export async function listCardsWithFileGaps(db: Tx, where: CardScope): Promise<CardWithFileGaps[]> {
  const classFilter: Prisma.IntFilter[] = [];
  if (where.classId !== undefined) classFilter.push({ equals: where.classId });
  if (where.classIds) classFilter.push({ in: where.classIds });
  const rows = await db.student.findMany({
    where: {
      schoolId: where.schoolId,
      ...(classFilter.length ? { AND: classFilter.map((classId) => ({ classId })) } : {}),
      ...(where.studentIds ? { id: { in: where.studentIds } } : {}),
      ...(where.includeInactive ? {} : { status: "ACTIVE" as const }),
    },
    include: {
      class: { select: { id: true, name: true, grade: true, homeroomTeacher: { select: { name: true, phone: true } } } },
      guardians: { include: { guardian: { include: { identity: { select: { id: true } } } } } },
    },
  });
  rows.sort(
    (a, b) =>
      compareClasses(a.class, b.class) ||
      (a.studentNo === null ? 1 : 0) - (b.studentNo === null ? 1 : 0) ||
      (a.studentNo ?? "").localeCompare(b.studentNo ?? "", "zh-CN", { numeric: true }) ||
      a.name.localeCompare(b.name, "zh-CN") ||
      a.id - b.id,
  );
  return rows.map((s) => {
    const people: ContactCardPerson[] = s.guardians
      .map(({ guardian: g }) => ({
        guardianId: g.id,
        role: roleOf(g.relation, g.isCaregiver),
        isCaregiver: g.isCaregiver,
        name: g.name,
        relationLabel: g.relationLabel?.trim() || RELATION_LABEL[g.relation],
        phone: g.phone,
        worksAway: g.worksAway,
        workCity: g.workCity,
        employer: g.employer,
        bound: g.identity !== null,
      }))
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.guardianId - b.guardianId);
    const homeroomTeacher = s.class.homeroomTeacher ? { name: s.class.homeroomTeacher.name, phone: s.class.homeroomTeacher.phone } : null;
    const card: ContactCard = {
      studentId: s.id,
      studentName: s.name,
      studentNo: s.studentNo,
      classId: s.class.id,
      className: s.class.name,
      gender: s.gender,
      status: s.status,
      leftBehindType: s.leftBehindType,
      homeAddress: s.homeAddress,
      homeroomTeacher,
      people,
      missing: cardGaps({ leftBehindType: s.leftBehindType, homeroomTeacher, people }),
    };
    const fileMissing = fileGaps({
      name: s.name,
      gender: s.gender,
      birthDate: s.birthDate,
      leftBehindType: s.leftBehindType,
      homeAddress: s.homeAddress,
      guardians: s.guardians.map(({ guardian: g }) => ({ relation: g.relation, isCaregiver: g.isCaregiver })),
    });
    return { card, fileMissing };
  });
}

/**
 * Cards of ACTIVE children (all statuses with includeInactive) of school `schoolId`, optionally
 * of one class or some children, sorted by class then student number/name. Read-only; the
 * caller checks the reader's scope and masks phones for display.
 */
export async function loadContactCards(
  db: Tx,
  where: { schoolId: number; classId?: number; studentIds?: number[]; includeInactive?: boolean },
): Promise<ContactCard[]> {
  return (await listCardsWithFileGaps(db, where)).map((c) => c.card);
}
