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

/** Shanghai date `date` (`YYYY-MM-DD`) plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/**
 * The last day of period `p` on which `isWorkday` holds, searching back from p.lastDay (the
 * month's last working day, for the coordinators' still-due list); null when the period has no
 * working day at all (a week of holidays).
 */
export function lastWorkdayOf(p: TalkPeriod, isWorkday: (date: string) => boolean): string | null {
  for (let d = p.lastDay; d >= p.firstDay; d = addDays(d, -1)) if (isWorkday(d)) return d;
  return null;
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * A whole number as people type it: `3`, `３`, `三`, `十`, `十二`, `二十`, `二十五`, `两` (1 to 99
 * in Chinese numerals). Null for anything else (`0` is returned as 0; signs, decimals, `一百`
 * and words give null), so the caller decides what range it accepts.
 */
export function parseSmallNumber(text: string): number | null {
  const t = text.normalize("NFKC").trim();
  if (/^\d{1,6}$/.test(t)) return Number(t);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(t);
  if (!m || t === "" || (!m[2] && m[1] && m[3])) return null;
  if (!m[2]) return CN_DIGIT[m[1] ?? m[3]!] ?? null;
  return (m[1] ? CN_DIGIT[m[1]]! : 1) * 10 + (m[3] ? CN_DIGIT[m[3]]! : 0);
}

/**
 * The month a person means (`本月`, `这个月`, `上月`, `上个月`, `2026-11`, `2026/11`, `2026年11月`,
 * `11月`, `十一月`), as a month key `YYYY-MM`, seen from Shanghai date `today`. A month without a
 * year is the latest such month not after today's (in January, `12月` is last December). Null
 * when the text names no month (month 13, words). Future months are returned as they are: the
 * caller refuses them.
 */
export function monthKeyFromText(text: string, today: string): string | null {
  const t = text.normalize("NFKC").replace(/\s+/gu, "");
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const key = (y: number, m: number) => `${y}-${pad(m)}`;
  if (t === "" || t === "本月" || t === "这个月" || t === "这月") return key(year, month);
  if (t === "上月" || t === "上个月") return month === 1 ? key(year - 1, 12) : key(year, month - 1);
  const full = /^(\d{4})(?:-|\/|\.|年)(\d{1,2})月?$/u.exec(t);
  if (full) {
    const m = Number(full[2]);
    return m >= 1 && m <= 12 ? key(Number(full[1]), m) : null;
  }
  const bare = /^(.+?)月(?:份)?$/u.exec(t);
  if (!bare) return null;
  const m = parseSmallNumber(bare[1]!);
  if (m === null || m < 1 || m > 12) return null;
  return m <= month ? key(year, m) : key(year - 1, m);
}
