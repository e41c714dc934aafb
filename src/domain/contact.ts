/**
 * Last contact between a child's family and the school (issue #4 point 8): every hotline
 * request and answer, every update relayed about the child and (later) every reunion session
 * moves Student.lastParentContactAt forward; `失联` lists the ACTIVE children whose families
 * have not been in touch for more than settings.lostContactDays days.
 *
 * Decision: a class-wide update (`近况 <班级>`) does not count as contact with each family (a
 * broadcast would otherwise hide every family with a bound WeChat from the list); an update
 * about the child does.
 */
import type { Deps } from "./deps.ts";
import { studentsInScope, type StudentScope } from "./students.ts";
import { compareClasses } from "./cards.ts";

const DAY_MS = 86_400_000;

/**
 * Sets Student.lastParentContactAt of `studentIds` to `at` where it is null or earlier (never
 * moves it back). Runs in the caller's transaction; returns how many children changed.
 */
export async function touchParentContact({ db }: Pick<Deps, "db">, studentIds: number[], at: Date): Promise<number> {
  const ids = [...new Set(studentIds)];
  if (ids.length === 0) return 0;
  const res = await db.student.updateMany({
    where: { id: { in: ids }, OR: [{ lastParentContactAt: null }, { lastParentContactAt: { lt: at } }] },
    data: { lastParentContactAt: at },
  });
  return res.count;
}

/** One child of the 失联 list. */
export interface LostContact {
  studentId: number;
  name: string;
  className: string;
  /** Null when no contact was ever recorded (无记录). */
  lastContactAt: Date | null;
  /** Whole days (24 h periods) since lastContactAt; null with it. */
  daysSince: number | null;
  /** Whether at least one of the child's guardians is bound on WeChat. */
  anyGuardianBound: boolean;
}

/**
 * The ACTIVE children of `scope` (a teacher: their classes; coordinators: the school) whose
 * last family contact is more than settings.lostContactDays days (24 h periods) before `now`.
 * A child with no contact recorded counts from when their file was created (a school that
 * has just imported its roster is not told that every family is lost); such children come
 * first (by class, then roster order), then the others oldest contact first.
 */
export async function listLostContact({ db, settings }: Deps, scope: StudentScope, now: Date): Promise<LostContact[]> {
  const cutoff = new Date(now.getTime() - settings.lostContactDays * DAY_MS);
  const rows = await db.student.findMany({
    where: {
      status: "ACTIVE",
      AND: [studentsInScope(scope), { OR: [{ lastParentContactAt: null, createdAt: { lt: cutoff } }, { lastParentContactAt: { lt: cutoff } }] }],
    },
    select: {
      id: true,
      name: true,
      studentNo: true,
      lastParentContactAt: true,
      class: { select: { id: true, name: true, grade: true } },
      guardians: { select: { guardian: { select: { identity: { select: { id: true } } } } } },
    },
  });
  rows.sort((a, b) => {
    const ta = a.lastParentContactAt?.getTime() ?? -Infinity;
    const tb = b.lastParentContactAt?.getTime() ?? -Infinity;
    if (ta !== tb) return ta - tb;
    return compareClasses(a.class, b.class) || (a.studentNo ?? "").localeCompare(b.studentNo ?? "") || a.id - b.id;
  });
  return rows.map((r) => ({
    studentId: r.id,
    name: r.name,
    className: r.class.name,
    lastContactAt: r.lastParentContactAt,
    daysSince: r.lastParentContactAt ? Math.floor((now.getTime() - r.lastParentContactAt.getTime()) / DAY_MS) : null,
    anyGuardianBound: r.guardians.some((g) => g.guardian.identity !== null),
  }));
}
