/**
 * `我的结对` (issue #6 point 5): the open pairings of one mentor or of a school, with each
 * child's class, last growth-diary entry, last home visit (by any staff member: the records are
 * about the child) and study buddies. Only ACTIVE children are listed.
 */
import type { Deps } from "../deps.ts";
import { compareClasses } from "../cards.ts";

/** One paired child as `我的结对` shows it. */
export interface PairedChild {
  pairingId: number;
  studentId: number;
  name: string;
  className: string;
  mentorId: number;
  mentorName: string;
  /** When the pairing was made. */
  since: Date;
  /** DiaryEntry.writtenAt of the latest entry (Shanghai noon of its day), or null. */
  lastDiaryAt: Date | null;
  /** HomeVisit.visitedAt of the latest visit, or null. */
  lastVisitAt: Date | null;
  /** The child's study buddies' names, in the order they were recorded. */
  buddies: string[];
}

/**
 * The open pairings of school `schoolId` (of mentor `mentorId` only, when given) whose child is
 * ACTIVE, sorted by mentor (by name, then id), then the child's class and student number.
 */
export async function listPairings({ db }: Deps, input: { schoolId: number; mentorId?: number }): Promise<PairedChild[]> {
  const rows = await db.pairing.findMany({
    where: { schoolId: input.schoolId, endedAt: null, ...(input.mentorId !== undefined ? { staffId: input.mentorId } : {}), student: { status: "ACTIVE" } },
    select: {
      id: true,
      createdAt: true,
      staff: { select: { id: true, name: true } },
      student: {
        select: {
          id: true,
          name: true,
          studentNo: true,
          class: { select: { id: true, name: true, grade: true } },
          diary: { orderBy: { writtenAt: "desc" }, take: 1, select: { writtenAt: true } },
          homeVisits: { orderBy: { visitedAt: "desc" }, take: 1, select: { visitedAt: true } },
          buddies: { orderBy: { id: "asc" }, select: { buddy: { select: { name: true } } } },
        },
      },
    },
  });
  rows.sort(
    (a, b) =>
      a.staff.name.localeCompare(b.staff.name, "zh-CN") ||
      a.staff.id - b.staff.id ||
      compareClasses(a.student.class, b.student.class) ||
      (a.student.studentNo ?? "").localeCompare(b.student.studentNo ?? "") ||
      a.student.id - b.student.id,
  );
  return rows.map((r) => ({
    pairingId: r.id,
    studentId: r.student.id,
    name: r.student.name,
    className: r.student.class.name,
    mentorId: r.staff.id,
    mentorName: r.staff.name,
    since: r.createdAt,
    lastDiaryAt: r.student.diary[0]?.writtenAt ?? null,
    lastVisitAt: r.student.homeVisits[0]?.visitedAt ?? null,
    buddies: r.student.buddies.map((b) => b.buddy.name),
  }));
}
