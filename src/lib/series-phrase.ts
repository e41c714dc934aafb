/**
 * The recurrence of a reunion video series (issue #5 point 8) after the child's name:
 * `每周日 19:00 [每两周|隔周] [到 1月31日 | 共 8 次] [<分钟>] [<视频室>] [老师 <姓名>]`, also
 * `每周六下午3点`, `每星期天晚上7点`, `每两周周日 19:00`, `隔周周六 15:00`, `周日 19:00 每周`.
 * Pure: `ref` (the message's sent time) is an argument. Days and clock times are Asia/Shanghai.
 *
 * The weekday and the time of day are read by lib/session-time.ts parseSessionTime on the
 * phrase without its recurrence word (`周日 19:00`), so both follow the single-booking rules
 * (`晚上12点` is midnight, `25:00` is invalid, a bare `7点` is ambiguous). The end date `到 <日期>`
 * is a parseSessionTime day too (a month-day without year already past is next year's: `到 1月31日`
 * in December is next January).
 */
import { parseMinutes, parseSessionTime } from "./session-time.ts";
import { parseSmallNumber } from "./past-date.ts";
import { foldWidth } from "./text.ts";

/** A readable series request. */
export interface SeriesPhrase {
  /** Weeks between sessions: 1 (每周) or 2 (每两周, 隔周, 双周). */
  interval: 1 | 2;
  /**
   * The first reading(s) of the weekday and time: the nearest such weekday at that time, today
   * included and possibly past (the caller moves it forward by whole weeks). One instant, or the
   * AM and PM readings of a bare hour (`每周日 7点`), earliest first, for the caller to choose.
   */
  starts: Date[];
  /** True when `starts` holds the two readings of a bare hour. */
  bare: boolean;
  /** `到 <日期>`: the last day (Asia/Shanghai `YYYY-MM-DD`) a session may fall on, or null. */
  until: string | null;
  /** `共 N 次` / `N次`: how many dates of the pattern (skipped holidays included), or null. */
  count: number | null;
  /** Length in minutes as written (range check is the caller's), or null. */
  minutes: number | null;
  roomName: string | null;
  teacherName: string | null;
  /** The recurrence as written, for read-backs: `每周日 19:00`. */
  phrase: string;
}

/**
 * Why a series text cannot be read: BAD_WEEKDAY (`每周八`, `每周` without a day), NO_TIME (a day
 * without a clock time), BAD_TIME (`每周日 25:00`), BAD_UNTIL (`到` without a real date), BAD_COUNT
 * (`共 0 次`), BOTH_ENDS (both `到` and `共`), EXTRA_WORD (`word` not understood; a second room).
 */
export type SeriesProblem = { problem: "BAD_WEEKDAY" | "NO_TIME" | "BAD_TIME" | "BAD_UNTIL" | "BAD_COUNT" | "BOTH_ENDS" } | { problem: "EXTRA_WORD"; word: string };

const UNIT = "(?:周|星期|礼拜)";
/** Every two weeks, as a leading head or a word of its own. */
const BIWEEKLY = new RegExp(`^(?:每隔一|每两|每二|每2|隔|双)个?${UNIT}的?`, "u");
const WEEKLY = new RegExp(`^每个?(?=${UNIT})`, "u");
const WEEKDAY_AHEAD = new RegExp(`^${UNIT}[一二三四五六日天1-7]`, "u");
/** A recurrence word anywhere (as its own word after the time: `周日 19:00 每两周`). */
const ANYWHERE = new RegExp(`(?:^|\\s)(?:(?:每隔一|每两|每二|每2|隔|双)个?${UNIT}|每个?${UNIT})(?:\\s|$)`, "u");
const WEEKLY_WORD = new RegExp(`^每个?${UNIT}$`, "u");
const BIWEEKLY_WORD = new RegExp(`^(?:每隔一|每两|每二|每2|隔|双)个?${UNIT}$`, "u");
const UNTIL = /^(?:到|至|截止到?|截至)(.+?)(?:为止)?$/u;
const COUNT = /^(?:一?共)?([0-9]{1,3}|[一二两三四五六七八九十]{1,3})次$/u;
const TEACHER = /(?:^|\s)老师\s*(\S+)\s*$/u;
/** Largest count read (a domain rule caps the series lower). */
const MAX_COUNT = 999;

