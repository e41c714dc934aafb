/**
 * Moving (`改期`) and cancelling (`取消 <编号>`) reunion sessions (issue #5 point 5). Each change
 * records why (changeReason) and who (changedById for staff; a parent's change leaves it null
 * and writes an AuditLog row with the guardian), cancels the reminders of the old time before
 * anything else (reminders.ts), and tells everyone concerned (change-notices.ts). Only BOOKED or
 * REQUESTED sessions that have not started can change. Instants are epoch ms.
 */
import type { Deps } from "../deps.ts";
import { recordAudit, type AuditActor } from "../audit.ts";
import { changeText } from "../../messages/reunion-changes.ts";
import { checkChildRules, childFilter } from "./children.ts";
import { loadChildSessions, loadRoomSchedule, slotEngineFor } from "./schedule.ts";
import { cancelReminders, planReminders } from "./reminders.ts";
import type { BookingReason } from "./booking.ts";
import { loadSession, type StoredSession } from "./session.ts";
import { byText, changeProblem, notifyChange, OPEN_STATUSES, parentIn, sessionFor, type ChangeActor, askerIn } from "./change-notices.ts";

const MIN = 60_000;
const DAY = 86_400_000;

/** checkMove's answer: allowed, or the reasons with up to three free starts nearest the one asked for (epoch ms). */
export type MoveCheck = { ok: true } | { ok: false; reasons: BookingReason[]; offers: number[] };

/**
 * Checks moving `s` (same room, same length) to `start`: the room's rules with `s` itself
 * ignored, and the child's rules without `s` (children.ts). Pure reads.
 */
export async function checkMove(deps: Deps, s: StoredSession, start: number): Promise<MoveCheck> {
  const minutes = (s.end - s.start) / MIN;
  const now = deps.clock.now().getTime();
  const horizon = new Date(now + (deps.settings.reunionHorizonDays + 2) * DAY);
  const schedule = await loadRoomSchedule(deps, s.roomId, new Date(now), horizon);
  const engine = slotEngineFor(deps, schedule, s.id);
  const child = await loadChildSessions(deps, s.studentId, new Date(now), horizon);
  const perWeek = deps.settings.reunionPerChildWeek;
  const room = engine.checkSlot(start, minutes);
  const reasons: BookingReason[] = [...(room.ok ? [] : room.reasons), ...checkChildRules(child, start, minutes, perWeek, s.id)];
  if (reasons.length === 0) return { ok: true };
  return { ok: false, reasons, offers: engine.nearestFreeSlots(start, minutes, 3, childFilter(child, perWeek, s.id)) };
}

/** What a change did: done (the sessions as they are now, the names told, the first one's start before), or why not. */
export type ChangeResult =
  | { kind: "done"; sessions: StoredSession[]; told: string[]; oldStart: number }
  | { kind: "not-found" }
  | { kind: "not-open"; status: string }
  | { kind: "started" }
  | { kind: "same" }
  | { kind: "refused"; reasons: BookingReason[]; offers: number[]; session: StoredSession };

/** Session `id` for `actor` if it can change now, else the ChangeResult saying why not. */
async function openSession(deps: Deps, actor: ChangeActor, id: number): Promise<StoredSession | Exclude<ChangeResult, { kind: "done" | "same" | "refused" }>> {
  const s = await sessionFor(deps, actor, id);
  if (!s) return { kind: "not-found" };
  const problem = changeProblem(s, deps.clock.now().getTime());
  if (problem === "NOT_OPEN") return { kind: "not-open", status: s.status };
  if (problem === "STARTED") return { kind: "started" };
  return s;
}

/** The audit actor and changedById of `actor` in `s`. */
function whoChanged(actor: ChangeActor, s: StoredSession): { audit: AuditActor; changedById: number | null } {
  if (actor.kind === "staff") return { audit: { type: "STAFF", id: actor.staff.id }, changedById: actor.staff.id };
  return { audit: { type: "GUARDIAN", id: (parentIn(actor, s) ?? askerIn(actor, s))!.id }, changedById: null };
}

