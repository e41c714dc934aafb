/**
 * Inbound benchmark (issue #2): N messages from bound parents through wechaty-puppet-mock into
 * the real bot on SQLite, and the same load on a bare Wechaty echo bot on the same puppet.
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
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  peakRssMb: number;
  baseRssMb: number;
}

const TEXTS = ["我是谁", "帮助", "孩子这周在学校好吗", "帮助 绑定", "谢谢老师"];

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
async function drive(world: SimWorld, senders: ReturnType<SimWorld["person"]>[], n: number, concurrency: number, waiters: Map<string, () => void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  async function lane() {
    while (next < n) {
      const i = next++;
      const id = `bench-${i}`;
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

async function runBot(n: number, concurrency: number): Promise<Result> {
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
  // Bind 20 parents first (not measured).
  const parents = people.filter((p) => p.kind === "guardian").slice(0, 20);
  const senders = parents.map((p) => world.person(`bench-g${p.id}`, p.name));
  for (const [i, p] of parents.entries()) {
    const done = new Promise<void>((r) => waiters.set(`bind-${i}`, r));
    world.send(senders[i]!, `绑定 ${p.code}`, { sentAt: new Date(), messageId: `bind-${i}` });
    await done;
  }
  await drive(world, senders, 200, concurrency, waiters); // warm-up
  const baseRss = process.memoryUsage().rss;
  const rss = rssSampler();
  const { seconds, latencies } = await drive(world, senders, n, concurrency, waiters);
  const peak = rss.stop();
  await app.stop();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  return summary("qinqing-bot", n, concurrency, seconds, latencies, peak, baseRss);
}

async function runEcho(n: number, concurrency: number): Promise<Result> {
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
  await drive(world, senders, 200, concurrency, waiters);
  const baseRss = process.memoryUsage().rss;
  const rss = rssSampler();
  const { seconds, latencies } = await drive(world, senders, n, concurrency, waiters);
  const peak = rss.stop();
  await bot.stop();
  return summary("echo-bot", n, concurrency, seconds, latencies, peak, baseRss);
}

function summary(mode: string, n: number, concurrency: number, seconds: number, latencies: number[], peak: number, base: number): Result {
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    mode,
    n,
    concurrency,
    seconds: r(seconds),
    perSecond: Math.round(n / seconds),
    p50: r(percentile(latencies, 50)),
    p99: r(percentile(latencies, 99)),
    max: r(latencies.at(-1)!),
    peakRssMb: r(peak / 1048576),
    baseRssMb: r(base / 1048576),
  };
}

const program = new Command()
  .option("--n <n>", "messages per run", "2000")
  .option("--concurrency <c>", "messages in flight at once", "4")
  .option("--mode <mode>", "internal: run one bot (bot|echo) and print JSON")
  .parse();
const opts = program.opts<{ n: string; concurrency: string; mode?: string }>();
const n = Number(opts.n);
const concurrency = Number(opts.concurrency);

if (opts.mode) {
  const result = opts.mode === "bot" ? await runBot(n, concurrency) : await runEcho(n, concurrency);
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const mode of ["bot", "echo"]) {
    const child = spawnSync(process.execPath, ["--import", "tsx", self, "--mode", mode, "--n", String(n), "--concurrency", String(concurrency)], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Result);
  }
  console.log(`inbound benchmark: N=${n}, concurrency ${concurrency}, node ${process.version}, SQLite (WAL)`);
  console.log("mode          msgs/s   p50 ms   p99 ms   max ms   peak RSS MB");
  for (const r of results) {
    console.log(`${r.mode.padEnd(12)} ${String(r.perSecond).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${String(r.peakRssMb).padStart(12)}`);
  }
  const [bot, echo] = results as [Result, Result];
  console.log(`RSS ratio bot/echo: ${(bot.peakRssMb / echo.peakRssMb).toFixed(2)} (target <= 1.3)`);
  console.log(`targets: p99 <= 15 ms: ${bot.p99 <= 15 ? "met" : "MISSED"}; >= 300 msgs/s: ${bot.perSecond >= 300 ? "met" : "MISSED"}`);
}
