/**
 * Logging a talk from chat (issue #6 points 2 and 4): one TalkRecord per talk, counted for the
 * duty period of its Asia/Shanghai date (lib/talk-period.ts), the child's duty recounted, and a
 * talk marked 需关注 puts the child on the watch list (care/watch.ts).
 *
 * Who may log: staff whose scope holds the child (students.ts: a teacher's classes or paired
 * children, a coordinator's school); any other child is NOT_FOUND, exactly like a child that
 * does not exist. Refused with a result (not an error): a talk dated after today, a date before
 * the child's admission (duties.ts admissionOf), a child no longer ACTIVE; a second talk of the
 * same teacher with the same child on the same Shanghai date needs `again: true` (the teacher
 * confirmed), so a message sent twice is not logged twice.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import type { StudentStatus, TalkMood } from "../../generated/prisma/enums.ts";
import { DomainError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { scopeOf, studentsInScope } from "../students.ts";
import { watchChild } from "../care/watch.ts";
import { admissionOf, recountTalkDuty } from "./duties.ts";
import { periodFromKey, periodOf, shanghaiMidnight, type TalkPeriod } from "../../lib/talk-period.ts";
import { shanghaiDateOf } from "../../lib/work-calendar.ts";
import { truncate } from "../../lib/text.ts";
import { countDueTalks, type DueTalks } from "./log-query.ts";

/** Longest watch-list reason taken from a talk's content, in characters. */
const WATCH_REASON_CHARS = 60;
const NOON_MS = 12 * 3_600_000;

/** One talk as its record card (谈心记录卡) shows it. */
export interface TalkCard {
  talkedAt: Date;
  /** False when the teacher gave a date (talkedAt is then that day's noon): show the day only. */
  timed: boolean;
  place: string | null;
  teacherName: string;
  childName: string;
  className: string;
  content: string;
  mood: TalkMood | null;
  effect: string | null;
  followUp: string | null;
}

/** Which child a talk is about and when: `date` is a Shanghai `YYYY-MM-DD`, null for today. */
export interface TalkTarget {
  staff: StaffBinding;
  studentId: number;
  date: string | null;
}

/** A talk that may not be logged, and why. `date`/`admission` are Shanghai `YYYY-MM-DD`. */
export type TalkRefusal =
  | { kind: "future"; childName: string; date: string }
  | { kind: "before-admission"; childName: string; date: string; admission: string }
  | { kind: "inactive"; childName: string; status: StudentStatus; reason: string | null };

/** {@link checkTalk}'s answer: a refusal, or the child and the number of same-day talks already logged. */
export type TalkCheck = TalkRefusal | { kind: "ok"; childName: string; className: string; date: string; sameDay: number };

/** What {@link logTalk} did. */
export type LogTalkResult =
  | TalkRefusal
  | { kind: "duplicate"; childName: string; date: string; count: number }
  | { kind: "logged"; id: number; card: TalkCard; due: DueTalks | null; watched: boolean; earlierPeriod: TalkPeriod | null; earlierStatus: string | null };

/** A talk to log: the target, the content and the answers of the form. */
export interface LogTalkInput extends TalkTarget {
  content: string;
  mood: TalkMood | null;
  /** What follows the talk; null when nothing does. */
  followUp: string | null;
  place?: string | null;
  /** The teacher confirmed a second talk with the child on that date. */
  again?: boolean;
}

async function loadChild({ db }: Deps, target: TalkTarget) {
  const s = await db.student.findFirst({
    where: { id: target.studentId, ...studentsInScope(scopeOf(target.staff)) },
    select: { id: true, schoolId: true, classId: true, name: true, status: true, statusReason: true, guardianship: true, admittedAt: true, createdAt: true, class: { select: { name: true } } },
  });
  if (!s) throw new DomainError("NOT_FOUND", { what: "学生" });
  return s;
}

/**
 * Whether `staff` may log a talk with child `studentId` on `date` (null: today), without
 * writing anything: the form asks this before its first question. Throws DomainError
 * NOT_FOUND when the child does not exist or is outside the staff member's scope.
 */
