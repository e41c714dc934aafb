/**
 * Closing ended periods (issue #6 point 3): a talk duty still DUE when its period is over is
 * recorded as MISSED, and the school's coordinators get the list of missed children of that
 * period, by class and teacher. Run by the minute jobs (jobs.ts) as soon as a period has ended
 * (midnight of the 1st, Asia/Shanghai; a period that ended while the bot was down is closed when
 * it is back); the list is delivered at the next daily slot (TALK_DIGEST_TIME on a school working
 * day), not at midnight or on a holiday. Kept apart from the daily sweep so the 08:00 run stays
 * due computation and digests only.
 */
import type { Deps } from "../deps.ts";
import { periodFromKey } from "../../lib/talk-period.ts";
import { listDueDutiesForLists } from "../../db/talk-duties.ts";
import { monthCloseText, type ClassGroupView } from "../../messages/talk-duty.ts";
import { sendSchoolLists } from "./school-lists.ts";
import { nextDailySlot } from "../daily.ts";

/** What {@link closeEndedPeriods} did. */
export interface CloseResult {
  /** Duties turned MISSED. */
  missed: number;
  /** Messages written to coordinators. */
  messages: number;
}

/**
 * Marks every DUE duty whose period ended (periodEnd <= now) MISSED with closedAt = now, then
 * sends each bound coordinator (active COORDINATOR/ADMIN with WeChat) of the school one list
 * per closed period, due at the next daily slot: dedupe key `talk-missed:<period>:<staffId>`. A
 * duty with an open 免谈 request is closed too (the request was not decided in time) and flagged
 * in the list. Idempotent and cheap when there is nothing to close (one indexed lookup), so it
 * runs every minute.
 */
export async function closeEndedPeriods(deps: Deps): Promise<CloseResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const ended = { status: "DUE" as const, periodEnd: { lte: now } };
  if (!(await db.talkDuty.findFirst({ where: ended, select: { id: true } }))) return { missed: 0, messages: 0 };
  const duties = await listDueDutiesForLists(db, { endedBy: now });
  if (duties.length === 0) return { missed: 0, messages: 0 };
  // Same filter as the read, one statement, in the same transaction (SQLite: one writer at a time).
  await db.talkDuty.updateMany({ where: ended, data: { status: "MISSED", closedAt: now, updatedAt: now } });
  let messages = 0;
  for (const key of [...new Set(duties.map((d) => d.period))].sort()) {
    const period = periodFromKey(key);
    if (!period) continue;
    const text = (total: number, groups: ClassGroupView[]) => monthCloseText(period, total, groups);
    messages += await sendSchoolLists(deps, duties.filter((d) => d.period === key), text, (staffId) => `talk-missed:${key}:${staffId}`, nextDailySlot(deps, deps.settings.talkDigestTime));
  }
  return { missed: duties.length, messages };
}
