/**
 * The plumbing of an operator command that works on the school's database: settings, migration,
 * one transaction with domain deps, the only school's id, and the `--class` option.
 */
import { classKey } from "../domain/roster/normalize.ts";
import { loadConfig } from "../config.ts";
import { openDb, withTx } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { systemClock } from "../lib/clock.ts";
import { createLogger } from "../lib/logger.ts";
import { domainSettings } from "../config.ts";
import type { Deps } from "../domain/deps.ts";
import { getOnlySchoolId } from "../domain/directory.ts";
import { compareClasses } from "../domain/cards.ts";
import { noSchoolText, unknownClassText } from "../messages/cli.ts";

/** Options every school-database command accepts; `--simulator` is hidden (tests, trials). */
export interface DbOptions {
  simulator?: boolean;
}

/**
 * Opens the database (DATABASE_URL, or SIMULATOR_DATABASE_URL with `simulator`), migrates it,
 * and runs `fn` in one transaction with domain deps (system clock) and the only school's id.
 * Throws Error with a Chinese text when there is no school yet.
 */
export async function withSchoolTx<T>(opts: DbOptions, fn: (deps: Deps, schoolId: number) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const url = opts.simulator ? config.SIMULATOR_DATABASE_URL : config.DATABASE_URL;
  await migrateDatabase(url);
  const db = await openDb(url);
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  try {
    return await withTx(db, async (tx) => {
      const deps: Deps = { db: tx, clock: systemClock, logger, settings: domainSettings(config) };
      if ((await tx.school.count()) === 0) throw new Error(noSchoolText(url));
      return fn(deps, await getOnlySchoolId(deps));
    });
  } finally {
    await db.$disconnect();
  }
}

/**
 * The class named `className` of school `schoolId` (trimmed; null for a blank or missing name).
 * Throws Error listing the school's classes when there is no such class.
 */
export async function resolveClass({ db }: Deps, schoolId: number, className: string | undefined): Promise<{ id: number; name: string } | null> {
  const name = className?.trim();
  if (!name) return null;
  const classes = await db.class.findMany({ where: { schoolId }, select: { id: true, name: true, grade: true } });
  // Written as the roster import matches it: 三年级1班 finds 三年级(1)班 (domain/roster/normalize.ts classKey).
  const found = classes.find((c) => c.name === name) ?? classes.find((c) => classKey(c.name) === classKey(name));
  if (found) return { id: found.id, name: found.name };
  classes.sort(compareClasses);
  throw new Error(unknownClassText(name, classes.map((c) => c.name)));
}
