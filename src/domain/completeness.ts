/**
 * The completeness rules of a child's file (档案) and contact card (联系卡), in one place.
 *
 * Source: the school plan asks for "a file and a contact card for every left-behind child,
 * 100% coverage" (建档 and 联系卡, issue #3 point 5); the national 2016 registration form
 * (农村留守儿童基本情况登记表) names the fields. Coverage (domain/coverage.ts) counts a child
 * as 建档 when {@link fileGaps} is empty and as 联系卡完整 when {@link cardGaps} is empty;
 * contact cards (domain/cards.ts) carry {@link cardGaps} as `missing`. Pure functions.
 */
import type { GuardianRelation, LeftBehindType } from "../generated/prisma/enums.ts";
import { MISSING_LABEL } from "../messages/cards.ts";

/** What the file rule reads of a child. */
export interface FileFacts {
  name: string;
  gender: string | null;
  birthDate: Date | null;
  leftBehindType: LeftBehindType;
  homeAddress: string | null;
  guardians: { relation: GuardianRelation; isCaregiver: boolean }[];
}

/** What the card rule reads of a child's card. */
export interface CardFacts {
  leftBehindType: LeftBehindType;
  homeroomTeacher: unknown | null;
  people: { role: "FATHER" | "MOTHER" | "CAREGIVER" | "OTHER"; isCaregiver: boolean; worksAway: boolean; phone: string | null; workCity: string | null }[];
}

const blank = (s: string | null | undefined) => !s || !s.trim();

/**
 * Core file fields (档案 complete when none is missing): name, gender, birth date, home address,
 * at least one guardian (家长信息), and a caregiver (监护人) for a BOTH_AWAY child. Class and
 * left-behind type are required columns of the schema, so they are always present.
 * Returns the Chinese labels of the missing fields, in that order.
 */
export function fileGaps(f: FileFacts): string[] {
  const out: string[] = [];
  if (blank(f.name)) out.push(MISSING_LABEL.name);
  if (blank(f.gender)) out.push(MISSING_LABEL.gender);
  if (!f.birthDate) out.push(MISSING_LABEL.birthDate);
  if (blank(f.homeAddress)) out.push(MISSING_LABEL.homeAddress);
  if (f.guardians.length === 0) out.push(MISSING_LABEL.anyGuardian);
  if (f.leftBehindType === "BOTH_AWAY" && !f.guardians.some((g) => g.isCaregiver)) out.push(MISSING_LABEL.caregiver);
  return out;
}

/** The parents a left-behind type says are away. */
function awayByType(t: LeftBehindType): ("FATHER" | "MOTHER")[] {
  if (t === "BOTH_AWAY") return ["FATHER", "MOTHER"];
  if (t === "FATHER_AWAY") return ["FATHER"];
  if (t === "MOTHER_AWAY") return ["MOTHER"];
  return [];
}

/**
 * Contact card complete when none is missing:
 * - every parent away from home has a phone and a work city. Away means marked as working
 *   away, or named by the left-behind type (FATHER_AWAY: the father) and not marked as the
 *   caregiver; a parent the type names but who has no record at all is 父亲信息 / 母亲信息;
 * - there is a caregiver (监护人): a guardian marked as caregiver, or a parent at home (neither
 *   working away nor named by the type), and at least one of them has a phone (监护人电话);
 * - the class has a homeroom teacher (班主任).
 * Returns the Chinese labels of the missing items, in that order.
 */
export function cardGaps(c: CardFacts): string[] {
  const out: string[] = [];
  const byType = awayByType(c.leftBehindType);
  for (const role of ["FATHER", "MOTHER"] as const) {
    const parents = c.people.filter((p) => p.role === role);
    if (byType.includes(role) && parents.length === 0) {
      out.push(MISSING_LABEL.parent(role));
      continue;
    }
    const away = parents.filter((p) => p.worksAway || (byType.includes(role) && !p.isCaregiver));
    if (away.some((p) => blank(p.phone))) out.push(MISSING_LABEL.parentPhone(role));
    if (away.some((p) => blank(p.workCity))) out.push(MISSING_LABEL.parentWorkCity(role));
  }
  const carers = c.people.filter((p) => p.isCaregiver || ((p.role === "FATHER" || p.role === "MOTHER") && !p.worksAway && !byType.includes(p.role)));
  if (carers.length === 0) out.push(MISSING_LABEL.caregiver);
  else if (carers.every((p) => blank(p.phone))) out.push(MISSING_LABEL.caregiverPhone);
  if (!c.homeroomTeacher) out.push(MISSING_LABEL.homeroomTeacher);
  return out;
}
