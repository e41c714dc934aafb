import { describe, expect, it } from "vitest";
import { nextOccurrences, parseMinutes, parseSessionTime, type SessionTime } from "./session-time.ts";

/** Thu 2026-12-03 11:00 Asia/Shanghai. */
const THU = new Date("2026-12-03T11:00:00+08:00");
/** Sun 2026-12-06 10:00: weeks start on Monday, so 本周六 is yesterday. */
const SUN = new Date("2026-12-06T10:00:00+08:00");
/** Sun 2026-12-06 00:10 Shanghai = Sat 2026-12-05 16:10 UTC: the process TZ must not matter. */
const SUN_EARLY = new Date("2026-12-06T00:10:00+08:00");
/** New Year's Eve, 10 minutes before midnight (still 2026-12-31 15:50 UTC). */
const NYE = new Date("2026-12-31T23:50:00+08:00");
/** 10 minutes into 2027 in Shanghai, still 2026-12-31 in UTC. */
const NY = new Date("2027-01-01T00:10:00+08:00");
/** Last day of November, evening. */
const NOV30 = new Date("2026-11-30T20:00:00+08:00");

const iso = (s: string) => new Date(s).toISOString();

type Row = [ref: Date, text: string, expected: string];

/** Expected: an ISO instant (+08:00) for `ok`, or `kind` / `kind:detail`. */
const TABLE: Row[] = [
  [THU, "明天晚上7点", "2026-12-04T19:00+08:00"],
  [THU, "周六下午三点半", "2026-12-05T15:30+08:00"],
  [THU, "下周五 19:30", "2026-12-11T19:30+08:00"],
  [THU, "12月5日19:00", "2026-12-05T19:00+08:00"],
  [THU, "12月5号 晚上7点半", "2026-12-05T19:30+08:00"],
  [THU, "十二月五号晚上七点", "2026-12-05T19:00+08:00"],
  [THU, "后天上午十点", "2026-12-05T10:00+08:00"],
  [THU, "今晚8点半", "2026-12-03T20:30+08:00"],
  [THU, "今晚八点", "2026-12-03T20:00+08:00"],
  [THU, "今天16:30", "2026-12-03T16:30+08:00"],
  [THU, "今天１６：３０", "2026-12-03T16:30+08:00"],
  [THU, "19点", "2026-12-03T19:00+08:00"],
  [THU, "晚上七点一刻", "2026-12-03T19:15+08:00"],
  [THU, "晚上八点三刻", "2026-12-03T20:45+08:00"],
  [THU, "下午3:30", "2026-12-03T15:30+08:00"],
  [THU, "下午两点", "2026-12-03T14:00+08:00"],
  [THU, "傍晚6点", "2026-12-03T18:00+08:00"],
  [THU, "晚上7点05分", "2026-12-03T19:05+08:00"],
  [THU, "晚上七点零五", "2026-12-03T19:05+08:00"],
  [THU, "1月3日晚上7点", "2027-01-03T19:00+08:00"],
  [THU, "2027年1月3日 19:00", "2027-01-03T19:00+08:00"],
  [THU, "明年1月3日 19:00", "2027-01-03T19:00+08:00"],
  [THU, "星期日早上九点", "2026-12-06T09:00+08:00"],
  [THU, "礼拜六下午三点", "2026-12-05T15:00+08:00"],
  [THU, "下个月5号晚上7点", "2027-01-05T19:00+08:00"],
  [THU, "5号晚上7点", "2026-12-05T19:00+08:00"],
  [THU, "2号晚上7点", "2027-01-02T19:00+08:00"],
  [THU, "明早8点", "2026-12-04T08:00+08:00"],
  [THU, "中午12点", "2026-12-03T12:00+08:00"],
  [THU, "晚上12点", "2026-12-04T00:00+08:00"],
  [THU, "半夜12点", "2026-12-04T00:00+08:00"],
  [THU, "夜里十二点", "2026-12-04T00:00+08:00"],
  [THU, "凌晨0点", "2026-12-04T00:00+08:00"],
  [THU, "明天晚上12点", "2026-12-05T00:00+08:00"],
  [THU, "半夜两点", "2026-12-04T02:00+08:00"],
  [THU, "0点", "2026-12-04T00:00+08:00"],
  [THU, "12月5日 24:00", "2026-12-06T00:00+08:00"],
  [THU, "12月5日 09:00", "2026-12-05T09:00+08:00"],
  [SUN, "下周五 19:30", "2026-12-11T19:30+08:00"],
  [SUN, "下周一上午9点", "2026-12-07T09:00+08:00"],
  [SUN, "周五晚上7点", "2026-12-11T19:00+08:00"],
  [SUN, "这周日晚上7点", "2026-12-06T19:00+08:00"],
  [SUN, "下下周六上午10点", "2026-12-19T10:00+08:00"],
  [SUN_EARLY, "下周五 19:30", "2026-12-11T19:30+08:00"],
  [SUN_EARLY, "今晚7点", "2026-12-06T19:00+08:00"],
  [SUN_EARLY, "明天晚上7点", "2026-12-07T19:00+08:00"],
  [NYE, "明天晚上7点", "2027-01-01T19:00+08:00"],
  [NYE, "1月3日晚上7点", "2027-01-03T19:00+08:00"],
  [NYE, "晚上12点", "2027-01-01T00:00+08:00"],
  [NYE, "下个月5号晚上7点", "2027-01-05T19:00+08:00"],
  [NY, "今晚8点半", "2027-01-01T20:30+08:00"],
  [NY, "明天晚上7点", "2027-01-02T19:00+08:00"],
  [NY, "12月31日晚上7点", "2027-12-31T19:00+08:00"],
  [NOV30, "明天下午4:30", "2026-12-01T16:30+08:00"],
  [NOV30, "下个月1号 17:00", "2026-12-01T17:00+08:00"],
  [NOV30, "晚上11点", "2026-11-30T23:00+08:00"],
  // bare hours: asked, not guessed
  [THU, "三点半", "bare-hour:2026-12-03T15:30+08:00,2026-12-04T03:30+08:00"],
  [THU, "3点", "bare-hour:2026-12-03T15:00+08:00,2026-12-04T03:00+08:00"],
  [THU, "12点", "bare-hour:2026-12-03T12:00+08:00,2026-12-04T00:00+08:00"],
  [THU, "明天7点", "bare-hour:2026-12-04T07:00+08:00,2026-12-04T19:00+08:00"],
  [THU, "12月5日 7:30", "bare-hour:2026-12-05T07:30+08:00,2026-12-05T19:30+08:00"],
  [NYE, "两点", "bare-hour:2027-01-01T02:00+08:00,2027-01-01T14:00+08:00"],
  [THU, "今天10点", "bare-hour:2026-12-03T22:00+08:00"],
  // a day without a time
  [THU, "明天", "date-only:2026-12-04"],
  [THU, "12月5日", "date-only:2026-12-05"],
  [THU, "明天下午", "date-only:2026-12-04 下午"],
  [THU, "本周六", "date-only:2026-12-05"],
  [THU, "下周五", "date-only:2026-12-11"],
  [NYE, "1月3日", "date-only:2027-01-03"],
  [THU, "今晚", "date-only:2026-12-03 晚上"],
  // invalid
  [THU, "25:00", "invalid:no-such-time"],
  [THU, "24:30", "invalid:no-such-time"],
  [THU, "明天25点", "invalid:no-such-time"],
  [THU, "上午15点", "invalid:no-such-time"],
  [THU, "晚上7点60分", "invalid:no-such-time"],
  [THU, "2月30日", "invalid:no-such-date"],
  [THU, "2月30日 19:00", "invalid:no-such-date"],
  [THU, "13月1日", "invalid:no-such-date"],
  [THU, "2027年2月29日 19:00", "invalid:no-such-date"],
  [NOV30, "31号晚上7点", "invalid:no-such-date"],
  // past
  [THU, "今天上午10点", "past:2026-12-03T10:00+08:00"],
  [THU, "今天11:00", "past:2026-12-03T11:00+08:00"],
  [SUN, "本周六", "past:2026-12-05T00:00+08:00"],
  [SUN, "本周六下午三点", "past:2026-12-05T15:00+08:00"],
  [NY, "今天00:05", "past:2027-01-01T00:05+08:00"],
  [THU, "2026年12月1日 19:00", "past:2026-12-01T19:00+08:00"],
  [THU, "昨天晚上7点", "past:2026-12-02T19:00+08:00"],
  [THU, "前天 19:00", "past:2026-12-01T19:00+08:00"],
  [THU, "昨晚8点", "past:2026-12-02T20:00+08:00"],
  // not a time phrase
  [THU, "明天有空吗", "null"],
  [THU, "张小明", "null"],
  [THU, "下午", "null"],
  [THU, "", "null"],
];

