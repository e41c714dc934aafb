/**
 * File coverage (建档率), contact-card completeness (联系卡完整率) and binding rate (绑定率) of
 * a school or of some classes, with the gaps of each child. Read-only. What counts as a
 * complete file or card is decided in domain/completeness.ts (the school plan's 建档 and
 * 联系卡 requirement, issue #3 point 5).
 */
import type { Tx } from "../db/client.ts";
import { compareClasses, listCardsWithFileGaps } from "./cards.ts";

/** One child with something missing; labels in Chinese: 出生日期, 家庭住址, 父亲电话, 父亲务工地点, 监护人, 监护人电话 ... */
export interface ChildGaps {
  studentId: number;
  name: string;
  studentNo: string | null;
  className: string;
  /** File gaps first, then contact-card gaps, each label once. */
  missing: string[];
}

/** Figures of one class. */
export interface ClassCoverage {
  classId: number;
  className: string;
  children: number;
  withFile: number;
  cardComplete: number;
  /** Distinct guardians of the class's children (a sibling's parents count in each class). */
  guardians: number;
  guardiansBound: number;
}

/** Coverage of a school or of some classes. Rates are 0..1, and 0 when the count below them is 0. */
export interface CoverageReport {
  /** ACTIVE left-behind children in scope. */
  children: number;
  /** Children whose file (档案) has every core field. */
  withFile: number;
  /** 建档率 = withFile / children (0 when there are no children). */
  fileRate: number;
  /** Children whose contact card (联系卡) is complete. */
  cardComplete: number;
  /** 联系卡完整率 = cardComplete / children. */
  cardRate: number;
  /** Distinct guardians of those children. */
  guardians: number;
  /** Of them, bound to WeChat. */
  guardiansBound: number;
  /** 绑定率 = guardiansBound / guardians. */
  bindingRate: number;
  /** Every class in scope, even with 0 children, sorted by grade then name. */
  classes: ClassCoverage[];
  /** Only children with something missing, in card order (class, student number, name). */
  gaps: ChildGaps[];
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/**
 * Coverage for school `schoolId`, or only the classes `classIds` (a teacher's scope). Counts
 * ACTIVE children only. Two queries: the classes, and the children with their guardians.
 */
export async function computeCoverage(db: Tx, where: { schoolId: number; classIds?: number[] }): Promise<CoverageReport> {
  const classes = await db.class.findMany({
    where: { schoolId: where.schoolId, ...(where.classIds ? { id: { in: where.classIds } } : {}) },
    select: { id: true, name: true, grade: true },
  });
  classes.sort(compareClasses);
  const cards = await listCardsWithFileGaps(db, { schoolId: where.schoolId, ...(where.classIds ? { classIds: where.classIds } : {}) });

  const perClass = new Map<number, ClassCoverage & { guardianIds: Set<number> }>();
  for (const c of classes) perClass.set(c.id, { classId: c.id, className: c.name, children: 0, withFile: 0, cardComplete: 0, guardians: 0, guardiansBound: 0, guardianIds: new Set() });
  const guardianBound = new Map<number, boolean>();
  const gaps: ChildGaps[] = [];
  let withFile = 0;
  let cardComplete = 0;
  for (const { card, fileMissing } of cards) {
    const cls = perClass.get(card.classId)!;
    cls.children++;
    if (fileMissing.length === 0) {
      cls.withFile++;
      withFile++;
    }
    if (card.missing.length === 0) {
      cls.cardComplete++;
      cardComplete++;
    }
    for (const p of card.people) {
      guardianBound.set(p.guardianId, p.bound);
      if (!cls.guardianIds.has(p.guardianId)) {
        cls.guardianIds.add(p.guardianId);
        cls.guardians++;
        if (p.bound) cls.guardiansBound++;
      }
    }
    const missing = [...new Set([...fileMissing, ...card.missing])];
    if (missing.length) gaps.push({ studentId: card.studentId, name: card.studentName, studentNo: card.studentNo, className: card.className, missing });
  }
  const guardiansBound = [...guardianBound.values()].filter(Boolean).length;
  return {
    children: cards.length,
    withFile,
    fileRate: rate(withFile, cards.length),
    cardComplete,
    cardRate: rate(cardComplete, cards.length),
    guardians: guardianBound.size,
    guardiansBound,
    bindingRate: rate(guardiansBound, guardianBound.size),
    classes: [...perClass.values()].map(({ guardianIds: _ids, ...c }) => c),
    gaps,
  };
}

/** A rate of 0..1 as a percentage with one decimal: 0.85 -> "85.0%". */
export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
