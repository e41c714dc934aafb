/**
 * The date a teacher puts before a talk's content (issue #6 point 2): `谈心 张小明 12月28日 聊了学习`.
 * Past dates resolve into the past: a month and day without a year is the latest such day up to
 * today (`12月28日` said on 2027-01-03 is 2026-12-28, never 2027-12-28), except a month and day
 * at most 60 days ahead, which is this year's and so future (`12月8日` said on 12月7日). A phrase naming a day
 * after today (`明天`, `2027年3月1日` said in January, `这周五` on a Monday) is returned with
 * `future: true` for the caller to refuse.
 *
 * chrono-node's Chinese parser reads calendar dates (`12月28日`, `2026年11月3日`, `十二月二十八号`,
 * `2026-11-03`): only the month, day and year it read from the text are used, never its
 * resolution. Its relative dates (`昨天`, `三天前`, `上周五`) follow the process TZ near midnight
 * and its weeks start on Sunday, so relative phrases, `11/3`, `上个月15号` and `28号` are small
 * rules here on Asia/Shanghai days with Monday-first weeks. Pure: `now` is an argument.
 */
import * as chrono from "chrono-node";
import { dateOfDayNumber, dayNumberOf, shanghaiDateOf } from "./work-calendar.ts";
import { isIsoDate } from "./holidays-file.ts";

/** What {@link parseLeadingDate} found at the start of a text. */
export type LeadingDate =
  /** A real day: `date` is the Asia/Shanghai date `YYYY-MM-DD`; `future` when after today. */
  | { kind: "date"; date: string; future: boolean; phrase: string; rest: string }
  /** A date-shaped phrase naming no real day (`2月30日`, `13月5日`, `上个月31号` in March). */
  | { kind: "invalid"; phrase: string; rest: string };

const NUM = "[0-9零〇一二两三四五六七八九十]{1,3}";
/** Characters that may separate the date phrase from the content. */
const SEP = /^[\s,，、:：;；。.]+/u;
const DAY_WORDS: Record<string, number> = { 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 大前天: -3, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 };
const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7 };

/** Full-width digits and `／－．` and U+3000 to ASCII, one character for one (indices kept). */
function foldDigits(text: string): string {
  return text.replace(/[０-９／－．\u3000]/gu, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** `28`, `二十八`, `十五`, `两` -> number; null when not a number up to 99. */
export function parseSmallNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const tens = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/u.exec(text);
  if (tens) return (tens[1] ? CN_DIGITS[tens[1]]! : 1) * 10 + (tens[2] ? CN_DIGITS[tens[2]]! : 0);
  return Object.hasOwn(CN_DIGITS, text) ? CN_DIGITS[text]! : null;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** `YYYY-MM-DD` of year/month/day when that day exists, else null. */
function ymd(y: number, m: number, d: number): string | null {
  const s = `${y}-${pad(m)}-${pad(d)}`;
  return isIsoDate(s) ? s : null;
}

/** Days ahead within which a month/day without a year is read as this year's (a slip of the pen, refused as future). */
const NEAR_FUTURE_DAYS = 60;

/**
 * The latest existing month/day on or before `today` (this year, else last year), or null. A
 * month/day up to {@link NEAR_FUTURE_DAYS} days ahead is this year's (`12月8日` said on 12月7日 is
 * tomorrow, refused as future by the caller), never silently a year ago.
 */
function latestMonthDay(today: string, month: number, day: number): string | null {
  const year = Number(today.slice(0, 4));
  const thisYear = ymd(year, month, day);
  if (thisYear && (thisYear <= today || dayNumberOf(thisYear) - dayNumberOf(today) <= NEAR_FUTURE_DAYS)) return thisYear;
  return ymd(year - 1, month, day);
}

/** Monday-first weekday (Monday 1 .. Sunday 7) of day number `n`. */
const isoWeekday = (n: number) => ((new Date(n * 86_400_000).getUTCDay() + 6) % 7) + 1;

type Rule = { re: RegExp; needsSep: boolean; resolve(m: RegExpExecArray, todayN: number, today: string): string | null };

/** Relative and numeric rules, tried before chrono. `null` from resolve: a date-shaped phrase naming no day. */
const RULES: Rule[] = [
  { re: /^(大前天|大后天|今天|今日|昨天|昨日|前天|明天|明日|后天)/u, needsSep: true, resolve: (m, n) => dateOfDayNumber(n + DAY_WORDS[m[1]!]!) },
  {
    re: new RegExp(`^(${NUM})(?:个)?(天|日|周|星期|礼拜)(?:以前|之前|前)`, "u"),
    needsSep: true,
    resolve: (m, n) => {
      const k = parseSmallNumber(m[1]!);
      return k === null ? null : dateOfDayNumber(n - k * (m[2] === "天" || m[2] === "日" ? 1 : 7));
    },
  },
  {
    re: /^(上上|上|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])/u,
    needsSep: true,
    resolve: (m, n) => {
      const target = WEEKDAY[m[2]!]!;
      const weekday = isoWeekday(n);
      if (!m[1]) return dateOfDayNumber(n - ((weekday - target + 7) % 7));
      const back = m[1] === "上上" ? 14 : m[1] === "上" ? 7 : 0;
      return dateOfDayNumber(n - (weekday - 1) - back + (target - 1));
    },
  },
  {
    re: new RegExp(`^(上个?月|本月|这个?月)(${NUM})[号日]`, "u"),
    needsSep: false,
    resolve: (m, _n, today) => {
      const d = parseSmallNumber(m[2]!);
      let [y, mo] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
      if (m[1]!.startsWith("上")) [y, mo] = mo === 1 ? [y - 1, 12] : [y, mo - 1];
      return d === null ? null : ymd(y, mo, d);
    },
  },
  { re: /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?![\d/.])/u, needsSep: false, resolve: (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3])) },
  { re: /^(\d{1,2})\/(\d{1,2})(?![\d/])/u, needsSep: false, resolve: (m, _n, today) => latestMonthDay(today, Number(m[1]), Number(m[2])) },
];

