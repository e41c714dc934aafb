/**
 * Opening hours of a reunion video room (亲情视频室, issue #5 point 1): the Chinese spec people
 * type (`周一至周五 16:30-19:30，周六 09:00-17:00`) <-> the JSON kept in ReunionRoom.openingHours
 * (`{"1":[["16:30","19:30"]],...,"6":[["09:00","17:00"]]}`: ISO weekday "1" = Monday ... "7" =
 * Sunday -> `HH:mm` ranges, Asia/Shanghai wall clock). Pure functions, no I/O.
 */

/** ISO weekday (1 = Monday ... 7 = Sunday) -> sorted `[start, end)` ranges as `HH:mm`; days without ranges are absent. */
export type OpeningHours = Partial<Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", [string, string][]>>;

/**
 * Why a spec was refused (messages/reunions.ts hoursProblemText says it in Chinese):
 * EMPTY nothing given; UNKNOWN a word that is neither a day nor a time range (`text`);
 * NO_DAY a time range before any day; NO_TIME a day group without a time range (`text`);
 * BAD_TIME a time outside 00:00-24:00 (`text`); END_NOT_AFTER_START (`text`, `day`);
 * OVERLAP two ranges of one day overlap (`day`, `text`: both ranges).
 */
export type HoursProblem = { code: "EMPTY" | "NO_DAY" } | { code: "UNKNOWN" | "NO_TIME" | "BAD_TIME"; text: string } | { code: "END_NOT_AFTER_START" | "OVERLAP"; text: string; day: number };

export type HoursParse = { ok: true; hours: OpeningHours } | { ok: false; problem: HoursProblem };

const DAY_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7 };
const DAY_NAMES = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"] as const;
const DASH = "[-–—~至到]";
/** One token: a time range, a single day, a day group word, or a connector between days. */
const TOKEN = new RegExp(
  `(?<range>(?<h1>\\d{1,2})[:.](?<m1>\\d{2})\\s*${DASH}\\s*(?<h2>\\d{1,2})[:.](?<m2>\\d{2}))` +
    `|(?:周|星期|礼拜)(?<day>[一二三四五六日天1-7])|(?<group>工作日|每天|每日|周末|全周)` +
    `|(?<to>${DASH})|(?<sep>[,;、和与及/]|\\s)+`,
  "uy",
);
const GROUPS: Record<string, number[]> = { 工作日: [1, 2, 3, 4, 5], 每天: [1, 2, 3, 4, 5, 6, 7], 每日: [1, 2, 3, 4, 5, 6, 7], 全周: [1, 2, 3, 4, 5, 6, 7], 周末: [6, 7] };

