/**
 * School working time (工作时间): China's working days (holidays and 调休 from chinese-days, corrected
 * or extended by the HOLIDAYS_FILE overrides; for a year with neither, the statutory holidays of
 * lib/statutory-holidays.ts) between a daily start and end, in Asia/Shanghai.
 *
 * Arithmetic runs on epoch milliseconds shifted by +08:00: Asia/Shanghai has had no daylight saving
 * since 1991, so this equals dayjs' `tz("Asia/Shanghai")` for every date the bot handles (a test
 * checks it), and is independent of the process TZ and far faster than Intl per call.
 * A working period is the half-open span [dayStart, dayEnd) of a working day.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import chineseDaysData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { coverageWarningText } from "../messages/calendar.ts";
import { isIsoDate, loadHolidaysFile } from "./holidays-file.ts";
import { statutoryHolidays } from "./statutory-holidays.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Asia/Shanghai's UTC offset (fixed since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** A search for the next or previous working day gives up after this many days off in a row. */
const MAX_DAYS_OFF = 400;

/**
 * Holidays and adjusted working days that override chinese-days, day by day (see README,
 * HOLIDAYS_FILE). Dates are Asia/Shanghai `YYYY-MM-DD`; names as people read them (春节, 春节调休).
 */
export interface HolidayOverrides {
  /** Days off, date -> name. */
  holidays: Readonly<Record<string, string>>;
  /** Working days (typically a weekend day made a working day, 调休), date -> name. */
  workdays: Readonly<Record<string, string>>;
  /** The years the overrides describe in full (a `year` entry of the file), ascending. */
  years: readonly number[];
  /** The file the overrides came from, or null when built in code. */
  file: string | null;
}

/** No overrides: chinese-days' data and weekends alone. */
export const NO_OVERRIDES: HolidayOverrides = { holidays: {}, workdays: {}, years: [], file: null };

/** Options of {@link WorkCalendar}: working hours as `HH:mm` in Asia/Shanghai, dayStart < dayEnd. */
export interface WorkCalendarOptions {
  dayStart: string;
  dayEnd: string;
  overrides?: HolidayOverrides;
}

/**
 * Where a day's answer comes from: the overrides file, chinese-days, the statutory holidays of a
 * year with neither (its 调休 unknown), or the plain weekday rule.
 */
export type DaySource = "file" | "chinese-days" | "statutory" | "weekday-rule";

/** One day's answer: working or not, the holiday or 调休 name (null for plain days), and its source. */
export interface DayInfo {
  date: string;
  work: boolean;
  name: string | null;
  source: DaySource;
}

type RawDays = Record<string, string>;
const CD = chineseDaysData as { holidays: RawDays; workdays: RawDays };

/** chinese-days stores `National Day,国庆节,3`: keep the Chinese name. */
const cdName = (raw: string) => raw.split(",")[1] ?? raw;

