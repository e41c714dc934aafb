/**
 * The time-of-day part of a booking time phrase (issue #5 point 2), for {@link parseSessionTime}
 * in session-time.ts, and {@link parseMinutes} for a session's length.
 *
 * These are rules, not chrono-node: chrono's Chinese parser reads `七点一刻` as 7:01 and `八点三刻`
 * as 8:03, `晚上12点` and `半夜12点` as noon, `夜里十二点` as just a date, skips `傍晚`, returns
 * nothing for `25:00`/`24:30` (so they cannot be reported as invalid), and glues a following
 * length into the time (`7点 45分钟` as 7:45).
 */
import { parseSmallNumber } from "./past-date.ts";

/** A clock time read from the text, before the day is known. */
export interface ClockPart {
  /** Part-of-day word (`下午`, `晚上`, ...) or undefined. */
  period?: string;
  /** Hour and minute as written (hour 0..24 when valid); undefined for a period word alone. */
  hour?: number;
  minute?: number;
  /** Written as a 24-hour clock (`09:00`, `0点`, `19点`): not an ambiguous bare hour. */
  unambiguous: boolean;
  length: number;
}

const PERIOD = "凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间|夜晚|半夜|深夜|早|晚";
const H = "[0-9零〇一二两三四五六七八九十]{1,3}";
const MIN = "[0-9]{1,2}|[零〇]?[一二三四五六七八九]|[二三四五]?十[一二三四五六七八九]?";
const CLOCK = new RegExp(
  `^(?:(${PERIOD})\\s*)?(?:(\\d{1,2})[:：](\\d{2})(?!\\d)|(${H})[点时](钟|整|半|一刻|三刻|(${MIN})(?!分钟|小时|个|[0-9零〇一二两三四五六七八九十])分?)?)`,
  "u",
);
const PERIOD_ONLY = new RegExp(`^(${PERIOD})`, "u");

function minuteOf(text: string): number | null {
  return parseSmallNumber(text.length === 2 && /^[零〇]/u.test(text) ? text.slice(1) : text);
}

/** The clock time at the start of `folded`, a period word alone, or null. */
export function readClockPart(folded: string): ClockPart | null {
  const m = CLOCK.exec(folded);
  if (!m) {
    const p = PERIOD_ONLY.exec(folded);
    return p ? { period: p[1], unambiguous: false, length: p[0].length } : null;
  }
  const period = m[1];
  if (m[2] !== undefined) {
    const hour = Number(m[2]);
    return { period, hour, minute: Number(m[3]), unambiguous: m[2].length === 2 || hour === 0 || hour > 12, length: m[0].length };
  }
  const hour = parseSmallNumber(m[4]!) ?? -1;
  const tail = m[5];
  const minute = tail === "半" ? 30 : tail === "一刻" ? 15 : tail === "三刻" ? 45 : m[6] !== undefined ? (minuteOf(m[6]) ?? -1) : 0;
  return { period, hour, minute, unambiguous: hour === 0 || hour > 12, length: m[0].length };
}

/** Hour on the 24-hour clock and days after the named day (1: the following midnight or night). */
export interface Wall {
  hour: number;
  dayOffset: number;
}

const MORNING = new Set(["清晨", "早上", "早晨", "早", "上午"]);
const EVENING = new Set(["晚上", "晚间", "夜晚", "晚"]);
const NIGHT = new Set(["夜里", "夜间", "半夜", "深夜"]);

/**
 * The 24-hour wall time of `hour` said with `period`, or null when no such time (`上午15点`,
 * `25:00`, `24:30`, minute 60). The rule: 12 o'clock at night (`晚上12点`, `半夜12点`,
 * `夜里十二点`, `凌晨0点`, `24:00`) is midnight at the END of the named day, never noon; `中午12点`
 * and `下午12点` are noon; `下午`/`晚上` add 12 h; small hours at night (`半夜两点`) are the next day.
 */
export function wallTime(period: string | undefined, hour: number, minute: number): Wall | null {
  if (!Number.isInteger(hour) || minute < 0 || minute > 59 || hour < 0 || hour > 24) return null;
  const midnight = hour === 0 || hour === 24 || hour === 12;
  if (hour === 24) return minute === 0 && (period === undefined || EVENING.has(period) || NIGHT.has(period) || period === "凌晨") ? { hour: 0, dayOffset: 1 } : null;
  const at = (h: number, dayOffset = 0): Wall => ({ hour: h, dayOffset });
  if (period === undefined) return at(hour);
  if (MORNING.has(period)) return hour <= 12 ? at(hour) : null;
  if (period === "凌晨") return midnight ? at(0, 1) : hour <= 6 ? at(hour) : null;
  if (period === "中午") return hour === 11 || hour === 12 || hour === 13 || hour === 14 ? at(hour) : hour <= 2 && hour >= 1 ? at(hour + 12) : null;
  if (period === "下午") return hour === 12 || (hour >= 13 && hour <= 19) ? at(hour) : hour >= 1 && hour <= 7 ? at(hour + 12) : null;
  if (period === "傍晚") return hour >= 16 && hour <= 20 ? at(hour) : hour >= 4 && hour <= 8 ? at(hour + 12) : null;
  const night = NIGHT.has(period);
  if (!night && !EVENING.has(period)) return null;
  if (midnight) return at(0, 1);
  if (hour <= (night ? 5 : 4)) return at(hour, 1);
  if (hour >= 13) return hour >= (night ? 21 : 17) ? at(hour) : null;
  return hour >= (night ? 9 : 5) ? at(hour + 12) : null;
}

/**
 * A session length in minutes from a whole token: `45分钟`, `45分`, `45`, `四十五分钟`, `半小时`,
 * `一小时`, `1个小时`, `一个半小时`, `1.5小时`, `一刻钟`. Null when the text is not a length.
 * Range checks (0, above reunionMaxMin) are the caller's.
 */
export function parseMinutes(text: string): number | null {
  const t = text.trim().replace(/[０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const mins = /^(\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?:分钟|分|min)?$/u.exec(t);
  if (mins) return /^\d/.test(mins[1]!) ? Number(mins[1]) : parseSmallNumber(mins[1]!);
  if (/^半个?小时$/u.test(t)) return 30;
  if (/^一刻钟$/u.test(t)) return 15;
  const hours = /^(\d{1,2}(?:\.5)?|[一二两三四五六七八九十]{1,2})\s*个?(半)?\s*(?:小时|钟头|h)$/u.exec(t);
  if (!hours) return null;
  const n = /^\d/.test(hours[1]!) ? Number(hours[1]) : parseSmallNumber(hours[1]!);
  return n === null ? null : Math.round(n * 60) + (hours[2] ? 30 : 0);
}