function describeResult(r: SessionTime | null): string {
  if (r === null) return "null";
  switch (r.kind) {
    case "ok":
      return r.start.toISOString();
    case "bare-hour":
      return `bare-hour:${r.candidates.map((c) => c.toISOString()).join(",")}`;
    case "date-only":
      return `date-only:${r.date}${r.period ? ` ${r.period}` : ""}`;
    case "invalid":
      return `invalid:${r.reason}`;
    case "past":
      return `past:${r.start.toISOString()}`;
  }
}

function expectedText(expected: string): string {
  if (/^\d{4}-/.test(expected)) return iso(expected);
  const [kind, detail] = [expected.slice(0, expected.indexOf(":")), expected.slice(expected.indexOf(":") + 1)];
  if (kind === "bare-hour") return `bare-hour:${detail.split(",").map(iso).join(",")}`;
  if (kind === "past") return `past:${iso(detail)}`;
  return expected;
}

describe("parseSessionTime", () => {
  const rows = TABLE.map(([ref, text, expected]) => [ref.toISOString(), text, expected, ref] as const);
  it.each(rows)("at %s: %s -> %s", (_label, text, expected, ref) => {
    expect(describeResult(parseSessionTime(text, ref))).toBe(expectedText(expected));
  });

  it("returns the phrase and the rest after it (length and room)", () => {
    expect(parseSessionTime("明天晚上7点 45分钟 一号视频室", THU)).toEqual({
      kind: "ok",
      start: new Date("2026-12-04T19:00+08:00"),
      phrase: "明天晚上7点",
      rest: "45分钟 一号视频室",
    });
    expect(parseSessionTime("明天晚上7点45分钟", THU)).toMatchObject({ kind: "ok", phrase: "明天晚上7点", rest: "45分钟" });
    expect(parseSessionTime("明天晚上7点45分 一号视频室", THU)).toMatchObject({ kind: "ok", start: new Date("2026-12-04T19:45+08:00"), rest: "一号视频室" });
    const glued = parseSessionTime("下周五 19:30，30分钟", THU);
    expect(glued).toMatchObject({ kind: "ok", phrase: "下周五 19:30", rest: "30分钟" });
    expect(parseSessionTime("三点半 一号视频室", THU)).toMatchObject({ kind: "bare-hour", hour: 3, minute: 30, date: null, rest: "一号视频室" });
    expect(parseSessionTime("2月30日 19:00 二号视频室", THU)).toMatchObject({ kind: "invalid", phrase: "2月30日 19:00", rest: "二号视频室" });
  });

  it("returns past times as ok with allowPast", () => {
    expect(parseSessionTime("今天上午10点", THU, { allowPast: true })).toMatchObject({ kind: "ok", start: new Date("2026-12-03T10:00+08:00") });
    expect(parseSessionTime("本周六", SUN, { allowPast: true })).toMatchObject({ kind: "date-only", date: "2026-12-05" });
  });
});

