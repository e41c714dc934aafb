import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { openDb, type Db } from "../../src/db/client.ts";

/** A fresh, migrated SQLite file for one test: a copy of the run's template. Returns its URL. */
export function freshDbUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), "qinqing-db-"));
  const file = join(dir, "test.db");
  copyFileSync(inject("templateDb"), file);
  return `file:${file}`;
}

/** Opens a fresh migrated database. */
export async function freshDb(): Promise<{ db: Db; url: string }> {
  const url = freshDbUrl();
  return { db: await openDb(url), url };
}
