/**
 * Bulk inserts for imports of thousands of rows (the roster import, issue #3).
 *
 * Why not createMany: in this Prisma version's client engine every bound value costs about
 * 20 µs and leaves garbage behind, and Prisma's debug module keeps the arguments of the last
 * 100 queries alive. A 5,000-child roster is ~500,000 values: createMany alone took 9 s and
 * 600 MB. Two paths, same result:
 * - SQLite: one JSON parameter per batch, unpacked by `json_each` (SQLite >= 3.38's `->>`), so a
 *   batch costs one bound value. Dates and booleans are encoded as the Prisma SQLite adapter
 *   encodes them (`2026-09-01T02:00:00.000+00:00`, 1/0), so Prisma reads the rows back unchanged.
 * - Any other database: a portable multi-row `INSERT ... VALUES` built with Prisma.sql
 *   (placeholders in the database's own style), 50 rows per statement.
 */
import { Prisma, type Tx } from "./client.ts";

/** Tables the bulk helpers may write (identifiers are never taken from input). */
export type BulkTable = "Student" | "Guardian" | "StudentGuardian" | "AuditLog" | "OutboxMessage" | "TalkDigest";

/** A column value as Prisma's scalar types give it. */
export type BulkValue = string | number | boolean | Date | null;

/** Rows per statement: JSON path (one bound value) and VALUES path (one per cell). */
const JSON_BATCH = 250;
const VALUES_BATCH = 50;

/**
 * Which statement shape to use: `auto` takes the JSON path on SQLite (Prisma's internal
 * `_activeProvider`; when it is absent the portable path is used), `values` forces the portable
 * multi-row VALUES (tests compare the two).
 */
export type BulkPath = "auto" | "values";

function useJson(tx: Tx, path: BulkPath): boolean {
  return path === "auto" && (tx as unknown as { _activeProvider?: string })._activeProvider === "sqlite";
}

const quoted = (names: string[]) => Prisma.raw(names.map((c) => `"${c}"`).join(", "));

/** A value as the Prisma better-sqlite3 adapter stores it (its default `iso8601` timestamps). */
function sqliteValue(v: BulkValue | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

function insertSql(json: boolean, table: BulkTable, columns: string[], rows: Record<string, BulkValue>[], returning: string[]): Prisma.Sql {
  const ret = returning.length ? Prisma.sql` RETURNING ${quoted(returning)}` : Prisma.empty;
  if (json) {
    const json = JSON.stringify(rows.map((r) => columns.map((c) => sqliteValue(r[c]))));
    const picks = Prisma.raw(columns.map((_, i) => `value ->> ${i}`).join(", "));
    return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${quoted(columns)}) SELECT ${picks} FROM json_each(${json}) ORDER BY key${ret}`;
  }
  const values = Prisma.join(rows.map((r) => Prisma.sql`(${Prisma.join(columns.map((c) => r[c] ?? null))})`));
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${quoted(columns)}) VALUES ${values}${ret}`;
}

function batches<T>(json: boolean, rows: T[]): T[][] {
  const size = json ? JSON_BATCH : VALUES_BATCH;
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Inserts `rows` (all with the keys of the first row, which must be column names of `table`).
 * Throws what the database throws (the caller's transaction then rolls back).
 */
export async function insertRows(tx: Tx, table: BulkTable, rows: Record<string, BulkValue>[], path: BulkPath = "auto"): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const json = useJson(tx, path);
  for (const batch of batches(json, rows)) await tx.$executeRaw(insertSql(json, table, columns, batch, []));
}

/**
 * Inserts `rows` like {@link insertRows} and returns the new autoincrement ids in the order of
 * `rows`. Rows are inserted in order, so ids ascend with them; RETURNING may list them in any
 * order, so they are sorted, and each row's `check` columns (e.g. name and phone) are compared
 * with what RETURNING gives for that id: a mismatch throws Error before a wrong id is used.
 */
export async function insertRowsReturningIds(
  tx: Tx,
  table: "Student" | "Guardian",
  rows: Record<string, BulkValue>[],
  check: string[],
  path: BulkPath = "auto",
): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const json = useJson(tx, path);
  const ids: number[] = [];
  for (const batch of batches(json, rows)) {
    const returned = await tx.$queryRaw<Record<string, unknown>[]>(insertSql(json, table, columns, batch, ["id", ...check]));
    returned.sort((a, b) => Number(a.id) - Number(b.id));
    batch.forEach((row, k) => {
      const got = returned[k];
      if (!got || check.some((c) => (got[c] ?? null) !== (row[c] ?? null))) throw new Error(`bulk insert into ${table}: returned rows do not match the inserted ones`);
      ids.push(Number(got.id));
    });
  }
  return ids;
}
