/**
 * Response targets of the hotline (issue #4 point 3), run by the scheduler every minute and by
 * the simulator after each step: a reminder to the assignee before the target, and after it an
 * escalation to the coordinators with a word to the family that the request is being handled.
 * Both are planned as instants inside school working hours; the job itself does nothing outside
 * them either, so a bot restarted at night catches up at the next working start, never at night.
 */
import type { Deps } from "../deps.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { hotlineText } from "../../messages/hotline.ts";
import { askerView, calendarOf, coordinatorsOf, staffById, workDayMinutes } from "./common.ts";

/** What one run did. */
export interface HotlineTimerResult {
  reminded: number;
  escalated: number;
}

/**
 * Sends due reminders and escalations (each once: remindedAt / escalatedAt are set in the same
 * transaction as the outbox rows, whose dedupe keys name the wait). Returns the counts.
 */
export async function runHotlineTimers(deps: Deps): Promise<HotlineTimerResult> {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const result: HotlineTimerResult = { reminded: 0, escalated: 0 };
  const cal = calendarOf(deps);
  // Working time, or the minute after the day's end (a target landing exactly at 17:30 fires then).
  if (!cal.isWorkingTime(now) && !cal.isWorkingTime(new Date(now.getTime() - 60_000))) return result;

  const toRemind = await db.hotlineRequest.findMany({ where: { status: "OPEN", remindedAt: null, remindAt: { lte: now }, dueAt: { gt: now } }, orderBy: { id: "asc" }, take: 200 });
  for (const r of toRemind) {
    await db.hotlineRequest.update({ where: { id: r.id }, data: { remindedAt: now } });
    const assignee = await staffById(deps, r.assigneeId);
    if (!assignee?.contactId) continue;
    const child = await db.student.findUniqueOrThrow({ where: { id: r.studentId }, select: { name: true } });
    const left = cal.workingMinutesBetween(now, r.dueAt!);
    await enqueue(db, { dedupeKey: `hotline:${r.id}:remind:${r.waitingSince!.getTime()}`, to: { kind: "CONTACT", id: assignee.contactId }, text: hotlineText.reminder(r.id, child.name, left) }, now);
    await db.hotlineEntry.create({ data: { requestId: r.id, at: now, kind: "REMINDER", text: `提醒 ${assignee.name}` } });
    result.reminded++;
  }

  const toEscalate = await db.hotlineRequest.findMany({ where: { status: "OPEN", escalatedAt: null, dueAt: { lte: now } }, orderBy: { id: "asc" }, take: 200 });
  for (const r of toEscalate) {
    await db.hotlineRequest.update({ where: { id: r.id }, data: { escalatedAt: now, remindedAt: r.remindedAt ?? now } });
    const assignee = await staffById(deps, r.assigneeId);
    const asker = await askerView(deps, r);
    const waited = cal.workingMinutesBetween(r.waitingSince!, now);
    const key = `hotline:${r.id}:escalate:${r.waitingSince!.getTime()}`;
    const text = hotlineText.escalation(r.id, asker, assignee?.name ?? null, waited, settings.hotlineResponseHours, workDayMinutes(deps));
    const coordinators = await coordinatorsOf(deps, r.schoolId);
    let coordinatorsTold = false;
    for (const c of coordinators) {
      if (!c.contactId) continue;
      await enqueue(db, { dedupeKey: `${key}:s${c.id}`, to: { kind: "CONTACT", id: c.contactId }, text }, now);
      coordinatorsTold = true;
    }
    if (assignee?.contactId && !coordinators.some((c) => c.id === assignee.id)) {
      await enqueue(db, { dedupeKey: `${key}:assignee`, to: { kind: "CONTACT", id: assignee.contactId }, text: hotlineText.overdue(r.id, asker.childName) }, now);
    }
    if (r.guardianId !== null) {
      const g = await db.wechatIdentity.findUnique({ where: { guardianId: r.guardianId }, select: { contactId: true } });
      if (g) await enqueue(db, { dedupeKey: `${key}:family`, to: { kind: "CONTACT", id: g.contactId }, text: hotlineText.beingHandled(r.id, coordinatorsTold) }, now);
    }
    await db.hotlineEntry.create({ data: { requestId: r.id, at: now, kind: "ESCALATION", text: "超过回复时限，已上报学校负责人" } });
    result.escalated++;
  }
  return result;
}
