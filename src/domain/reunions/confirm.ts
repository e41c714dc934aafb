/**
 * Parents confirm they will take a reunion video call (issue #5 point 6): `确认 <编号>`, or bare
 * `确认` when one session of theirs waits for it. Sets ReunionParticipant.confirmedAt (the
 * injected clock's now) on the parent's PARENT row; the unconfirmed alert (unconfirmed.ts)
 * then leaves them out.
 */
import { cancelReminders, planReminders } from "./reminders.ts";
import type { Deps } from "../deps.ts";
import type { Participant } from "./booking-people.ts";
import { loadSession, type StoredSession } from "./session.ts";

/**
 * The BOOKED sessions not yet started where one of `guardianIds` is a PARENT participant who
 * has not confirmed, soonest first.
 */
export async function unconfirmedSessionsOf({ db, clock }: Deps, guardianIds: number[]): Promise<StoredSession[]> {
  const rows = await db.reunionParticipant.findMany({
    where: { guardianId: { in: guardianIds }, role: "PARENT", confirmedAt: null, session: { status: "BOOKED", startAt: { gt: clock.now() } } },
    select: { sessionId: true },
  });
  const ids = [...new Set(rows.map((r) => r.sessionId))];
  const sessions = await Promise.all(ids.map((id) => loadSession(db, id)));
  return sessions.filter((s): s is StoredSession => s !== null).sort((a, b) => a.start - b.start || a.id - b.id);
}

/** The id of the next coming BOOKED session `guardianIds` already confirmed as PARENT, or null. */
export async function nextConfirmedSessionOf({ db, clock }: Deps, guardianIds: number[]): Promise<number | null> {
  const row = await db.reunionParticipant.findFirst({
    where: { guardianId: { in: guardianIds }, role: "PARENT", confirmedAt: { not: null }, session: { status: "BOOKED", startAt: { gt: clock.now() } } },
    orderBy: { session: { startAt: "asc" } },
    select: { sessionId: true },
  });
  return row?.sessionId ?? null;
}

/** What confirmSession did: confirmed (now), already (earlier), or why not. */
export type ConfirmResult =
  | { kind: "confirmed" | "already"; session: StoredSession; parent: Participant }
  | { kind: "not-found" }
  | { kind: "not-open"; status: string }
  | { kind: "started" };

/**
 * Confirms session `id` for the sender's guardian records `guardianIds`: NOT_FOUND unless one of
 * them is a PARENT participant (the same answer as no such session); NOT_OPEN unless BOOKED;
 * STARTED once it began. Writes confirmedAt on each of the sender's PARENT rows not yet confirmed
 * and re-plans the reminders not yet sent (their texts no longer ask to confirm).
 */
export async function confirmSession(deps: Deps, guardianIds: number[], id: number): Promise<ConfirmResult> {
  const { db, clock } = deps;
  const s = await loadSession(db, id);
  const mine = s?.parents.filter((p) => guardianIds.includes(p.id)) ?? [];
  if (!s || mine.length === 0) return { kind: "not-found" };
  if (s.status !== "BOOKED") return { kind: "not-open", status: s.status };
  const now = clock.now();
  if (s.start <= now.getTime()) return { kind: "started" };
  const open = mine.filter((p) => p.confirmedAt === null);
  if (open.length === 0) return { kind: "already", session: s, parent: mine[0]! };
  await db.reunionParticipant.updateMany({ where: { sessionId: id, role: "PARENT", confirmedAt: null, guardianId: { in: open.map((p) => p.id) } }, data: { confirmedAt: now } });
  // The reminders not yet sent are written again, so a confirmed parent is not asked to confirm.
  await cancelReminders(deps, id);
  await planReminders(deps, id);
  return { kind: "confirmed", session: s, parent: open[0]! };
}
