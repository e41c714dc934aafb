/**
 * Inbound benchmark (issue #2): N messages from bound parents through wechaty-puppet-mock into
 * the real bot on SQLite, and the same load on a bare Wechaty echo bot on the same puppet.
 * The hotline scenario (issue #4): N free-text messages from 20 bound parents of one child
 * each, every one filed as a hotline request (new or appended), with the receipt and the relay
 * to the bound homeroom teacher, all committed in the message's transaction.
 * Prints messages/s, p50/p99 handling latency (message emitted -> its transaction, with the
 * outbox reply row, committed; for the echo bot: emitted -> reply sent) and peak RSS.
 * Each bot runs in its own child process so RSS figures do not mix.
 *
 *   npm run bench                 # N=2000, concurrency 4
 *   npm run bench -- --n 5000 --concurrency 8
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { WechatyBuilder } from "wechaty";
import { loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { systemClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { createApp } from "../src/app.ts";
import { SimWorld } from "../src/bot/sim.ts";
import { quietWechatyLogs } from "../src/bot/wechaty.ts";
import { seedDemoSchool } from "../prisma/seed-demo.ts";

interface Result {
  mode: string;
  n: number;
  concurrency: number;
  /** Arrival rate of the paced run, messages/s. */
  rate: number;
  /** Closed loop: messages/s with `concurrency` in flight. */
  perSecond: number;
  closedP50: number;
  closedP99: number;
  /** Paced run at `rate`: latency percentiles, ms. */
  p50: number;
  p99: number;
  max: number;
  peakRssMb: number;
  baseRssMb: number;
}

