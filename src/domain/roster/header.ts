/**
 * Finding the header row of a roster sheet: it may sit below a title row (merged across the
 * sheet), and two-row layouts put a group (`父亲情况`, `委托监护人`) over sub-headers (`姓名`,
 * `联系电话`). Columns are matched by name through columns.ts's aliases.
 */
import { tidySpaces } from "../../lib/text.ts";
import { fieldOfHeader, groupPrefix, HEADER, type FieldKey } from "./columns.ts";
import { cellText } from "./normalize.ts";
import type { GridRow, SheetGrid } from "./read.ts";

/** How many rows from the top are searched for the header. */
export const HEADER_SCAN_ROWS = 20;

/** Where each field is, and what the file calls it. */
export interface HeaderMatch {
  /** Spreadsheet row number of the (lower) header row. */
  rowNumber: number;
  /** Index in the grid's rows of the first row after the header. */
  dataStart: number;
  /** Field -> 0-based column index and the header text as written. */
  columns: Map<FieldKey, { col: number; header: string }>;
  /** Header texts no field matched (not imported), in column order. */
  unknown: string[];
}

/** The header row's fields, with group prefixes from `above` (the row right above it, or null). */
function matchRow(row: GridRow, above: GridRow | null): Pick<HeaderMatch, "columns" | "unknown"> {
  const columns: HeaderMatch["columns"] = new Map();
  const unknown: string[] = [];
  let carried: string | null = null;
  const width = Math.max(row.cells.length, above?.cells.length ?? 0);
  for (let col = 0; col < width; col++) {
    const groupText = above ? tidySpaces(cellText(above.cells[col] ?? null)) : "";
    // A header merged down over both rows has its text in the upper cell only.
    const text = tidySpaces(cellText(row.cells[col] ?? null)) || (fieldOfHeader(groupText) ? groupText : "");
    // A group cell spans its columns: merged (exceljs repeats it) or, in CSV, left blank to the right.
    const explicit = groupText ? groupPrefix(groupText) : null;
    carried = groupText ? explicit : carried;
    const prefix = explicit ?? carried;
    if (!text) continue;
    let key = prefix ? fieldOfHeader(prefix + text) : null;
    if (!key && !explicit) key = fieldOfHeader(text);
    if (key && !columns.has(key)) columns.set(key, { col, header: text });
    else if (!key) unknown.push(text);
  }
  return { columns, unknown };
}

/**
 * Finds the header among the first {@link HEADER_SCAN_ROWS} rows: the row matching the most
 * fields, which must include the child's name and two more; ties go to the upper row. Returns
 * null when no row qualifies.
 */
export function findHeader(grid: SheetGrid): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  const limit = Math.min(grid.rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = grid.rows[i]!;
    const prev = i > 0 && grid.rows[i - 1]!.rowNumber === row.rowNumber - 1 ? grid.rows[i - 1]! : null;
    const { columns, unknown } = matchRow(row, prev);
    if (!columns.has("name") || columns.size < 3) continue;
    if (best && columns.size <= best.columns.size) continue;
    best = { rowNumber: row.rowNumber, dataStart: i + 1, columns, unknown };
  }
  return best;
}

/** The column name to show for a field: the file's header when the file has it, else the canonical one. */
export function columnNameOf(header: HeaderMatch, key: FieldKey): string {
  return header.columns.get(key)?.header ?? HEADER[key];
}
