/**
 * Closing ended periods (issue #6 point 3): a talk duty still DUE when its period is over is
 * recorded as MISSED, and the school's coordinators get the list of missed children of that
 * period, by class and teacher. Run by the daily sweep (sweep.ts); a period that ended while the
 * bot was down is closed at the next working day's sweep.
 */
import type { Deps } from "../deps.ts";
import { periodFromKey } from "../../lib/talk-period.ts";
import { listDueDutiesForLists } from "../../db/talk-duties.ts";
import { monthCloseText, type ClassGroupView } from "../../messages/talk-duty.ts";
import { sendSchoolLists } from "./school-lists.ts";

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
 * per closed period: dedupe key `talk-missed:<period>:<staffId>`. A duty with an open 免谈
 * request is closed too (the request was not decided in time) and flagged in the list.
 * Idempotent: a second run finds nothing DUE in ended periods.
 */
export async function closeEndedPeriods(deps: Deps): Promise<CloseResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const ended = { status: "DUE" as const, periodEnd: { lte: now } };
  const duties = await listDueDutiesForLists(db, { endedBy: now });
  if (duties.length === 0) return { missed: 0, messages: 0 };
  // Same filter as the read, one statement. In the sweep the day's claim was written first, so
  // this transaction already holds SQLite's write lock and no other writer runs in between.
  await db.talkDuty.updateMany({ where: ended, data: { status: "MISSED", closedAt: now, updatedAt: now } });
  let messages = 0;
  for (const key of [...new Set(duties.map((d) => d.period))].sort()) {
    const period = periodFromKey(key);
    if (!period) continue;
    const text = (total: number, groups: ClassGroupView[]) => monthCloseText(period, total, groups);
    messages += await sendSchoolLists(deps, duties.filter((d) => d.period === key), text, (staffId) => `talk-missed:${key}:${staffId}`);
  }
  return { missed: duties.length, messages };
}
