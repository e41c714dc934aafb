import type { Deps } from "./deps.ts";
import { purgeExpiredPendingActions } from "./pending.ts";
import { ATTACHMENT_EXPIRED } from "../messages/hotline.ts";

/**
 * Deletes what has served its purpose: processed-message ids older than `retentionDays` (the
 * bot drops messages older than that window, so their ids are no longer needed), expired
 * pending exchanges, and wrong binding tries older than a day. Returns the counts. Idempotent.
 */
export async function purgeExpiredRecords(deps: Deps, retentionDays: number): Promise<{ processed: number; pending: number; failures: number }> {
  const now = deps.clock.now().getTime();
  const processed = await deps.db.processedMessage.deleteMany({ where: { processedAt: { lt: new Date(now - retentionDays * 86_400_000) } } });
  const pending = await purgeExpiredPendingActions(deps);
  const failures = await deps.db.bindingFailure.deleteMany({ where: { at: { lt: new Date(now - 86_400_000) } } });
  return { processed: processed.count, pending, failures: failures.count };
}

export { ATTACHMENT_EXPIRED };

/**
 * Forgets the files of family messages and teachers' updates older than
 * settings.attachmentRetentionDays (ATTACHMENT_RETENTION_DAYS): their rows keep the text and the
 * kind, lose the path, and say why. Returns the paths, for the caller to delete from disk after
 * the transaction commits (domain code does no file I/O). Idempotent.
 */
export async function expireAttachments(deps: Deps): Promise<string[]> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.settings.attachmentRetentionDays * 86_400_000);
  const where = { attachmentPath: { not: null }, at: { lt: cutoff } };
  const entries = await deps.db.hotlineEntry.findMany({ where, select: { attachmentPath: true } });
  const updates = await deps.db.teacherUpdateAttachment.findMany({ where, select: { attachmentPath: true } });
  const data = { attachmentPath: null, attachmentError: ATTACHMENT_EXPIRED };
  await deps.db.hotlineEntry.updateMany({ where, data });
  await deps.db.teacherUpdateAttachment.updateMany({ where, data });
  return [...new Set([...entries, ...updates].map((r) => r.attachmentPath!))];
}
