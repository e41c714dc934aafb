/**
 * Operator commands: `npm run cli -- <command>`. See `npm run cli -- --help`.
 */
import "dotenv/config";
import { rmSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { loadConfig } from "../config.ts";
import { openDb, sqlitePath, withTx } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { systemClock } from "../lib/clock.ts";
import { createLogger } from "../lib/logger.ts";
import { formatDateShanghai } from "../lib/time.ts";
import { domainSettings } from "../app.ts";
import { issueBindingCode } from "../domain/bindings.ts";
import { getOnlySchoolId, listCodeRecipients } from "../domain/directory.ts";
import { RELATION_LABEL, STAFF_ROLE_LABEL } from "../messages/zh.ts";
import { seedDemoSchool, hasSchool } from "../../prisma/seed-demo.ts";

const program = new Command().name("qinqing").description("亲情桥 Qinqing Bridge operator commands");

function dbUrlFor(opts: { simulator?: boolean }): string {
  const config = loadConfig();
  return opts.simulator ? config.SIMULATOR_DATABASE_URL : config.DATABASE_URL;
}

program
  .command("migrate")
  .description("apply the committed database migrations (also done at every start)")
  .option("--simulator", "the simulator's database instead of DATABASE_URL")
  .action(async (opts: { simulator?: boolean }) => {
    await migrateDatabase(dbUrlFor(opts));
    console.log("migrations applied");
  });

program
  .command("seed")
  .description("create the demo school (invented people, fixed binding codes) in an empty database")
  .option("--simulator", "seed the simulator's database (SIMULATOR_DATABASE_URL) instead of DATABASE_URL")
  .option("--reset", "delete the SQLite database file first")
  .action(async (opts: { simulator?: boolean; reset?: boolean }) => {
    const url = dbUrlFor(opts);
    const path = sqlitePath(url);
    if (opts.reset && path) for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(path + s, { force: true });
    await migrateDatabase(url);
    const db = await openDb(url);
    try {
      if (await hasSchool(db)) {
        console.log(`${url} already has a school; nothing seeded (use --reset to start over)`);
        return;
      }
      const people = await seedDemoSchool(db, systemClock, createLogger("warn"));
      console.log(`demo school seeded in ${url}: ${people.length} people with binding codes`);
      for (const p of people) console.log(`${p.label.padEnd(8, "　")} ${p.name.padEnd(4, "　")} ${p.code}`);
    } finally {
      await db.$disconnect();
    }
  });

const codes = program.command("codes").description("binding codes");
codes
  .command("issue")
  .description("issue new binding codes for everyone not yet bound (guardians of active children; with no --class, staff too)")
  .option("--class <name>", "only the guardians of this class (e.g. 三年级1班)")
  .option("--out <file>", "write a CSV (UTF-8 with BOM, opens in Excel) instead of printing")
  .option("--include-bound", "also people already bound (their new code rebinds a new phone)")
  .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
  .action(async (opts: { class?: string; out?: string; includeBound?: boolean; simulator?: boolean }) => {
    const config = loadConfig();
    const url = dbUrlFor(opts);
    await migrateDatabase(url);
    const db = await openDb(url);
    const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
    try {
      const rows = await withTx(db, async (tx) => {
        const deps = { db: tx, clock: systemClock, logger, settings: domainSettings(config) };
        const schoolId = await getOnlySchoolId(deps);
        if (opts.class && !(await tx.class.findFirst({ where: { schoolId, name: opts.class } }))) {
          throw new Error(`no class named ${opts.class}`);
        }
        const recipients = (await listCodeRecipients(deps, { schoolId, className: opts.class ?? null })).filter((r) => opts.includeBound || !r.bound);
        const out: string[][] = [];
        for (const r of recipients) {
          const issued = await issueBindingCode(deps, { target: r.target, issuer: { type: "CLI" } });
          const relation = r.target.kind === "guardian" ? RELATION_LABEL[r.relation as keyof typeof RELATION_LABEL] : STAFF_ROLE_LABEL[r.relation as keyof typeof STAFF_ROLE_LABEL];
          out.push([r.className, r.childName, r.personName, relation, issued.code, formatDateShanghai(issued.expiresAt)]);
        }
        return out;
      });
      const header = ["班级", "学生", "姓名", "关系/角色", "绑定码", "有效期至"];
      if (opts.out) {
        const csv = [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n");
        writeFileSync(opts.out, `\uFEFF${csv}\r\n`, "utf8");
        console.log(`${rows.length} codes written to ${opts.out}`);
      } else {
        console.log(header.join("\t"));
        for (const r of rows) console.log(r.join("\t"));
        console.log(`${rows.length} codes issued`);
      }
    } finally {
      await db.$disconnect();
    }
  });

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
