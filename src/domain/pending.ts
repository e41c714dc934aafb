import type { Deps } from "./deps.ts";

/** A live multi-step exchange of one contact. `payload` is the parsed JSON the owner stored. */
export interface PendingAction {
  kind: string;
  payload: unknown;
  expiresAt: Date;
}

/**
 * The contact's pending exchange, or null when none or expired (an expired row is deleted).
 * Pending exchanges are rows, not timers, so they survive a restart (shared/style.md rule 12).
 */
export async function findPendingAction({ db, clock }: Deps, contactId: string): Promise<PendingAction | null> {
  const row = await db.pendingAction.findUnique({ where: { contactId } });
  if (!row) return null;
  if (row.expiresAt <= clock.now()) {
    await db.pendingAction.delete({ where: { contactId } });
    return null;
  }
  return { kind: row.kind, payload: JSON.parse(row.payload) as unknown, expiresAt: row.expiresAt };
}

/** Starts or replaces the contact's pending exchange; it expires settings.pendingActionTtlMin after now. */
export async function savePendingAction({ db, clock, settings }: Deps, input: { contactId: string; kind: string; payload: unknown }): Promise<void> {
  const now = clock.now();
  const data = { kind: input.kind, payload: JSON.stringify(input.payload), createdAt: now, expiresAt: new Date(now.getTime() + settings.pendingActionTtlMin * 60_000) };
  await db.pendingAction.upsert({ where: { contactId: input.contactId }, update: data, create: { contactId: input.contactId, ...data } });
}

/** Removes the contact's pending exchange, if any. */
export async function clearPendingAction({ db }: Deps, contactId: string): Promise<void> {
  await db.pendingAction.deleteMany({ where: { contactId } });
}

/** Deletes expired pending exchanges; returns how many (scheduler housekeeping). */
export async function purgeExpiredPendingActions({ db, clock }: Deps): Promise<number> {
  const res = await db.pendingAction.deleteMany({ where: { expiresAt: { lte: clock.now() } } });
  return res.count;
}