export async function checkTalk(deps: Deps, target: TalkTarget): Promise<TalkCheck> {
  const child = await loadChild(deps, target);
  return check(deps, target, child);
}

async function check(deps: Deps, target: TalkTarget, child: Awaited<ReturnType<typeof loadChild>>): Promise<TalkCheck> {
  const today = shanghaiDateOf(deps.clock.now());
  const date = target.date ?? today;
  const childName = child.name;
  if (child.status !== "ACTIVE") return { kind: "inactive", childName, status: child.status, reason: child.statusReason };
  if (date > today) return { kind: "future", childName, date };
  const admission = shanghaiDateOf(admissionOf(child));
  if (date < admission) return { kind: "before-admission", childName, date, admission };
  const start = shanghaiMidnight(date);
  const sameDay = await deps.db.talkRecord.count({
    where: { studentId: child.id, teacherId: target.staff.id, talkedAt: { gte: start, lt: new Date(start.getTime() + 86_400_000) } },
  });
  return { kind: "ok", childName, className: child.class.name, date, sameDay };
}

/**
 * Logs a talk of `staff` with child `studentId`: writes the TalkRecord (talkedAt = now for
 * today, Asia/Shanghai noon of a given earlier date; period from talkedAt's Shanghai date;
 * the child's class at logging time), recounts the child's duty for that period, audits
 * `talk.log` (no content in the audit), and for mood CONCERN puts the child on the watch list
 * (level: 差 POOR when the file says so, else 一般 FAIR — a child needing attention is never 较好; reason: the content, shortened). Returns the
 * record card and the teacher's children still due this period (null for staff who are no
 * homeroom teacher), or a refusal. Throws DomainError NOT_FOUND as {@link checkTalk}.
 * Runs in the caller's transaction.
 */
export async function logTalk(deps: Deps, input: LogTalkInput): Promise<LogTalkResult> {
  const { db, clock, settings } = deps;
  const child = await loadChild(deps, input);
  const c = await check(deps, input, child);
  if (c.kind !== "ok") return c;
  if (c.sameDay > 0 && !input.again) return { kind: "duplicate", childName: c.childName, date: c.date, count: c.sameDay };
  const now = clock.now();
  const timed = c.date === shanghaiDateOf(now);
  const talkedAt = timed ? now : new Date(shanghaiMidnight(c.date).getTime() + NOON_MS);
  const period = periodOf(settings.talkPeriod, talkedAt).key;
  const place = input.place?.trim() || null;
  const row = await db.talkRecord.create({
    data: { schoolId: child.schoolId, studentId: child.id, classId: child.classId, teacherId: input.staff.id, talkedAt, period, place, content: input.content, mood: input.mood, effect: null, followUp: input.followUp, createdAt: now },
  });
  const status = await recountTalkDuty(deps, { studentId: child.id, periodKey: period });
  const current = periodOf(settings.talkPeriod, now);
  const earlierPeriod = period === current.key ? null : periodFromKey(period);
  await recordAudit(db, now, { type: "STAFF", id: input.staff.id }, "talk.log", "TalkRecord", row.id, { studentId: child.id, period, mood: input.mood, again: Boolean(input.again) });
  if (input.mood === "CONCERN") {
    await watchChild(deps, { schoolId: child.schoolId, studentId: child.id, level: child.guardianship === "POOR" ? "POOR" : "FAIR", reason: truncate(input.content, WATCH_REASON_CHARS), source: "TALK", talkId: row.id, staffId: input.staff.id });
  }
  const card: TalkCard = { talkedAt, timed, place, teacherName: input.staff.name, childName: child.name, className: child.class.name, content: input.content, mood: input.mood, effect: null, followUp: input.followUp };
  return { kind: "logged", id: row.id, card, due: await countDueTalks(deps, input.staff), watched: input.mood === "CONCERN", earlierPeriod, earlierStatus: earlierPeriod ? status : null };
}
