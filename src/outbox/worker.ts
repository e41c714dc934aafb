import { randomUUID } from "node:crypto";
import { basename } from "node:path";
import { withTx, type Db } from "../db/client.ts";
import type { OutboxMessage } from "../generated/prisma/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { Conversation } from "./enqueue.ts";
import { classifySendError, retryDelayMs, sendGapMs, throttlePauseMs, type OutboxPolicy } from "./policy.ts";

/** What the worker delivers through; implemented in bot/ over Wechaty. */
export interface Sender {
  /** Sends `text` to `to`; resolves when the puppet accepted it, throws otherwise. */
  sendText(to: Conversation, text: string): Promise<void>;
  /**
   * Sends the file at `path` (a saved attachment) to `to`, shown as `name`; resolves when the
   * puppet accepted it. Throws outbox/policy.ts AttachmentMissingError when the file is not on
   * disk (a permanent failure), else whatever the puppet threw.
   */
  sendFile(to: Conversation, path: string, name: string): Promise<void>;
  /** False while the bot is logged out or reconnecting: the worker then waits. */
  isReady(): boolean;
}

/** What one {@link OutboxWorker.tick} did. `nextDueAt` is when something may be sendable. */
export type TickResult =
  | { kind: "sent"; id: number }
  | { kind: "retry"; id: number; nextAttemptAt: Date }
  | { kind: "failed"; id: number }
  | { kind: "throttled"; id: number; pausedUntil: Date }
  | { kind: "idle"; nextDueAt: Date | null }
  | { kind: "not-ready" };

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  sender: Sender;
  policy: OutboxPolicy;
  logger: Logger;
  /** [0, 1) source for jitter; default Math.random. */
  random?: () => number;
  /** Rate-limit key: one per bot account sharing the database (default "bot"). */
  account?: string;
  /** Real-time poll interval of the background loop, ms (default 1000). */
  pollMs?: number;
}

const MINUTE = 60_000;

/**
 * Delivers OutboxMessage rows through a {@link Sender}, one at a time, never twice. A row with
 * an attachmentPath is sent as that file only (Sender.sendFile); any other row as its text.
 *
 * Each step claims a row with a conditional update (PENDING -> SENDING, only if still
 * PENDING), so two workers or two processes on one database never send one row twice; the
 * bot account's send slot is claimed the same way on SenderThrottle, so the rate limit and a
 * throttling pause hold across processes and restarts. A row is marked SENT only after the
 * send resolved. A row left SENDING by a dead worker is taken back after policy.leaseMs.
 */
export class OutboxWorker {
  readonly #o: Required<Omit<OutboxWorkerOptions, "random">> & { random: () => number };
  readonly #workerId = randomUUID();
  #running = false;
  #loop: Promise<void> | null = null;
  #wakeUp: (() => void) | null = null;

  constructor(options: OutboxWorkerOptions) {
    this.#o = { account: "bot", pollMs: 1000, random: Math.random, ...options };
  }

