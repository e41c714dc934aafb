/**
 * Reading a roster file into a grid of cells: Excel (.xlsx, with exceljs) or CSV (csv-parse) in
 * UTF-8 with or without BOM, UTF-16 with BOM, or GB18030 (what Excel on Chinese Windows saves).
 * The size limit (ROSTER_MAX_FILE_MB) is checked before anything is read; the extension and the
 * first bytes must agree. Errors are {@link RosterError}s; messages/roster.ts words them.
 */
import { openSync, readSync, closeSync, readFileSync, statSync } from "node:fs";
import { basename, extname } from "node:path";
import { createRequire } from "node:module";
import { StringDecoder } from "node:string_decoder";
import type ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import type { CellValue } from "./normalize.ts";
import { RosterError } from "./types.ts";

/** One non-empty row: its number as the spreadsheet shows it (1-based), and its cells from column A. */
export interface GridRow {
  rowNumber: number;
  cells: CellValue[];
}

/** One sheet (a CSV file is one sheet without a name). Empty rows are left out. */
export interface SheetGrid {
  sheetName: string | null;
  rows: GridRow[];
}

/** What {@link readRosterFile} returns. */
export interface RosterFile {
  fileName: string;
  kind: "xlsx" | "csv";
  sheets: SheetGrid[];
}

const requireCjs = createRequire(import.meta.url);

/** The parts of exceljs's streaming reader that {@link Utf8WorkbookReader} overrides. */
interface StreamingReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}
type StreamingReader = new (input: string, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) => AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader> &
  StreamingReaderInternals;

/** Decodes UTF-8 chunks without breaking a character that straddles two chunks. */
async function* utf8Chunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const c of chunks) yield typeof c === "string" ? c : decoder.write(c);
  const tail = decoder.end();
  if (tail) yield tail;
}

/**
 * exceljs 4.4's streaming reader (only it is loaded: the whole library costs another ~15 MB,
 * which a 5,000-row import cannot spare under its 300 MB budget) decodes each 16 KB chunk on its
 * own, so a Chinese character cut by a chunk boundary becomes U+FFFD (exceljs issues #2063,
 * #2084). This subclass hands it text decoded across chunk boundaries instead. The grid is still
 * checked for U+FFFD afterwards: should exceljs's internals change, the full reader is used.
 */
const Utf8WorkbookReader: StreamingReader = class extends (requireCjs("exceljs/lib/stream/xlsx/workbook-reader.js") as StreamingReader) {
  override _parseSharedStrings(entry: NodeJS.ReadableStream) {
    entry.setEncoding("utf8");
    return super._parseSharedStrings(entry);
  }
  override _parseWorkbook(entry: NodeJS.ReadableStream) {
    entry.setEncoding("utf8");
    return super._parseWorkbook(entry);
  }
  override *_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return yield* super._parseWorksheet(utf8Chunks(iterator), sheetNo);
  }
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `path` into sheets of cells. Throws RosterError: NOT_FOUND; TOO_LARGE (over
 * `maxFileMb` megabytes, checked with stat before reading); OLD_XLS (an Excel 97-2003 or
 * password-protected workbook); WRONG_TYPE (another extension); NOT_XLSX / NOT_CSV (content
 * does not match the extension); UNREADABLE (exceljs failed); EMPTY (no cell has a value).
 */
export async function readRosterFile(path: string, opts: { maxFileMb: number }): Promise<RosterFile> {
  const fileName = basename(path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    throw new RosterError("NOT_FOUND", { path });
  }
  if (size > opts.maxFileMb * 1024 * 1024) throw new RosterError("TOO_LARGE", { fileName, sizeMb: Math.round((size / 1024 / 1024) * 10) / 10, limitMb: opts.maxFileMb });
  const ext = extname(path).toLowerCase();
  const head = firstBytes(path, 8);
  if (ext === ".xls" || startsWith(head, OLE)) throw new RosterError("OLD_XLS", { fileName });
  let sheets: SheetGrid[];
  if (ext === ".xlsx" || ext === ".xlsm") {
    if (!startsWith(head, ZIP)) throw new RosterError("NOT_XLSX", { fileName });
    sheets = await readXlsx(path, fileName);
  } else if (ext === ".csv" || ext === ".txt") {
    if (startsWith(head, ZIP)) throw new RosterError("NOT_CSV", { fileName });
    sheets = [parseCsvGrid(decodeText(readFileSync(path), fileName))];
  } else {
    throw new RosterError("WRONG_TYPE", { fileName, ext });
  }
  if (sheets.every((s) => s.rows.length === 0)) throw new RosterError("EMPTY", { fileName });
  return { fileName, kind: ext === ".csv" || ext === ".txt" ? "csv" : "xlsx", sheets };
}

