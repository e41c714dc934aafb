import type { Deps } from "./deps.ts";
import type { SenderProfile } from "./identities.ts";
import { findNamesByContact } from "./identities.ts";
import { DomainError } from "./errors.ts";
import { recordAudit } from "./audit.ts";

/** A message the outbox gave up on, as a coordinator sees it. */
export interface FailedDelivery {
  id: number;
  recipient: string;
  createdAt: Date;
  attempts: number;
  lastError: string;
  /** THROTTLED, PERMANENT or RETRYABLE (outbox/policy.ts), null for rows failed before it was recorded. */
  failureKind: string | null;
  preview: string;
}

function requireCoordinator(sender: SenderProfile): void {
  if (!sender.roles.has("coordinator")) throw new DomainError("FORBIDDEN");
}

/**
 * Lists FAILED outbox messages, newest first, at most `limit` (default 20). Coordinators only
 * (they see the whole school, so previews of any family's message are within their scope).
 * Throws DomainError FORBIDDEN for anyone else.
 */
export async function listFailedDeliveries(deps: Deps, sender: SenderProfile, limit = 20): Promise<{ total: number; items: FailedDelivery[] }> {
  requireCoordinator(sender);
  const where = { status: "FAILED" as const };
  const [total, rows] = await Promise.all([
    deps.db.outboxMessage.count({ where }),
    deps.db.outboxMessage.findMany({ where, orderBy: { id: "desc" }, take: limit }),
  ]);
  const names = await findNamesByContact(deps, rows.map((r) => r.conversationId));
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      recipient: names.get(r.conversationId) ?? (r.conversationKind === "ROOM" ? "群聊" : "未绑定联系人"),
      createdAt: r.createdAt,
      attempts: r.attempts,
      lastError: r.lastError ?? "",
      failureKind: r.failureKind,
      preview: r.text,
    })),
  };
}

/**
 * Puts FAILED outbox message `id` back to PENDING, due now, with its attempt count reset.
 * Coordinators only. Throws NOT_FOUND when there is no such message, OUTBOX_NOT_FAILED when it
 * is not in FAILED state (already sent, or still pending).
 */
export async function retryFailedDelivery(deps: Deps, sender: SenderProfile, id: number): Promise<void> {
  requireCoordinator(sender);
  const now = deps.clock.now();
  const row = await deps.db.outboxMessage.findUnique({ where: { id } });
  if (!row) throw new DomainError("NOT_FOUND", { what: "发送记录", id });
  // (ids beyond the integer range are refused by the command before reaching here)
  const res = await deps.db.outboxMessage.updateMany({
    where: { id, status: "FAILED" },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lastError: null, failureKind: null, claimedAt: null, claimedBy: null },
  });
  if (res.count !== 1) throw new DomainError("OUTBOX_NOT_FAILED", { id });
  await recordAudit(deps.db, now, { type: "STAFF", id: sender.staff!.id }, "outbox.retry", "OutboxMessage", id);
}
