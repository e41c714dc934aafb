import { execFile, type ExecFileOptions } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import Database from "better-sqlite3";
import { dirname, resolve } from "node:path";
import { sqlitePath } from "./client.ts";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile) as unknown as (file: string, args: string[], options: ExecFileOptions) => Promise<{ stdout: string; stderr: string }>;
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Applies the committed migrations (prisma/migrations) to the database at `url` with
 * `prisma migrate deploy`, which runs offline on the WebAssembly engine through
 * prisma.config.ts's adapter (shared/notes/toolchain.md). Idempotent: applied migrations are
 * skipped. A database already up to date is only read (WAL readers never wait), so the CLI or
 * a second process starts while a bot is writing. Throws Error with Prisma's output when a
 * migration fails.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve("prisma/build/index.js");
  const file = sqlitePath(url);
  if (file) mkdirSync(dirname(file), { recursive: true }); // a fresh clone has no data/ folder
  if (file && isUpToDate(file)) return;
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 4 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`migration failed for ${url}: ${e.stderr || e.stdout || e.message}`);
  }
}

/** True when every committed migration is recorded as finished in the SQLite file at `file`. */
function isUpToDate(file: string): boolean {
  if (!existsSync(file)) return false;
  const wanted = readdirSync(resolve(projectRoot, "prisma/migrations"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return false;
    const done = new Set(
      (db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    return wanted.every((m) => done.has(m));
  } finally {
    db.close();
  }
}
