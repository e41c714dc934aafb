import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freshDb } from "../../test/helpers/db.ts";
import { sqlitePath, withTx, type Db } from "../db/client.ts";
import { ManualClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { enqueue, type Conversation } from "./enqueue.ts";
import { defaultOutboxPolicy, retryDelayMs, type OutboxPolicy } from "./policy.ts";
import { OutboxWorker, type Sender, type TickResult } from "./worker.ts";

const T0 = new Date("2026-12-07T01:00:00.000Z"); // Monday 09:00 in Shanghai
const PARENT: Conversation = { kind: "CONTACT", id: "wxid_parent_1" };

/** Records every accepted send; a text's queued errors are thrown first, one per call. */
class FakeSender implements Sender {
  readonly sent: { to: Conversation; text: string }[] = [];
  readonly #errors = new Map<string, Error[]>();
  /** Every call, accepted or not. */
  calls = 0;
  ready = true;

  /** The next sends of `text` throw these errors, in order. */
  failNext(text: string, ...errors: Error[]): void {
    this.#errors.set(text, [...(this.#errors.get(text) ?? []), ...errors]);
  }

  async sendText(to: Conversation, text: string): Promise<void> {
    this.calls++;
    const err = this.#errors.get(text)?.shift();
    if (err) throw err;
    this.sent.push({ to, text });
  }

  /** Recorded as the text `[文件] <name>`; errors queued for that text apply. */
  async sendFile(to: Conversation, _path: string, name: string): Promise<void> {
    await this.sendText(to, `[文件] ${name}`);
  }

  isReady(): boolean {
    return this.ready;
  }

  texts(): string[] {
    return this.sent.map((s) => s.text);
  }
}

const opened: { db: Db; url: string }[] = [];

afterEach(async () => {
  for (const { db, url } of opened.splice(0)) {
    await db.$disconnect();
    rmSync(dirname(sqlitePath(url)!), { recursive: true, force: true });
  }
});

interface Setup {
  db: Db;
  clock: ManualClock;
  sender: FakeSender;
  policy: OutboxPolicy;
  worker: OutboxWorker;
  /** Enqueues one message per text (dedupeKey = text) at the clock's now; returns the row ids. */
  add(...texts: string[]): Promise<number[]>;
  advance: (ms: number) => void;
}

async function setup(overrides: Partial<OutboxPolicy> = {}): Promise<Setup> {
  const handle = await freshDb();
  opened.push(handle);
  const { db } = handle;
  const clock = new ManualClock(T0);
  const sender = new FakeSender();
  const policy: OutboxPolicy = { ...defaultOutboxPolicy, ...overrides };
  const worker = new OutboxWorker({ db, clock, sender, policy, logger: silentLogger(), random: () => 0 });
  const add = (...texts: string[]) =>
    withTx(db, async (tx) => {
      const ids: number[] = [];
      for (const text of texts) ids.push(await enqueue(tx, { dedupeKey: `test:${text}`, to: PARENT, text }, clock.now()));
      return ids;
    });
  return { db, clock, sender, policy, worker, add, advance: (ms) => clock.advance(ms) };
}

const at = (ms: number) => new Date(T0.getTime() + ms);
const row = (db: Db, id: number) => db.outboxMessage.findUniqueOrThrow({ where: { id } });
const throttleOf = (db: Db) => db.senderThrottle.findUnique({ where: { account: "bot" } });

/** How many times each text was accepted by the senders. */
function countByText(...senders: FakeSender[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of senders) for (const { text } of s.sent) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

describe("enqueue", () => {
  it("writes one PENDING row due now, and a second enqueue with the same dedupeKey is a no-op", async () => {
    const { db, clock } = await setup();
    const first = await withTx(db, (tx) => enqueue(tx, { dedupeKey: "reply:m1:0", to: PARENT, text: "第一次" }, clock.now()));
    clock.advance(5000);
    const second = await withTx(db, (tx) =>
      enqueue(tx, { dedupeKey: "reply:m1:0", to: { kind: "ROOM", id: "room1" }, text: "第二次" }, clock.now()),
    );
    expect(second).toBe(first);
    const rows = await db.outboxMessage.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first,
      dedupeKey: "reply:m1:0",
      conversationKind: "CONTACT",
      conversationId: "wxid_parent_1",
      text: "第一次",
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: T0,
      createdAt: T0,
      sentAt: null,
      claimedBy: null,
    });
  });

  it("writes nothing when the transaction rolls back", async () => {
    const { db, clock } = await setup();
    await expect(
      withTx(db, async (tx) => {
        await enqueue(tx, { dedupeKey: "k", to: PARENT, text: "x" }, clock.now());
        throw new Error("handler failed");
      }),
    ).rejects.toThrow("handler failed");
    expect(await db.outboxMessage.count()).toBe(0);
  });
});

