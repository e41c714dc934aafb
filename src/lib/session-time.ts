/**
 * The start time of a reunion video session in everyday Chinese (issue #5 point 2):
 * `预约 张小明 明天晚上7点 45分钟 一号视频室`. All days and clock times are Asia/Shanghai (UTC+8,
 * no daylight saving), whatever the process TZ; instants are `Date`s. Pure: `ref` (the message's
 * sent time) is an argument.
 *
 * A phrase is a day part (session-time-day.ts: `明天`, `周六`, `下周五`, `12月5日`, `2027年1月3日`,
 * `下个月5号`; calendar dates read by chrono-node's Chinese parser) and/or a clock part
 * (session-time-clock.ts: `晚上7点`, `三点半`, `七点一刻`, `19:30`). Ambiguous times are not
 * guessed: a bare hour without 上午/下午 is returned as `bare-hour` for the caller to confirm, a
 * day without a time as `date-only`.
 */
import { readDayPart } from "./session-time-day.ts";
import { readClockPart, wallTime } from "./session-time-clock.ts";
import { dayNumberOf, shanghaiDateOf } from "./work-calendar.ts";

export { parseMinutes } from "./session-time-clock.ts";

/** What {@link parseSessionTime} found at the start of a text. `rest`: the text after the phrase. */
export type SessionTime =
  /** A definite start instant after `ref`. */
  | { kind: "ok"; start: Date; phrase: string; rest: string }
  /**
   * An hour 1..12 without 上午/下午 (`三点半`, `明天3点`, `12月5日 7:00`): `hour`/`minute` as said,
   * `date` the day named (Asia/Shanghai `YYYY-MM-DD`) or null, `candidates` the AM and PM readings
   * after `ref`, earliest first (on `date` when named, else from {@link nextOccurrences}).
   */
  | { kind: "bare-hour"; hour: number; minute: number; date: string | null; candidates: Date[]; phrase: string; rest: string }
  /** A day without a clock time (`明天`, `12月5日`, `周六下午`): ask for the time. `period`: 下午 etc. if said. */
  | { kind: "date-only"; date: string; period?: string; phrase: string; rest: string }
  /** Date- or time-shaped but naming nothing real (`2月30日`, `13月1日`, `25:00`, `24:30`, `上午15点`). */
  | { kind: "invalid"; phrase: string; reason: "no-such-date" | "no-such-time"; rest: string }
  /** The time (or the whole day, for a day alone) is not after `ref`. `start`: that instant (or the day's 00:00). */
  | { kind: "past"; start: Date; phrase: string; rest: string };

/** Options of {@link parseSessionTime}. */
export interface SessionTimeOptions {
  /** Return past times as `ok`/`date-only` instead of `past` (for lists and records). Default false. */
  allowPast?: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** Separators dropped between the parts and before `rest`. */
const SEP = /^[\s,，、;；。]+/u;

/** The instant of Asia/Shanghai wall time `date` (`YYYY-MM-DD`) + `hour`:`minute`, plus `dayOffset` days. */
export function shanghaiInstant(date: string, hour: number, minute: number, dayOffset = 0): Date {
  return new Date((dayNumberOf(date) + dayOffset) * DAY_MS + hour * HOUR_MS + minute * 60_000 - SHANGHAI_OFFSET_MS);
}

/** The first instant strictly after `ref` at Asia/Shanghai wall time `hour24`:`minute`. */
function nextAt(hour24: number, minute: number, ref: Date): Date {
  const today = shanghaiDateOf(ref);
  const at = shanghaiInstant(today, hour24, minute);
  return at.getTime() > ref.getTime() ? at : shanghaiInstant(today, hour24, minute, 1);
}

/**
 * The next AM and PM instants after `ref` (strictly) for a bare hour said on a 12-hour clock:
 * `hour` 1..12, `minute` 0..59, Asia/Shanghai. 12 AM is midnight (00:mm), 12 PM noon (12:mm).
 * The caller keeps the one inside opening hours and asks to confirm. RangeError on other values.
 */
export function nextOccurrences(hour: number, minute: number, ref: Date): { am: Date; pm: Date } {
  if (!Number.isInteger(hour) || hour < 1 || hour > 12 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`bare hour must be 1..12:00..59, got ${hour}:${minute}`);
  }
  return { am: nextAt(hour % 12, minute, ref), pm: nextAt((hour % 12) + 12, minute, ref) };
}

