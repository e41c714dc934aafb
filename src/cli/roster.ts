/**
 * `roster import <file>` and `roster export`: the school's left-behind roster in and out of the
 * database (issue #3). The file is read and checked before the database is opened; the import
 * plans and writes in one transaction, so it is all-or-nothing.
 */
import { extname } from "node:path";
import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import { loadConfig } from "../config.ts";
import { openDb, withTx } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { systemClock } from "../lib/clock.ts";
import { createLogger } from "../lib/logger.ts";
import { formatDateShanghai } from "../lib/time.ts";
import { domainSettings } from "../config.ts";
import { exportRoster } from "../domain/roster/export.ts";
import { importRoster } from "../domain/roster/import.ts";
import { readRosterFile } from "../domain/roster/read.ts";
import { parseRosterFile } from "../domain/roster/rows.ts";
import { RosterError } from "../domain/roster/types.ts";
import { ROSTER_CLI, ROSTER_PROGRESS, rosterErrorText, rosterExportedText, rosterReportText } from "../messages/roster.ts";
import { resolveClass, withSchoolTx, type DbOptions } from "./context.ts";
import { inCurrentFolder } from "./print.ts";

/** Files with more data rows than this get a progress bar. */
const PROGRESS_MIN_ROWS = 300;

interface ImportOptions extends DbOptions {
  dryRun?: boolean;
  acceptPartial?: boolean;
  createClasses?: boolean;
  school?: string;
  progress?: boolean;
}

/** A progress bar on stderr, or null when stderr is not a terminal (unless forced). */
function progressBar(force: boolean): { update(phase: string, done: number, total: number): void; stop(): void } | null {
  if (!force && !process.stderr.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{phase} [{bar}] {value}/{total}", hideCursor: true, clearOnComplete: true, noTTYOutput: force, notTTYSchedule: 200 },
    cliProgress.Presets.legacy,
  );
  let started = false;
  let current = "";
  return {
    update(phase, done, total) {
      if (!started || phase !== current) {
        if (started) bar.stop();
        bar.start(total, done, { phase });
        started = true;
        current = phase;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

async function runImport(file: string, opts: ImportOptions): Promise<void> {
  const config = loadConfig();
  const url = opts.simulator ? config.SIMULATOR_DATABASE_URL : config.DATABASE_URL;
  const table = parseRosterFile(await readRosterFile(file, { maxFileMb: config.ROSTER_MAX_FILE_MB }), systemClock.now());
  const bar = table.rows.length > PROGRESS_MIN_ROWS ? progressBar(!!opts.progress) : null;
  await migrateDatabase(url);
  const db = await openDb(url);
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  try {
    const result = await withTx(db, (tx) =>
      importRoster(
        { db: tx, clock: systemClock, logger, settings: domainSettings(config) },
        {
          table,
          actor: { type: "CLI" },
          dryRun: !!opts.dryRun,
          acceptPartial: !!opts.acceptPartial,
          createClasses: !!opts.createClasses,
          ...(opts.school ? { schoolName: opts.school } : {}),
          onProgress: (phase, done, total) => bar?.update(ROSTER_PROGRESS[phase], done, total),
        },
      ),
    );
    bar?.stop(); // before the report, so the bar's last line does not cut into it
    console.log(rosterReportText(result.report));
    if (result.report.rejected > 0 && !opts.acceptPartial) process.exitCode = 1;
  } finally {
    bar?.stop();
    await db.$disconnect();
  }
}

/**
 * Adds `roster import` and `roster export` to `program` and returns the `roster` command, so
 * other roster subcommands (`roster stats`) can be added to it.
 */
export function registerRosterCommands(program: Command): Command {
  const roster = program.command("roster").description(ROSTER_CLI.roster);
  roster
    .command("import")
    .argument("<file>", ROSTER_CLI.fileArg)
    .description(ROSTER_CLI.import)
    .option("--dry-run", ROSTER_CLI.dryRun)
    .option("--accept-partial", ROSTER_CLI.acceptPartial)
    .option("--create-classes", ROSTER_CLI.createClasses)
    .option("--school <name>", ROSTER_CLI.school)
    .option("--progress", ROSTER_CLI.progress)
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (file: string, opts: ImportOptions) => {
      try {
        await runImport(file, opts);
      } catch (err) {
        if (!(err instanceof RosterError)) throw err;
        console.error(rosterErrorText(err.code, err.details));
        process.exitCode = 1;
      }
    });
  roster
    .command("export")
    .description(ROSTER_CLI.export)
    .option("--out <file>", ROSTER_CLI.out)
    .option("--class <name>", ROSTER_CLI.className)
    .option("--all", ROSTER_CLI.all)
    .addOption(new Option("--simulator", "use the simulator's database").hideHelp())
    .action(async (opts: DbOptions & { out?: string; class?: string; all?: boolean }) => {
      const out = opts.out ?? inCurrentFolder(ROSTER_CLI.defaultFile(formatDateShanghai(systemClock.now()), opts.class?.trim() || null));
      if (extname(out).toLowerCase() !== ".xlsx") throw new Error(ROSTER_CLI.badExtension(out));
      const { workbook, children } = await withSchoolTx(opts, async (deps, schoolId) => {
        const cls = await resolveClass(deps, schoolId, opts.class);
        return exportRoster(deps, { schoolId, actor: { type: "CLI" }, ...(cls ? { classId: cls.id } : {}), includeInactive: !!opts.all });
      });
      await workbook.xlsx.writeFile(out);
      console.log(rosterExportedText(out, children));
    });
  return roster;
}