describe("OutboxWorker.tick", () => {
  it("sends a due message and marks it SENT with sentAt", async () => {
    const { db, sender, worker, add } = await setup();
    const [id] = await add("你好");
    expect(await worker.tick()).toEqual({ kind: "sent", id });
    expect(sender.sent).toEqual([{ to: PARENT, text: "你好" }]);
    expect(await row(db, id!)).toMatchObject({ status: "SENT", sentAt: T0, attempts: 1, lastError: null });
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: null });
    expect(sender.calls).toBe(1);
  });

  it("sends to a room too", async () => {
    const { db, clock, sender, worker } = await setup();
    await withTx(db, (tx) => enqueue(tx, { dedupeKey: "r", to: { kind: "ROOM", id: "room@chatroom" }, text: "班级通知" }, clock.now()));
    expect((await worker.tick()).kind).toBe("sent");
    expect(sender.sent).toEqual([{ to: { kind: "ROOM", id: "room@chatroom" }, text: "班级通知" }]);
  });

  it("does not send a message before its nextAttemptAt", async () => {
    const { db, sender, worker, add, advance } = await setup();
    const [id] = await add("later");
    await db.outboxMessage.update({ where: { id: id! }, data: { nextAttemptAt: at(10_000) } });
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(10_000) });
    advance(10_000);
    expect(await worker.tick()).toEqual({ kind: "sent", id });
    expect(sender.texts()).toEqual(["later"]);
  });

  it("cancels a message still unsent at its expiresAt instead of sending it late, and sends the next", async () => {
    const { db, sender, worker, add, advance } = await setup();
    const [late, fresh, ok] = await add("一小时后视频", "现在开始", "还来得及");
    await db.outboxMessage.update({ where: { id: late! }, data: { nextAttemptAt: at(0), expiresAt: at(5_000) } });
    await db.outboxMessage.update({ where: { id: fresh! }, data: { nextAttemptAt: at(1), expiresAt: at(5_001) } });
    await db.outboxMessage.update({ where: { id: ok! }, data: { nextAttemptAt: at(2), expiresAt: at(60_000) } });
    advance(5_001); // the bot was down past the first two rows' use
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(5_001) });
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(5_001) });
    expect(await worker.tick()).toEqual({ kind: "sent", id: ok });
    expect(sender.texts()).toEqual(["还来得及"]);
    expect(await row(db, late!)).toMatchObject({ status: "CANCELLED", lastError: "expired before it could be sent", attempts: 0 });
    expect(await row(db, fresh!)).toMatchObject({ status: "CANCELLED", attempts: 0 });
  });

  it("keeps minIntervalMs between two sends", async () => {
    const { db, sender, worker, add, advance } = await setup({ minIntervalMs: 2000 });
    const [a, b] = await add("a", "b");
    expect(await worker.tick()).toEqual({ kind: "sent", id: a });
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(2000) });
    advance(1999);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(2000) });
    expect(sender.texts()).toEqual(["a"]);
    expect((await row(db, b!)).status).toBe("PENDING");
    advance(1);
    expect(await worker.tick()).toEqual({ kind: "sent", id: b });
    expect(sender.texts()).toEqual(["a", "b"]);
    expect((await row(db, b!)).sentAt).toEqual(at(2000));
  });

  it("adds jitter to the gap", async () => {
    const handle = await freshDb();
    opened.push(handle);
    const clock = new ManualClock(T0);
    const sender = new FakeSender();
    const worker = new OutboxWorker({
      db: handle.db,
      clock,
      sender,
      policy: { ...defaultOutboxPolicy, minIntervalMs: 2000, jitterMs: 1000 },
      logger: silentLogger(),
      random: () => 0.5,
    });
    await withTx(handle.db, async (tx) => {
      await enqueue(tx, { dedupeKey: "a", to: PARENT, text: "a" }, clock.now());
      await enqueue(tx, { dedupeKey: "b", to: PARENT, text: "b" }, clock.now());
    });
    expect((await worker.tick()).kind).toBe("sent");
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(2500) });
  });

  it("sends at most maxPerMinute messages in any 60 s", async () => {
    const { sender, worker, add, advance } = await setup({ minIntervalMs: 1000, maxPerMinute: 3 });
    const ids = await add("1", "2", "3", "4", "5");
    for (let i = 0; i < 3; i++) {
      expect(await worker.tick()).toEqual({ kind: "sent", id: ids[i] });
      advance(1000);
    }
    // Now T0+3s: three sent at T0, T0+1s, T0+2s; the fourth waits until the first leaves the window.
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(60_000) });
    advance(56_999);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(60_000) });
    expect(sender.texts()).toEqual(["1", "2", "3"]);
    advance(1);
    expect(await worker.tick()).toEqual({ kind: "sent", id: ids[3] });
    // The fifth waits for the second send (T0+1s) to leave the window.
    advance(1000);
    expect(await worker.tick()).toEqual({ kind: "sent", id: ids[4] });
    expect(sender.texts()).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("returns not-ready and claims nothing while the sender is not ready", async () => {
    const { db, sender, worker, add, advance } = await setup();
    const [id] = await add("x");
    sender.ready = false;
    expect(await worker.tick()).toEqual({ kind: "not-ready" });
    expect(await worker.drain(advance)).toEqual([]);
    expect(sender.calls).toBe(0);
    expect(await row(db, id!)).toMatchObject({ status: "PENDING", attempts: 0, claimedBy: null, claimedAt: null });
    expect(await throttleOf(db)).toBeNull();
    sender.ready = true;
    expect(await worker.tick()).toEqual({ kind: "sent", id });
  });
});

