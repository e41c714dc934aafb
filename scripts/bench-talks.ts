/**
 * Talk-duty benchmark (issue #6, Figures): 100 schools x 300 left-behind children (30,000), 10
 * classes of 30 per school with a homeroom teacher each (1,000 teachers, all bound on WeChat)
 * and a coordinator, a third of the children already talked to this month, in a fresh SQLite
 * database. Times one run of the minute jobs (runMinuteJobs: the hotline timers, closing ended talk
 * periods, the daily talk sweep — ensureDuties for the month, the teachers' digests with their
 * outbox and TalkDigest rows — and the care reminders), each in its own transaction as the
 * scheduler runs it:
 *   1. cold: the first sweep of the month (every duty row created)
 *   2. next day: duties present, digests again
 *   3. same day again: the day is already claimed (what every later minute costs)
 *   4. midnight of 2027-01-01: December closed (its open duties MISSED, each school's coordinator
 *      list written, due at the next working day's 08:00)
 *   5. the first working day of January: January's duties created, digests, the lists delivered
 *
 *   npm run bench:talks
 *   npm run bench:talks -- --schools 20 --children 300
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { openDb, withTx, type Db } from "../src/db/client.ts";
import { insertRows } from "../src/db/bulk.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { ManualClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { defaultDomainSettings, type Deps } from "../src/domain/deps.ts";
import { runMinuteJobs, type MinuteJobsResult } from "../src/domain/jobs.ts";

const CLASS_SIZE = 30;

/** Schools, staff, classes, children, identities and talks; returns nothing (ids are dense from 1). */
async function seed(db: Db, schools: number, perSchool: number, at: Date): Promise<void> {
  const classes = Math.ceil(perSchool / CLASS_SIZE);
  await withTx(db, async (tx) => {
    await tx.school.createMany({ data: Array.from({ length: schools }, (_, s) => ({ name: `第${s + 1}小学`, createdAt: at })) });
    const staff = [];
    for (let s = 1; s <= schools; s++) {
      staff.push({ schoolId: s, name: `负责人${s}`, role: "COORDINATOR" as const, createdAt: at });
      for (let c = 0; c < classes; c++) staff.push({ schoolId: s, name: `老师${s}-${c + 1}`, role: "TEACHER" as const, createdAt: at });
    }
    await tx.staff.createMany({ data: staff });
    const perStaff = classes + 1;
    const classRows = [];
    for (let s = 1; s <= schools; s++) for (let c = 0; c < classes; c++) classRows.push({ schoolId: s, name: `${(c % 6) + 1}年级${Math.floor(c / 6) + 1}班`, grade: (c % 6) + 1, homeroomTeacherId: (s - 1) * perStaff + c + 2, createdAt: at });
    await tx.class.createMany({ data: classRows });
    await tx.wechatIdentity.createMany({ data: staff.map((_, i) => ({ contactId: `wx-${i + 1}`, staffId: i + 1, boundAt: at })) });
    const students = [];
    for (let s = 1; s <= schools; s++) {
      for (let i = 0; i < perSchool; i++) {
        students.push({ schoolId: s, classId: (s - 1) * classes + Math.floor(i / CLASS_SIZE) + 1, name: `学生${s}-${i + 1}`, studentNo: `${s}${String(i).padStart(5, "0")}`, leftBehindType: "BOTH_AWAY", status: "ACTIVE", createdAt: at, updatedAt: at });
      }
    }
    await insertRows(tx, "Student", students);
  });
  // A third of the children were talked to this month (before the first sweep of the bench).
  await withTx(db, async (tx) => {
    const talked = await tx.student.findMany({ select: { id: true, schoolId: true, classId: true, class: { select: { homeroomTeacherId: true } } } });
    const rows = talked.filter((s) => s.id % 3 === 0).map((s) => ({ schoolId: s.schoolId, studentId: s.id, classId: s.classId, teacherId: s.class.homeroomTeacherId!, talkedAt: at, period: "2026-12", content: "谈学习和生活", createdAt: at }));
    for (let i = 0; i < rows.length; i += 1000) await tx.talkRecord.createMany({ data: rows.slice(i, i + 1000) });
  });
}

/** One run of the minute jobs (what the scheduler runs every minute) at `at`, timed. */
async function timed(db: Db, clock: ManualClock, at: string): Promise<{ ms: number; result: MinuteJobsResult }> {
  clock.set(new Date(at));
  const t0 = performance.now();
  const result = await withTx(db, (tx) => runMinuteJobs({ db: tx, clock, logger: silentLogger(), settings: defaultDomainSettings } satisfies Deps));
  return { ms: performance.now() - t0, result };
}

const program = new Command().option("--schools <n>", "schools", "100").option("--children <n>", "left-behind children per school", "300");
program.parse();
const opts = program.opts<{ schools: string; children: string }>();
const schools = Number(opts.schools);
const perSchool = Number(opts.children);
const dir = mkdtempSync(join(tmpdir(), "qinqing-bench-talks-"));
const url = `file:${join(dir, "bench.db")}`;
try {
  await migrateDatabase(url);
  const db = await openDb(url);
  const clock = new ManualClock("2026-12-01T07:00:00+08:00");
  const t0 = performance.now();
  await seed(db, schools, perSchool, clock.now());
  console.log(`seeded ${schools} schools x ${perSchool} children = ${schools * perSchool} children in ${((performance.now() - t0) / 1000).toFixed(1)} s; SQLite ${url}`);
  console.log("| run | time (ms) | duties created | missed (closed) | digests | children listed | outbox rows |");
  console.log("|---|---|---|---|---|---|---|");
  const runs: [string, string][] = [
    ["cold: first sweep of the month (Tue 2026-12-15 08:00)", "2026-12-15T08:00:00+08:00"],
    ["next working day (Wed 2026-12-16 08:00)", "2026-12-16T08:00:00+08:00"],
    ["same day, a minute later (claimed)", "2026-12-16T08:01:00+08:00"],
    ["month close at midnight (Fri 2027-01-01 00:01, 元旦: lists wait for Monday)", "2027-01-01T00:01:00+08:00"],
    ["first working day of the month (Mon 2027-01-04 08:00)", "2027-01-04T08:00:00+08:00"],
  ];
  for (const [label, at] of runs) {
    const { ms, result } = await timed(db, clock, at);
    const outbox = await withTx(db, (tx) => tx.outboxMessage.count());
    const sweep = result.talks;
    console.log(`| ${label} | ${Math.round(ms)} | ${sweep?.duties.created ?? "-"} | ${result.talkClose.missed || "-"} | ${sweep?.digests.teachers ?? "-"} | ${sweep?.digests.listed ?? "-"} | ${outbox} |`);
  }
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
