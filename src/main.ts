/**
 * Composition root. With WECHATY_PUPPET_SERVICE_TOKEN: the production bot on a WeChat account
 * served by wechaty-puppet-service. Without: the interactive simulator on the demo school.
 * Nothing imports this file.
 */
import "dotenv/config";
import { formatConfigError, loadConfig, type Config } from "./config.ts";
import { openDb } from "./db/client.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { systemClock } from "./lib/clock.ts";
import { createLogger } from "./lib/logger.ts";
import { createApp, domainSettings } from "./app.ts";
import { createServicePuppet, superviseConnection } from "./bot/service.ts";
import { printLoginQr, quietWechatyLogs } from "./bot/wechaty.ts";
import { startScheduler } from "./scheduler/index.ts";
import { calendarCoverageWarning, loadWorkCalendar } from "./lib/work-calendar.ts";
import { runInteractive } from "./cli/simulate.ts";

async function runProduction(config: Config, token: string): Promise<void> {
  // Read and validate HOLIDAYS_FILE first: a bad file stops the start (HolidaysFileError, printed by main).
  const calendar = loadWorkCalendar(domainSettings(config));
  const logger = createLogger(config.LOG_LEVEL);
  const log = logger.child({ module: "main" });
  quietWechatyLogs();
  await migrateDatabase(config.DATABASE_URL);
  const db = await openDb(config.DATABASE_URL);
  const puppet = createServicePuppet(token, config.WECHATY_PUPPET_SERVICE_ENDPOINT);
  const app = createApp({
    config,
    db,
    clock: systemClock,
    logger,
    puppet,
    onScan: printLoginQr,
  });
  const supervision = superviseConnection(app.wechaty, {
    logger,
    ...(config.WECHATY_PUPPET_SERVICE_ENDPOINT ? { endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT } : {}),
    minBackoffMs: config.RECONNECT_BASE_MS,
    maxBackoffMs: config.RECONNECT_MAX_MS,
    keepaliveMs: config.PUPPET_KEEPALIVE_MS,
    loginTimeoutMs: config.LOGIN_TIMEOUT_MS,
  });
  const stopScheduler = startScheduler({
    db,
    clock: systemClock,
    logger,
    settings: domainSettings(config),
    housekeepingCron: config.HOUSEKEEPING_CRON,
    processedRetentionDays: config.PROCESSED_MESSAGE_RETENTION_DAYS,
    onCommitted: () => app.worker.wake(),
  });
  const calendarWarning = calendarCoverageWarning(calendar, systemClock.now());
  if (calendarWarning) log.warn(calendarWarning);
  log.info({ endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT ?? "(token discovery)" }, "bot starting");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    stopScheduler();
    await app.worker.stop();
    await supervision.shutdown();
    await app.activity.idle();
    await db.$disconnect();
    log.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const token = config.WECHATY_PUPPET_SERVICE_TOKEN;
  if (token) return runProduction(config, token);
  quietWechatyLogs();
  await runInteractive(config);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(formatConfigError(err) ?? err);
  process.exit(1);
});
