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
import { periodFromKey, type TalkPeriod } from "../../lib/talk-period.ts";
import { insertMissingTalkDuties, moveDueTalkDuties } from "../../db/talk-duties.ts";

/** The admission instant that decides a child's first period: admittedAt, else the file's creation. */
export function admissionOf(s: { admittedAt: Date | null; createdAt: Date }): Date {
  return s.admittedAt ?? s.createdAt;
}

/**
 * The admission cutoff of `period`: a child owes talks in it when admitted (admittedAt, else the
 * file's creation) before this instant. TALK_FIRST_PERIOD=admission: the period's end (a child
 * admitted mid-period owes that period); =next: its start (from the following period). Periods
 * tile the calendar, so this is the same as comparing the admission's period with `period`.
 */
export function admittedBefore(deps: Pick<Deps, "settings">, period: TalkPeriod): Date {
  return deps.settings.talkFirstPeriod === "admission" ? period.end : period.start;
}

/** Whether a child admitted at `admission` owes talks in `period` (see {@link admittedBefore}). */
export function owesTalksIn(deps: Pick<Deps, "settings">, admission: Date, period: TalkPeriod): boolean {
  return admission < admittedBefore(deps, period);
}

/** What {@link ensureDuties} changed. */
export interface EnsureDutiesResult {
  created: number;
  /** DUE duties whose class or homeroom teacher changed. */
  moved: number;
  /** DUE duties of children no longer ACTIVE (or admitted later), removed (a child who left owes nothing). */
  dropped: number;
}

/**
 * Makes the TalkDuty rows of `period` match the roster, for school `schoolId` or every school:
 * removes DUE duties of children no longer ACTIVE or not owing talks then (admission moved);
 * moves DUE duties to the child's current class and homeroom teacher; creates the missing
 * duties of ACTIVE children that owe talks in it, with the talks already logged counted (DONE
 * when they reach TALK_REQUIRED). DONE, MISSED and EXCUSED duties are kept as they are.
 * Idempotent; runs in the caller's transaction. Each step is one set-based statement
 * (db/talk-duties.ts): a month for 30,000 children costs about 0.1 s. A concurrent run that
 * creates the same rows first makes this one fail on the (studentId, period) unique key; the
 * caller's next sweep then finds them present.
 */
export async function ensureDuties(deps: Deps, input: { period: TalkPeriod; schoolId?: number }): Promise<EnsureDutiesResult> {
  const { db, clock, settings } = deps;
  const { period } = input;
  const now = clock.now();
  const cutoff = admittedBefore(deps, period);
  const school = input.schoolId !== undefined ? { schoolId: input.schoolId } : {};
  const gone = await db.talkDuty.deleteMany({
    where: { ...school, period: period.key, status: "DUE", student: { OR: [{ status: { not: "ACTIVE" } }, { admittedAt: { gte: cutoff } }, { admittedAt: null, createdAt: { gte: cutoff } }] } },
  });
  const moved = await moveDueTalkDuties(db, { periodKey: period.key, now, ...school });
  const created = await insertMissingTalkDuties(db, { period, admittedBefore: cutoff, required: settings.talkRequired, now, ...school });
  return { created, moved, dropped: gone.count };
}

/**
 * Recounts child `studentId`'s talks in period `periodKey` after a talk was logged (or
 * removed): creates the duty when the child owes talks in that period, the period has not
 * ended and the child has none yet, sets `done`, and DONE once done >= required (DUE again when
 * fewer). A talk logged late for a closed period turns its MISSED duty DONE (the talk was held;
 * closedAt stays); an EXCUSED duty keeps its status. An ended period without a duty (before the
 * school used the bot) gets none: its figures are not invented from the talks logged back.
 * Returns the duty's status, or null when there is no duty (not ACTIVE, admitted later, or an
 * ended period without one).
 */
export async function recountTalkDuty(deps: Deps, input: { studentId: number; periodKey: string }): Promise<"DUE" | "DONE" | "MISSED" | "EXCUSED" | null> {
  const { db, clock, settings } = deps;
  const period = periodFromKey(input.periodKey);
  if (!period) throw new RangeError(`bad period key ${input.periodKey}`);
  const now = clock.now();
  const done = await db.talkRecord.count({ where: { studentId: input.studentId, period: period.key } });
  const duty = await db.talkDuty.findUnique({ where: { studentId_period: { studentId: input.studentId, period: period.key } } });
  if (duty) {
    const open = duty.status === "DUE" || duty.status === "DONE";
    const status = open ? (done >= duty.required ? "DONE" : "DUE") : duty.status === "MISSED" && done >= duty.required ? "DONE" : duty.status;
    await db.talkDuty.update({ where: { id: duty.id }, data: { done, status, updatedAt: now, ...(status === "DONE" ? { snoozedUntil: null } : {}) } });
    return status;
  }
  if (period.end <= now) return null;
  const s = await db.student.findUnique({ where: { id: input.studentId }, select: { schoolId: true, classId: true, status: true, admittedAt: true, createdAt: true, class: { select: { homeroomTeacherId: true } } } });
  if (!s || s.status !== "ACTIVE" || !owesTalksIn(deps, admissionOf(s), period)) return null;
  const status = done >= settings.talkRequired ? "DONE" : "DUE";
  await db.talkDuty.create({
    data: { schoolId: s.schoolId, studentId: input.studentId, period: period.key, periodStart: period.start, periodEnd: period.end, classId: s.classId, teacherId: s.class.homeroomTeacherId, required: settings.talkRequired, done, status, createdAt: now, updatedAt: now },
  });
  return status;
}
