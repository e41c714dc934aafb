/**
 * Reminders of a booked reunion session (issue #5 point 6), planned as outbox rows when the
 * session is booked (or moved): each row waits in the database for its instant, so a restart
 * loses none and sends none twice. Moving or cancelling a session cancels its PENDING rows
 * (status CANCELLED), so nobody is reminded of a time that no longer holds.
 *
 * Plan (from the issue): 24 h before, parents and caregivers, only when booked more than 24 h
 * ahead; 1 h before, parents and the supervising teacher; at the start, the teacher. A reminder
 * whose instant is already past when planning is skipped, and each row expires (is not sent
 * late, e.g. after the bot was down) when the next one takes over: 24 h at 1 h before, 1 h at
 * the start, the start's at the end. Dedupe keys
 * `reunion-remind:<id>:<startMs>:<when>:<role>:<recordId>` (the start in the key: a moved
 * session gets new rows).
 */
import type { Deps } from "../deps.ts";
import { enqueue } from "../../outbox/enqueue.ts";
import { reminderText } from "../../messages/reunion-reminders.ts";
import { loadSession, type StoredSession } from "./session.ts";

const HOUR = 3_600_000;

/** The reminder rows' key prefix of session `id`. */
export const reminderKeyPrefix = (id: number) => `reunion-remind:${id}:`;

/** One planned reminder: who, when (epoch ms), what. */
export interface PlannedReminder {
  key: string;
  contactId: string;
  at: number;
  /** Epoch ms after which the row is not sent (outbox expiresAt): a reminder late past its use is dropped. */
  expiresAt: number;
  text: string;
}

/** Who is reminded when (the plan), with the text; `contactId` null when not bound. */
function everyReminder(s: StoredSession): (Omit<PlannedReminder, "contactId"> & { contactId: string | null })[] {
  const out: (Omit<PlannedReminder, "contactId"> & { contactId: string | null })[] = [];
  const base = `${reminderKeyPrefix(s.id)}${s.start}`;
  // Each reminder is of use until the next one takes over: 24 h until 1 h before, 1 h until the start, the start's until the end.
  const until: Record<string, number> = { "24h": s.start - HOUR, "1h": s.start, start: s.end };
  const add = (when: string, at: number, role: string, id: number, contactId: string | null, text: string) =>
    out.push({ key: `${base}:${when}:${role}:${id}`, contactId, at, expiresAt: until[when]!, text });
  for (const p of s.parents) add("24h", s.start - 24 * HOUR, "parent", p.id, p.contactId, reminderText.parentDayBefore(s, p));
  for (const c of s.caregivers) add("24h", s.start - 24 * HOUR, "carer", c.id, c.contactId, reminderText.caregiverDayBefore(s));
  for (const p of s.parents) add("1h", s.start - HOUR, "parent", p.id, p.contactId, reminderText.parentHourBefore(s, p));
  const t = s.supervisor;
  if (t) {
    add("1h", s.start - HOUR, "staff", t.id, t.contactId, reminderText.supervisorHourBefore(s));
    add("start", s.start, "staff", t.id, t.contactId, reminderText.supervisorAtStart(s));
  }
  return out;
}

/**
 * The reminders of `s` to plan at `now` (epoch ms): to bound people only, each due after `now`;
 * the 24 h ones only when the session is more than 24 h ahead. Pure.
 */
export function reminderPlan(s: StoredSession, now: number): PlannedReminder[] {
  const dayAhead = s.start - now > 24 * HOUR;
  return everyReminder(s).filter((r): r is PlannedReminder => r.contactId !== null && r.at > now && (dayAhead || !r.key.includes(":24h:")));
}

/**
 * Writes the reminder rows of BOOKED session `id` in the caller's transaction (deps.db), each
 * due at its instant; idempotent (dedupe keys; rows of the same start cancelled by an earlier move are revived). Returns how many rows the plan holds; 0 when
 * the session is not BOOKED.
 */
export async function planReminders(deps: Deps, id: number): Promise<number> {
  const s = await loadSession(deps.db, id);
  if (!s || s.status !== "BOOKED") return 0;
  const now = deps.clock.now();
  const plan = reminderPlan(s, now.getTime());
  for (const r of plan) {
    // A session moved back to a time it had before finds that time's rows CANCELLED: revive them.
    const revived = await deps.db.outboxMessage.updateMany({ where: { dedupeKey: r.key, status: "CANCELLED" }, data: { status: "PENDING", conversationId: r.contactId, text: r.text, nextAttemptAt: new Date(r.at), expiresAt: new Date(r.expiresAt), attempts: 0 } });
    if (revived.count === 0) await enqueue(deps.db, { dedupeKey: r.key, to: { kind: "CONTACT", id: r.contactId }, text: r.text, notBefore: new Date(r.at), expiresAt: new Date(r.expiresAt) }, now);
  }
  return plan.length;
}

/**
 * Cancels session `id`'s reminder rows for its current start not yet sent (PENDING ->
 * CANCELLED) in the caller's transaction: call it before moving the session (then
 * {@link planReminders} after the update) and when cancelling it. The rows are found by their
 * exact keys (the outbox's unique index; a prefix search would scan the table). Returns how many
 * rows were cancelled.
 */
export async function cancelReminders({ db }: Deps, id: number): Promise<number> {
  const s = await loadSession(db, id);
  if (!s) return 0;
  const keys = everyReminder(s).map((r) => r.key);
  const r = await db.outboxMessage.updateMany({ where: { dedupeKey: { in: keys }, status: "PENDING" }, data: { status: "CANCELLED" } });
  return r.count;
}