/** Full-width digits, `：` and U+3000 to ASCII, one character for one (indices kept). */
function fold(text: string): string {
  return text.replace(/[０-９：\u3000]/gu, (c) => (c === "\u3000" ? " " : c === "：" ? ":" : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const skipSep = (folded: string, at: number) => at + (SEP.exec(folded.slice(at))?.[0].length ?? 0);

/**
 * Reads the session time at the start of `text` (leading spaces ignored) against `ref`, the
 * message's sent time; returns null when the text does not start with a time phrase. Rules
 * (issue #5 point 2), all on Asia/Shanghai days and Monday-first weeks:
 * - `周六` is the nearest Saturday, today included; `本周六`/`这周六` this week's (past on a Sunday);
 *   `下周五` next week's (on Sunday 2026-12-06: 2026-12-11).
 * - A month-day without year already past this year is next year's (`1月3日` in December: January).
 * - `下午`/`晚上` add 12 h; 12 o'clock at night (`晚上12点`, `半夜12点`, `夜里十二点`, `凌晨0点`,
 *   `24:00`) is 00:00 after the named day, never noon; `中午12点` is noon.
 * - A clock time with no day is today's (`19点`, `下午3:30`; `0点` alone: the coming midnight).
 * - Relative days and weekdays (`明天`, `周六`, `5号`) count only when followed by a time, a
 *   separator or the end (`明天有空吗` is not a time phrase).
 */
export function parseSessionTime(text: string, ref: Date, opts: SessionTimeOptions = {}): SessionTime | null {
  const original = text.trim();
  const folded = fold(original);
  const today = shanghaiDateOf(ref);
  const day = readDayPart(folded, today, ref);
  const clockAt = day ? skipSep(folded, day.length) : 0;
  const clock = readClockPart(folded.slice(clockAt));
  const end = clock ? clockAt + clock.length : (day?.length ?? 0);
  if (!day && (!clock || clock.hour === undefined)) return null;
  if (day?.needsFollow && !clock && end < folded.length && !SEP.test(folded.slice(end))) return null;
  const phrase = original.slice(0, end);
  const rest = original.slice(skipSep(folded, end)).trim();
  const past = (start: Date): SessionTime => ({ kind: "past", start, phrase, rest });
  if (day && day.date === null) return { kind: "invalid", phrase, reason: "no-such-date", rest };
  const period = clock?.period ?? day?.period;
  if (clock?.hour === undefined) {
    const date = day!.date!;
    if (date < today && !opts.allowPast) return past(shanghaiInstant(date, 0, 0));
    return period ? { kind: "date-only", date, period, phrase, rest } : { kind: "date-only", date, phrase, rest };
  }
  const minute = clock.minute!;
  const wall = wallTime(period, clock.hour, minute);
  if (!wall) return { kind: "invalid", phrase, reason: "no-such-time", rest };
  const date = day?.date ?? null;
  if (period === undefined && !clock.unambiguous) {
    const hour = clock.hour;
    const candidates = date === null ? Object.values(nextOccurrences(hour, minute, ref)) : onDate(date, hour, minute);
    const ahead = candidates.filter((c) => opts.allowPast || c.getTime() > ref.getTime()).sort((a, b) => a.getTime() - b.getTime());
    if (ahead.length === 0) return past(candidates[candidates.length - 1]!);
    return { kind: "bare-hour", hour, minute, date, candidates: ahead, phrase, rest };
  }
  const midnightAlone = date === null && period === undefined && wall.hour === 0;
  const start = shanghaiInstant(date ?? today, wall.hour, minute, midnightAlone ? 1 : wall.dayOffset);
  if (start.getTime() <= ref.getTime() && !opts.allowPast) return past(start);
  return { kind: "ok", start, phrase, rest };
}

/** The AM and PM readings of bare `hour` (1..12) on `date`; 12 AM there is the midnight ending it. */
function onDate(date: string, hour: number, minute: number): Date[] {
  const am = hour === 12 ? shanghaiInstant(date, 0, minute, 1) : shanghaiInstant(date, hour, minute);
  return [am, shanghaiInstant(date, (hour % 12) + 12, minute)].sort((a, b) => a.getTime() - b.getTime());
}