/**
 * Decodes a text file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 when the bytes are not
 * valid UTF-8 (Node's full ICU decoder). Throws RosterError NOT_CSV for binary content.
 */
export function decodeText(buf: Buffer, fileName = ""): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder("utf-8").decode(buf.subarray(3));
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder("utf-16le").decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder("utf-16be").decode(buf.subarray(2));
  if (buf.includes(0)) throw new RosterError("NOT_CSV", { fileName });
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder("gb18030").decode(buf);
  }
}

/** Parses CSV (or tab-separated) text into a grid; the delimiter is the one the first line uses more. */
export function parseCsvGrid(text: string): SheetGrid {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? "\t" : ",";
  const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  const rows: GridRow[] = [];
  records.forEach((cells, i) => {
    if (cells.some((c) => c.trim() !== "")) rows.push({ rowNumber: i + 1, cells: cells.map((c) => (c === "" ? null : c)) });
  });
  return { sheetName: null, rows };
}

/** A cell value of exceljs as a plain value: rich text joined, formulas' results, hyperlinks' text. */
function plainValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; result?: unknown; formula?: string; sharedFormula?: string; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join("");
    if ("formula" in o || "sharedFormula" in o) return plainValue(o.result);
    if (o.text !== undefined) return plainValue(o.text);
  }
  return null;
}

/** The grid of every sheet; the streaming reader first, the full one if any text came out garbled. */
async function readXlsx(path: string, fileName: string): Promise<SheetGrid[]> {
  try {
    const sheets = await readXlsxStreaming(path);
    const garbled = sheets.some((s) => s.rows.some((r) => r.cells.some((c) => typeof c === "string" && c.includes("\uFFFD"))));
    return garbled ? await readXlsxFull(path) : sheets;
  } catch (err) {
    throw new RosterError("UNREADABLE", { fileName, reason: err instanceof Error ? err.message : String(err) });
  }
}

/** The cells of one exceljs row (`row.values` is 1-based and sparse), blanks as null. */
function rowCells(values: unknown[]): CellValue[] {
  const cells: CellValue[] = [];
  for (let col = 1; col < values.length; col++) {
    const v = plainValue(values[col]);
    cells.push(typeof v === "string" && v.trim() === "" ? null : v);
  }
  return cells;
}

/** Streaming read: merged cells keep their value in the top-left cell only (header.ts allows for it). */
async function readXlsxStreaming(path: string): Promise<SheetGrid[]> {
  const sheets: SheetGrid[] = [];
  const reader = new Utf8WorkbookReader(path, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" });
  for await (const ws of reader) {
    const rows: GridRow[] = [];
    for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
      const cells = rowCells(row.values as unknown[]);
      if (cells.some((c) => c !== null)) rows.push({ rowNumber: row.number, cells });
    }
    sheets.push({ sheetName: (ws as unknown as { name?: string }).name ?? null, rows });
  }
  return sheets;
}

/** The full reader (more memory; decodes each part as a whole). */
async function readXlsxFull(path: string): Promise<SheetGrid[]> {
  const { default: ExcelJSRuntime } = await import("exceljs");
  const wb = new ExcelJSRuntime.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: GridRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells = rowCells(row.values as unknown[]);
      if (cells.some((c) => c !== null)) rows.push({ rowNumber, cells });
    });
    return { sheetName: ws.name, rows };
  });
}