describe("nextOccurrences", () => {
  it("gives the next AM and PM instants strictly after ref", () => {
    expect(nextOccurrences(3, 30, THU)).toEqual({ am: new Date("2026-12-04T03:30+08:00"), pm: new Date("2026-12-03T15:30+08:00") });
    expect(nextOccurrences(11, 0, THU)).toEqual({ am: new Date("2026-12-04T11:00+08:00"), pm: new Date("2026-12-03T23:00+08:00") });
    expect(nextOccurrences(12, 0, NYE)).toEqual({ am: new Date("2027-01-01T00:00+08:00"), pm: new Date("2027-01-01T12:00+08:00") });
  });

  it("refuses hours outside 1..12", () => {
    expect(() => nextOccurrences(0, 0, THU)).toThrow(RangeError);
    expect(() => nextOccurrences(13, 0, THU)).toThrow(RangeError);
    expect(() => nextOccurrences(3, 60, THU)).toThrow(RangeError);
  });
});

describe("parseMinutes", () => {
  it.each([
    ["45分钟", 45],
    ["45", 45],
    ["45分", 45],
    ["四十五分钟", 45],
    ["半小时", 30],
    ["半个小时", 30],
    ["一小时", 60],
    ["1个小时", 60],
    ["一个半小时", 90],
    ["1.5小时", 90],
    ["一刻钟", 15],
    ["０", 0],
    ["500分钟", 500],
  ])("%s -> %i", (text, minutes) => {
    expect(parseMinutes(text)).toBe(minutes);
  });

  it.each(["一号视频室", "分钟", "45分钟多", ""])("%s -> null", (text) => {
    expect(parseMinutes(text)).toBeNull();
  });
});
