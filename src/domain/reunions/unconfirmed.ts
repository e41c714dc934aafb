/**
 * Minute job (issue #5 point 6): a BOOKED session starting within the next 2 hours with a
 * PARENT participant who has not confirmed -> the school's bound coordinators are told once,
 * naming the child, time, room and those parents. The window is `(now, now + 2 h]`, so a run
 * after a restart still sends the alert while the session has not started; the dedupe key
 * `reunion-unconfirmed:<id>:<startMs>:<staffId>` sends it once per start (a moved session that
 * is again unconfirmed is told again).
 */
import type { Deps } from "../deps.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { changeText } from "../../messages/reunion-changes.ts";
import { coordinatorsOf } from "../hotline/common.ts";
import { loadSession } from "./session.ts";

/** How long before the start an unconfirmed parent is reported (the issue: 2 h). */
export const UNCONFIRMED_ALERT_MS = 2 * 3_600_000;

/** What one run did: alerts written (new outbox rows; repeats are not counted). */
export interface UnconfirmedAlertResult {
  alerted: number;
}

/** Writes the due alerts in the caller's transaction at deps.clock.now(). */
export async function runUnconfirmedAlerts(deps: Deps): Promise<UnconfirmedAlertResult> {
  const { db } = deps;
  const now = deps.clock.now();
  const rows = await db.reunionSession.findMany({
    where: { status: "BOOKED", startAt: { gt: now, lte: new Date(now.getTime() + UNCONFIRMED_ALERT_MS) }, participants: { some: { role: "PARENT", confirmedAt: null } } },
    select: { id: true, schoolId: true, startAt: true },
    orderBy: { startAt: "asc" },
  });
  let alerted = 0;
  for (const { id, schoolId, startAt } of rows) {
    const keys = (await coordinatorsOf(deps, schoolId)).map((c) => ({ c, key: `reunion-unconfirmed:${id}:${startAt.getTime()}:${c.id}` }));
    const seen = new Set((await db.outboxMessage.findMany({ where: { dedupeKey: { in: keys.map((k) => k.key) } }, select: { dedupeKey: true } })).map((r) => r.dedupeKey));
    const due = keys.filter((k) => !seen.has(k.key) && k.c.contactId);
    if (due.length === 0) continue;
    const s = (await loadSession(db, id))!;
    const who = s.parents.filter((p) => p.confirmedAt === null);
    for (const { c, key } of due) {
      await enqueue(db, { dedupeKey: key, to: { kind: "CONTACT", id: c.contactId! }, text: changeText.unconfirmedAlert(s, who), expiresAt: startAt }, now);
      alerted++;
    }
  }
  return { alerted };
}
