/**
 * Parsing of single roster cells (issue #3): dates, names, class names, ID numbers, yes/no and
 * the coded columns. Pure functions; each parser returns a value or a problem text (Chinese, from
 * messages/roster.ts) for the report's `第R行 [列名] 原因` line.
 */
import type { GuardianRelation, GuardianshipLevel, HealthStatus, LeftBehindType, StudentStatus } from "../../generated/prisma/enums.ts";
import { normalizePhone } from "../../lib/phone.ts";
import { dayjs, SCHOOL_TZ } from "../../lib/time.ts";
import { tidySpaces } from "../../lib/text.ts";
import { ROSTER_PROBLEM } from "../../messages/roster.ts";
import {
  BOOL_BY_WORD,
  DISABILITY_PATTERN,
  GENDER_BY_WORD,
  GUARDIANSHIP_BY_WORD,
  GUARDIANSHIP_WORD,
  HEALTH_WORD,
  HEALTHY_WORDS,
  LEFT_BEHIND_BY_WORD,
  GENDER_WORDS,
  LEFT_BEHIND_WORD,
  NO_WORD,
  RELATION_BY_WORD,
  RELATION_WORD,
  STATUS_BY_WORD,
  STATUS_WORD,
  wordKey,
  YES_WORD,
} from "./labels.ts";

/** A cell as read from a sheet: exceljs gives numbers, dates and booleans; CSV gives strings. */
export type CellValue = string | number | boolean | Date | null;

/** A parsed value, or the reason it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/**
 * The text of a cell: strings with white space tidied (full-width spaces too), integers without
 * exponent, dates as `YYYY-MM-DD` (their calendar date), booleans as 是/否. Empty -> "".
 */
export function cellText(v: CellValue): string {
  if (v === null) return "";
  if (typeof v === "string") return tidySpaces(v);
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v);
  if (typeof v === "boolean") return v ? YES_WORD : NO_WORD;
  return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Dots people put in transliterated names (・ • ‧ ∙ ⋅ ． . ･ ...); all become U+00B7. */
const NAME_DOTS = /\s*[.\u00B7\u0387\u2022\u2027\u2024\u2219\u22C5\u30FB\uFF65\uFF0E\uFE52\u2E31\u318D\u16EB]\s*/gu;
/** A space between two Chinese characters. */
const SPACE_IN_HAN = /(\p{Script=Han}) (?=\p{Script=Han})/gu;

/**
 * Normalises a person's name: trims (full-width spaces too), removes spaces between Chinese
 * characters (`王　芳` as forms align two-character names), unifies the middle dot to U+00B7.
 * Characters are otherwise kept exactly (no NFKC: rare characters of CJK Extension A and beyond,
 * and compatibility ideographs, stay intact); any length is allowed.
 */
export function normalizeName(text: string): string {
  let s = tidySpaces(text).replace(NAME_DOTS, "\u00B7");
  s = s.replace(SPACE_IN_HAN, "$1");
  return s.replace(/^\u00B7+|\u00B7+$/g, "");
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `3`, `三`, `十二`, `12` -> number; else null. */
function smallNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  if (/^[〇零一二两三四五六七八九]$/.test(text)) return CN_DIGITS[text]!;
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return null;
}

/** The grade and class number a class name says (`三年级(1)班`, `3年级1班`, `初一(2)班`), or null. */
export function parseClassName(name: string): { grade: number; number: number } | null {
  const s = name.normalize("NFKC").replace(/[\s()[\]【】]/g, "");
  let m = /^(.{1,3}?)年级(.{1,3}?)班$/.exec(s);
  if (m) {
    const grade = smallNumber(m[1]!);
    const number = smallNumber(m[2]!);
    if (grade !== null && number !== null) return { grade, number };
  }
  m = /^([初高])([一二三])(.{1,3}?)班$/.exec(s);
  if (m) {
    const number = smallNumber(m[3]!);
    if (number !== null) return { grade: (m[1] === "初" ? 6 : 9) + CN_DIGITS[m[2]!]!, number };
  }
  return null;
}

/**
 * The key classes are matched by: `三年级(1)班`, `三年级（1）班`, `三年级1班`, `3年级1班` and
 * `三年级一班` all give `G3C1`; other names are folded (NFKC, no spaces or brackets).
 */
export function classKey(name: string): string {
  const p = parseClassName(name);
  return p ? `G${p.grade}C${p.number}` : name.normalize("NFKC").replace(/[\s()[\]【】]/g, "");
}

/**
 * Asia/Shanghai has been UTC+8 without daylight saving since 1992, so dates from then on are
 * converted by arithmetic: dayjs.tz costs a fraction of a millisecond per call, seconds on a
 * 5,000-row roster. Earlier instants (1986-1991 had summer time) go through dayjs.tz.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1) - SHANGHAI_OFFSET_MS;

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(at: Date): { y: number; m: number; d: number } {
  if (at.getTime() >= FIXED_OFFSET_SINCE) {
    const s = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
    return { y: s.getUTCFullYear(), m: s.getUTCMonth() + 1, d: s.getUTCDate() };
  }
  const l = dayjs(at).tz(SCHOOL_TZ);
  return { y: l.year(), m: l.month() + 1, d: l.date() };
}

/** Asia/Shanghai midnight of a calendar date, or null when the date does not exist. */
function calendarDate(y: number, m: number, d: number): Date | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return null;
  return y >= 1992 ? new Date(Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS) : dayjs.tz(`${y}-${pad(m)}-${pad(d)}`, SCHOOL_TZ).toDate();
}