/** Shapes chrono does not read when the day does not exist, reported as invalid. */
const INVALID_SHAPE = new RegExp(`^(?:\\d{4}年)?${NUM}月${NUM}[日号]|^\\d{4}-\\d{1,2}-\\d{1,2}`, "u");
/** A bare day of the month (`28号`): the latest such day, this month or the month before. */
const BARE_DAY = new RegExp(`^(${NUM})[号日]`, "u");

function result(original: string, length: number, date: string | null, today: string): LeadingDate {
  const phrase = original.slice(0, length);
  const rest = original.slice(length).replace(SEP, "").trim();
  if (date === null) return { kind: "invalid", phrase, rest };
  return { kind: "date", date, future: date > today, phrase, rest };
}

const separated = (text: string, at: number) => at === text.length || SEP.test(text.slice(at));

/** A calendar date chrono reads at the start of `folded` (month and day known), as [length, date]. */
function chronoDate(folded: string, now: Date, today: string): [number, string | null] | null {
  const [r] = chrono.zh.hans.parse(folded, { instant: now, timezone: 480 });
  if (!r || r.index !== 0 || !r.start.isCertain("month") || !r.start.isCertain("day")) return null;
  if (!/月|^\d{4}-/u.test(r.text)) return null; // relative phrases are RULES' business
  const month = r.start.get("month")!;
  const day = r.start.get("day")!;
  const date = r.start.isCertain("year") ? ymd(r.start.get("year")!, month, day) : latestMonthDay(today, month, day);
  return [r.text.trimEnd().length, date];
}

/**
 * The date phrase at the start of `text` (leading spaces ignored) as seen at instant `now`, and
 * the text after it (separators `，、：；` and spaces dropped). Relative phrases (`昨天`, `三天前`,
 * `上周五`, `周一`) and a bare `28号` count only when followed by a separator or the end, so
 * `昨天考试没考好` is content, not a date; calendar dates may be glued (`12月28日谈了学习`).
 * Weeks are Monday-first: `上周五` said on Sunday 2027-01-03 is 2026-12-25; a bare `周一` is the
 * latest Monday, today included. Returns null when the text does not start with a date.
 */
export function parseLeadingDate(text: string, now: Date): LeadingDate | null {
  const original = text.trim();
  const folded = foldDigits(original);
  const today = shanghaiDateOf(now);
  const todayN = dayNumberOf(today);
  for (const rule of RULES) {
    const m = rule.re.exec(folded);
    if (!m || (rule.needsSep && !separated(folded, m[0].length))) continue;
    return result(original, m[0].length, rule.resolve(m, todayN, today), today);
  }
  const viaChrono = chronoDate(folded, now, today);
  if (viaChrono) return result(original, viaChrono[0], viaChrono[1], today);
  const bad = INVALID_SHAPE.exec(folded);
  if (bad) return result(original, bad[0].length, null, today);
  const bare = BARE_DAY.exec(folded);
  if (bare && separated(folded, bare[0].length)) {
    const d = parseSmallNumber(bare[1]!);
    const [y, mo] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const thisMonth = d === null ? null : ymd(y, mo, d);
    const date = thisMonth && thisMonth <= today ? thisMonth : d === null ? null : mo === 1 ? ymd(y - 1, 12, d) : ymd(y, mo - 1, d);
    return result(original, bare[0].length, date, today);
  }
  return null;
}
