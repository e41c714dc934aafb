import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, Prisma } from "../generated/prisma/client.ts";

export { Prisma };
export type { PrismaClient };

/** The application's database handle (one per process; see {@link withTx} for why). */
export type Db = PrismaClient;
/** What a unit of work receives inside {@link withTx}. Domain functions take this type. */
export type Tx = Prisma.TransactionClient;

/** Returns the file path of a `file:` SQLite URL, or null for other URLs. */
export function sqlitePath(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  return resolve(url.slice("file:".length).replace(/\?.*$/, ""));
}

/**
 * Opens the database at `url` (SQLite `file:` URLs; the directory is created). Sets, on this
 * connection: WAL journal (readers never block the writer; survives a crash), foreign keys on,
 * synchronous NORMAL (safe with WAL), busy timeout 5 s for other processes' locks.
 * Throws Error for a non-SQLite URL: PostgreSQL needs its own schema file (docs/postgres.md).
 */
export async function openDb(url: string): Promise<Db> {
  const path = sqlitePath(url);
  if (!path) throw new Error(`unsupported DATABASE_URL (only file: SQLite URLs in this build): ${url}`);
  mkdirSync(dirname(path), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: `file:${path}`, timeout: 5000 });
  const db = new PrismaClient({ adapter });
  await db.$connect();
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  return db;
}

function isBusy(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err);
  return /SQLITE_BUSY|SocketTimeout|database is locked|P2034|write conflict|deadlock/i.test(text);
}

/**
 * Runs one unit of work (one inbound message, one outbox step, one job) in a transaction and
 * retries it, up to 5 times, when another process holds SQLite's write lock.
 *
 * Every database access of the running bot goes through here. Why: the better-sqlite3 adapter
 * has one connection per client and serialises interactive transactions with a mutex, but a
 * query issued outside a transaction while one is open would run inside it. Keeping all work
 * in transactions makes each unit atomic and isolated, on SQLite and PostgreSQL alike.
 */
export async function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
    } catch (err) {
      if (attempt >= 5 || !isBusy(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.floor(Math.random() * 30)));
    }
  }
}

/** True when `err` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
