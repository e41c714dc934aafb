import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { sqlitePath, withTx, type Db } from "../src/db/client.ts";
import { ManualClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { enqueue } from "../src/outbox/enqueue.ts";
import { defaultOutboxPolicy } from "../src/outbox/policy.ts";
import { OutboxWorker, type Sender } from "../src/outbox/worker.ts";
import { freshDb } from "./helpers/db.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/outbox-worker-process.ts", import.meta.url));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the fixture in its own Node process (`node --import tsx`). */
function startChild(args: string[]): { child: ChildProcess; done: Promise<Finished>; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (/^ready$/m.test(stdout)) onReady();
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, ready };
}

const opened: { db: Db; url: string }[] = [];

afterEach(async () => {
  for (const { db, url } of opened.splice(0)) {
    await db.$disconnect();
    rmSync(dirname(sqlitePath(url)!), { recursive: true, force: true });
  }
});

async function openFresh(): Promise<{ db: Db; url: string }> {
  const handle = await freshDb();
  opened.push(handle);
  return handle;
}

/** Records every accepted send's text. */
function recordingSender(): Sender & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    async sendText(_to, text) {
      texts.push(text);
    },
    async sendFile(_to, _path, name) {
      texts.push(`[文件] ${name}`);
    },
    isReady: () => true,
  };
}

describe("outbox across processes", () => {
  it("two worker processes on one SQLite file deliver every row exactly once", async () => {
    const { db, url } = await openFresh();
    const logFile = join(dirname(sqlitePath(url)!), "sends.log");
    writeFileSync(logFile, "");

    // Each row's text is its id, so the shared log lists row ids.
    const ids = await withTx(db, async (tx) => {
      const out: number[] = [];
      for (let i = 0; i < 60; i++) {
        const id = await enqueue(tx, { dedupeKey: `proc:${i}`, to: { kind: "CONTACT", id: `wxid_${i % 7}` }, text: `pending-${i}` }, new Date());
        await tx.outboxMessage.update({ where: { id }, data: { text: String(id) } });
        out.push(id);
      }
      return out;
    });
    expect(new Set(ids).size).toBe(60);

    const children = [startChild(["worker", url, logFile]), startChild(["worker", url, logFile])];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin!.end("go\n");
    const finished = await Promise.all(children.map((c) => c.done));

    for (const f of finished) expect(f, f.stderr).toMatchObject({ code: 0, signal: null });
    const perProcess = finished.map((f) => (JSON.parse(f.stdout.trim().split("\n").at(-1)!) as { sent: number }).sent);
    expect(perProcess[0]! + perProcess[1]!).toBe(60);
    // Both processes took part, so the claims really raced.
    expect(perProcess[0]).toBeGreaterThan(0);
    expect(perProcess[1]).toBeGreaterThan(0);

    const logged = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map(Number);
    expect(logged).toHaveLength(60);
    const counts = new Map<number, number>();
    for (const id of logged) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const id of ids) expect(counts.get(id), `row ${id}`).toBe(1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

    const rows = await db.outboxMessage.findMany();
    expect(rows).toHaveLength(60);
    for (const r of rows) expect(r, `row ${r.id}`).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("messages enqueued by a process killed before sending are delivered once, and enqueuing again adds nothing", async () => {
    const { db, url } = await openFresh();
    const now = new Date("2026-12-07T01:00:00.000Z");

    const first = await startChild(["enqueue-and-die", url, now.toISOString()]).done;
    expect(first, first.stderr).toMatchObject({ signal: "SIGKILL", code: null });

    const rows = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.dedupeKey, r.status, r.attempts])).toEqual([
      ["killed:1", "PENDING", 0],
      ["killed:2", "PENDING", 0],
      ["killed:3", "PENDING", 0],
    ]);

    const clock = new ManualClock(now);
    const sender = recordingSender();
    const worker = new OutboxWorker({ db, clock, sender, policy: defaultOutboxPolicy, logger: silentLogger(), random: () => 0 });
    const results = await worker.drain((ms) => clock.advance(ms));
    expect(results).toEqual(rows.map((r) => ({ kind: "sent", id: r.id })));
    expect(sender.texts).toEqual(["消息1", "消息2", "消息3"]);

    // The job runs again after the restart (and dies again): the dedupe keys make it a no-op.
    const second = await startChild(["enqueue-and-die", url, now.toISOString()]).done;
    expect(second.signal).toBe("SIGKILL");
    expect(await worker.drain((ms) => clock.advance(ms))).toEqual([]);
    expect(sender.texts).toEqual(["消息1", "消息2", "消息3"]);
    const after = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(after.map((r) => [r.id, r.status, r.attempts])).toEqual(rows.map((r) => [r.id, "SENT", 1]));
  });
});