describe("OutboxWorker.drain", () => {
  it("moves the clock over the gaps and sends everything in order exactly once", async () => {
    const { db, clock, sender, worker, add, advance } = await setup({ minIntervalMs: 2000 });
    const ids = await add("m1", "m2", "m3", "m4", "m5");
    const results = await worker.drain(advance);
    expect(results).toEqual(ids.map((id) => ({ kind: "sent", id })));
    expect(sender.texts()).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(clock.now()).toEqual(at(8000));
    const rows = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.attempts, r.sentAt])).toEqual([
      ["SENT", 1, at(0)],
      ["SENT", 1, at(2000)],
      ["SENT", 1, at(4000)],
      ["SENT", 1, at(6000)],
      ["SENT", 1, at(8000)],
    ]);
    expect(await worker.drain(advance)).toEqual([]);
    expect(sender.calls).toBe(5);
  });

  it("stops at a row due further away than maxWaitMs", async () => {
    const { db, clock, sender, worker, add, advance } = await setup();
    const [id] = await add("tomorrow");
    await db.outboxMessage.update({ where: { id: id! }, data: { nextAttemptAt: at(24 * 3600_000) } });
    expect(await worker.drain(advance)).toEqual([]);
    expect(clock.now()).toEqual(T0);
    expect(sender.calls).toBe(0);
  });
});

