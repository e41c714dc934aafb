/**
 * The day part of a booking time phrase (issue #5 point 2), for {@link parseSessionTime} in
 * session-time.ts. Days are Asia/Shanghai calendar dates `YYYY-MM-DD`; weeks start on Monday.
 *
 * chrono-node's Chinese parser reads the calendar dates (`12月5日`, `十二月五号`,
 * `2027年1月3日`, `二〇二七年一月三日`, `2027-01-03`): only the year, month and day it read
 * from the text are used. Its own resolution is not: a month-day without year is resolved to the
 * current year even when already past (`1月3日` said in December), and its weekdays follow
 * Sunday-first weeks and the process TZ (`下周五` said on a Sunday). Relative days, weekdays,
 * `下个月5号`, `5号` and `明年1月3日` (which chrono does not read) are small rules here.
 */
import * as chrono from "chrono-node";
import { parseSmallNumber } from "./past-date.ts";
import { isIsoDate } from "./holidays-file.ts";
import { dateOfDayNumber, dayNumberOf } from "./work-calendar.ts";

/** A day phrase found at the start of a text. `date` null: date-shaped but no such day. */
export interface DayPart {
  date: string | null;
  /** Characters of the (folded) text the phrase takes. */
  length: number;
  /** A part-of-day word glued into the day word (`今晚`, `明早`), read as the time's period. */
  period?: string;
  /** Relative words and weekdays must be followed by a separator, a time, or the end. */
  needsFollow: boolean;
}

const NUM = "[0-9零〇一二两三四五六七八九十]{1,3}";
const DAY_WORDS: Record<string, [number, string?]> = {
  今天: [0], 今日: [0], 今晚: [0, "晚上"], 今早: [0, "早上"], 今晨: [0, "早上"],
  明天: [1], 明日: [1], 明晚: [1, "晚上"], 明早: [1, "早上"], 明晨: [1, "早上"],
  后天: [2], 大后天: [3],
  // Past days are read too, so that `昨天晚上7点` is refused as past rather than not understood.
  昨天: [-1], 昨日: [-1], 昨晚: [-1, "晚上"], 前天: [-2],
};
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7 };

const pad = (n: number) => String(n).padStart(2, "0");
/** `YYYY-MM-DD` when that day exists, else null. */
export function ymd(y: number, m: number, d: number): string | null {
  const s = `${y}-${pad(m)}-${pad(d)}`;
  return isIsoDate(s) ? s : null;
}

/** Monday-first weekday (Monday 1 .. Sunday 7) of day number `n`. */
const isoWeekday = (n: number) => ((new Date(n * 86_400_000).getUTCDay() + 6) % 7) + 1;

/** A month-day without a year: this year when today or later, else next year (null: no such day). */
function nextMonthDay(today: string, month: number, day: number): string | null {
  const year = Number(today.slice(0, 4));
  const thisYear = ymd(year, month, day);
  if (thisYear && thisYear >= today) return thisYear;
  if (!ymd(2028, month, day)) return null; // not a day in any year (2028 is a leap year)
  return ymd(year + 1, month, day);
}

type Rule = { re: RegExp; needsFollow: boolean; resolve(m: RegExpExecArray, todayN: number, today: string): string | null; period?: (m: RegExpExecArray) => string | undefined };

const RULES: Rule[] = [
  {
    re: /^(大后天|今天|今日|今晚|今早|今晨|明天|明日|明晚|明早|明晨|后天|昨天|昨日|昨晚|前天)/u,
    needsFollow: true,
    resolve: (m, n) => dateOfDayNumber(n + DAY_WORDS[m[1]!]![0]),
    period: (m) => DAY_WORDS[m[1]!]![1],
  },
  {
    // 周六 (the nearest, today included), 本周六 / 这周六 (this Monday-first week), 下周五, 下下周五.
    re: /^(下下个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])/u,
    needsFollow: true,
    resolve: (m, n) => {
      const target = WEEKDAY[m[2]!]!;
      const weekday = isoWeekday(n);
      if (!m[1]) return dateOfDayNumber(n + ((target - weekday + 7) % 7));
      const ahead = m[1].startsWith("下下") ? 14 : m[1].startsWith("下") ? 7 : 0;
      return dateOfDayNumber(n - (weekday - 1) + ahead + (target - 1));
    },
  },
  {
    re: new RegExp(`^(下个?月|本月|这个?月)(${NUM})[号日]`, "u"),
    needsFollow: false,
    resolve: (m, _n, today) => {
      const d = parseSmallNumber(m[2]!);
      let [y, mo] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
      if (m[1]!.startsWith("下")) [y, mo] = mo === 12 ? [y + 1, 1] : [y, mo + 1];
      return d === null ? null : ymd(y, mo, d);
    },
  },
  {
    re: new RegExp(`^(今年|明年)(${NUM})月(${NUM})[号日]?`, "u"),
    needsFollow: false,
    resolve: (m, _n, today) => {
      const [mo, d] = [parseSmallNumber(m[2]!), parseSmallNumber(m[3]!)];
      const y = Number(today.slice(0, 4)) + (m[1] === "明年" ? 1 : 0);
      return mo === null || d === null ? null : ymd(y, mo, d);
    },
  },
];

/** The extent of a calendar date for chrono to read; digits of a following time are not taken. */
const CALENDAR = new RegExp(`^(?:(?:\\d{4}|[〇零一二三四五六七八九]{4})年)?${NUM}月${NUM}[号日]?|^\\d{4}-\\d{1,2}-\\d{1,2}(?!\\d)`, "u");
/** A bare day of the month (`5号`): this month when today or later, else next month; no such day this month: invalid. */
const BARE_DAY = new RegExp(`^(${NUM})[号日]`, "u");

/** Year, month and day chrono reads from a calendar date phrase; null when it reads none. */
function chronoCalendar(phrase: string, ref: Date): { year: number | null; month: number; day: number } | null {
  const [r] = chrono.zh.hans.parse(phrase, { instant: ref, timezone: 480 });
  if (!r || r.index !== 0 || r.text.length !== phrase.length) return null;
  if (!r.start.isCertain("month") || !r.start.isCertain("day")) return null;
  return { year: r.start.isCertain("year") ? r.start.get("year")! : null, month: r.start.get("month")!, day: r.start.get("day")! };
}

/**
 * The day phrase at the start of `folded` (digits already folded to ASCII), as seen on `today`
 * (Asia/Shanghai `YYYY-MM-DD`, the date of `ref`). Null when the text does not start with one.
 */
export function readDayPart(folded: string, today: string, ref: Date): DayPart | null {
  const todayN = dayNumberOf(today);
  for (const rule of RULES) {
    const m = rule.re.exec(folded);
    if (m) return { date: rule.resolve(m, todayN, today), length: m[0].length, period: rule.period?.(m), needsFollow: rule.needsFollow };
  }
  const cal = CALENDAR.exec(folded);
  if (cal) {
    const read = chronoCalendar(cal[0], ref);
    const date = !read ? null : read.year !== null ? ymd(read.year, read.month, read.day) : nextMonthDay(today, read.month, read.day);
    return { date, length: cal[0].length, needsFollow: false };
  }
  const bare = BARE_DAY.exec(folded);
  if (bare) {
    const d = parseSmallNumber(bare[1]!);
    const [y, mo] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const thisMonth = d === null ? null : ymd(y, mo, d);
    const next = mo === 12 ? [y + 1, 1] : [y, mo + 1];
    const date = thisMonth === null || thisMonth >= today ? thisMonth : ymd(next[0]!, next[1]!, d!);
    return { date, length: bare[0].length, needsFollow: true };
  }
  return null;
}
