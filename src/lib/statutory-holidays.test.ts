import chineseDays from "chinese-days";
import chineseDaysData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { statutoryHolidays } from "./statutory-holidays.ts";
import { CHINESE_DAYS_YEARS, WorkCalendar } from "./work-calendar.ts";

const cal = new WorkCalendar({ dayStart: "07:30", dayEnd: "17:30" });
const CD_HOLIDAYS = (chineseDaysData as { holidays: Record<string, string> }).holidays;

describe("statutory holidays (全国年节及纪念日放假办法, 2024 revision)", () => {
  it("are all days off, under the same festival, in chinese-days' real arrangement for 2025 and 2026", () => {
    for (const year of [2025, 2026]) {
      const days = statutoryHolidays(year);
      expect(days.size).toBe(13);
      for (const [date, name] of days) {
        // chinese-days names them 清明, 端午, 中秋 where the law says 清明节, 端午节, 中秋节.
        const cdName = CD_HOLIDAYS[date]?.split(",")[1];
        expect([date, cdName?.replace(/节$/, "")]).toEqual([date, name.replace(/节$/, "")]);
        expect(cal.dayInfo(date)).toMatchObject({ work: false, source: "chinese-days" });
      }
    }
  });

  it("2027 (no chinese-days data): 元旦, 除夕 to 初三, 清明, 劳动节, 端午, 中秋, 国庆", () => {
    expect(CHINESE_DAYS_YEARS).not.toContain(2027);
    // 2027-02-05 is the last day of the lunar year (除夕), 2027-02-06 正月初一.
    expect(chineseDays.getLunarDate("2027-02-05")).toMatchObject({ lunarMon: 12, lunarDay: 29 });
    expect(chineseDays.getLunarDate("2027-02-06")).toMatchObject({ lunarMon: 1, lunarDay: 1 });
    expect(Object.fromEntries(statutoryHolidays(2027))).toEqual({
      "2027-01-01": "元旦",
      "2027-02-05": "春节",
      "2027-02-06": "春节",
      "2027-02-07": "春节",
      "2027-02-08": "春节",
      "2027-04-05": "清明节",
      "2027-05-01": "劳动节",
      "2027-05-02": "劳动节",
      "2027-06-09": "端午节",
      "2027-09-15": "中秋节",
      "2027-10-01": "国庆节",
      "2027-10-02": "国庆节",
      "2027-10-03": "国庆节",
    });
    expect(cal.dayInfo("2027-01-01")).toEqual({ date: "2027-01-01", work: false, name: "元旦", source: "statutory" });
    expect(cal.dayInfo("2027-02-05")).toEqual({ date: "2027-02-05", work: false, name: "春节", source: "statutory" });
    expect(["2027-02-04", "2027-02-08", "2027-02-09", "2027-02-13"].map((d) => cal.isWorkday(d))).toEqual([true, false, true, false]);
    expect(cal.dayInfo("2027-02-09").source).toBe("weekday-rule"); // no 调休 or bridging day is guessed
  });

  it("joins two festivals on one day; nothing before 2025 or after 2100", () => {
    expect(statutoryHolidays(2028).get("2028-10-03")).toBe("中秋节、国庆节");
    expect(statutoryHolidays(2028).size).toBe(12);
    expect([statutoryHolidays(2024).size, statutoryHolidays(2101).size]).toEqual([0, 0]);
  });
});