describe("OutboxWorker failures", () => {
  it("retries a retryable failure after retryDelayMs, counting attempts", async () => {
    const { db, policy, sender, worker, add, advance } = await setup({ minIntervalMs: 0, jitterMs: 0, backoffBaseMs: 5000 });
    const [id] = await add("hello");
    sender.failNext("hello", new Error("read ECONNRESET"));
    const delay1 = retryDelayMs(policy, 1, () => 0);
    expect(delay1).toBe(2500);
    expect(await worker.tick()).toEqual({ kind: "retry", id, nextAttemptAt: at(delay1) });
    expect(await row(db, id!)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      nextAttemptAt: at(delay1),
      lastError: "read ECONNRESET",
      claimedBy: null,
      sentAt: null,
    });
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(delay1) });
    advance(delay1 - 1);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: at(delay1) });
    advance(1);
    expect(await worker.tick()).toEqual({ kind: "sent", id });
    expect(await row(db, id!)).toMatchObject({ status: "SENT", attempts: 2, lastError: null, sentAt: at(delay1) });
    expect(sender.texts()).toEqual(["hello"]);
    expect(sender.calls).toBe(2);
  });

  it("marks a message FAILED after maxAttempts retryable failures", async () => {
    const { db, policy, sender, worker, add, advance } = await setup({ minIntervalMs: 0, jitterMs: 0, maxAttempts: 3 });
    const [id, other] = await add("doomed", "fine");
    sender.failNext("doomed", new Error("ETIMEDOUT"), new Error("ETIMEDOUT"), new Error("socket hang up"));
    const d1 = retryDelayMs(policy, 1, () => 0);
    const d2 = retryDelayMs(policy, 2, () => 0);
    expect([d1, d2]).toEqual([2500, 5000]);

    expect(await worker.tick()).toEqual({ kind: "retry", id, nextAttemptAt: at(d1) });
    // The failing row does not hold the others back.
    expect(await worker.tick()).toEqual({ kind: "sent", id: other });
    advance(d1);
    expect(await worker.tick()).toEqual({ kind: "retry", id, nextAttemptAt: at(d1 + d2) });
    advance(d2);
    expect(await worker.tick()).toEqual({ kind: "failed", id });
    expect(await row(db, id!)).toMatchObject({ status: "FAILED", attempts: 3, lastError: "socket hang up", sentAt: null, claimedBy: null });
    expect(await worker.drain(advance)).toEqual([]);
    expect(sender.calls).toBe(4);
    expect(sender.texts()).toEqual(["fine"]);
  });

  it("marks a message FAILED at once on a permanent failure", async () => {
    const { db, sender, worker, add, advance } = await setup();
    const [id] = await add("to a stranger");
    sender.failNext("to a stranger", new Error("contact not found: wxid_gone"));
    expect(await worker.tick()).toEqual({ kind: "failed", id });
    expect(await row(db, id!)).toMatchObject({ status: "FAILED", attempts: 1, lastError: "contact not found: wxid_gone" });
    expect(await worker.drain(advance)).toEqual([]);
    expect(sender.calls).toBe(1);
  });

  it("pauses the whole worker on a throttling error and delivers everything once after the pause", async () => {
    const { db, sender, worker, add, advance } = await setup({ minIntervalMs: 2000, throttlePauseMs: 60_000 });
    const ids = await add("r1", "r2", "r3", "r4");
    const textOf = new Map(ids.map((id, i) => [id, `r${i + 1}`]));
    expect(await worker.tick()).toEqual({ kind: "sent", id: ids[0] });
    advance(2000);

    sender.failNext("r2", new Error("发送消息过于频繁，请稍后再试"));
    const pausedUntil = at(2000 + 60_000);
    expect(await worker.tick()).toEqual({ kind: "throttled", id: ids[1], pausedUntil });

    // The throttled row goes back to PENDING without counting an attempt.
    expect(await row(db, ids[1]!)).toMatchObject({ status: "PENDING", attempts: 0, claimedBy: null, lastError: "发送消息过于频繁，请稍后再试" });
    expect(await throttleOf(db)).toMatchObject({ pausedUntil, pauseLevel: 1 });
    for (const id of ids.slice(2)) expect(await row(db, id)).toMatchObject({ status: "PENDING", attempts: 0 });

    // Nothing is sent while paused, even once the send gap has passed.
    advance(2000);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: pausedUntil });
    advance(pausedUntil.getTime() - at(4000).getTime() - 1);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: pausedUntil });
    expect(sender.calls).toBe(2);
    expect(sender.texts()).toEqual(["r1"]);

    advance(1);
    const after = await worker.drain(advance);
    expect(after.map((r) => r.kind)).toEqual(["sent", "sent", "sent"]);
    const counts = countByText(sender);
    for (const id of ids) expect(counts.get(textOf.get(id)!), `row ${id}`).toBe(1);
    const rows = await db.outboxMessage.findMany();
    expect(rows.every((r) => r.status === "SENT")).toBe(true);
    expect(rows.find((r) => r.id === ids[1])!.attempts).toBe(1);
    // A successful send clears the pause.
    expect(await throttleOf(db)).toMatchObject({ pausedUntil: null, pauseLevel: 0 });
    expect(await worker.drain(advance)).toEqual([]);
  });

  it("doubles the pause on consecutive throttling signals", async () => {
    const { db, sender, worker, add, advance } = await setup({ minIntervalMs: 0, jitterMs: 0, throttlePauseMs: 60_000 });
    const [id] = await add("x");
    sender.failNext("x", new Error("too frequent"), new Error("too frequent"));
    expect(await worker.tick()).toEqual({ kind: "throttled", id, pausedUntil: at(60_000) });
    advance(60_000);
    expect(await worker.tick()).toEqual({ kind: "throttled", id, pausedUntil: at(60_000 + 120_000) });
    expect(await throttleOf(db)).toMatchObject({ pauseLevel: 2 });
    advance(120_000);
    expect(await worker.tick()).toEqual({ kind: "sent", id });
    expect(await row(db, id!)).toMatchObject({ status: "SENT", attempts: 1 });
  });
});

