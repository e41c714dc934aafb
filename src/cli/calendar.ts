/**
 * `calendar show` (holidays and adjusted working days of a year or month, and where the data come
 * from) and `calendar check <file>` (validate a HOLIDAYS_FILE and show what it adds).
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError, loadConfig } from "../config.ts";
import { systemClock } from "../lib/clock.ts";
import { loadHolidaysFile } from "../lib/holidays-file.ts";
import { STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR } from "../lib/statutory-holidays.ts";
import {
  CHINESE_DAYS_YEARS,
  NO_OVERRIDES,
  WorkCalendar,
  dateOfDayNumber,
  dayNumberOf,
  loadWorkCalendar,
  shanghaiDateOf,
  type DayInfo,
  type HolidayOverrides,
} from "../lib/work-calendar.ts";
import {
  calendarCheckText,
  calendarOptionText,
  calendarShowText,
  type CheckedYear,
  type DayRun,
} from "../messages/calendar.ts";

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** `2026-10-01` as `10月1日（周四）`. */
function dayLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAYS[d.getUTCDay()]}）`;
}

/**
 * Consecutive days with the same name, kind and mark, merged into runs. Statutory days are always
 * tagged; the file's days only when `markFile` (a year the file corrects day by day).
 */
function toRuns(days: readonly DayInfo[], markFile: boolean): DayRun[] {
  const runs: (DayRun & { lastN: number })[] = [];
  for (const d of days) {
    const n = dayNumberOf(d.date);
    const prev = runs.at(-1);
    const mark = d.source === "statutory" ? "statutory" : markFile && d.source === "file" ? "file" : null;
    if (prev && prev.lastN === n - 1 && prev.name === d.name && prev.work === d.work && prev.mark === mark) {
      prev.last = dayLabel(d.date);
      prev.lastN = n;
      prev.days++;
    } else runs.push({ first: dayLabel(d.date), last: dayLabel(d.date), days: 1, name: d.name ?? "", work: d.work, mark, lastN: n });
  }
  return runs.map(({ lastN: _, ...r }) => r);
}

/** The first and last date of a year, or of one month (1-12). */
function periodDates(year: number, month: number | null): [string, string] {
  if (month === null) return [`${year}-01-01`, `${year}-12-31`];
  const first = dayNumberOf(`${year}-${String(month).padStart(2, "0")}-01`);
  const next = dayNumberOf(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`);
  return [dateOfDayNumber(first), dateOfDayNumber(next - 1)];
}

/** The `calendar show` text of a year, or of one month (1-12), on calendar `cal`. */
export function showCalendarText(cal: WorkCalendar, year: number, month: number | null): string {
  const [from, to] = periodDates(year, month);
  let workdays = 0;
  for (let n = dayNumberOf(from); n <= dayNumberOf(to); n++) if (cal.isWorkday(dateOfDayNumber(n))) workdays++;
  const source = {
    chineseDays: CHINESE_DAYS_YEARS.includes(year),
    file: cal.overrides.years.includes(year) ? cal.overrides.file : null,
    statutory: year >= STATUTORY_FIRST_YEAR && year <= STATUTORY_LAST_YEAR,
  };
  return calendarShowText({
    year,
    month,
    source,
    dayStart: cal.dayStart,
    dayEnd: cal.dayEnd,
    runs: toRuns(cal.specialDays(from, to), source.chineseDays && source.file !== null),
    workdays,
  });
}

/**
 * The `calendar check` text of valid overrides: per year, its days, how many answers change, and
 * warnings: `workdays` entries on a Monday-Friday that is a working day without the file (调休
 * working days are weekend days, so likely a typo), and statutory holidays of a year chinese-days
 * lacks that the file leaves working (a file year replaces the statutory days).
 */