/** The years chinese-days has the State Council's arrangement for (2004-2026 in 1.5.7), ascending. */
export const CHINESE_DAYS_YEARS: readonly number[] = [
  ...new Set([...Object.keys(CD.holidays), ...Object.keys(CD.workdays)].map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; RangeError unless a real calendar date. */
export function dayNumberOf(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`invalid date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** The `YYYY-MM-DD` date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai date (`YYYY-MM-DD`) of an instant, whatever the process TZ. */
export function shanghaiDateOf(instant: Date): string {
  return dateOfDayNumber(Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS));
}

function minutesOfDay(hhmm: string, what: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`${what} must be HH:mm, got ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The school's working time. Build once (see {@link loadWorkCalendar}) and share: workday answers
 * are memoised per day, so the arithmetic costs microseconds. Instants are `Date`s (UTC inside);
 * days and hours are Asia/Shanghai. All minute arguments and results may be fractional.
 */
export class WorkCalendar {
  readonly dayStart: string;
  readonly dayEnd: string;
  readonly overrides: HolidayOverrides;
  private readonly startMs: number;
  private readonly endMs: number;
  private readonly memo = new Map<number, boolean>();

  /** RangeError when dayStart or dayEnd is not `HH:mm` or dayStart is not before dayEnd. */
  constructor(opts: WorkCalendarOptions) {
    this.dayStart = opts.dayStart;
    this.dayEnd = opts.dayEnd;
    this.overrides = opts.overrides ?? NO_OVERRIDES;
    this.startMs = minutesOfDay(opts.dayStart, "dayStart") * MINUTE_MS;
    this.endMs = minutesOfDay(opts.dayEnd, "dayEnd") * MINUTE_MS;
    if (this.startMs >= this.endMs) throw new RangeError(`dayStart ${opts.dayStart} must be before dayEnd ${opts.dayEnd}`);
  }

  /**
   * The answer for Shanghai date `day` (`YYYY-MM-DD`): overrides first, then chinese-days, then
   * (for a year neither covers) the statutory holidays, then Mon-Fri. RangeError on a bad date.
   */
  dayInfo(day: string): DayInfo {
    dayNumberOf(day);
    const o = this.overrides;
    if (day in o.holidays) return { date: day, work: false, name: o.holidays[day]!, source: "file" };
    if (day in o.workdays) return { date: day, work: true, name: o.workdays[day]!, source: "file" };
    if (day in CD.holidays) return { date: day, work: false, name: cdName(CD.holidays[day]!), source: "chinese-days" };
    if (day in CD.workdays) return { date: day, work: true, name: cdName(CD.workdays[day]!), source: "chinese-days" };
    const year = Number(day.slice(0, 4));
    const statutory = this.hasDataFor(year) ? undefined : statutoryHolidays(year).get(day);
    if (statutory) return { date: day, work: false, name: statutory, source: "statutory" };
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return { date: day, work: weekday !== 0 && weekday !== 6, name: null, source: "weekday-rule" };
  }

  /** Whether Shanghai date `day` (`YYYY-MM-DD`) is a working day. RangeError on a bad date. */
  isWorkday(day: string): boolean {
    return this.workdayN(dayNumberOf(day));
  }

  private workdayN(n: number): boolean {
    let v = this.memo.get(n);
    if (v === undefined) {
      v = this.dayInfo(dateOfDayNumber(n)).work;
      this.memo.set(n, v);
    }
    return v;
  }

  /** Whether `instant` falls in working hours [dayStart, dayEnd) of a working day. */
  isWorkingTime(instant: Date): boolean {
    const local = instant.getTime() + SHANGHAI_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const t = local - day * DAY_MS;
    return t >= this.startMs && t < this.endMs && this.workdayN(day);
  }

  /** `instant` itself if in working time, else the start of the next working period. */
  nextWorkingInstant(instant: Date): Date {
    return this.addWorkingMinutes(instant, 0);
  }

  /**
   * The instant `minutes` working minutes after `from`. From outside working time the count starts
   * at the next working start (so 0 minutes gives {@link nextWorkingInstant}); a result exactly at a
   * day's end stays there (Friday 17:00 + 30 min = Friday 17:30). RangeError on negative minutes.
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    if (!(minutes >= 0)) throw new RangeError(`minutes must be >= 0, got ${minutes}`);
    let rest = Math.round(minutes * MINUTE_MS);
    let local = from.getTime() + SHANGHAI_OFFSET_MS;
    let day = Math.floor(local / DAY_MS);
    for (let off = 0; off <= MAX_DAYS_OFF; ) {
      const base = day * DAY_MS;
      if (this.workdayN(day)) {
        off = 0;
        const start = Math.max(local, base + this.startMs);
        const avail = base + this.endMs - start;
        if (avail > 0 && rest <= avail) return new Date(start + rest - SHANGHAI_OFFSET_MS);
        if (avail > 0) rest -= avail;
      } else off++;
      day++;
      local = day * DAY_MS;
    }
    throw new RangeError(`no working day within ${MAX_DAYS_OFF} days of ${from.toISOString()}`);
  }

  /**
   * The instant `minutes` working minutes before `to` (e.g. a reminder before a target), the mirror
   * of {@link addWorkingMinutes}: from outside working time the count starts at the previous
   * working end, and a result exactly at a day's start stays there (Monday 10:30 - 180 min = Monday
   * 07:30). Clamped: never earlier than `notBefore` when given (pass now, so a lead longer than
   * the time left gives a reminder now rather than in the past). RangeError on negative minutes.
   */
  subtractWorkingMinutes(to: Date, minutes: number, notBefore?: Date): Date {
    if (!(minutes >= 0)) throw new RangeError(`minutes must be >= 0, got ${minutes}`);
    const floor = notBefore?.getTime() ?? -Infinity;
    let rest = Math.round(minutes * MINUTE_MS);
    let local = to.getTime() + SHANGHAI_OFFSET_MS;
    let day = Math.floor(local / DAY_MS);
    for (let off = 0; off <= MAX_DAYS_OFF; ) {
      const base = day * DAY_MS;
      if (this.workdayN(day)) {
        off = 0;
        const end = Math.min(local, base + this.endMs);
        const avail = end - (base + this.startMs);
        if (avail > 0 && rest <= avail) return new Date(Math.max(end - rest - SHANGHAI_OFFSET_MS, floor));
        if (avail > 0) rest -= avail;
      } else off++;
      if (base - SHANGHAI_OFFSET_MS <= floor) return new Date(floor);
      day--;
      local = day * DAY_MS + DAY_MS;
    }
    throw new RangeError(`no working day within ${MAX_DAYS_OFF} days before ${to.toISOString()}`);
  }

  /**
   * Working minutes from `a` to `b` (only working time counts; e.g. Friday 17:00 to Monday 08:00 is
   * 60). Negative when `b` is before `a`. Cost is one step per calendar day in between.
   */
  workingMinutesBetween(a: Date, b: Date): number {
    if (b.getTime() < a.getTime()) return -this.workingMinutesBetween(b, a);
    const la = a.getTime() + SHANGHAI_OFFSET_MS;
    const lb = b.getTime() + SHANGHAI_OFFSET_MS;
    let total = 0;
    for (let day = Math.floor(la / DAY_MS); day * DAY_MS < lb; day++) {
      if (!this.workdayN(day)) continue;
      const base = day * DAY_MS;
      const span = Math.min(lb, base + this.endMs) - Math.max(la, base + this.startMs);
      if (span > 0) total += span;
    }
    return total / MINUTE_MS;
  }

  /** Years with real holiday data: chinese-days' years and the overrides' years, ascending. */
  get knownYears(): number[] {
    return [...new Set([...CHINESE_DAYS_YEARS, ...this.overrides.years])].sort((a, b) => a - b);
  }

  /**
   * Whether chinese-days or the overrides cover `year`. Without data a year has its statutory
   * holidays (from 2025) and weekends off, its 调休 unknown.
   */
  hasDataFor(year: number): boolean {
    return CHINESE_DAYS_YEARS.includes(year) || this.overrides.years.includes(year);
  }

  /** Holidays and adjusted working days (not plain weekends) from `from` to `to`, inclusive, by date. */
  specialDays(from: string, to: string): DayInfo[] {
    const out: DayInfo[] = [];
    for (let n = dayNumberOf(from), last = dayNumberOf(to); n <= last; n++) {
      const info = this.dayInfo(dateOfDayNumber(n));
      if (info.source !== "weekday-rule") out.push(info);
    }
    return out;
  }
}

/** The settings {@link loadWorkCalendar} reads (DomainSettings has them). */
export interface WorkCalendarSettings {
  schoolDayStart: string;
  schoolDayEnd: string;
  holidaysFile: string | null;
}

/** Per hours and file: the file's version (modification time and size) last read, and the calendar in use. */
const cache = new Map<string, { version: string; cal: WorkCalendar }>();

/**
 * The calendar of these settings, reading and validating HOLIDAYS_FILE (relative paths from the
 * current folder). Cached by hours and path: a later call re-reads the file only when its
 * modification time or size changed. The first read throws HolidaysFileError (Chinese message
 * naming the file, `setting` (default true) adding that it is the HOLIDAYS_FILE setting, and each
 * bad entry) on an unreadable or bad file, RangeError on bad hours: call it at start so a bad file
 * stops the start. A later change that makes the file bad does not throw: the calendar last read
 * stays in use (until the file is fixed or the process restarts, when the start fails).
 */
export function loadWorkCalendar(settings: WorkCalendarSettings, opts: { setting?: boolean } = {}): WorkCalendar {
  const file = settings.holidaysFile;
  const key = `${settings.schoolDayStart}|${settings.schoolDayEnd}|${file ? resolve(file) : ""}`;
  const st = file ? statSync(resolve(file), { throwIfNoEntry: false }) : undefined;
  const version = file ? `${st?.mtimeMs ?? "missing"}|${st?.size ?? ""}` : "";
  const hit = cache.get(key);
  if (hit?.version === version) return hit.cal;
  let cal: WorkCalendar;
  try {
    const overrides = file ? loadHolidaysFile(file, { setting: opts.setting ?? true }) : NO_OVERRIDES;
    cal = new WorkCalendar({ dayStart: settings.schoolDayStart, dayEnd: settings.schoolDayEnd, overrides });
  } catch (err) {
    if (!hit) throw err;
    cal = hit.cal;
  }
  if (!hit && cache.size >= 16) cache.clear();
  cache.set(key, { version, cal });
  return cal;
}

/**
 * A warning (Chinese, then English, one line) when the current or the next year in Asia/Shanghai
 * has no holiday data (neither chinese-days nor the overrides): its statutory holidays are assumed,
 * its 调休 unknown. Null when both are covered. Log it at start.
 */
export function calendarCoverageWarning(cal: WorkCalendar, now: Date): string | null {
  const year = Number(shanghaiDateOf(now).slice(0, 4));
  const missing = [year, year + 1].filter((y) => !cal.hasDataFor(y));
  return missing.length ? coverageWarningText(missing, year) : null;
}