/** Excel's day count (1900 date system, with its 1900-02-29) -> calendar date. */
function fromExcelSerial(serial: number): Date | null {
  const ms = Math.round((Math.floor(serial) - 25569) * 86_400_000);
  const d = new Date(ms);
  return calendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * A date cell: `2015-06-08`, `2015/6/8`, `2015.6.8`, `2015年6月8日`, `20150608`, year and month
 * only (`2015.06`, `2015-06`, `2015年6月`: the first of the month), an Excel serial number, or an
 * Excel date cell. Excel date cells carry a calendar date (read from their UTC fields, so the
 * server's zone never shifts them). Returns Asia/Shanghai midnight of that date. A number cell
 * such as `2015.1` is refused: Excel drops the 0 of `2015.10`, so the month is unknown.
 * With `notAfter`, a date after that instant's Asia/Shanghai day is refused (birth dates).
 */
export function parseDate(v: CellValue, notAfter?: Date): Parsed<Date> {
  const text = cellText(v);
  let date: Date | null = null;
  if (v instanceof Date) date = calendarDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  else if (typeof v === "number" && /^\d{4}\.1$/.test(String(v))) return bad(ROSTER_PROBLEM.ambiguousMonth(text));
  else {
    const s = text.normalize("NFKC").replace(/\s+/g, "").replace(/(?<=\d)[T ]?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, "");
    let m: RegExpExecArray | null;
    if ((m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s))) date = calendarDate(+m[1]!, +m[2]!, +m[3]!);
    else if ((m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(s))) date = calendarDate(+m[1]!, +m[2]!, 1);
    else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) date = calendarDate(+m[1]!, +m[2]!, +m[3]!);
    else if (/^\d{5}(\.\d+)?$/.test(s) && +s < 80_000) date = fromExcelSerial(+s);
  }
  if (!date) return bad(ROSTER_PROBLEM.badDate(text));
  if (notAfter && formatRosterDate(date) > formatRosterDate(notAfter)) {
    return bad(ROSTER_PROBLEM.futureDate(text));
  }
  return ok(date);
}

/** A date as the roster writes it: `2015-06-08` (Asia/Shanghai). */
export function formatRosterDate(at: Date): string {
  const { y, m, d } = shanghaiDate(at);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A phone cell through lib/phone.ts: mobile `13800001005` or landline `0566-8125908`. */
export function parsePhone(v: CellValue): Parsed<string> {
  const text = cellText(v);
  const r = normalizePhone(text);
  return r.ok ? ok(r.phone) : bad(ROSTER_PROBLEM.phone(text, r.problem));
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** The check character (0-9 or X) of the first 17 digits of an 18-character ID number (GB 11643). */
export function idCheckCharacter(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return ID_CHECK[sum % 11]!;
}

/** The ID number masked to its last 4 characters, same length: `**************123X`. */
export function maskIdNumber(id: string): string {
  return "*".repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}

/**
 * A resident ID number (身份证号): 18 characters with a valid check character (X upper-cased),
 * the old 15 digits, or an already masked form (`**************123X`, as `roster export`
 * writes it). Refuses a number Excel stored as a number (its last digits are lost).
 */
export function parseIdNumber(v: CellValue): Parsed<string> {
  const text = cellText(v);
  if ((typeof v === "number" && !Number.isSafeInteger(v)) || /^\d(\.\d+)?E\+\d+$/i.test(text)) return bad(ROSTER_PROBLEM.idAsNumber(text));
  const s = text.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
  if (/^\*+[\dX]{4}$/.test(s) && (s.length === 18 || s.length === 15)) return ok(s);
  if (/^[\dX*]{15,18}$/.test(s) && s.includes("*") && (s.length === 18 || s.length === 15)) return ok(maskIdNumber(s));
  if (/^\d{15}$/.test(s)) return ok(s);
  if (!/^\d{17}[\dX]$/.test(s)) return bad(ROSTER_PROBLEM.badIdNumber(text));
  if (idCheckCharacter(s) !== s[17]) return bad(ROSTER_PROBLEM.idChecksum(text));
  return ok(s);
}

/** True when two ID numbers (either possibly masked) are the same as far as both tell. */
export function sameIdNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const masked = a.includes("*") || b.includes("*");
  return masked && a.length === b.length && maskIdNumber(a) === maskIdNumber(b);
}

function lookup<T>(map: ReadonlyMap<string, T>, v: CellValue, allowed: readonly string[]): Parsed<T> {
  const text = cellText(v);
  const hit = map.get(wordKey(text));
  return hit === undefined ? bad(ROSTER_PROBLEM.unknownWord(text, allowed)) : ok(hit);
}

/** 男 / 女 (男性, 女性...). */
export const parseGender = (v: CellValue): Parsed<string> => {
  const r = lookup(GENDER_BY_WORD, v, GENDER_WORDS);
  return r.ok ? r : bad(ROSTER_PROBLEM.gender(cellText(v)));
};

/** 留守类型: 父母均外出, 父亲外出, 母亲外出, 单亲外出, 其他 and their variants. */
export const parseLeftBehindType = (v: CellValue): Parsed<LeftBehindType> => lookup(LEFT_BEHIND_BY_WORD, v, Object.values(LEFT_BEHIND_WORD));

/** 监护情况评估: 较好 / 一般 / 差. */
export const parseGuardianship = (v: CellValue): Parsed<GuardianshipLevel> => lookup(GUARDIANSHIP_BY_WORD, v, Object.values(GUARDIANSHIP_WORD));

/** 是 / 否 (√, 寄宿, 走读...). */
export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (typeof v === "boolean") return ok(v);
  const r = lookup(BOOL_BY_WORD, v, [YES_WORD, NO_WORD]);
  return r.ok ? ok(r.value === "yes") : r;
}

