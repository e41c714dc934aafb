/**
 * Operator commands: `npm run cli -- <command>`. See `npm run cli -- --help`.
 */
import "dotenv/config";
import { rmSync } from "node:fs";
import { Command } from "commander";
import { formatConfigError, loadConfig } from "../config.ts";
import { openDb, sqlitePath } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { systemClock } from "../lib/clock.ts";
import { createLogger } from "../lib/logger.ts";
import { formatDateShanghai } from "../lib/time.ts";
import {
  migratedText,
  seedProductionWarning,
  seedSkippedText,
  productionResetRefusedText,
  seededText,
} from "../messages/cli.ts";
import { fileErrorText } from "../messages/cli.ts";
import { registerCodesCommands } from "./codes.ts";
import { registerRosterCommands } from "./roster.ts";
import { registerCardsCommands } from "./cards.ts";
import { registerCalendarCommands } from "./calendar.ts";
import { registerReportCommands } from "./report.ts";
import { registerRoomsCommands } from "./rooms.ts";
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

registerCodesCommands(program);
const roster = registerRosterCommands(program);
registerCardsCommands(program, roster);
registerCalendarCommands(program);
registerReportCommands(program);
registerRoomsCommands(program);

program.parseAsync().catch((err: unknown) => {
  console.error(formatConfigError(err) ?? fileErrorText(err) ?? (err instanceof Error ? err.message : err));
  process.exit(1);
});
