/**
 * Free-slot benchmark (issue #5, Figures): one room (capacity 4, open every day 08:00-20:00
 * Asia/Shanghai) with 500 REQUESTED/BOOKED 30-minute sessions spread over the next 30 days
 * (seeded pseudo-random, on the 5-minute grid). Times, many iterations each:
 *   1. nearestFreeSlots: the 3 starts nearest a random desired time (engine built each time)
 *   2. listFreeSlots: every free 30-minute start of the 30 days (engine built each time)
 *   3. the same two with the schedule loaded from SQLite by loadRoomSchedule (a fresh database
 *      file, one transaction per iteration), what a chat request costs end to end
 * Prints mean and p99 in ms. Target: under 20 ms.
 *
 *   npm run bench:slots
 *   npm run bench:slots -- --iterations 2000 --sessions 500
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { openDb, withTx } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { ManualClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { defaultDomainSettings, type Deps } from "../src/domain/deps.ts";
import { SlotEngine, type SlotSession } from "../src/domain/reunions/slots.ts";
import { loadRoomSchedule, slotEngineFor, slotRulesOf } from "../src/domain/reunions/schedule.ts";
import type { OpeningHours } from "../src/domain/reunions/hours.ts";

const opts = new Command()
  .option("--iterations <n>", "iterations per measurement", (v) => Number(v), 1000)
  .option("--sessions <n>", "existing sessions", (v) => Number(v), 500)
  .parse()
  .opts<{ iterations: number; sessions: number }>();

const NOW = new Date("2026-12-01T01:00:00Z"); // Tue 2026-12-01 09:00 Asia/Shanghai
const DAY = 86_400_000;
const HOURS: OpeningHours = Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [["08:00", "20:00"]]]));
const room = { capacity: 4, active: true, hours: HOURS };
const rules = slotRulesOf(defaultDomainSettings);

/** A small deterministic generator (LCG), so every run measures the same schedule. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

function makeSessions(n: number): SlotSession[] {
  const rand = rng(42);
  const firstDay = Date.UTC(2026, 11, 1) - 8 * 3_600_000; // 2026-12-01 00:00 Shanghai
  return Array.from({ length: n }, (_, id) => {
    const start = firstDay + Math.floor(rand() * 30) * DAY + (8 * 60 + Math.floor(rand() * 138) * 5) * 60_000;
    return { id: id + 1, startAt: start, endAt: start + 30 * 60_000, status: rand() < 0.8 ? "BOOKED" : "REQUESTED" };
  });
}

function stats(name: string, samples: number[], extra: string): void {
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]!;
  console.log(`${name.padEnd(44)} mean ${mean.toFixed(3).padStart(7)} ms  p99 ${p99.toFixed(3).padStart(7)} ms  ${extra}`);
}

async function time(n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const sessions = makeSessions(opts.sessions);
const rand = rng(7);
const desired = Array.from({ length: opts.iterations }, () => NOW.getTime() + 3 * 3_600_000 + Math.floor(rand() * 29 * DAY));
const until = NOW.getTime() + 30 * DAY;
let found = 0;
console.log(`one room, capacity ${room.capacity}, open 08:00-20:00 daily, ${sessions.length} sessions over 30 days, ${opts.iterations} iterations`);
stats("nearestFreeSlots (3, engine built each time)", await time(opts.iterations, (i) => (found = new SlotEngine(room, sessions, rules, NOW).nearestFreeSlots(desired[i]!, 30).length)), `${found} slots`);
stats("listFreeSlots 30 days (engine built each time)", await time(opts.iterations, () => (found = new SlotEngine(room, sessions, rules, NOW).listFreeSlots(NOW, until, 30).length)), `${found} slots`);

const dir = mkdtempSync(join(tmpdir(), "bench-slots-"));
const url = `file:${join(dir, "bench.db")}`;
try {
  await migrateDatabase(url);
  const db = await openDb(url);
  const roomRow = await db.reunionRoom.create({ data: { schoolId: 1, name: "一号视频室", capacity: room.capacity, openingHours: JSON.stringify(HOURS), createdAt: NOW, updatedAt: NOW } });
  await db.reunionSession.createMany({
    data: sessions.map((s, i) => ({ schoolId: 1, studentId: (i % 300) + 1, roomId: roomRow.id, startAt: new Date(s.startAt), endAt: new Date(s.endAt), status: s.status as "BOOKED", createdAt: NOW, updatedAt: NOW })),
  });
  const run = (fn: (deps: Deps) => Promise<number>) => withTx(db, (tx) => fn({ db: tx, clock: new ManualClock(NOW), settings: defaultDomainSettings, logger: silentLogger() }));
  const n = Math.max(50, Math.floor(opts.iterations / 5));
  stats("SQLite load + nearestFreeSlots", await time(n, (i) => run(async (deps) => (found = slotEngineFor(deps, await loadRoomSchedule(deps, roomRow.id, NOW, new Date(until))).nearestFreeSlots(desired[i]!, 30).length))), `${found} slots`);
  stats("SQLite load + listFreeSlots 30 days", await time(n, () => run(async (deps) => (found = slotEngineFor(deps, await loadRoomSchedule(deps, roomRow.id, NOW, new Date(until))).listFreeSlots(NOW, until, 30).length))), `${found} slots`);
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
