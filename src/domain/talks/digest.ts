/**
 * The daily talk digest (issue #6 point 3): on school working days each homeroom teacher with
 * children still due this period gets one numbered list (saved as a TalkDigest row, so
 * `已谈 <编号>` knows which child a number means), and on the period's last working day the
 * coordinators get the school's still-due list. Called by the daily sweep (sweep.ts) once per day.
 */
import type { Deps } from "../deps.ts";
import { enqueueMany, type OutgoingMessage } from "../../outbox/enqueue.ts";
import { insertRows, type BulkValue } from "../../db/bulk.ts";
import { listDigestDuties, listDueDutiesForLists, type DigestDutyRow } from "../../db/talk-duties.ts";
import { daysLeftInPeriod, lastWorkdayOf, type TalkPeriod } from "../../lib/talk-period.ts";
import { DIGEST_MAX_ITEMS, digestText, lastWorkdayListText, type DigestItem } from "../../messages/talk-duty.ts";
import { calendarOf } from "../hotline/common.ts";
import { compareClasses } from "../cards.ts";
import { findByIds } from "./current.ts";
import { compareStudentNo, sendSchoolLists } from "./school-lists.ts";

/** What {@link sendTeacherDigests} did. */
export interface DigestResult {
  /** Teachers sent a digest. */
  teachers: number;
  /** Children listed in all digests. */
  listed: number;
}

/** Day of month from which a month digest says how many days are left (issue #6 point 3). */
export const DAYS_LEFT_FROM = 20;

/** Whether Shanghai date `day` is the last working day of `period` (WorkCalendar: holidays, 调休). */
export function isLastWorkday(deps: Deps, period: TalkPeriod, day: string): boolean {
  const cal = calendarOf(deps);
  return lastWorkdayOf(period, (d) => cal.isWorkday(d)) === day;
}

/**
 * Sends each homeroom teacher their digest of Shanghai date `day` for `period`: the children
 * whose duty is DUE, not snoozed (snoozedUntil null or <= now) and without an open 免谈
 * request, numbered by class and student number, at most DIGEST_MAX_ITEMS. Only active
 * teachers bound to WeChat before `slotAt` (today's TALK_DIGEST_TIME) get one, so who gets a
 * digest does not depend on which minute the sweep ran; a teacher with nothing listed gets
 * nothing. Writes one TalkDigest row per teacher (items: JSON of the listed student ids) and
 * one outbox row with dedupe key `talk-digest:<staffId>:<day>`.
 */
export async function sendTeacherDigests(deps: Deps, input: { period: TalkPeriod; day: string; slotAt: Date }): Promise<DigestResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const { period, day } = input;
  const duties = await listDigestDuties(db, { periodKey: period.key, boundBefore: input.slotAt, now });
  if (duties.length === 0) return { teachers: 0, listed: 0 };
  const teachers = await findByIds([...new Set(duties.map((d) => d.teacherId))], (ids) => db.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, identity: { select: { contactId: true } } } }));
  const classes = await findByIds([...new Set(duties.map((d) => d.classId))], (ids) => db.class.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, grade: true } }));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  // Class order computed once: compareClasses' locale-aware compare is too slow per child pair.
  const classRank = new Map(classes.sort(compareClasses).map((c, i) => [c.id, i]));
  const byTeacher = new Map<number, DigestDutyRow[]>();
  for (const d of duties) {
    const list = byTeacher.get(d.teacherId) ?? [];
    list.push(d);
    byTeacher.set(d.teacherId, list);
  }
  const daysLeft = period.kind === "month" && Number(day.slice(8, 10)) >= DAYS_LEFT_FROM ? daysLeftInPeriod(period, day) : null;
  const lastWorkday = isLastWorkday(deps, period, day);
  const rows: Record<string, BulkValue>[] = [];
  const messages: OutgoingMessage[] = [];
  let listed = 0;
  for (const t of teachers.sort((a, b) => a.id - b.id)) {
    const mine = byTeacher.get(t.id) ?? [];
    const due = mine.filter((d) => !d.snoozed && !d.excuseRequested);
    if (due.length === 0 || !t.identity) continue;
    due.sort((a, b) => classRank.get(a.classId)! - classRank.get(b.classId)! || compareStudentNo(a.studentNo, b.studentNo) || a.studentId - b.studentId);
    const shown = due.slice(0, DIGEST_MAX_ITEMS);
    const items: DigestItem[] = shown.map((d) => ({ name: d.name, className: className.get(d.classId)!, done: d.done, required: d.required }));
    const snoozed = mine.filter((d) => d.snoozed).length;
    const excuseRequested = mine.filter((d) => !d.snoozed && d.excuseRequested).length;
    const text = digestText({ teacherName: t.name, period, items, more: due.length - shown.length, daysLeft, lastWorkday, snoozed, excuseRequested });
    messages.push({ dedupeKey: `talk-digest:${t.id}:${day}`, to: { kind: "CONTACT", id: t.identity.contactId }, text });
    rows.push({ staffId: t.id, day, items: JSON.stringify(shown.map((d) => d.studentId)), createdAt: now });
    listed += shown.length;
  }
  await enqueueMany(db, messages, now);
  const existing = new Set((await db.talkDigest.findMany({ where: { day }, select: { staffId: true } })).map((r) => r.staffId));
  await insertRows(db, "TalkDigest", rows.filter((r) => !existing.has(r.staffId as number)));
  return { teachers: rows.length, listed };
}

/**
 * On the last working day of `period` (Shanghai date `day`), sends every bound coordinator of
 * each school the children still DUE that period (snoozed ones and open 免谈 requests
 * included), grouped by class with the teacher. Dedupe key `talk-last-day:<period>:<staffId>`.
 * Returns the number of messages written; 0 on any other day.
 */
export async function sendLastWorkdayLists(deps: Deps, input: { period: TalkPeriod; day: string }): Promise<number> {
  const { period, day } = input;
  if (!isLastWorkday(deps, period, day)) return 0;
  const duties = await listDueDutiesForLists(deps.db, { periodKey: period.key });
  return sendSchoolLists(deps, duties, (total, groups) => lastWorkdayListText(period, day, total, groups), (staffId) => `talk-last-day:${period.key}:${staffId}`);
}
