import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";
import updateLocale from "dayjs/plugin/updateLocale.js";
import "dayjs/locale/zh-cn.js";

/** The school's zone: every date a person reads, and every calendar rule, uses it. */
export const SCHOOL_TZ = "Asia/Shanghai";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(updateLocale);
dayjs.locale("zh-cn");
dayjs.updateLocale("zh-cn", { weekStart: 1 }); // Monday-first weeks, as Chinese school calendars
dayjs.tz.setDefault(SCHOOL_TZ);

export { dayjs };

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** `at` in Asia/Shanghai as `2026年12月5日（周六）19:00`. */
export function formatDateTimeZh(at: Date): string {
  const d = dayjs(at).tz(SCHOOL_TZ);
  return `${d.year()}年${d.month() + 1}月${d.date()}日（${WEEKDAYS[d.day()]}）${d.format("HH:mm")}`;
}

/** `at`'s date in Asia/Shanghai as `2026年12月5日（周六）`. */
export function formatDateZh(at: Date): string {
  const d = dayjs(at).tz(SCHOOL_TZ);
  return `${d.year()}年${d.month() + 1}月${d.date()}日（${WEEKDAYS[d.day()]}）`;
}

/** `at` in Asia/Shanghai as `12月5日 19:00` (no year, for recent times). */
export function formatShortZh(at: Date): string {
  const d = dayjs(at).tz(SCHOOL_TZ);
  return `${d.month() + 1}月${d.date()}日 ${d.format("HH:mm")}`;
}

/** `at` in Asia/Shanghai as `12月5日（周六）19:00` (no year, with the weekday). */
export function formatShortWeekdayZh(at: Date): string {
  const d = dayjs(at).tz(SCHOOL_TZ);
  return `${d.month() + 1}月${d.date()}日（${WEEKDAYS[d.day()]}）${d.format("HH:mm")}`;
}

/** `at` in Asia/Shanghai as ISO-8601 with offset, `2026-12-05T19:00:00+08:00`. */
export function formatIsoShanghai(at: Date): string {
  return dayjs(at).tz(SCHOOL_TZ).format("YYYY-MM-DDTHH:mm:ssZ");
}

/** `at` in Asia/Shanghai as `2026-12-05`. */
export function formatDateShanghai(at: Date): string {
  return dayjs(at).tz(SCHOOL_TZ).format("YYYY-MM-DD");
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration such as `90s`, `30m`, `2h`, `1h30m`, `3d`, `1w` or ISO-8601 `PT2H30M`
 * into milliseconds. Throws RangeError on anything else (including a bare number).
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^P/i.test(trimmed)) {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(trimmed);
    if (!m || trimmed.toUpperCase() === "P" || trimmed.toUpperCase() === "PT") throw new RangeError(`invalid duration: ${text}`);
    return (Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 1000;
  }
  const re = /(\d+(?:\.\d+)?)\s*(ms|min|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== trimmed.length) throw new RangeError(`invalid duration: ${text}`);
  return Math.round(total);
}
