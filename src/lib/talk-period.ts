/**
 * Talk duty periods (issue #6 point 1): a calendar month (`2026-12`) or a Monday-to-Sunday week
 * (`2026-W49`, ISO week numbering), always on Asia/Shanghai calendar days whatever the process
 * TZ. Month ends come from the calendar (February and leap years included), never from a
 * "day 31" rule. Pure functions on instants (`Date`) and Shanghai dates (`YYYY-MM-DD`).
 */
import { dateOfDayNumber, dayNumberOf, shanghaiDateOf } from "./work-calendar.ts";

/** TALK_PERIOD: the length of one duty period. */
export type TalkPeriodKind = "month" | "week";

/** One duty period: its key and its bounds. */
export interface TalkPeriod {
  /** `2026-12` (month) or `2026-W49` (ISO week). */
  key: string;
  kind: TalkPeriodKind;
  /** First Shanghai date of the period, `YYYY-MM-DD`. */
  firstDay: string;
  /** Last Shanghai date of the period, `YYYY-MM-DD`. */
  lastDay: string;
  /** Shanghai midnight starting firstDay, as an instant. */
  start: Date;
  /** Shanghai midnight after lastDay (exclusive end), as an instant. */
  end: Date;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The instant of Shanghai midnight starting `date` (`YYYY-MM-DD`). RangeError on a bad date. */
export function shanghaiMidnight(date: string): Date {
  return new Date(dayNumberOf(date) * 86_400_000 - SHANGHAI_OFFSET_MS);
}

/** Days in month `month` (1-12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function monthPeriod(year: number, month: number): TalkPeriod {
  const firstDay = `${year}-${pad(month)}-01`;
  const lastDay = `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`;
  return { key: `${year}-${pad(month)}`, kind: "month", firstDay, lastDay, start: shanghaiMidnight(firstDay), end: new Date(shanghaiMidnight(lastDay).getTime() + 86_400_000) };
}

/** ISO week-numbering year and week of Shanghai date `date`. */
function isoWeek(date: string): { year: number; week: number; monday: number } {
  const n = dayNumberOf(date);
  const weekday = (new Date(n * 86_400_000).getUTCDay() + 6) % 7; // Monday 0
  const monday = n - weekday;
  const thursday = monday + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const jan1 = dayNumberOf(`${year}-01-01`);
  return { year, week: Math.floor((thursday - jan1) / 7) + 1, monday };
}

function weekPeriodFromMonday(monday: number): TalkPeriod {
  const firstDay = dateOfDayNumber(monday);
  const { year, week } = isoWeek(firstDay);
  const lastDay = dateOfDayNumber(monday + 6);
  return { key: `${year}-W${pad(week)}`, kind: "week", firstDay, lastDay, start: shanghaiMidnight(firstDay), end: shanghaiMidnight(dateOfDayNumber(monday + 7)) };
}

/** The period of kind `kind` containing Shanghai date `date` (`YYYY-MM-DD`). */
export function periodOfDate(kind: TalkPeriodKind, date: string): TalkPeriod {
  if (kind === "month") return monthPeriod(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
  return weekPeriodFromMonday(isoWeek(date).monday);
}

/** The period of kind `kind` containing `instant` (its Shanghai date: 00:30 on the 1st is the new month). */
export function periodOf(kind: TalkPeriodKind, instant: Date): TalkPeriod {
  return periodOfDate(kind, shanghaiDateOf(instant));
}

/** The period right after `p`. */
export function nextPeriod(p: TalkPeriod): TalkPeriod {
  return periodOfDate(p.kind, shanghaiDateOf(p.end));
}

/** The period right before `p`. */
export function previousPeriod(p: TalkPeriod): TalkPeriod {
  return periodOfDate(p.kind, dateOfDayNumber(dayNumberOf(p.firstDay) - 1));
}

/**
 * The period a key names: `2026-12` or `2026-W49`. Null when the key is neither (or a month 13,
 * a week 54). A week key is checked by rebuilding it from its Monday.
 */
export function periodFromKey(key: string): TalkPeriod | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) return monthPeriod(Number(m[1]), Number(m[2]));
  const w = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!w) return null;
  const year = Number(w[1]);
  const jan4 = dayNumberOf(`${year}-01-04`);
  const week1Monday = jan4 - ((new Date(jan4 * 86_400_000).getUTCDay() + 6) % 7);
  const p = weekPeriodFromMonday(week1Monday + (Number(w[2]) - 1) * 7);
  return p.key === key ? p : null;
}

/**
 * Calendar days from Shanghai date `today` to the period's last day, both counted
 * (the last day itself gives 1). 0 when `today` is after the period.
 */
export function daysLeftInPeriod(p: TalkPeriod, today: string): number {
  return Math.max(0, dayNumberOf(p.lastDay) - dayNumberOf(today) + 1);
}