describe("OutboxWorker recovery and concurrency", () => {
  it("takes back a SENDING row whose lease has expired and sends it", async () => {
    const { db, sender, worker, add, advance } = await setup({ leaseMs: 120_000 });
    const [id] = await add("orphan");
    // A worker claimed it at T0 and died before sending.
    await db.outboxMessage.update({ where: { id: id! }, data: { status: "SENDING", claimedBy: "dead-worker", claimedAt: T0, attempts: 1 } });

    advance(120_000);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: null });
    expect(await row(db, id!)).toMatchObject({ status: "SENDING", claimedBy: "dead-worker" });
    expect(sender.calls).toBe(0);

    advance(1);
    expect(await worker.tick()).toEqual({ kind: "sent", id });
    expect(await row(db, id!)).toMatchObject({ status: "SENT", attempts: 2, sentAt: at(120_001) });
    expect(sender.texts()).toEqual(["orphan"]);
  });

  it("two workers on one database handle ticking concurrently never send a row twice", async () => {
    const { db, clock, policy, add, advance } = await setup({ minIntervalMs: 0, jitterMs: 0, maxPerMinute: 10_000 });
    const texts = Array.from({ length: 30 }, (_, i) => `c${i}`);
    await add(...texts);
    const senders = [new FakeSender(), new FakeSender()];
    const workers = senders.map((sender) => new OutboxWorker({ db, clock, sender, policy, logger: silentLogger(), random: () => 0 }));

    const results: TickResult[] = [];
    for (let round = 0; round < 100; round++) {
      const rs = await Promise.all(workers.map((w) => w.tick()));
      results.push(...rs);
      if (rs.every((r) => r.kind === "idle" && r.nextDueAt === null)) break;
      advance(1);
    }
    const counts = countByText(...senders);
    expect([...counts.keys()].sort()).toEqual([...texts].sort());
    for (const t of texts) expect(counts.get(t), t).toBe(1);
    expect(results.filter((r) => r.kind === "sent")).toHaveLength(30);
    // Both took part.
    expect(senders[0]!.sent.length).toBeGreaterThan(0);
    expect(senders[1]!.sent.length).toBeGreaterThan(0);
    expect(await db.outboxMessage.count({ where: { status: "SENT" } })).toBe(30);
  });

  it("two workers share one send slot: the rate limit holds across them", async () => {
    const { db, clock, policy, add, advance } = await setup({ minIntervalMs: 2000, jitterMs: 0 });
    await add("s1", "s2", "s3", "s4");
    const senders = [new FakeSender(), new FakeSender()];
    const workers = senders.map((sender) => new OutboxWorker({ db, clock, sender, policy, logger: silentLogger(), random: () => 0 }));
    const sentAt: Date[] = [];
    for (let round = 0; round < 4; round++) {
      const rs = await Promise.all(workers.map((w) => w.tick()));
      expect(rs.filter((r) => r.kind === "sent"), `round ${round}`).toHaveLength(1);
      // The other waits for the slot (or, in the last round, finds nothing left).
      expect(rs.find((r) => r.kind === "idle")).toEqual({ kind: "idle", nextDueAt: round < 3 ? at(round * 2000 + 2000) : null });
      sentAt.push(clock.now());
      advance(2000);
    }
    const rows = await db.outboxMessage.findMany({ orderBy: { sentAt: "asc" } });
    expect(rows.map((r) => r.sentAt)).toEqual(sentAt);
    expect(senders[0]!.sent.length + senders[1]!.sent.length).toBe(4);
  });
});