/** True when `text` (after the child's name) asks for a recurring series: starts with 每周/每两周/隔周/双周 or holds one as a word. */
export function isSeriesText(text: string): boolean {
  const t = foldWidth(text);
  return BIWEEKLY.test(t) || WEEKLY.test(t) || ANYWHERE.test(t);
}

/**
 * Reads a series request (`text` after the child's name) against `ref`. Null when the text is
 * not a series ({@link isSeriesText} false); else the phrase or the problem.
 */
export function parseSeriesPhrase(text: string, ref: Date): SeriesPhrase | SeriesProblem | null {
  const t = foldWidth(text);
  if (!isSeriesText(t)) return null;
  let interval: 1 | 2 = 1;
  let body = t;
  const two = BIWEEKLY.exec(t);
  if (two) {
    interval = 2;
    body = t.slice(two[0].length).trimStart();
    body = body.replace(/^每(?=周|星期|礼拜)/u, "");
  } else if (WEEKLY.test(t)) {
    body = t.replace(WEEKLY, "");
    // `每周 周日 19:00`: the unit alone, then the day.
    if (!WEEKDAY_AHEAD.test(body)) body = body.replace(new RegExp(`^${UNIT}\\s*`, "u"), "");
  }
  if (!WEEKDAY_AHEAD.test(body)) return { problem: "BAD_WEEKDAY" };
  const time = parseSessionTime(body, ref, { allowPast: true });
  if (!time) return { problem: "BAD_WEEKDAY" };
  if (time.kind === "invalid") return { problem: time.reason === "no-such-date" ? "BAD_WEEKDAY" : "BAD_TIME" };
  if (time.kind === "date-only") return { problem: "NO_TIME" };
  const starts = time.kind === "bare-hour" ? time.candidates : [time.start];
  const out: SeriesPhrase = { interval, starts, bare: time.kind === "bare-hour", until: null, count: null, minutes: null, roomName: null, teacherName: null, phrase: "" };
  const problem = readTail(time.rest, ref, out);
  out.phrase = `${out.interval === 2 ? "每两周" : "每"}${time.phrase}`;
  return problem ?? out;
}

/** Reads the words after the time into `out`; the problem, or null when all are understood. */
function readTail(rest: string, ref: Date, out: SeriesPhrase): SeriesProblem | null {
  let text = rest;
  const teacher = TEACHER.exec(text);
  if (teacher) {
    out.teacherName = teacher[1]!;
    text = text.slice(0, teacher.index);
  }
  text = text.replace(/(到|至|截止到?|截至)\s+/gu, "$1").replace(/(共)\s+/gu, "$1").replace(/(\S)\s+次(?=\s|$)/gu, "$1次");
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    if (BIWEEKLY_WORD.test(word)) out.interval = 2;
    else if (WEEKLY_WORD.test(word)) continue;
    else if (UNTIL.test(word)) {
      const d = parseSessionTime(UNTIL.exec(word)![1]!, ref, { allowPast: true });
      if (!d || d.kind !== "date-only" || d.rest !== "") return { problem: "BAD_UNTIL" };
      out.until = d.date;
    } else if (COUNT.test(word)) {
      const raw = COUNT.exec(word)![1]!;
      const n = /^\d/.test(raw) ? Number(raw) : parseSmallNumber(raw);
      if (n === null || n < 1 || n > MAX_COUNT) return { problem: "BAD_COUNT" };
      out.count = n;
    } else if (out.minutes === null && parseMinutes(word) !== null) out.minutes = parseMinutes(word);
    else if (out.roomName === null) out.roomName = word;
    else return { problem: "EXTRA_WORD", word };
  }
  return out.until !== null && out.count !== null ? { problem: "BOTH_ENDS" } : null;
}
