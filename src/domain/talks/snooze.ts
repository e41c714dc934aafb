/**
 * 稍后 (issue #6 point 3): a homeroom teacher leaves a child out of the daily digest for a few
 * days, never past the period's end: the child must come back into the digest by the period's
 * last day at the latest.
 */
import type { Deps } from "../deps.ts";
import type { StaffBinding } from "../identities.ts";
import { DomainError } from "../errors.ts";
import { addDays, daysLeftInPeriod, periodFromKey, shanghaiMidnight, type TalkPeriod } from "../../lib/talk-period.ts";
import { shanghaiDateOf } from "../../lib/work-calendar.ts";
import { ensureCurrentDuties, findDutiesOfChild, type DutyMatch } from "./current.ts";

/**
 * The children of `teacher`'s current digest list (their DUE duties this period, snoozed or
 * not) that `query` names. Duties of this period are made present first.
 */
export async function findMyDueChild(deps: Deps, teacher: StaffBinding, query: string): Promise<{ period: TalkPeriod; matches: DutyMatch[] }> {
  const period = await ensureCurrentDuties(deps, teacher.schoolId);
  const matches = await findDutiesOfChild(deps, { teacherId: teacher.id, period: period.key, status: "DUE" }, query);
  return { period, matches };
}

/** What {@link snoozeDuty} did. */
export type SnoozeResult =
  | { ok: true; name: string; days: number; until: string; period: TalkPeriod }
  /** Past the period's end: `maxDays` is the most allowed today (0 on the last day). */
  | { ok: false; name: string; maxDays: number; period: TalkPeriod };

/**
 * Snoozes duty `dutyId` for `days` whole days: snoozedUntil = Asia/Shanghai midnight starting
 * today + days, so the child is back in the digest of that date. Refused (ok false) when that
 * date is after the period's last day. Throws DomainError NOT_FOUND when the duty is not
 * `teacher`'s, not DUE or its period is over; INVALID_INPUT when `days` is not an integer >= 1.
 */
export async function snoozeDuty(deps: Deps, teacher: StaffBinding, dutyId: number, days: number): Promise<SnoozeResult> {
  const { db, clock } = deps;
  if (!Number.isInteger(days) || days < 1) throw new DomainError("INVALID_INPUT", { usage: "稍后 <学生> <天数>" });
  const now = clock.now();
  const duty = await db.talkDuty.findUnique({ where: { id: dutyId }, select: { id: true, teacherId: true, status: true, period: true, periodEnd: true, student: { select: { name: true } } } });
  const period = duty && periodFromKey(duty.period);
  if (!duty || !period || duty.teacherId !== teacher.id || duty.status !== "DUE" || duty.periodEnd <= now) throw new DomainError("NOT_FOUND", { what: "学生" });
  const today = shanghaiDateOf(now);
  const until = addDays(today, days);
  if (until > period.lastDay) return { ok: false, name: duty.student.name, maxDays: daysLeftInPeriod(period, today) - 1, period };
  await db.talkDuty.update({ where: { id: duty.id }, data: { snoozedUntil: shanghaiMidnight(until), updatedAt: now } });
  return { ok: true, name: duty.student.name, days, until, period };
}
