/**
 * The HOLIDAYS_FILE: holidays and adjusted working days (调休) that extend or correct chinese-days.
 *
 * Format (JSON, UTF-8): one year object, or an array of them, one per year:
 * ```json
 * { "year": 2027,
 *   "source": "国务院办公厅关于2027年部分节假日安排的通知",
 *   "holidays": { "2027-02-05": "春节", "2027-02-06": "春节" },
 *   "workdays": { "2027-02-20": "春节调休" } }
 * ```
 * `year` (2000-2100) and `holidays` (at least one day) are required; `workdays` and `source` (a
 * note for people) are optional; no other keys. Every date is a real `YYYY-MM-DD` in that year,
 * in one list only; each name is non-empty text. A year in the file counts as covered (no start
 * warning); its days override chinese-days day by day, other days follow chinese-days, then Mon-Fri.
 * lib/work-calendar.ts loads it (loadWorkCalendar).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { holidaysFileText as t } from "../messages/calendar.ts";
import type { HolidayOverrides } from "./work-calendar.ts";

/** Whether `date` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return !!m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === date;
}

/**
 * A holidays file that cannot be read or is invalid; `message` is Chinese and names the file (as
 * the HOLIDAYS_FILE setting when `setting`) and each bad entry, one per line. Entry points print
 * the message alone (formatConfigError) and exit 1.
 */
export class HolidaysFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    readonly setting = false,
  ) {
    super(t.error(file, problems, setting));
    this.name = "HolidaysFileError";
  }
}

/** How to name the file in errors: `setting` when it is the configured HOLIDAYS_FILE (default false). */
export interface HolidaysFileOptions {
  setting?: boolean;
}

const LIST_KEYS = ["holidays", "workdays"] as const;
const dayMap = z.record(z.string(), z.string().trim().min(1));
const yearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: z.string().optional(),
  holidays: dayMap,
  workdays: dayMap.optional(),
});
const fileSchema = z.array(yearSchema).min(1);

/** What a year object has that dates can be checked on, even when other parts of it are wrong. */
interface YearView {
  year: unknown;
  holidays: Record<string, unknown> | null;
  workdays: Record<string, unknown> | null;
}
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const viewOf = (item: unknown): YearView | null =>
  isMap(item) ? { year: item.year, holidays: isMap(item.holidays) ? item.holidays : null, workdays: isMap(item.workdays) ? item.workdays : null } : null;
const isYear = (v: unknown): v is number => yearSchema.shape.year.safeParse(v).success;

/** Value at `path` in `data`, to tell a missing key from a wrong one. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** The Chinese problem line of one zod issue on the (array-wrapped) file. */
function shapeProblem(issue: z.core.$ZodIssue, data: unknown[], single: boolean): string {
  const [index, key, date] = issue.path;
  const where = typeof index === "number" ? t.where(single ? null : index + 1, valueAt(data, [index, "year"])) : "";
  if (issue.code === "unrecognized_keys") return where + t.unknownKeys(issue.keys);
  if (index === undefined) return t.emptyArray;
  if (key === undefined) return where + t.notObject;
  const field = String(key);
  if (valueAt(data, issue.path) === undefined && date === undefined) return where + t.missing(field);
  if (field === "year") return where + t.badYear;
  if (date !== undefined) return where + t.badName(field, String(date));
  return where + t.notMap(field);
}

/**
 * Date and year checks on whatever parts of the file have the right shape (so one run reports
 * every problem, shape errors or not): real dates, in their year, in one list, each year once.
 */
function entryProblems(items: readonly unknown[], single: boolean): string[] {
  const problems: string[] = [];
  const seenYears = new Set<number>();
  const listOf = new Map<string, string>();
  items.map(viewOf).forEach((y, i) => {
    if (!y) return;
    const where = t.where(single ? null : i + 1, y.year);
    const year = isYear(y.year) ? y.year : null;
    if (year !== null && seenYears.has(year)) problems.push(where + t.duplicateYear(year));
    if (year !== null) seenYears.add(year);
    if (y.holidays && Object.keys(y.holidays).length === 0) problems.push(where + t.noHolidays);
    for (const list of LIST_KEYS) {
      for (const date of Object.keys(y[list] ?? {})) {
        if (!isIsoDate(date)) {
          problems.push(where + t.badDate(list, date));
          continue;
        }
        if (year !== null && Number(date.slice(0, 4)) !== year) problems.push(where + t.wrongYear(list, date, year));
        if (listOf.has(date) && listOf.get(date) !== list) problems.push(where + t.inBothLists(date));
        listOf.set(date, list);
      }
    }
  });
  return problems;
}

/**
 * Parses and validates the text of a holidays file (format in this file's header). `file` names it
 * in messages. Throws {@link HolidaysFileError} listing every problem (shape and dates) in one go.
 */
export function parseHolidaysFile(text: string, file: string, opts: HolidaysFileOptions = {}): HolidayOverrides {
  const fail = (problems: readonly string[]) => new HolidaysFileError(file, problems, opts.setting ?? false);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(reason);
    const before = at ? text.replace(/^\uFEFF/, "").slice(0, Number(at[1])).split("\n") : null;
    throw fail([t.notJson(reason, before?.length ?? null, before ? before.at(-1)!.length + 1 : null)]);
  }
  const single = !Array.isArray(raw);
  const data = single ? [raw] : (raw as unknown[]);
  const parsed = fileSchema.safeParse(data);
  const shape = parsed.success ? [] : parsed.error.issues.map((i) => shapeProblem(i, data, single));
  const problems = [...new Set([...shape, ...entryProblems(data, single)])];
  if (problems.length || !parsed.success) throw fail(problems);
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  for (const y of parsed.data) {
    Object.assign(holidays, y.holidays);
    Object.assign(workdays, y.workdays ?? {});
  }
  return { holidays, workdays, years: parsed.data.map((y) => y.year).sort((a, b) => a - b), file };
}

/** Reads and validates a holidays file; {@link HolidaysFileError} (Chinese) when unreadable or bad. */
export function loadHolidaysFile(file: string, opts: HolidaysFileOptions = {}): HolidayOverrides {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new HolidaysFileError(file, [t.unreadable((err as { code?: string }).code ?? "")], opts.setting ?? false);
  }
  return parseHolidaysFile(text, file, opts);
}
