import { describe, expect, it } from "vitest";
import { parseLeadingDate, parseSmallNumber } from "./past-date.ts";

/** Sunday 2027-01-03 10:00 in Asia/Shanghai. */
const SUNDAY = new Date("2027-01-03T10:00:00+08:00");
const date = (text: string, now = SUNDAY) => {
  const r = parseLeadingDate(text, now);
  return r?.kind === "date" ? `${r.date}${r.future ? " future" : ""} | ${r.rest}` : r ? `invalid ${r.phrase} | ${r.rest}` : null;
};

describe("parseLeadingDate", () => {
  it.each([
    ["12月28日 聊了学习", "2026-12-28 | 聊了学习"],
    ["12月28号，聊了学习", "2026-12-28 | 聊了学习"],
    ["12月28日谈了学习", "2026-12-28 | 谈了学习"],
    ["十二月二十八号 谈了", "2026-12-28 | 谈了"],
    ["１２月２８日　谈了", "2026-12-28 | 谈了"],
    ["1月3日 谈了", "2027-01-03 | 谈了"],
    ["1月4日 谈了", "2027-01-04 future | 谈了"],
    ["3月5日 谈了", "2026-03-05 | 谈了"],
    ["2026年11月3日 谈了", "2026-11-03 | 谈了"],
    ["2027年3月1日 谈了", "2027-03-01 future | 谈了"],
    ["2026-11-03 谈了", "2026-11-03 | 谈了"],
    ["2026/11/3 谈了", "2026-11-03 | 谈了"],
    ["11/3 谈了", "2026-11-03 | 谈了"],
    ["1/2 谈了", "2027-01-02 | 谈了"],
    ["昨天 谈了", "2027-01-02 | 谈了"],
    ["昨天：谈了", "2027-01-02 | 谈了"],
    ["前天 谈了", "2027-01-01 | 谈了"],
    ["大前天 谈了", "2026-12-31 | 谈了"],
    ["今天 谈了", "2027-01-03 | 谈了"],
    ["明天 谈", "2027-01-04 future | 谈"],
    ["三天前 谈了", "2026-12-31 | 谈了"],
    ["3天前 谈了", "2026-12-31 | 谈了"],
    ["十天以前 谈了", "2026-12-24 | 谈了"],
    ["一周前 谈了", "2026-12-27 | 谈了"],
    ["上周五 谈了", "2026-12-25 | 谈了"],
    ["上星期日 谈了", "2026-12-27 | 谈了"],
    ["上上周一 谈了", "2026-12-14 | 谈了"],
    ["周一 谈了", "2026-12-28 | 谈了"],
    ["星期天 谈了", "2027-01-03 | 谈了"],
    ["礼拜六 谈了", "2027-01-02 | 谈了"],
    ["上个月15号 谈了", "2026-12-15 | 谈了"],
    ["本月2号 谈了", "2027-01-02 | 谈了"],
    ["28号 谈了", "2026-12-28 | 谈了"],
    ["3日 谈了", "2027-01-03 | 谈了"],
    ["昨天", "2027-01-02 | "],
  ])("%s", (text, expected) => {
    expect(date(text)).toBe(expected);
  });

  it("reads this week's days on a Monday-first week", () => {
    const monday = new Date("2027-01-04T08:00:00+08:00");
    expect(date("这周五 谈", monday)).toBe("2027-01-08 future | 谈");
    expect(date("周一 谈", monday)).toBe("2027-01-04 | 谈");
    expect(date("周五 谈", monday)).toBe("2027-01-01 | 谈");
    expect(date("上周五 谈", monday)).toBe("2027-01-01 | 谈");
  });

  it("reports days that do not exist as invalid", () => {
    expect(date("2月30日 谈了")).toBe("invalid 2月30日 | 谈了");
    expect(date("13月5日 谈了")).toBe("invalid 13月5日 | 谈了");
    expect(date("2026年2月29日 谈了")).toBe("invalid 2026年2月29日 | 谈了");
    expect(date("上个月31号 谈了", new Date("2027-03-10T10:00:00+08:00"))).toBe("invalid 上个月31号 | 谈了");
  });

  it("leaves text without a leading date alone; relative words glued to content are content", () => {
    expect(date("聊了学习")).toBeNull();
    expect(date("昨天考试没考好")).toBeNull();
    expect(date("周末在家帮奶奶干活")).toBeNull();
    expect(date("3号楼 谈话")).toBeNull();
    expect(date("")).toBeNull();
  });

  it("resolves days on Asia/Shanghai dates whatever the process TZ, at both ends of the day", () => {
    const early = new Date("2027-01-01T00:30:00+08:00"); // 2026-12-31 16:30 UTC
    expect(date("今天 谈", early)).toBe("2027-01-01 | 谈");
    expect(date("昨天 谈", early)).toBe("2026-12-31 | 谈");
    expect(date("三天前 谈", early)).toBe("2026-12-29 | 谈");
    expect(date("1月1日 谈", early)).toBe("2027-01-01 | 谈");
    expect(date("12月31日 谈", early)).toBe("2026-12-31 | 谈");
    const late = new Date("2026-12-31T23:50:00+08:00");
    expect(date("今天 谈", late)).toBe("2026-12-31 | 谈");
    expect(date("1月1日 谈", late)).toBe("2026-01-01 | 谈");
  });
});

describe("parseSmallNumber", () => {
  it.each([["3", 3], ["28", 28], ["三", 3], ["两", 2], ["十", 10], ["十五", 15], ["二十", 20], ["三十一", 31]])("%s -> %i", (text, n) => {
    expect(parseSmallNumber(text)).toBe(n);
  });
  it("rejects other text", () => {
    expect(parseSmallNumber("百")).toBeNull();
    expect(parseSmallNumber("constructor")).toBeNull();
  });
});