/**
 * 在校状态: 在读, 转出 (转学), 毕业, 离校. Other words for leaving (辍学, 休学, 退学...) are EXITED
 * and the word becomes the reason when no reason is given.
 */
export function parseStatus(v: CellValue): Parsed<{ status: StudentStatus; word: string }> {
  const r = lookup(STATUS_BY_WORD, v, Object.values(STATUS_WORD));
  return r.ok ? ok({ status: r.value, word: cellText(v) }) : r;
}

/**
 * 学生身体状况: a healthy word (健康, 良好) -> HEALTHY; `残疾（…）`, `患病（…）`, `健康（…）` say it
 * outright; a disability word (残疾, 腿脚不便...) -> DISABLED; any other text -> ILL. The text
 * (or the bracketed part) is kept as the note.
 */
export function parseHealth(v: CellValue): { health: HealthStatus; note: string | null } {
  const text = cellText(v);
  if (HEALTHY_WORDS.has(wordKey(text))) return { health: "HEALTHY", note: null };
  const m = /^(健康|患病|疾病|残疾)\s*[(（](.+)[)）]$/.exec(text);
  const outright = (w: string): HealthStatus => (w === "健康" ? "HEALTHY" : w === "残疾" ? "DISABLED" : "ILL");
  if (m) return { health: outright(m[1]!), note: m[2]!.trim() };
  if (text === HEALTH_WORD.ILL || text === "疾病") return { health: "ILL", note: null };
  if (text === HEALTH_WORD.DISABLED) return { health: "DISABLED", note: null };
  return { health: DISABILITY_PATTERN.test(text) ? "DISABLED" : "ILL", note: text };
}

/** 学生身体状况 as exported, so that {@link parseHealth} reads back the same status and note. */
export function formatHealth(health: HealthStatus, note: string | null): string {
  if (!note) return health === "HEALTHY" ? HEALTH_WORD.HEALTHY : HEALTH_WORD[health];
  const back = parseHealth(note);
  return back.health === health && back.note === note ? note : `${HEALTH_WORD[health]}（${note}）`;
}

/**
 * 与学生关系: the enum, and the written word as label when it is not the enum's export word
 * (舅舅 -> UNCLE + 舅舅; 祖父 -> GRANDFATHER, no label). Unknown words are OTHER + the word.
 */
export function parseRelation(v: CellValue): { relation: GuardianRelation; label: string | null } {
  const text = cellText(v);
  const relation = RELATION_BY_WORD.get(wordKey(text)) ?? "OTHER";
  return { relation, label: canonicalRelationLabel(relation, text) };
}

/** A stored label that only repeats the enum's export word is no label. */
export function canonicalRelationLabel(relation: GuardianRelation, label: string | null): string | null {
  return label === null || label === RELATION_WORD[relation] ? null : label;
}

/** An integer in [min, max] (age, birth year); `1985年` and `65岁` accepted. */
export function parseInteger(v: CellValue, min: number, max: number, reason: (text: string) => string): Parsed<number> {
  const text = cellText(v).normalize("NFKC").replace(/\s+/g, "");
  const m = /^(\d{1,4})(?:\.0+)?[年岁周]?$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? ok(n) : bad(reason(cellText(v)));
}

/** A parent's birth year: `1985`, `1985年`, or a date / year-month (`1985.03`) whose year is taken. */
export function parseBirthYear(v: CellValue, now: Date): Parsed<number> {
  const thisYear = shanghaiDate(now).y;
  const direct = parseInteger(v, 1900, thisYear, ROSTER_PROBLEM.birthYear);
  if (direct.ok || typeof v === "number") return direct;
  const asDate = parseDate(v, now);
  return asDate.ok ? ok(shanghaiDate(asDate.value).y) : direct;
}