/**
 * Moves session `id` to `start` for `actor` (same length and room), re-checking every rule in
 * the caller's transaction: cancels the old time's reminders, updates the times, clears the
 * parents' confirmations (a parent who moves it is confirmed for the new time), records reason
 * and who, tells everyone (dedupe keys `reunion-moved:<id>:<newStart>:...`) and plans the new
 * reminders. `senderContactId` is answered in chat and not notified.
 */
export async function moveSession(deps: Deps, actor: ChangeActor, id: number, start: number, reason: string | null, senderContactId: string): Promise<ChangeResult> {
  const s = await openSession(deps, actor, id);
  if (!("id" in s)) return s;
  if (s.start === start) return { kind: "same" };
  const check = await checkMove(deps, s, start);
  if (!check.ok) return { kind: "refused", reasons: check.reasons, offers: check.offers, session: s };
  const { db } = deps;
  const now = deps.clock.now();
  const who = whoChanged(actor, s);
  await cancelReminders(deps, id);
  await db.reunionSession.update({ where: { id }, data: { startAt: new Date(start), endAt: new Date(start + s.end - s.start), changeReason: reason, changedById: who.changedById, updatedAt: now } });
  await db.reunionParticipant.updateMany({ where: { sessionId: id }, data: { confirmedAt: null } });
  if (actor.kind === "parent") await db.reunionParticipant.updateMany({ where: { sessionId: id, role: "PARENT", guardianId: { in: actor.guardianIds } }, data: { confirmedAt: now } });
  await recordAudit(db, now, who.audit, "reunion.move", "ReunionSession", id, { from: new Date(s.start).toISOString(), to: new Date(start).toISOString(), reason });
  const moved = (await loadSession(db, id))!;
  const by = byText(actor, s);
  const told = await notifyChange(deps, moved, actor, senderContactId, `reunion-moved:${id}:${start}`, (role, p) => changeText.movedNotice(role, moved, s.start, by, reason, p));
  await planReminders(deps, id);
  return { kind: "done", sessions: [moved], told, oldStart: s.start };
}

/**
 * Cancels session `id` for `actor` (and, with `series`, every later BOOKED/REQUESTED occurrence
 * of its seriesKey): status CANCELLED, reason and who recorded, reminders cancelled, everyone
 * told once (dedupe keys `reunion-cancelled:<id>:...`). Occurrences a parent may not change
 * (another family's: never the case within one series) are skipped.
 */
export async function cancelSession(deps: Deps, actor: ChangeActor, id: number, reason: string | null, series: boolean, senderContactId: string): Promise<ChangeResult> {
  const s = await openSession(deps, actor, id);
  if (!("id" in s)) return s;
  const { db } = deps;
  const now = deps.clock.now();
  const later =
    series && s.seriesKey
      ? await db.reunionSession.findMany({ where: { seriesKey: s.seriesKey, schoolId: s.schoolId, id: { not: id }, status: { in: [...OPEN_STATUSES] }, startAt: { gt: new Date(s.start) } }, select: { id: true }, orderBy: { startAt: "asc" } })
      : [];
  const who = whoChanged(actor, s);
  const done: StoredSession[] = [];
  for (const sid of [id, ...later.map((r) => r.id)]) {
    const x = sid === id ? s : await sessionFor(deps, actor, sid);
    if (!x) continue;
    await cancelReminders(deps, sid);
    await db.reunionSession.update({ where: { id: sid }, data: { status: "CANCELLED", changeReason: reason, changedById: who.changedById, updatedAt: now } });
    await recordAudit(db, now, who.audit, "reunion.cancel", "ReunionSession", sid, { reason });
    done.push(x);
  }
  const by = byText(actor, s);
  const told = await notifyChange(deps, s, actor, senderContactId, `reunion-cancelled:${id}`, (role) => changeText.cancelledNotice(role, done, by, reason));
  return { kind: "done", sessions: done, told, oldStart: s.start };
}
