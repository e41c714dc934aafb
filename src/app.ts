import type { Config } from "./config.ts";
export { domainSettings };
import type { Db } from "./db/client.ts";
import type { Clock } from "./lib/clock.ts";
import type { Logger } from "./lib/logger.ts";
import { domainSettings } from "./config.ts";
import type { OutboxPolicy } from "./outbox/policy.ts";
import { OutboxWorker } from "./outbox/worker.ts";
import { Router } from "./router/router.ts";
import { buildRegistry } from "./commands/index.ts";
import { attachBotEvents, type BotActivity } from "./bot/events.ts";
import { createWechaty, type Puppet, type ScanStatus, type Wechaty } from "./bot/wechaty.ts";
import { wechatySender } from "./bot/sender.ts";
import { withTx } from "./db/client.ts";
import { runMinuteJobs, type MinuteJobsResult } from "./domain/jobs.ts";


/** Outbox policy from the validated config. */
export function outboxPolicy(c: Config): OutboxPolicy {
  return {
    minIntervalMs: c.OUTBOX_MIN_INTERVAL_MS,
    jitterMs: c.OUTBOX_JITTER_MS,
    maxPerMinute: c.OUTBOX_MAX_PER_MINUTE,
    maxAttempts: c.OUTBOX_MAX_ATTEMPTS,
    backoffBaseMs: c.OUTBOX_BACKOFF_BASE_MS,
    backoffMaxMs: c.OUTBOX_BACKOFF_MAX_MS,
    throttlePauseMs: c.OUTBOX_THROTTLE_PAUSE_MS,
    throttlePauseMaxMs: c.OUTBOX_THROTTLE_PAUSE_MAX_MS,
    sendTimeoutMs: c.OUTBOX_SEND_TIMEOUT_MS,
    leaseMs: c.OUTBOX_LEASE_MS,
  };
}

export interface AppOptions {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  puppet: Puppet;
  /** [0, 1) source for the outbox's jitter (tests pass a constant). */
  random?: () => number;
  /** Start the outbox worker's real-time loop at login (default true; the simulator drains by hand). */
  runWorkerLoop?: boolean;
  onScan?(qrcode: string, status: ScanStatus): void;
  /** Called after each inbound message's transaction committed (benchmarks). */
  onHandled?(messageId: string, outcome: string): void;
}

/** The assembled bot: Wechaty, router, outbox worker, wired once. */
export interface App {
  wechaty: Wechaty;
  router: Router;
  worker: OutboxWorker;
  activity: BotActivity;
  /** Runs the domain's minute jobs (reminders, escalations) now, in one transaction, and wakes the outbox. */
  runDueJobs(): Promise<MinuteJobsResult>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires the parts in the one direction of shared/design.md: Wechaty event -> bot -> router ->
 * commands -> domain -> outbox rows -> worker -> Sender -> Wechaty. Used by main.ts, the
 * simulator, the tests and the benchmark, so all of them run the same bot.
 */
export function createApp(o: AppOptions): App {
  const registry = buildRegistry();
  const router = new Router({
    db: o.db,
    clock: o.clock,
    logger: o.logger,
    settings: domainSettings(o.config),
    registry,
    maxMessageChars: o.config.MAX_MESSAGE_CHARS,
  });
  const wechaty = createWechaty(o.puppet);
  const worker = new OutboxWorker({
    db: o.db,
    clock: o.clock,
    sender: wechatySender(wechaty),
    policy: outboxPolicy(o.config),
    logger: o.logger,
    pollMs: o.config.OUTBOX_POLL_MS,
    ...(o.random ? { random: o.random } : {}),
  });
  const runLoop = o.runWorkerLoop ?? true;
  const activity = attachBotEvents(wechaty, {
    router,
    clock: o.clock,
    logger: o.logger,
    botName: o.config.BOT_NAME,
    autoAcceptFriends: o.config.AUTO_ACCEPT_FRIENDS,
    replayWindowMs: o.config.PROCESSED_MESSAGE_RETENTION_DAYS * 86_400_000,
    attachmentDir: o.config.ATTACHMENT_DIR,
    onCommitted: () => worker.wake(),
    onLogin: () => {
      if (runLoop) worker.start();
    },
    ...(o.onScan ? { onScan: o.onScan } : {}),
    ...(o.onHandled ? { onHandled: o.onHandled } : {}),
  });
  return {
    wechaty,
    router,
    worker,
    activity,
    async runDueJobs() {
      const settings = domainSettings(o.config);
      const result = await withTx(o.db, (tx) => runMinuteJobs({ db: tx, clock: o.clock, logger: o.logger, settings }));
      worker.wake();
      return result;
    },
    async start() {
      await wechaty.start();
    },
    async stop() {
      await worker.stop();
      await activity.idle();
      await wechaty.stop();
    },
  };
}
