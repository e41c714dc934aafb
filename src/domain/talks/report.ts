/**
 * Talk compliance (issue #6 point 7): for one calendar month, per class and per homeroom
 * teacher, the children due, done, still open (snoozed among them), missed and excused, and the
 * completion rate done / (due - excused). Read by `谈心统计` in chat and `report talks` on the
 * CLI. Counts are of TalkDuty rows whose period starts in the month: with TALK_PERIOD=month one
 * per child, with TALK_PERIOD=week one per child per week (人次).
 */
import type { Deps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { ensureDuties } from "./duties.ts";
import { currentPeriod } from "./current.ts";
import { compareClasses } from "../cards.ts";
import { periodFromKey, type TalkPeriod } from "../../lib/talk-period.ts";

/** The counts of one line. `open` includes `snoozed`; due = done + open + missed + excused. */
export interface TalkCounts {
  due: number;
  done: number;
  open: number;
  snoozed: number;
  missed: number;
  excused: number;
}

/** One class's line: the class and the teacher(s) its duties name ("" when none). */
export interface ClassStats extends TalkCounts {
  className: string;
  teachers: string;
}

/** One homeroom teacher's line (null teacher: duties of classes without one). */
export interface TeacherStats extends TalkCounts {
  teacher: string | null;
  classes: string;
}

/** The month's figures. */
export interface TalkStats {
  month: TalkPeriod;
  /** The month is over (nothing is open any more). */
  closed: boolean;
  asOf: Date;
  perWeek: boolean;
  total: TalkCounts;
  classes: ClassStats[];
  teachers: TeacherStats[];
  /** Some teacher has several classes, or some class several teachers: the teacher lines add something. */
  teachersDiffer: boolean;
}

const zero = (): TalkCounts => ({ due: 0, done: 0, open: 0, snoozed: 0, missed: 0, excused: 0 });

/**
 * The figures of month `monthKey` (`YYYY-MM`) for school `schoolId`, or only the duties of
 * teacher `teacherId` when given. When the month holds the current period, its duties are made
 * present first (ensureDuties), so the figures are live. A DUE duty of an ended period counts
 * as missed even before the sweep closes it. Throws DomainError INVALID_INPUT ({ month }) for a
 * key that is no month, ({ future: true }) for a month that has not begun.
 */
export async function talkStats(deps: Deps, input: { schoolId: number; monthKey: string; teacherId?: number }): Promise<TalkStats> {
  const { db, clock } = deps;
  const now = clock.now();
  const month = /^\d{4}-\d{2}$/.test(input.monthKey) ? periodFromKey(input.monthKey) : null;
  if (!month) throw new DomainError("INVALID_INPUT", { month: input.monthKey });
  if (month.start > now) throw new DomainError("INVALID_INPUT", { future: true });
  const current = currentPeriod(deps);
  if (current.start < month.end && current.end > month.start) await ensureDuties(deps, { period: current, schoolId: input.schoolId });
  const duties = await db.talkDuty.findMany({
    where: { schoolId: input.schoolId, periodStart: { gte: month.start, lt: month.end }, ...(input.teacherId !== undefined ? { teacherId: input.teacherId } : {}) },
    select: { classId: true, teacherId: true, status: true, periodEnd: true, snoozedUntil: true },
  });
  const [classes, staff] = await Promise.all([
    db.class.findMany({ where: { id: { in: [...new Set(duties.map((d) => d.classId))] } }, select: { id: true, name: true, grade: true } }),
    db.staff.findMany({ where: { id: { in: [...new Set(duties.map((d) => d.teacherId).filter((x): x is number => x !== null))] } }, select: { id: true, name: true } }),
  ]);
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  classes.sort(compareClasses);
  const total = zero();
  const byClass = new Map(classes.map((c) => [c.id, { counts: zero(), teachers: new Set<number | null>() }]));
  const byTeacher = new Map<number | null, { counts: TalkCounts; classes: Set<number> }>();
  for (const d of duties) {
    const c = byClass.get(d.classId)!;
    c.teachers.add(d.teacherId);
    const t = byTeacher.get(d.teacherId) ?? { counts: zero(), classes: new Set<number>() };
    t.classes.add(d.classId);
    byTeacher.set(d.teacherId, t);
    for (const counts of [total, c.counts, t.counts]) add(counts, d, now);
  }
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const names = (ids: Iterable<number | null>) => [...ids].map((id) => (id === null ? null : staffName.get(id))).filter((x): x is string => !!x).join("、");
  // Teachers in the order of their first class, so both lists read alike; classes without one last.
  const rank = new Map(classes.map((c, i) => [c.id, i]));
  const firstClass = (t: { classes: Set<number> }) => Math.min(...[...t.classes].map((c) => rank.get(c)!));
  const teachers = [...byTeacher.entries()]
    .sort(([a, x], [b, y]) => (a === null ? 1 : 0) - (b === null ? 1 : 0) || firstClass(x) - firstClass(y))
    .map(([id, t]) => ({ ...t.counts, teacher: id === null ? null : (staffName.get(id) ?? null), classes: [...t.classes].sort((x, y) => rank.get(x)! - rank.get(y)!).map((c) => className.get(c)).join("、") }));
  return {
    month,
    closed: month.end <= now,
    asOf: now,
    perWeek: deps.settings.talkPeriod === "week",
    total,
    classes: classes.map((c) => ({ ...byClass.get(c.id)!.counts, className: c.name, teachers: names(byClass.get(c.id)!.teachers) })),
    teachers,
    teachersDiffer: [...byTeacher.values()].some((t) => t.classes.size > 1) || [...byClass.values()].some((c) => c.teachers.size > 1),
  };
}

/** Adds duty `d` to `counts` at instant `now`. */
function add(counts: TalkCounts, d: { status: string; periodEnd: Date; snoozedUntil: Date | null }, now: Date): void {
  counts.due += 1;
  if (d.status === "DONE") counts.done += 1;
  else if (d.status === "EXCUSED") counts.excused += 1;
  else if (d.status === "MISSED" || d.periodEnd <= now) counts.missed += 1;
  else {
    counts.open += 1;
    if (d.snoozedUntil !== null && d.snoozedUntil > now) counts.snoozed += 1;
  }
}
