import { describe, expect, it } from "vitest";
import { addDays, daysInMonth, daysLeftInPeriod, lastWorkdayOf, monthKeyFromText, nextPeriod, parseSmallNumber, periodFromKey, periodOf, previousPeriod, shanghaiMidnight } from "./talk-period.ts";

const at = (iso: string) => new Date(iso);

describe("talk periods in Asia/Shanghai, whatever the process TZ", () => {
  it("months: bounds are Shanghai midnights; 00:30 on the 1st is the new month, 23:59 on the 31st the old", () => {
    const dec = periodOf("month", at("2026-12-15T12:00:00+08:00"));
    expect(dec).toEqual({ key: "2026-12", kind: "month", firstDay: "2026-12-01", lastDay: "2026-12-31", start: at("2026-12-01T00:00:00+08:00"), end: at("2027-01-01T00:00:00+08:00") });
    expect(periodOf("month", at("2027-01-01T00:30:00+08:00")).key).toBe("2027-01");
    // 00:30 Shanghai is still the previous day in UTC: the Shanghai date decides.
    expect(periodOf("month", at("2026-12-31T16:30:00Z")).key).toBe("2027-01");
    expect(periodOf("month", at("2026-12-31T23:59:00+08:00")).key).toBe("2026-12");
    expect(nextPeriod(dec).key).toBe("2027-01");
    expect(previousPeriod(periodFromKey("2027-01")!).key).toBe("2026-12");
  });

  it("February: 28 days, 29 in a leap year (2028), from the calendar", () => {
    expect(periodFromKey("2027-02")!.lastDay).toBe("2027-02-28");
    const feb = periodFromKey("2028-02")!;
    expect(feb.lastDay).toBe("2028-02-29");
    expect(feb.end).toEqual(at("2028-03-01T00:00:00+08:00"));
    expect(periodOf("month", at("2028-02-29T23:00:00+08:00")).key).toBe("2028-02");
    expect(periodOf("month", at("2028-03-01T00:00:00+08:00")).key).toBe("2028-03");
    expect([daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2000, 2)]).toEqual([29, 28, 29]);
    expect(daysLeftInPeriod(feb, "2028-02-20")).toBe(10);
    expect(daysLeftInPeriod(feb, "2028-02-29")).toBe(1);
    expect(daysLeftInPeriod(feb, "2028-03-01")).toBe(0);
  });

  it("ISO weeks across the new year: Monday to Sunday, numbered by the Thursday's year", () => {
    // Thu 2026-12-31 and Fri 2027-01-01 are in week 53 of 2026 (2026 has 53 ISO weeks).
    const w = periodOf("week", at("2027-01-01T10:00:00+08:00"));
    expect(w).toMatchObject({ key: "2026-W53", firstDay: "2026-12-28", lastDay: "2027-01-03" });
    expect(w.start).toEqual(at("2026-12-28T00:00:00+08:00"));
    expect(nextPeriod(w)).toMatchObject({ key: "2027-W01", firstDay: "2027-01-04" });
    // Mon 2024-12-30 belongs to 2025-W01.
    expect(periodOf("week", at("2024-12-30T08:00:00+08:00"))).toMatchObject({ key: "2025-W01", firstDay: "2024-12-30", lastDay: "2025-01-05" });
    // Sunday 23:59 Shanghai is still the week; Monday 00:00 the next.
    expect(periodOf("week", at("2026-12-06T23:59:00+08:00")).key).toBe("2026-W49");
    expect(periodOf("week", at("2026-12-07T00:00:00+08:00")).key).toBe("2026-W50");
    expect(periodFromKey("2026-W53")!.key).toBe("2026-W53");
    expect(periodFromKey("2027-W53")).toBeNull();
    expect(periodFromKey("2026-13")).toBeNull();
  });

  it("shanghaiMidnight, addDays, lastWorkdayOf", () => {
    expect(shanghaiMidnight("2026-12-05")).toEqual(at("2026-12-04T16:00:00Z"));
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    const weekdays = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect(lastWorkdayOf(periodFromKey("2027-01")!, weekdays)).toBe("2027-01-29");
    expect(lastWorkdayOf(periodFromKey("2026-W53")!, () => false)).toBeNull();
  });

  it("parseSmallNumber: digits, full-width digits and Chinese numerals up to 99; nothing else", () => {
    expect(["3", "３", "三", "两", "十", "十二", "二十", "二十五", "0"].map(parseSmallNumber)).toEqual([3, 3, 3, 2, 10, 12, 20, 25, 0]);
    expect(["-1", "1.5", "一百", "三四", "abc", "", "3天"].map(parseSmallNumber)).toEqual([null, null, null, null, null, null, null]);
  });

  it("monthKeyFromText: 本月, 上月, 2026-11, 2026年11月, 11月 (the latest one not in the future)", () => {
    const today = "2027-01-10";
    expect(["", "本月", "上月", "上个月", "2026-11", "2026/11", "2026年11月", "12月", "1月", "十一月", "2027-02"].map((t) => monthKeyFromText(t, today))).toEqual([
      "2027-01",
      "2027-01",
      "2026-12",
      "2026-12",
      "2026-11",
      "2026-11",
      "2026-11",
      "2026-12",
      "2027-01",
      "2026-11",
      "2027-02",
    ]);
    expect(["2026-13", "13月", "下月", "十二点", "abc"].map((t) => monthKeyFromText(t, today))).toEqual([null, null, null, null, null]);
  });
});