export function checkCalendarText(file: string, overrides: HolidayOverrides): string {
  const base = new WorkCalendar({ dayStart: "08:00", dayEnd: "17:00", overrides: NO_OVERRIDES });
  const withFile = new WorkCalendar({ dayStart: "08:00", dayEnd: "17:00", overrides });
  const weekday = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  const years: CheckedYear[] = overrides.years.map((year) => {
    const [from, to] = periodDates(year, null);
    const own = withFile.specialDays(from, to).filter((d) => d.source === "file");
    let changed = 0;
    for (let n = dayNumberOf(from); n <= dayNumberOf(to); n++) if (base.isWorkday(dateOfDayNumber(n)) !== withFile.isWorkday(dateOfDayNumber(n))) changed++;
    const plainWeekdays = own.filter((d) => d.work && weekday(d.date) && base.isWorkday(d.date)).map((d) => dayLabel(d.date));
    const missingStatutory = base
      .specialDays(from, to)
      .filter((d) => d.source === "statutory" && withFile.isWorkday(d.date))
      .map((d) => ({ day: dayLabel(d.date), name: d.name ?? "" }));
    return { year, inChineseDays: CHINESE_DAYS_YEARS.includes(year), runs: toRuns(own, false), changed, plainWeekdays, missingStatutory };
  });
  return calendarCheckText(file, years);
}

/**
 * The configured HOLIDAYS_FILE, or null. Bad other settings give null rather than an error:
 * `calendar check` must work while the settings are being fixed.
 */
function configuredHolidaysFile(): string | null {
  try {
    return loadConfig().HOLIDAYS_FILE ?? null;
  } catch (err) {
    if (err instanceof ConfigError) return null;
    throw err;
  }
}

/** Whether `file` is the configured HOLIDAYS_FILE (same path from the current folder). */
function isSetting(file: string, configured: string | null | undefined): boolean {
  return !!configured && resolve(configured) === resolve(file);
}

/** `--year` / `--month` as numbers; the current Shanghai year by default. Throws Error (Chinese) on bad values. */
export function parsePeriod(opts: { year?: string; month?: string }, now: Date): { year: number; month: number | null } {
  if (opts.year !== undefined && !/^\d{4}$/.test(opts.year)) throw new Error(calendarOptionText.badYear(opts.year));
  const m = opts.month === undefined ? null : /^(\d{4})-(0[1-9]|1[0-2])$/.exec(opts.month);
  if (opts.month !== undefined && !m) throw new Error(calendarOptionText.badMonth(opts.month));
  if (m && opts.year !== undefined && m[1] !== opts.year) throw new Error(calendarOptionText.mismatch(opts.year, opts.month!));
  const year = Number(m?.[1] ?? opts.year ?? shanghaiDateOf(now).slice(0, 4));
  return { year, month: m ? Number(m[2]) : null };
}

/** Adds `calendar show` and `calendar check <file>` to `program`. */
export function registerCalendarCommands(program: Command): void {
  const calendar = program.command("calendar").description("学校工作日历：法定节假日和调休（chinese-days 与 HOLIDAYS_FILE）");
  calendar
    .command("show")
    .description("列出某年或某月的放假日和调休上班日，以及数据来源")
    .option("--year <year>", "年份，例如 2027（默认今年）")
    .option("--month <month>", "只看这个月，例如 2027-02")
    .option("--file <file>", "改用这个节假日文件（默认用设置 HOLIDAYS_FILE）")
    .action((opts: { year?: string; month?: string; file?: string }) => {
      const { year, month } = parsePeriod(opts, systemClock.now());
      const config = loadConfig();
      const file = opts.file ?? config.HOLIDAYS_FILE ?? null;
      const cal = loadWorkCalendar(
        { schoolDayStart: config.SCHOOL_DAY_START, schoolDayEnd: config.SCHOOL_DAY_END, holidaysFile: file },
        { setting: file !== null && isSetting(file, config.HOLIDAYS_FILE) },
      );
      console.log(showCalendarText(cal, year, month));
    });
  calendar
    .command("check")
    .description("检查节假日文件的格式，并列出它增加或修改的放假日和调休上班日")
    .argument("<file>", "节假日文件（JSON，格式见 README）")
    .action((file: string) => {
      console.log(checkCalendarText(file, loadHolidaysFile(file, { setting: isSetting(file, configuredHolidaysFile()) })));
    });
}