  /** Claims and sends at most one due message; see {@link TickResult}. */
  async tick(): Promise<TickResult> {
    const { db, clock, policy, sender, logger } = this.#o;
    if (!sender.isReady()) return { kind: "not-ready" };
    const now = clock.now();
    const claim = await withTx(db, async (tx): Promise<{ row: OutboxMessage; wait?: undefined } | { row?: undefined; wait: Date | null }> => {
      await tx.outboxMessage.updateMany({
        where: { status: "SENDING", claimedAt: { lt: new Date(now.getTime() - policy.leaseMs) } },
        data: { status: "PENDING", nextAttemptAt: now, claimedBy: null, claimedAt: null },
      });
      const throttle = await tx.senderThrottle.upsert({
        where: { account: this.#o.account },
        update: {},
        create: { account: this.#o.account, nextSendAt: new Date(0) },
      });
      // A pause or send slot further ahead than the policy allows means the clock went back
      // (a corrected system clock, the simulator's /clock): it is ignored, never waited out.
      const pausedUntil = throttle.pausedUntil && throttle.pausedUntil.getTime() - now.getTime() <= policy.throttlePauseMaxMs ? throttle.pausedUntil : null;
      const nextSendAt = throttle.nextSendAt.getTime() - now.getTime() <= policy.minIntervalMs + policy.jitterMs ? throttle.nextSendAt : now;
      if (pausedUntil && pausedUntil > now) return { wait: pausedUntil };
      const row = await tx.outboxMessage.findFirst({
        where: { status: "PENDING", nextAttemptAt: { lte: now } },
        orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
      });
      if (!row) {
        const next = await tx.outboxMessage.findFirst({ where: { status: "PENDING" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
        return { wait: next?.nextAttemptAt ?? null };
      }
      if (row.expiresAt && row.expiresAt <= now) {
        // Too late to be of use (enqueue.ts expiresAt): cancelled, never sent late; next row.
        await tx.outboxMessage.updateMany({ where: { id: row.id, status: "PENDING" }, data: { status: "CANCELLED", lastError: "expired before it could be sent" } });
        logger.info({ module: "outbox", outboxId: row.id, expiresAt: row.expiresAt }, "message expired unsent");
        return { wait: now };
      }
      if (nextSendAt > now) return { wait: nextSendAt };
      const recent = await tx.outboxMessage.findMany({
        where: { sentAt: { gt: new Date(now.getTime() - MINUTE), lte: now } },
        orderBy: { sentAt: "asc" },
        select: { sentAt: true },
        take: policy.maxPerMinute,
      });
      if (recent.length >= policy.maxPerMinute) return { wait: new Date(recent[0]!.sentAt!.getTime() + MINUTE) };
      const slot = await tx.senderThrottle.updateMany({
        where: { account: this.#o.account, nextSendAt: throttle.nextSendAt },
        data: { nextSendAt: new Date(now.getTime() + sendGapMs(policy, this.#o.random)) },
      });
      if (slot.count !== 1) return { wait: now };
      const claimed = await tx.outboxMessage.updateMany({
        where: { id: row.id, status: "PENDING" },
        data: { status: "SENDING", claimedBy: this.#workerId, claimedAt: now, attempts: { increment: 1 } },
      });
      if (claimed.count !== 1) return { wait: now };
      return { row: { ...row, attempts: row.attempts + 1 } };
    });
    if (!claim.row) return { kind: "idle", nextDueAt: claim.wait };

    const row = claim.row;
    const to: Conversation = { kind: row.conversationKind, id: row.conversationId };
    try {
      // A row with an attachment is the file alone: its text is only a label for logs and lists.
      const send = row.attachmentPath ? sender.sendFile(to, row.attachmentPath, row.attachmentName ?? basename(row.attachmentPath)) : sender.sendText(to, row.text);
      await withTimeout(send, policy.sendTimeoutMs);
    } catch (err) {
      return this.#recordFailure(row.id, row.attempts, err);
    }
    const sentAt = clock.now();
    await withTx(db, async (tx) => {
      await tx.outboxMessage.updateMany({
        where: { id: row.id, status: "SENDING", claimedBy: this.#workerId },
        data: { status: "SENT", sentAt, lastError: null },
      });
      await tx.senderThrottle.updateMany({ where: { account: this.#o.account, pauseLevel: { gt: 0 } }, data: { pauseLevel: 0, pausedUntil: null } });
    });
    logger.info({ module: "outbox", outboxId: row.id, attempt: row.attempts }, "sent");
    return { kind: "sent", id: row.id };
  }

  async #recordFailure(id: number, attempts: number, err: unknown): Promise<TickResult> {
    const { db, clock, policy, logger } = this.#o;
    const now = clock.now();
    const kind = classifySendError(err);
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    const mine = { id, status: "SENDING" as const, claimedBy: this.#workerId };
    if (kind === "THROTTLED") {
      const pausedUntil = await withTx(db, async (tx) => {
        const t = await tx.senderThrottle.findUniqueOrThrow({ where: { account: this.#o.account } });
        const level = t.pauseLevel + 1;
        const until = new Date(now.getTime() + throttlePauseMs(policy, level));
        await tx.senderThrottle.update({ where: { account: this.#o.account }, data: { pauseLevel: level, pausedUntil: until } });
        await tx.outboxMessage.updateMany({
          where: mine,
          // nextAttemptAt is kept: the pause is on the account, and the row keeps its place in line.
          data: { status: "PENDING", attempts: { decrement: 1 }, claimedBy: null, claimedAt: null, lastError: error, failureKind: kind },
        });
        return until;
      });
      logger.warn({ module: "outbox", outboxId: id, pausedUntil }, "throttled by WeChat: worker paused");
      return { kind: "throttled", id, pausedUntil };
    }
    if (kind === "PERMANENT" || attempts >= policy.maxAttempts) {
      await withTx(db, (tx) => tx.outboxMessage.updateMany({ where: mine, data: { status: "FAILED", lastError: error, failureKind: kind, claimedBy: null } }));
      logger.error({ module: "outbox", outboxId: id, attempts, kind, err: error }, "delivery failed for good");
      return { kind: "failed", id };
    }
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(policy, attempts, this.#o.random));
    await withTx(db, (tx) =>
      tx.outboxMessage.updateMany({ where: mine, data: { status: "PENDING", nextAttemptAt, lastError: error, failureKind: kind, claimedBy: null, claimedAt: null } }),
    );
    logger.warn({ module: "outbox", outboxId: id, attempts, nextAttemptAt, err: error }, "send failed, will retry");
    return { kind: "retry", id, nextAttemptAt };
  }

  /**
   * Sends everything that is due, moving a manual clock over rate-limit gaps instead of
   * sleeping (simulator and tests). `advance(ms)` must move the worker's clock forward.
   * Stops when nothing is pending, or the next pending row is more than `maxWaitMs` away
   * (default 65 s: a long retry back-off is left for later), or after a throttling signal (the
   * pause is left for the caller to wait out). Returns the
   * results of the sending steps, in order.
   */
  async drain(advance: (ms: number) => void, maxWaitMs = 65_000, maxSteps = 100_000): Promise<TickResult[]> {
    const out: TickResult[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const r = await this.tick();
      if (r.kind === "not-ready") break;
      if (r.kind === "throttled") {
        out.push(r);
        break; // a throttling pause is left for the caller to wait out
      }
      if (r.kind !== "idle") {
        out.push(r);
        continue;
      }
      if (!r.nextDueAt) break;
      const wait = r.nextDueAt.getTime() - this.#o.clock.now().getTime();
      if (wait > maxWaitMs) break;
      if (wait > 0) advance(wait);
    }
    return out;
  }

  /** Starts the background loop (idempotent). It sleeps in real time between due rows. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Wakes the loop now (new rows were committed). */
  wake(): void {
    this.#wakeUp?.();
  }

  /** Stops the loop after the current step; resolves when it has stopped. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = null;
  }

  async #run(): Promise<void> {
    const { logger, clock, pollMs } = this.#o;
    while (this.#running) {
      let delay = pollMs;
      try {
        const r = await this.tick();
        if (r.kind === "idle") {
          delay = r.nextDueAt ? Math.max(0, Math.min(pollMs * 5, r.nextDueAt.getTime() - clock.now().getTime())) : pollMs;
        } else if (r.kind !== "not-ready") {
          delay = 0;
        }
      } catch (err) {
        logger.error({ module: "outbox", err }, "outbox step failed");
      }
      if (!this.#running) break;
      if (delay > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.#wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.#wakeUp = null;
      }
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
