import type { Tx } from "../db/client.ts";

/** Who acted: a guardian or staff record, a bare WeChat contact, the system, or the CLI operator. */
export type AuditActor =
  | { type: "GUARDIAN"; id: number }
  | { type: "STAFF"; id: number }
  | { type: "CONTACT"; id: string }
  | { type: "SYSTEM" }
  | { type: "CLI" };

/**
 * Appends one AuditLog row in the caller's transaction: `action` on `entity`/`entityId` at `at`.
 * `detail` is stored as JSON; callers never put phone numbers in clear or message bodies there.
 */
export async function recordAudit(
  db: Tx,
  at: Date,
  actor: AuditActor,
  action: string,
  entity: string,
  entityId: string | number | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  await db.auditLog.create({
    data: {
      at,
      actorType: actor.type,
      actorId: "id" in actor ? String(actor.id) : null,
      action,
      entity,
      entityId: entityId === null ? null : String(entityId),
      detail: detail ? JSON.stringify(detail) : null,
    },
  });
}
