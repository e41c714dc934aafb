import { execFile, type ExecFileOptions } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
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
 * skipped. Throws Error with Prisma's output when a migration fails.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve("prisma/build/index.js");
  const file = sqlitePath(url);
  if (file) mkdirSync(dirname(file), { recursive: true }); // a fresh clone has no data/ folder
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