// Commands only: free text from a parent is a hotline request now (the hotline scenario).
const COMMAND_TEXTS = ["我是谁", "帮助", "帮助 绑定"];
const HOTLINE_TEXTS = ["老师好，孩子这周在学校好吗", "天冷了，麻烦提醒孩子多穿衣服", "孩子的作业本落在家里了", "请问期末考试是哪天", "谢谢老师"];
let TEXTS = COMMAND_TEXTS;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** Drives `n` messages from `senders` with at most `concurrency` in flight; `done` resolves per id. */
async function drive(world: SimWorld, senders: ReturnType<SimWorld["person"]>[], n: number, concurrency: number, waiters: Map<string, () => void>, prefix = "bench") {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  async function lane() {
    while (next < n) {
      const i = next++;
      const id = `${prefix}-${i}`;
      const done = new Promise<void>((r) => waiters.set(id, r));
      const t0 = performance.now();
      world.send(senders[i % senders.length]!, TEXTS[i % TEXTS.length]!, { sentAt: new Date(), messageId: id });
      await done;
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, latencies };
}

/**
 * Open loop: message i is sent at start + i/rate (in 5 ms ticks), whatever happened to earlier
 * ones, so latency includes any queueing a real burst at that rate would cause.
 */
async function drivePaced(world: SimWorld, senders: ReturnType<SimWorld["person"]>[], n: number, rate: number, waiters: Map<string, () => void>, prefix: string) {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(n, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const i = sent;
        const id = `${prefix}-${i}`;
        const t0 = performance.now();
        pending.push(new Promise<void>((r) => waiters.set(id, () => (latencies.push(performance.now() - t0), r()))));
        world.send(senders[i % senders.length]!, TEXTS[i % TEXTS.length]!, { sentAt: new Date(), messageId: id });
      }
      if (sent >= n) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** Warm-up, then a closed-loop run (throughput) and a paced run (latency at `rate`), sampling RSS throughout. */
async function measure(mode: string, world: SimWorld, senders: ReturnType<SimWorld["person"]>[], waiters: Map<string, () => void>, n: number, concurrency: number, rate: number): Promise<Result> {
  await drive(world, senders, 300, concurrency, waiters, "warm");
  const baseRss = process.memoryUsage().rss;
  const rss = rssSampler();
  const closed = await drive(world, senders, n, concurrency, waiters, "closed");
  const paced = await drivePaced(world, senders, n, rate, waiters, "paced");
  const peak = rss.stop();
  if (process.env.BENCH_DEBUG) {
    console.error(mode, "before gc", JSON.stringify(process.memoryUsage()));
    (globalThis as { gc?: () => void }).gc?.();
    console.error(mode, "after gc", JSON.stringify(process.memoryUsage()));
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    mode,
    n,
    concurrency,
    rate,
    perSecond: Math.round(n / closed.seconds),
    closedP50: r2(percentile(closed.latencies, 50)),
    closedP99: r2(percentile(closed.latencies, 99)),
    p50: r2(percentile(paced.latencies, 50)),
    p99: r2(percentile(paced.latencies, 99)),
    max: r2(paced.latencies.at(-1)!),
    peakRssMb: r2(peak / 1048576),
    baseRssMb: r2(baseRss / 1048576),
  };
}

async function runBot(n: number, concurrency: number, rate: number, scenario: "commands" | "hotline" = "commands"): Promise<Result> {
  quietWechatyLogs();
  const dir = mkdtempSync(join(tmpdir(), "qinqing-bench-"));
  const url = `file:${join(dir, "bench.db")}`;
  await migrateDatabase(url);
  const db = await openDb(url);
  const people = await seedDemoSchool(db, systemClock, silentLogger());
  const world = new SimWorld("家校助手");
  const waiters = new Map<string, () => void>();
  const app = createApp({
    config: loadConfig({}),
    db,
    clock: systemClock,
    logger: silentLogger(),
    puppet: world.puppet,
    runWorkerLoop: false,
    onHandled: (id) => {
      waiters.get(id)?.();
      waiters.delete(id);
    },
  });
  await app.start();
  world.login();
  await new Promise((r) => setTimeout(r, 100));
  // Bind 20 parents first (not measured); for the hotline, parents of one child and the homeroom teachers.
  let parents = people.filter((p) => p.kind === "guardian").slice(0, 20);
  if (scenario === "hotline") {
    TEXTS = HOTLINE_TEXTS;
    const single = await db.guardian.findMany({ where: { students: { some: {} } }, select: { id: true, _count: { select: { students: true } } } });
    const one = new Set(single.filter((g) => g._count.students === 1).map((g) => g.id));
    parents = people.filter((p) => p.kind === "guardian" && one.has(p.id)).slice(0, 20);
    const teachers = people.filter((p) => p.kind === "staff");
    for (const [i, t] of teachers.entries()) {
      const done = new Promise<void>((r) => waiters.set(`bind-t${i}`, r));
      world.send(world.person(`bench-s${t.id}`, t.name), `绑定 ${t.code}`, { sentAt: new Date(), messageId: `bind-t${i}` });
      await done;
    }
  }
  const senders = parents.map((p) => world.person(`bench-g${p.id}`, p.name));
  for (const [i, p] of parents.entries()) {
    const done = new Promise<void>((r) => waiters.set(`bind-${i}`, r));
    world.send(senders[i]!, `绑定 ${p.code}`, { sentAt: new Date(), messageId: `bind-${i}` });
    await done;
  }
  const result = await measure(scenario === "hotline" ? "hotline" : "qinqing-bot", world, senders, waiters, n, concurrency, rate);
  if (scenario === "hotline") {
    // Every message was filed: one FAMILY entry each (warm-up, closed and paced runs).
    const entries = await db.hotlineEntry.count({ where: { kind: "FAMILY" } });
    const relays = await db.outboxMessage.count({ where: { dedupeKey: { contains: ":relay:" } } });
    if (entries !== 300 + 2 * n) throw new Error(`expected ${300 + 2 * n} hotline entries, found ${entries}`);
    console.error(`hotline: ${entries} family messages filed, ${await db.hotlineRequest.count()} requests, ${relays} relay rows`);
  }
  await app.stop();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

async function runEcho(n: number, concurrency: number, rate: number): Promise<Result> {
  quietWechatyLogs();
  const world = new SimWorld("echo");
  const waiters = new Map<string, () => void>();
  const bot = WechatyBuilder.build({ puppet: world.puppet as never });
  bot.on("message", async (m) => {
    if (m.self()) return;
    await m.say(m.text());
    waiters.get(m.id)?.();
    waiters.delete(m.id);
  });
  await bot.start();
  world.login();
  await new Promise((r) => setTimeout(r, 100));
  const senders = Array.from({ length: 20 }, (_, i) => world.person(`echo-${i}`, `家长${i}`));
  const result = await measure("echo-bot", world, senders, waiters, n, concurrency, rate);
  await bot.stop();
  return result;
}

const program = new Command()
  .option("--n <n>", "messages per run", "2000")
  .option("--concurrency <c>", "closed-loop run: messages in flight at once", "4")
  .option("--rate <r>", "paced run: messages per second", "300")
  .option("--hotline-rate <r>", "hotline scenario, paced run: parent messages per second", "20")
  .option("--hotline-concurrency <c>", "hotline scenario, closed-loop run: messages in flight at once", "1")
  .option("--mode <mode>", "internal: run one bot (bot|echo|hotline) and print JSON")
  .parse();
const opts = program.opts<{ n: string; concurrency: string; rate: string; hotlineRate: string; hotlineConcurrency: string; mode?: string }>();
const n = Number(opts.n);
const concurrency = Number(opts.concurrency);
const rate = Number(opts.rate);

if (opts.mode) {
  const result = opts.mode === "bot" ? await runBot(n, concurrency, rate) : opts.mode === "hotline" ? await runBot(n, concurrency, rate, "hotline") : await runEcho(n, concurrency, rate);
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const mode of ["bot", "echo", "hotline"]) {
    const [c, r] = mode === "hotline" ? [opts.hotlineConcurrency, opts.hotlineRate] : [String(concurrency), String(rate)];
    const child = spawnSync(process.execPath, ["--import", "tsx", self, "--mode", mode, "--n", String(n), "--concurrency", c, "--rate", r], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Result);
  }
  console.log(`inbound benchmark: N=${n} per run, node ${process.version}, SQLite (WAL), wechaty-puppet-mock`);
  console.log(`closed loop (${concurrency} in flight) -> throughput; paced at ${rate} msgs/s -> latency (message emitted -> reply row committed)`);
  console.log("mode          msgs/s  closed p50/p99 ms   paced p50 ms  p99 ms  max ms   peak RSS MB");
  for (const r of results) {
    console.log(
      `${r.mode.padEnd(12)} ${String(r.perSecond).padStart(7)}  ${`${r.closedP50}/${r.closedP99}`.padStart(16)}  ${String(r.p50).padStart(12)} ${String(r.p99).padStart(7)} ${String(r.max).padStart(7)} ${String(r.peakRssMb).padStart(13)}`,
    );
  }
  const [bot, echo, hotline] = results as [Result, Result, Result];
  const ratio = bot.peakRssMb / echo.peakRssMb;
  console.log(`targets: p99 <= 15 ms at ${rate}/s: ${bot.p99 <= 15 ? "met" : "MISSED"} (${bot.p99}); >= 300 msgs/s: ${bot.perSecond >= 300 ? "met" : "MISSED"} (${bot.perSecond}); RSS <= 1.3x echo: ${ratio <= 1.3 ? "met" : "MISSED"} (${ratio.toFixed(2)})`);
  console.log(`hotline (issue #4, ${hotline.concurrency} in flight / paced at ${hotline.rate} msgs/s): parent message -> request + receipt + relay rows committed, p99 <= 20 ms: ${hotline.p99 <= 20 && hotline.closedP99 <= 20 ? "met" : "MISSED"} (paced ${hotline.p99}, closed loop ${hotline.closedP99})`);
}
