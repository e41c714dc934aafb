/**
 * Talk duties (issue #6 point 1): every ACTIVE left-behind child owes TALK_REQUIRED talks from
 * the homeroom teacher per TALK_PERIOD (Asia/Shanghai months or weeks, lib/talk-period.ts).
 * Duties are TalkDuty rows, created for the current period by the daily sweep and whenever a
 * talk is logged, and recounted from TalkRecord rows each time (never from counters alone), so
 * a missed sweep or a restart changes nothing but timing.
 *
 * The roster is the school's left-behind roster: every Student row is a left-behind child, so
 * "left-behind" is not a filter here; only status ACTIVE is.
 */
import type { Deps } from "../deps.ts";
import { periodOf, periodFromKey, type TalkPeriod } from "../../lib/talk-period.ts";

/** The admission instant that decides a child's first period: admittedAt, else the file's creation. */
export function admissionOf(s: { admittedAt: Date | null; createdAt: Date }): Date {
  return s.admittedAt ?? s.createdAt;
}

/**
 * Whether a child admitted at `admission` owes talks in `period`: from the admission period
 * (TALK_FIRST_PERIOD=admission) or from the one after (=next).
 */
export function owesTalksIn(deps: Pick<Deps, "settings">, admission: Date, period: TalkPeriod): boolean {
  const first = periodOf(deps.settings.talkPeriod, admission);
  return deps.settings.talkFirstPeriod === "admission" ? first.start < period.end : first.end <= period.start;
}

/** What {@link ensureDuties} changed. */
export interface EnsureDutiesResult {
  created: number;
  /** DUE duties whose class or homeroom teacher changed. */
  moved: number;
  /** DUE duties of children no longer ACTIVE, removed (a child who left owes nothing). */
  dropped: number;
}

/**
 * Creates the missing TalkDuty rows of `period` for every ACTIVE child (of `schoolId`, or of
 * every school when omitted) that owes talks in it, with the talks already logged counted;
 * moves DUE duties to the child's current class and homeroom teacher; removes DUE duties of
 * children no longer ACTIVE. Idempotent; runs in the caller's transaction. A concurrent run
 * that creates the same rows first makes this one fail on the (studentId, period) unique key;
 * the caller's next sweep then finds them present.
 */
export async function ensureDuties(deps: Deps, input: { period: TalkPeriod; schoolId?: number }): Promise<EnsureDutiesResult> {
  const { db, clock, settings } = deps;
  const { period } = input;
  const now = clock.now();
  const school = input.schoolId !== undefined ? { schoolId: input.schoolId } : {};
  const [students, duties, talks] = await Promise.all([
    db.student.findMany({ where: { ...school, status: "ACTIVE" }, select: { id: true, schoolId: true, classId: true, admittedAt: true, createdAt: true, class: { select: { homeroomTeacherId: true } } } }),
    db.talkDuty.findMany({ where: { ...school, period: period.key }, select: { id: true, studentId: true, classId: true, teacherId: true, status: true } }),
    db.talkRecord.groupBy({ by: ["studentId"], where: { ...school, period: period.key }, _count: { _all: true } }),
  ]);
  const existing = new Map(duties.map((d) => [d.studentId, d]));
  const done = new Map(talks.map((t) => [t.studentId, t._count._all]));
  const active = new Set<number>();
  const create = [];
  let moved = 0;
  for (const s of students) {
    if (!owesTalksIn(deps, admissionOf(s), period)) continue;
    active.add(s.id);
    const teacherId = s.class.homeroomTeacherId;
    const d = existing.get(s.id);
    if (!d) {
      const n = done.get(s.id) ?? 0;
      create.push({ schoolId: s.schoolId, studentId: s.id, period: period.key, periodStart: period.start, periodEnd: period.end, classId: s.classId, teacherId, required: settings.talkRequired, done: n, status: n >= settings.talkRequired ? ("DONE" as const) : ("DUE" as const), createdAt: now, updatedAt: now });
    } else if (d.status === "DUE" && (d.classId !== s.classId || d.teacherId !== teacherId)) {
      await db.talkDuty.update({ where: { id: d.id }, data: { classId: s.classId, teacherId, updatedAt: now } });
      moved += 1;
    }
  }
  for (let i = 0; i < create.length; i += 2000) await db.talkDuty.createMany({ data: create.slice(i, i + 2000) });
  const gone = duties.filter((d) => d.status === "DUE" && !active.has(d.studentId)).map((d) => d.id);
  if (gone.length > 0) await db.talkDuty.deleteMany({ where: { id: { in: gone } } });
  return { created: create.length, moved, dropped: gone.length };
}

/**
 * Recounts child `studentId`'s talks in period `periodKey` after a talk was logged (or
 * removed): creates the duty when the child owes talks that period and has none yet, sets
 * `done`, and DONE once done >= required (DUE again when fewer). An EXCUSED or MISSED duty keeps
 * its status (a late talk after the month closed is kept as a record but does not undo MISSED);
 * only `done` moves. Returns the duty's status, or null when the child owes no talks then
 * (not ACTIVE, or admitted later).
 */
export async function recountTalkDuty(deps: Deps, input: { studentId: number; periodKey: string }): Promise<"DUE" | "DONE" | "MISSED" | "EXCUSED" | null> {
  const { db, clock, settings } = deps;
  const period = periodFromKey(input.periodKey);
  if (!period) throw new RangeError(`bad period key ${input.periodKey}`);
  const now = clock.now();
  const done = await db.talkRecord.count({ where: { studentId: input.studentId, period: period.key } });
  const duty = await db.talkDuty.findUnique({ where: { studentId_period: { studentId: input.studentId, period: period.key } } });
  if (duty) {
    const status = duty.status === "DUE" || duty.status === "DONE" ? (done >= duty.required ? "DONE" : "DUE") : duty.status;
    await db.talkDuty.update({ where: { id: duty.id }, data: { done, status, updatedAt: now, ...(status === "DONE" ? { snoozedUntil: null } : {}) } });
    return status;
  }
  const s = await db.student.findUnique({ where: { id: input.studentId }, select: { schoolId: true, classId: true, status: true, admittedAt: true, createdAt: true, class: { select: { homeroomTeacherId: true } } } });
  if (!s || s.status !== "ACTIVE" || !owesTalksIn(deps, admissionOf(s), period)) return null;
  const status = done >= settings.talkRequired ? "DONE" : "DUE";
  await db.talkDuty.create({
    data: { schoolId: s.schoolId, studentId: input.studentId, period: period.key, periodStart: period.start, periodEnd: period.end, classId: s.classId, teacherId: s.class.homeroomTeacherId, required: settings.talkRequired, done, status, createdAt: now, updatedAt: now },
  });
  return status;
}
