import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { withTx, type Db, type Tx } from "../../src/db/client.ts";
import { defaultDomainSettings, type Deps, type DomainSettings } from "../../src/domain/deps.ts";
import { importRoster, type ImportRosterInput, type ImportRosterResult } from "../../src/domain/roster/import.ts";
import { readRosterFile } from "../../src/domain/roster/read.ts";
import { parseRosterFile } from "../../src/domain/roster/rows.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { rosterReportText } from "../../src/messages/roster.ts";
import { freshDb } from "../helpers/db.ts";

export const SAMPLE_XLSX = join(import.meta.dirname, "../fixtures/roster-school.xlsx");
export const SAMPLE_CSV = join(import.meta.dirname, "../fixtures/roster-school.csv");

/** The sample roster's classes, written the way the school's database has them. */
export const SAMPLE_CLASSES = ["三年级1班", "四年级2班", "五年级1班"];

/** A school for the roster tests: a fresh database, one school with `classes`, a manual clock. */
export interface RosterWorld {
  db: Db;
  schoolId: number;
  clock: ManualClock;
  settings: DomainSettings;
  deps(tx: Tx): Deps;
}

/** Given a school named 某某镇中心小学 with `classes` (grade from the name's first character). */
export async function givenSchool(classes: string[] = SAMPLE_CLASSES, settings: Partial<DomainSettings> = {}): Promise<RosterWorld> {
  const { db } = await freshDb();
  const clock = new ManualClock("2026-09-01T10:00:00+08:00");
  const grade: Record<string, number> = { 三: 3, 四: 4, 五: 5 };
  const schoolId = await withTx(db, async (tx) => {
    const school = await tx.school.create({ data: { name: "某某镇中心小学", createdAt: clock.now() } });
    for (const name of classes) await tx.class.create({ data: { schoolId: school.id, name, grade: grade[name[0]!] ?? null, createdAt: clock.now() } });
    return school.id;
  });
  const s = { ...defaultDomainSettings, ...settings };
  return { db, schoolId, clock, settings: s, deps: (tx) => ({ db: tx, clock, logger: silentLogger(), settings: s }) };
}

/** Reads, parses and imports `path` (CLI actor); returns the result and the report text. */
export async function importFile(
  w: RosterWorld,
  path: string,
  opts: Partial<Omit<ImportRosterInput, "table" | "actor">> = {},
): Promise<ImportRosterResult & { text: string }> {
  const table = parseRosterFile(await readRosterFile(path, { maxFileMb: 10 }), w.clock.now());
  const result = await withTx(w.db, (tx) =>
    importRoster(w.deps(tx), { table, actor: { type: "CLI" }, dryRun: false, acceptPartial: false, createClasses: false, ...opts }),
  );
  return { ...result, text: rosterReportText(result.report) };
}

/** A temp folder for this test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "qinqing-roster-"));
}

/** Writes rows (first row = whatever the test puts there) to an .xlsx file; `style` may merge cells etc. */
export async function writeXlsx(dir: string, name: string, rows: unknown[][], style?: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  for (const r of rows) ws.addRow(r);
  style?.(ws);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

/** Writes text (UTF-8 with BOM unless `bytes` are given) to a file. */
export function writeText(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, typeof text === "string" ? `\uFEFF${text}` : text);
  return path;
}

/** The sample roster's CSV lines (header first), to edit in tests. */
export async function sampleLines(): Promise<string[]> {
  const { readFileSync } = await import("node:fs");
  return readFileSync(SAMPLE_CSV, "utf8").replace(/^\uFEFF/, "").split(/\r?\n/);
}

/**
 * GB18030 bytes of `text`: Node decodes GB18030 but has no encoder, so the two-byte table is
 * built by decoding every two-byte code (ASCII stays one byte). Enough for the test's characters.
 */
export function encodeGb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder("gb18030");
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(Uint8Array.from([hi, lo]));
      if (ch.length === 1 && ch !== "\uFFFD" && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no two-byte GB18030 code for ${ch}`);
      bytes.push(...b);
    }
  }
  return Buffer.from(bytes);
}