/** Minutes since midnight of `HH:mm` (00:00-24:00), or null. */
export function minutesOf(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** `HH:mm` of minutes since midnight (0-1440). */
export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * Parses a spec such as `周一至周五 16:30-19:30，周六 09:00-17:00` (also 周一到周五, 星期六, 工作日,
 * 每天, 周末, 周一、周三, several ranges per day `周六 09:00-12:00 14:00-17:00`, full-width digits,
 * colons and dashes, `16:30–19:30`). A day group applies to the ranges after it until the next
 * group; a day named twice gets the ranges of both. Validated: every time 00:00-24:00, end after
 * start (no range over midnight), no overlapping ranges in one day (touching ranges are allowed).
 */
export function parseOpeningHours(spec: string): HoursParse {
  const text = spec.normalize("NFKC").replace(/[\u2005\u200b]/gu, " ").trim();
  if (!text) return { ok: false, problem: { code: "EMPTY" } };
  const byDay = new Map<number, [number, number, string][]>();
  let days: number[] = [];
  let groupHasTime = true;
  let rangeFrom: number | null = null;
  let groupText = "";
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m?.groups) return { ok: false, problem: { code: "UNKNOWN", text: text.slice(at).split(/[\s,;]/u)[0]! } };
    const g = m.groups;
    if (g.sep) continue;
    if (g.to) {
      if (rangeFrom !== null || groupHasTime) return { ok: false, problem: { code: "UNKNOWN", text: g.to } };
      rangeFrom = days.at(-1)!;
      groupText += g.to;
      continue;
    }
    if (g.range) {
      if (days.length === 0) return { ok: false, problem: { code: "NO_DAY" } };
      const start = minutesOf(`${g.h1}:${g.m1}`);
      const end = minutesOf(`${g.h2}:${g.m2}`);
      if (start === null || end === null) return { ok: false, problem: { code: "BAD_TIME", text: g.range } };
      const label = `${hhmmOf(start)}-${hhmmOf(end)}`;
      if (end <= start) return { ok: false, problem: { code: "END_NOT_AFTER_START", text: label, day: days[0]! } };
      for (const d of days) byDay.set(d, [...(byDay.get(d) ?? []), [start, end, label]]);
      groupHasTime = true;
      continue;
    }
    const named = g.day ? [DAY_DIGIT[g.day]!] : GROUPS[g.group!]!;
    if (groupHasTime) {
      days = [];
      groupText = "";
    }
    groupText += m[0];
    if (rangeFrom !== null) {
      const to = named[0]!;
      if (to <= rangeFrom) return { ok: false, problem: { code: "UNKNOWN", text: groupText } };
      for (let d = rangeFrom + 1; d <= to; d++) days.push(d);
      rangeFrom = null;
    } else days.push(...named);
    groupHasTime = false;
  }
  if (!groupHasTime || rangeFrom !== null) return { ok: false, problem: { code: "NO_TIME", text: groupText } };
  const hours: OpeningHours = {};
  for (const [day, ranges] of [...byDay.entries()].sort((a, b) => a[0] - b[0])) {
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]![0] < ranges[i - 1]![1]) return { ok: false, problem: { code: "OVERLAP", day, text: `${ranges[i - 1]![2]}、${ranges[i]![2]}` } };
    }
    hours[String(day) as keyof OpeningHours] = ranges.map(([s, e]) => [hhmmOf(s), hhmmOf(e)]);
  }
  return { ok: true, hours };
}

/** Day groups with the same ranges: `周一至周五`, `周一、周三`, `每天`. */
function dayGroupLabel(days: number[]): string {
  if (days.length === 7) return "每天";
  const runs: number[][] = [];
  for (const d of days) {
    const run = runs.at(-1);
    if (run && run.at(-1) === d - 1) run.push(d);
    else runs.push([d]);
  }
  return runs.map((r) => (r.length >= 3 ? `${DAY_NAMES[r[0]!]}至${DAY_NAMES[r.at(-1)!]}` : r.map((d) => DAY_NAMES[d]).join("、"))).join("、");
}

/**
 * The spec of `hours` as people read it, the inverse of parseOpeningHours:
 * `周一至周五 16:30-19:30，周六 09:00-17:00`; `未设置开放时间` when no day has a range.
 */
export function formatOpeningHours(hours: OpeningHours): string {
  const groups: { key: string; days: number[] }[] = [];
  for (let d = 1; d <= 7; d++) {
    const ranges = hours[String(d) as keyof OpeningHours];
    if (!ranges?.length) continue;
    const key = ranges.map(([s, e]) => `${s}-${e}`).join(" ");
    const group = groups.find((g) => g.key === key);
    if (group) group.days.push(d);
    else groups.push({ key, days: [d] });
  }
  if (groups.length === 0) return "未设置开放时间";
  return groups.map((g) => `${dayGroupLabel(g.days)} ${g.key}`).join("，");
}

/**
 * Reads ReunionRoom.openingHours JSON. Throws Error when it is not an object of ISO weekday
 * keys "1".."7" -> `[["HH:mm","HH:mm"], ...]` (a corrupt row should fail loudly, not book).
 */
export function readOpeningHours(json: string): OpeningHours {
  const value: unknown = JSON.parse(json);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("openingHours: not an object");
  const hours: OpeningHours = {};
  for (const [key, ranges] of Object.entries(value)) {
    if (!/^[1-7]$/.test(key) || !Array.isArray(ranges)) throw new Error(`openingHours: bad day ${key}`);
    for (const r of ranges) {
      if (!Array.isArray(r) || r.length !== 2 || minutesOf(String(r[0])) === null || minutesOf(String(r[1])) === null) throw new Error(`openingHours: bad range on day ${key}`);
    }
    hours[key as keyof OpeningHours] = ranges as [string, string][];
  }
  return hours;
}
