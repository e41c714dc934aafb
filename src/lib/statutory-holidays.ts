/**
 * The statutory public holidays (法定节假日) of 《全国年节及纪念日放假办法》 as revised in 2024
 * (in force from 2025): the days off every year has, whatever the State Council's 调休
 * arrangement. lib/work-calendar.ts uses them for years with neither chinese-days data nor a
 * HOLIDAYS_FILE entry, so such a year still has 元旦, 春节 and the others off.
 *
 * Lunar dates and the 清明 solar term come from chinese-days. Both of its functions read and write
 * dates in the process's local time; the calls below are arranged so the answer is the same in
 * every process TZ (a test checks UTC and Asia/Shanghai; America/New_York checked by hand).
 */
import chineseDays from "chinese-days";

/** The first year the 2024 revision applies to. */
export const STATUTORY_FIRST_YEAR = 2025;
/** The last year chinese-days' lunar tables cover. */
export const STATUTORY_LAST_YEAR = 2100;

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * The Gregorian date (`YYYY-MM-DD`) of lunar `month`/`day` (not the leap month) of lunar year
 * `year`. chinese-days reads the lunar date's fields in local time and builds the answer in local
 * time, so a local-time `Date` gives the right day in every TZ (a `YYYY-MM-DD` string does not:
 * it is parsed as UTC).
 */
function solarOfLunar(year: number, month: number, day: number): string {
  return chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/**
 * chinese-days' getSolarTermDate builds its answer at UTC midnight and formats it in local time,
 * which west of UTC is the day before. 清明 2025 was on April 4: the shift seen on that known day
 * is undone on every other (0 east of UTC, and 0 everywhere once the library formats in UTC).
 */
const TERM_SHIFT_DAYS = (utcMs("2025-04-04") - utcMs(chineseDays.getSolarTermDate(2025, 4, "pure_brightness"))) / DAY_MS;

/** The date of 清明 (the pure_brightness solar term) in `year`. */
function qingming(year: number): string {
  return iso(utcMs(chineseDays.getSolarTermDate(year, 4, "pure_brightness")) + TERM_SHIFT_DAYS * DAY_MS);
}

const memo = new Map<number, ReadonlyMap<string, string>>();

/**
 * The statutory days off of Gregorian `year`, date (`YYYY-MM-DD`, Asia/Shanghai) -> festival name:
 * 元旦 1月1日; 春节 除夕 to 正月初三 (4 days); 清明节; 劳动节 5月1日–2日; 端午节 五月初五; 中秋节
 * 八月十五; 国庆节 10月1日–3日. Two festivals on one day give `中秋节、国庆节`. Empty outside
 * {@link STATUTORY_FIRST_YEAR}–{@link STATUTORY_LAST_YEAR}. No 调休 and no bridging days: only the
 * State Council's yearly notice fixes those.
 */
export function statutoryHolidays(year: number): ReadonlyMap<string, string> {
  const hit = memo.get(year);
  if (hit) return hit;
  const days = new Map<string, string>();
  if (Number.isInteger(year) && year >= STATUTORY_FIRST_YEAR && year <= STATUTORY_LAST_YEAR) {
    const add = (date: string, name: string) => days.set(date, days.has(date) ? `${days.get(date)}、${name}` : name);
    const y = String(year);
    add(`${y}-01-01`, "元旦");
    const newYear = utcMs(solarOfLunar(year, 1, 1));
    for (let i = -1; i <= 2; i++) add(iso(newYear + i * DAY_MS), "春节");
    add(qingming(year), "清明节");
    add(`${y}-05-01`, "劳动节");
    add(`${y}-05-02`, "劳动节");
    add(solarOfLunar(year, 5, 5), "端午节");
    add(solarOfLunar(year, 8, 15), "中秋节");
    for (const d of ["10-01", "10-02", "10-03"]) add(`${y}-${d}`, "国庆节");
  }
  memo.set(year, days);
  return days;
}
