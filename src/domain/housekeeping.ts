import type { Deps } from "./deps.ts";
import { purgeExpiredPendingActions } from "./pending.ts";

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
