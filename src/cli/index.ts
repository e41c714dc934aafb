/**
 * Operator commands: `npm run cli -- <command>`. See `npm run cli -- --help`.
 */
import "dotenv/config";
import { rmSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { formatConfigError, loadConfig } from "../config.ts";
import { openDb, sqlitePath, withTx } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { systemClock } from "../lib/clock.ts";
import { createLogger } from "../lib/logger.ts";
import { formatDateShanghai } from "../lib/time.ts";
import { domainSettings } from "../app.ts";
import { issueBindingCode } from "../domain/bindings.ts";
import { getOnlySchoolId, listCodeRecipients } from "../domain/directory.ts";
import { RELATION_LABEL, STAFF_ROLE_LABEL } from "../messages/zh.ts";
import {
  CODE_SHEET_HEADER,
  LIST_SEPARATOR,
  codesSummaryText,
  migratedText,
  noSchoolText,
  seedProductionWarning,
  seedSkippedText,
  productionResetRefusedText,
  seededText,
  unknownClassText,
} from "../messages/cli.ts";
import { seedDemoSchool, hasSchool } from "../../prisma/seed-demo.ts";

const program = new Command().name("qinqing").description("亲情桥 Qinqing Bridge 管理命令");

function dbUrlFor(opts: { simulator?: boolean }): string {
  const config = loadConfig();
  return opts.simulator ? config.SIMULATOR_DATABASE_URL : config.DATABASE_URL;
}

program
  .command("migrate")
  .description("更新数据库结构（每次启动时也会自动进行）")
  .option("--simulator", "模拟器的数据库（SIMULATOR_DATABASE_URL），而不是 DATABASE_URL")
  .action(async (opts: { simulator?: boolean }) => {
    const url = dbUrlFor(opts);
    await migrateDatabase(url);
    console.log(migratedText(url));
  });

program
  .command("seed")
  .description("在模拟器的数据库（SIMULATOR_DATABASE_URL）里建演示学校：虚构的人，固定的绑定码")
  .option("--production", "改为写入正式数据库（DATABASE_URL）：演示绑定码是公开的，只可用于试用")
  .option("--reset", "先删除这个 SQLite 数据库文件，重新开始")
  .option("--yes", "与 --production --reset 一起使用：确认删除正式数据库")
  .action(async (opts: { production?: boolean; reset?: boolean; yes?: boolean }) => {
    const config = loadConfig();
    const url = opts.production ? config.DATABASE_URL : config.SIMULATOR_DATABASE_URL;
    if (opts.production && opts.reset && !opts.yes) {
      console.error(productionResetRefusedText(url));
      process.exitCode = 1;
      return;
    }
    const path = sqlitePath(url);
    if (opts.reset && path) for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(path + s, { force: true });
    await migrateDatabase(url);
    const db = await openDb(url);
    try {
      if (await hasSchool(db)) {
        console.log(seedSkippedText(url));
        return;
      }
      const people = await seedDemoSchool(db, systemClock, createLogger("warn"), { codeTtlDays: config.BINDING_CODE_TTL_DAYS });
      console.log(seededText(url, people.length, people[0] ? formatDateShanghai(people[0].expiresAt) : "-"));
      for (const p of people) console.log(`${p.label.padEnd(8, "　")} ${p.name.padEnd(4, "　")} ${p.code}`);
      if (opts.production) console.warn(`\n${seedProductionWarning(url)}`);
    } finally {
      await db.$disconnect();
    }
  });

const codes = program.command("codes").description("绑定码");
codes
  .command("issue")
  .description(
    "列出或导出还没绑定的人的绑定码（在读学生的家长和监护人；不加 --class 时也包括教职工）。" +
      "已有有效绑定码的人沿用原码（已打印的卡片继续有效），其他人发新码",
  )
  .option("--class <name>", "只要这个班学生的家长和监护人（例如 三年级1班）；孩子在几个班的，列出全部孩子和班级")
  .option("--out <file>", "写成 CSV 文件（UTF-8 带 BOM，Excel 可直接打开），不在屏幕上列出")
  .option("--include-bound", "也包括已经绑定的人（换手机时用绑定码重新绑定）")
  .option("--renew", "全部发新码：这些人旧的未用绑定码作废（已打印的旧卡片失效）")
  .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
  .action(async (opts: { class?: string; out?: string; includeBound?: boolean; renew?: boolean; simulator?: boolean }) => {
    const config = loadConfig();
    const url = dbUrlFor(opts);
    await migrateDatabase(url);
    const db = await openDb(url);
    const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
    const className = opts.class?.trim() || null;
    try {
      const sheet = await withTx(db, async (tx) => {
        const deps = { db: tx, clock: systemClock, logger, settings: domainSettings(config) };
        if ((await tx.school.count()) === 0) throw new Error(noSchoolText(url));
        const schoolId = await getOnlySchoolId(deps);
        if (className) {
          const classes = await tx.class.findMany({ where: { schoolId }, select: { id: true, name: true, grade: true } });
          if (!classes.some((c) => c.name === className)) {
            classes.sort((a, b) => (a.grade ?? Infinity) - (b.grade ?? Infinity) || a.name.localeCompare(b.name, "zh-CN", { numeric: true }) || a.id - b.id);
            throw new Error(unknownClassText(className, classes.map((c) => c.name)));
          }
        }
        const recipients = (await listCodeRecipients(deps, { schoolId, className })).filter((r) => opts.includeBound || !r.bound);
        const rows: string[][] = [];
        let reused = 0;
        for (const r of recipients) {
          const live = opts.renew ? null : r.liveCode;
          if (live) reused++;
          const code = live ?? (await issueBindingCode(deps, { target: r.target, issuer: { type: "CLI" } }));
          const relation = r.target.kind === "guardian" ? RELATION_LABEL[r.relation as keyof typeof RELATION_LABEL] : STAFF_ROLE_LABEL[r.relation as keyof typeof STAFF_ROLE_LABEL];
          rows.push([r.classNames.join(LIST_SEPARATOR), r.childNames.join(LIST_SEPARATOR), r.personName, relation, code.code, formatDateShanghai(code.expiresAt)]);
        }
        return { rows, reused, issued: rows.length - reused };
      });
      const header = [...CODE_SHEET_HEADER];
      if (opts.out) {
        const csv = [header, ...sheet.rows].map((r) => r.map(csvCell).join(",")).join("\r\n");
        writeFileSync(opts.out, `\uFEFF${csv}\r\n`, "utf8");
      } else {
        console.log(header.join("\t"));
        for (const r of sheet.rows) console.log(r.join("\t"));
      }
      console.log(codesSummaryText({ reused: sheet.reused, issued: sheet.issued, renew: !!opts.renew, ...(opts.out ? { out: opts.out } : {}) }));
    } finally {
      await db.$disconnect();
    }
  });

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

program.parseAsync().catch((err: unknown) => {
  console.error(formatConfigError(err) ?? (err instanceof Error ? err.message : err));
  process.exit(1);
});
