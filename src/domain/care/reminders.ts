/**
 * Daily care reminders (issue #6 points 5-6), run by the minute jobs and claimed once per school
 * working day at TALK_DIGEST_TIME (daily.ts dailySlot/claimDay, job "care"). Each bound, active
 * staff member gets at most ONE message a day (dedupe key `care-remind:<staffId>:<day>`) listing:
 *
 * - paired children without a growth-diary entry for MENTOR_DIARY_DAYS days, counted from the
 *   latest entry's day or from the pairing when it is later; reminded again every
 *   MENTOR_DIARY_DAYS days while it stays so (BotState `care:diary:<pairingId>:<from>:<n>`,
 *   n = whole periods passed), not daily;
 * - paired children without a home visit this term once HOME_VISIT_REMIND_AFTER_DAYS days of
 *   the term have passed (term: from the latest SCHOOL_TERMS start on or before today).
 *   Decision: for a pairing made during the term the days count from the pairing, so a new
 *   mentor gets the same time. Once per pairing and term (BotState `care:visit:<pairingId>:<term>`);
 * - care plans whose review date is today or past and not yet reminded (CarePlan.remindedAt set
 *   when the reminder is written; a review date on a holiday is reminded the next working day).
 *
 * Diary entries and visits by any staff member count (they are about the child). Unbound
 * staff get nothing and their plans stay unreminded until they bind. Only ACTIVE children.
 */
import type { Deps } from "../deps.ts";
import { claimDay, dailySlot } from "../daily.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { dayNumberOf, shanghaiDateOf } from "../../lib/work-calendar.ts";
import { shanghaiMidnight } from "../../lib/talk-period.ts";
import { reminderText, type ReminderView } from "../../messages/care.ts";

/** What one run did: how many staff were messaged (0 outside the daily slot or when already run). */
export interface CareReminderResult {
  messaged: number;
}

/**
 * The start (`YYYY-MM-DD`) of the term containing Shanghai date `today`: the latest of the
 * SCHOOL_TERMS start dates (`MM-DD`) of this year or last on or before today; null when the
 * setting lists none. Pure.
 */
export function termStartOf(terms: readonly string[], today: string): string | null {
  const year = Number(today.slice(0, 4));
  const days = [year - 1, year].flatMap((y) => terms.map((t) => `${y}-${t}`)).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d <= today);
  return days.sort().at(-1) ?? null;
}

type Box = { contactId: string; view: ReminderView };

/** Claims the day and writes the reminders (see the module comment). Runs in the caller's transaction. */
export async function runCareReminders(deps: Deps): Promise<CareReminderResult> {
  const { db, clock, settings } = deps;
  const today = dailySlot(deps, settings.talkDigestTime);
  if (!today || !(await claimDay(deps, "care", today))) return { messaged: 0 };
  const now = clock.now();
  const boxes = new Map<number, Box>();
  const box = (staff: { id: number; identity: { contactId: string } | null }): ReminderView => {
    let b = boxes.get(staff.id);
    if (!b) boxes.set(staff.id, (b = { contactId: staff.identity!.contactId, view: { day: today, diary: [], visits: [], plans: [], termStart: null } }));
    return b.view;
  };
  const mark = async (key: string): Promise<boolean> => {
    if (await db.botState.findUnique({ where: { key } })) return false;
    await db.botState.create({ data: { key, value: today } });
    return true;
  };
  const term = termStartOf(settings.schoolTerms, today);
  const bound = { active: true, identity: { isNot: null } };
  const pairings = await db.pairing.findMany({
    where: { endedAt: null, student: { status: "ACTIVE" }, staff: bound },
    orderBy: { id: "asc" },
    select: {
      id: true,
      createdAt: true,
      staff: { select: { id: true, identity: { select: { contactId: true } } } },
      student: {
        select: {
          name: true,
          class: { select: { name: true } },
          diary: { orderBy: { writtenAt: "desc" }, take: 1, select: { writtenAt: true } },
          homeVisits: { where: { visitedAt: { gte: term ? shanghaiMidnight(term) : now } }, take: 1, select: { id: true } },
        },
      },
    },
  });
  const n = dayNumberOf(today);
  for (const p of pairings) {
    const child = { name: p.student.name, className: p.student.class.name };
    const paired = shanghaiDateOf(p.createdAt);
    const last = p.student.diary[0] ? shanghaiDateOf(p.student.diary[0].writtenAt) : null;
    const from = last && last > paired ? last : paired;
    const periods = Math.floor((n - dayNumberOf(from)) / settings.mentorDiaryDays);
    if (periods >= 1 && (await mark(`care:diary:${p.id}:${from}:${periods}`))) {
      box(p.staff).diary.push({ ...child, days: n - dayNumberOf(from), lastDiary: last && last >= paired ? last : null });
    }
    if (!term || p.student.homeVisits.length > 0) continue;
    const visitFrom = paired > term ? paired : term;
    if (n - dayNumberOf(visitFrom) >= settings.homeVisitRemindAfterDays && (await mark(`care:visit:${p.id}:${term}`))) {
      const v = box(p.staff);
      v.visits.push(child);
      v.termStart = term;
    }
  }
  const plans = await db.carePlan.findMany({
    where: { closedAt: null, remindedAt: null, reviewOn: { lte: today }, student: { status: "ACTIVE" }, owner: bound },
    orderBy: [{ reviewOn: "asc" }, { id: "asc" }],
    select: { id: true, content: true, reviewOn: true, createdAt: true, owner: { select: { id: true, identity: { select: { contactId: true } } } }, student: { select: { name: true, class: { select: { name: true } } } } },
  });
  for (const plan of plans) {
    box(plan.owner).plans.push({ name: plan.student.name, className: plan.student.class.name, content: plan.content, reviewOn: plan.reviewOn, createdAt: plan.createdAt });
  }
  if (plans.length > 0) await db.carePlan.updateMany({ where: { id: { in: plans.map((p) => p.id) } }, data: { remindedAt: now } });
  for (const [staffId, b] of boxes) {
    await enqueue(db, { dedupeKey: `care-remind:${staffId}:${today}`, to: { kind: "CONTACT", id: b.contactId }, text: reminderText(b.view) }, now);
  }
  return { messaged: boxes.size };
}
