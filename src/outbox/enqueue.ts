import type { Tx } from "../db/client.ts";
import { insertRows } from "../db/bulk.ts";

/** Where a message goes: a WeChat contact (private chat) or a room (group chat). */
export interface Conversation {
  kind: "CONTACT" | "ROOM";
  id: string;
}

/** One outgoing message to write. */
export interface OutgoingMessage {
  /** Unique per logical message (`reply:<inboundId>:<n>`, `bind-displaced:<identityId>`...). */
  dedupeKey: string;
  to: Conversation;
  /**
   * The message. With `attachment` it is NOT sent: it is only a label for logs and lists
   * (`[语音]`, `[图片] 作业.jpg`); text that should reach the receiver goes in its own row.
   */
  text: string;
  /**
   * A saved file (under ATTACHMENT_DIR) to send instead of the text: the row delivers this file
   * only, shown to the receiver as `name`. A file gone from disk when the row is sent fails the
   * row for good (outbox/policy.ts AttachmentMissingError), without retries.
   */
  attachment?: { path: string; name: string };
  /** Not before this instant (default: now). A merged relay waits for its window. */
  notBefore?: Date;
  /**
   * Not after this instant: a row still unsent then (the bot was down, the account throttled)
   * is cancelled by the worker instead of sent late (`1 小时后…` the day after). Default: never.
   */
  expiresAt?: Date;
}

/**
 * Writes an outgoing message as a PENDING OutboxMessage row in the caller's transaction, due at
 * `now`. A row with the same dedupeKey already present makes this a no-op (the upsert updates
 * nothing), so a job or a handler that runs twice never sends twice. Returns the row id.
 */
export async function enqueue(db: Tx, message: OutgoingMessage, now: Date): Promise<number> {
  const row = await db.outboxMessage.upsert({
    where: { dedupeKey: message.dedupeKey },
    update: {},
    create: {
      dedupeKey: message.dedupeKey,
      conversationKind: message.to.kind,
      conversationId: message.to.id,
      text: message.text,
      attachmentPath: message.attachment?.path ?? null,
      attachmentName: message.attachment?.name ?? null,
      nextAttemptAt: message.notBefore ?? now,
      expiresAt: message.expiresAt ?? null,
      createdAt: now,
    },
    select: { id: true },
  });
  return row.id;
}

/** Dedupe keys per lookup in {@link enqueueMany}: under SQLite's bound-parameter limit. */
const KEY_CHUNK = 500;

/**
 * {@link enqueue} for many messages at once (a daily digest to every teacher of 100 schools):
 * rows whose dedupeKey is already present (or repeated in `messages`) are skipped, the rest are
 * written as PENDING rows due at `now` with multi-row INSERTs (db/bulk.ts: createMany of a
 * thousand long Chinese texts costs about a second in this Prisma version). Attachments are not
 * supported here; every row is due at `dueAt` (default `now`). Returns how many rows were written.
 */
export async function enqueueMany(db: Tx, messages: Omit<OutgoingMessage, "attachment" | "notBefore">[], now: Date, dueAt: Date = now): Promise<number> {
  const present = new Set<string>();
  for (let i = 0; i < messages.length; i += KEY_CHUNK) {
    const keys = messages.slice(i, i + KEY_CHUNK).map((m) => m.dedupeKey);
    for (const r of await db.outboxMessage.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })) present.add(r.dedupeKey);
  }
  const seen = new Set<string>();
  const fresh = messages.filter((m) => !present.has(m.dedupeKey) && !seen.has(m.dedupeKey) && seen.add(m.dedupeKey));
  if (fresh.length === 0) return 0;
  await insertRows(db, "OutboxMessage", fresh.map((m) => ({ dedupeKey: m.dedupeKey, conversationKind: m.to.kind, conversationId: m.to.id, text: m.text, status: "PENDING", attempts: 0, nextAttemptAt: dueAt, createdAt: now })));
  return fresh.length;
}
