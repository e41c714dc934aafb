import { describe, expect, it } from "vitest";
import { isSeriesText, parseSeriesPhrase } from "./series-phrase.ts";

/** Tue 2026-12-01 09:00 Asia/Shanghai. */
const REF = new Date("2026-12-01T09:00:00+08:00");
const at = (s: string) => new Date(s);

describe("parseSeriesPhrase", () => {
  const SUN_19 = at("2026-12-06T19:00:00+08:00");
  const SAT_15 = at("2026-12-05T15:00:00+08:00");
  it.each([
    ["每周日 19:00", 1, SUN_19, "每周日 19:00"],
    ["每周六下午3点", 1, SAT_15, "每周六下午3点"],
    ["每星期天晚上7点", 1, SUN_19, "每星期天晚上7点"],
    ["每礼拜六 15:00", 1, SAT_15, "每礼拜六 15:00"],
    ["每周 周日 19:00", 1, SUN_19, "每周日 19:00"],
    ["每两周周日 19:00", 2, SUN_19, "每两周周日 19:00"],
    ["每两周的周日 19:00", 2, SUN_19, "每两周周日 19:00"],
    ["隔周周六 15:00", 2, SAT_15, "每两周周六 15:00"],
    ["每隔一周周日 19:00", 2, SUN_19, "每两周周日 19:00"],
    ["每周日 19:00 每两周", 2, SUN_19, "每两周周日 19:00"],
    ["每周日 19:00 隔周", 2, SUN_19, "每两周周日 19:00"],
    ["周日 19:00 每两周", 2, SUN_19, "每两周周日 19:00"],
    ["每周二 08:00", 1, at("2026-12-01T08:00:00+08:00"), "每周二 08:00"],
    ["每周日１９：００", 1, SUN_19, "每周日19:00"],
  ])("%s -> every %i week(s) from %s", (text, interval, first, phrase) => {
    expect(parseSeriesPhrase(text, REF)).toMatchObject({ interval, starts: [first], bare: false, phrase, until: null, count: null });
  });

  it("reads the end, length, room and teacher", () => {
    expect(parseSeriesPhrase("每周日 19:00 到 1月31日 45分钟 一号视频室 老师 刘芳", REF)).toMatchObject({ until: "2027-01-31", count: null, minutes: 45, roomName: "一号视频室", teacherName: "刘芳" });
    expect(parseSeriesPhrase("每周日 19:00 到2027年1月10日为止", REF)).toMatchObject({ until: "2027-01-10" });
    expect(parseSeriesPhrase("每周日 19:00 至 12月20日", REF)).toMatchObject({ until: "2026-12-20" });
    for (const t of ["每周日 19:00 共 8 次", "每周日 19:00 共8次", "每周日 19:00 8次", "每周日 19:00 一共八次", "每周日 19:00 8 次"]) {
      expect(parseSeriesPhrase(t, REF)).toMatchObject({ count: 8, until: null });
    }
  });

  it("gives both readings of a bare hour", () => {
    expect(parseSeriesPhrase("每周日 7点", REF)).toMatchObject({ bare: true, starts: [at("2026-12-06T07:00:00+08:00"), at("2026-12-06T19:00:00+08:00")] });
  });

  it.each([
    ["每周八 19:00", "BAD_WEEKDAY"],
    ["每周 19:00", "BAD_WEEKDAY"],
    ["每周末 19:00", "BAD_WEEKDAY"],
    ["每两周 12月5日 19:00", "BAD_WEEKDAY"],
    ["每周日 25:00", "BAD_TIME"],
    ["每周日 24:30", "BAD_TIME"],
    ["每周六上午15点", "BAD_TIME"],
    ["每周日", "NO_TIME"],
    ["每周日 19:00 到 2月30日", "BAD_UNTIL"],
    ["每周日 19:00 到 明年", "BAD_UNTIL"],
    ["每周日 19:00 共 0 次", "BAD_COUNT"],
    ["每周日 19:00 到1月31日 共8次", "BOTH_ENDS"],
  ])("%s -> %s", (text, problem) => {
    expect(parseSeriesPhrase(text, REF)).toEqual({ problem });
  });

  it("names a word it does not understand", () => {
    expect(parseSeriesPhrase("每周日 19:00 一号视频室 二号视频室", REF)).toEqual({ problem: "EXTRA_WORD", word: "二号视频室" });
  });

  it("leaves single bookings alone", () => {
    for (const t of ["明天晚上7点", "周日 19:00", "12月5日19:00 45分钟", "下周五 19:30 一号视频室"]) {
      expect(isSeriesText(t)).toBe(false);
      expect(parseSeriesPhrase(t, REF)).toBeNull();
    }
    expect(isSeriesText("每周日 19:00")).toBe(true);
  });
});
