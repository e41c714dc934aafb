import cron from "node-cron";
import { withTx, type Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { SCHOOL_TZ } from "../lib/time.ts";
import type { DomainSettings } from "../domain/deps.ts";
import { rm } from "node:fs/promises";
import { expireAttachments, purgeExpiredRecords } from "../domain/housekeeping.ts";
import { runMinuteJobs } from "../domain/jobs.ts";

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: DomainSettings;
  /** Cron expression of the housekeeping job (Asia/Shanghai). */
  housekeepingCron: string;
  processedRetentionDays: number;
  /** Called after a job committed (wakes the outbox worker for what it wrote). */
  onCommitted?(): void;
}

/**
 * Starts the cron jobs, one line each; each calls a domain job with the clock's now in its own
 * transaction. Due work is found in the database, so a job missed while the bot was down is
 * done at the next run. Returns a stop function. Throws Error naming HOUSEKEEPING_CRON when
 * node-cron refuses that expression (nothing is scheduled then).
 */
export function startScheduler(d: SchedulerDeps): () => void {
  if (!cron.validate(d.housekeepingCron)) {
    throw new Error(`HOUSEKEEPING_CRON is not a valid cron expression: "${d.housekeepingCron}" (5 or 6 fields, e.g. "17 * * * *")`);
  }
  const log = d.logger.child({ module: "scheduler" });
  const run = (job: string, fn: () => Promise<unknown>, level: "info" | "debug" = "info") => async () => {
    try {
      log[level]({ job, result: await fn() }, "job done");
      d.onCommitted?.();
    } catch (err) {
      log.error({ job, err }, "job failed");
    }
  };
  const deps = (tx: Parameters<Parameters<typeof withTx>[1]>[0]) => ({ db: tx, clock: d.clock, logger: d.logger, settings: d.settings });
  const tasks = [
    // Hotline reminders and escalations (and later other due work): every minute, Asia/Shanghai.
    cron.schedule("* * * * *", run("minute-jobs", () => withTx(d.db, (tx) => runMinuteJobs(deps(tx))), "debug"), { timezone: SCHOOL_TZ, noOverlap: true }),
    cron.schedule(d.housekeepingCron, run("housekeeping", () => housekeeping(d, deps)), { timezone: SCHOOL_TZ }),
  ];
  return () => {
    for (const t of tasks) void t.stop();
  };
}

/** The hourly housekeeping: expired records, then old files (deleted from disk once their rows forget them). */
async function housekeeping(d: SchedulerDeps, deps: (tx: Parameters<Parameters<typeof withTx>[1]>[0]) => Parameters<typeof expireAttachments>[0]) {
  const records = await withTx(d.db, (tx) => purgeExpiredRecords(deps(tx), d.processedRetentionDays));
  const paths = await withTx(d.db, (tx) => expireAttachments(deps(tx)));
  for (const p of paths) await rm(p, { force: true });
  return { ...records, attachments: paths.length };
}
