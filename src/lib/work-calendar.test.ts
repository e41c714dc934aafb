import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHolidaysFile } from "./holidays-file.ts";
import { dayjs, SCHOOL_TZ } from "./time.ts";
import { CHINESE_DAYS_YEARS, WorkCalendar, calendarCoverageWarning, loadWorkCalendar, shanghaiDateOf } from "./work-calendar.ts";

const FIXTURE = resolve(import.meta.dirname, "../../test/fixtures/holidays-2027.json");
/** A Shanghai wall-clock time, `2026-11-27 16:00`, as an instant. */
const sh = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);
/** An instant as Shanghai wall-clock `2026-11-27 16:00`. */
const wall = (d: Date) => dayjs(d).tz(SCHOOL_TZ).format("YYYY-MM-DD HH:mm");
const cal = new WorkCalendar({ dayStart: "07:30", dayEnd: "17:30" });
const add = (from: string, min: number, c = cal) => wall(c.addWorkingMinutes(sh(from), min));

describe("working days", () => {
  it("knows chinese-days' years (2004-2026 in 1.5.7): 国庆 off, its 调休 Sunday and Saturday on", () => {
    expect(CHINESE_DAYS_YEARS[0]).toBe(2004);
    expect(CHINESE_DAYS_YEARS.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(cal.hasDataFor(2026)).toBe(true);
    expect(cal.knownYears).toEqual(CHINESE_DAYS_YEARS);
    expect(["2026-10-01", "2026-10-07", "2026-10-10", "2026-09-20", "2026-10-08", "2026-11-28"].map((d) => cal.isWorkday(d))).toEqual([
      false, false, true, true, true, false,
    ]);
    expect(cal.dayInfo("2026-10-10")).toEqual({ date: "2026-10-10", work: true, name: "国庆节", source: "chinese-days" });
    expect(cal.dayInfo("2026-11-30")).toEqual({ date: "2026-11-30", work: true, name: null, source: "weekday-rule" });
    expect(() => cal.isWorkday("2026-02-30")).toThrow(RangeError);
  });

  it("working time is [start, end) of a working day, in Shanghai whatever the process TZ", () => {
    expect(["2026-11-27 07:29", "2026-11-27 07:30", "2026-11-27 17:29", "2026-11-27 17:30", "2026-11-28 10:00"].map((s) => cal.isWorkingTime(sh(s)))).toEqual([
      false, true, true, false, false,
    ]);
    // Midnight boundaries: 00:30 Shanghai is 16:30 UTC of the day before.
    expect(cal.isWorkingTime(sh("2026-11-30 00:30"))).toBe(false);
    for (let i = 0; i < 60; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 123_456_789);
      expect(shanghaiDateOf(at)).toBe(dayjs(at).tz(SCHOOL_TZ).format("YYYY-MM-DD"));
    }
  });

  it("refuses bad hours", () => {
    expect(() => new WorkCalendar({ dayStart: "17:30", dayEnd: "07:30" })).toThrow(RangeError);
    expect(() => new WorkCalendar({ dayStart: "7:30", dayEnd: "17:30" })).toThrow(RangeError);
  });
});

describe("addWorkingMinutes", () => {
  it("4 working hours from Friday 16:00 land on Monday morning", () => {
    expect(add("2026-11-27 16:00", 240)).toBe("2026-11-30 10:00"); // 90 min Friday, 150 from Monday 07:30
    const eight = new WorkCalendar({ dayStart: "08:00", dayEnd: "17:30" });
    expect(add("2026-11-27 16:00", 240, eight)).toBe("2026-11-30 10:30");
  });

  it("skips a weekend, a public holiday (国庆 2026) and counts a 调休 Saturday", () => {
    expect(add("2026-11-28 12:00", 30)).toBe("2026-11-30 08:00");
    expect(add("2026-09-30 17:00", 60)).toBe("2026-10-08 08:00");
    expect(add("2026-10-09 17:00", 60)).toBe("2026-10-10 08:00"); // Saturday 10-10 is a working day
    expect(add("2026-09-18 17:00", 60)).toBe("2026-09-20 08:00"); // Sunday 09-20 too
  });

  it("from outside hours starts at the next working start; a result at a day's end stays there", () => {
    expect(add("2026-12-01 22:00", 0)).toBe("2026-12-02 07:30");
    expect(add("2026-12-02 06:00", 10)).toBe("2026-12-02 07:40");
    expect(add("2026-10-03 10:00", 10)).toBe("2026-10-08 07:40");
    expect(add("2026-11-27 17:00", 30)).toBe("2026-11-27 17:30");
    expect(add("2026-11-27 17:30", 0)).toBe("2026-11-30 07:30");
    expect(wall(cal.nextWorkingInstant(sh("2026-11-27 12:00")))).toBe("2026-11-27 12:00");
    expect(wall(cal.nextWorkingInstant(sh("2026-11-27 18:00")))).toBe("2026-11-30 07:30");
    expect(cal.addWorkingMinutes(new Date("2026-11-27T04:00:30.500Z"), 0.5).toISOString()).toBe("2026-11-27T04:01:00.500Z");
    expect(() => cal.addWorkingMinutes(sh("2026-11-27 12:00"), -1)).toThrow(RangeError);
  });

  it("takes well under 0.05 ms for a few days", () => {
    const from = sh("2026-09-30 16:00");
    cal.addWorkingMinutes(from, 1800);
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) cal.addWorkingMinutes(from, 1800 + (i % 7));
    expect((performance.now() - t0) / n).toBeLessThan(0.05);
  });
});

describe("subtractWorkingMinutes and workingMinutesBetween", () => {
  it("goes back over a weekend, stops at a day's start, and clamps to notBefore", () => {
    const back = (to: string, min: number, notBefore?: string) => wall(cal.subtractWorkingMinutes(sh(to), min, notBefore ? sh(notBefore) : undefined));
    expect(back("2026-11-30 10:00", 240)).toBe("2026-11-27 16:00");
    expect(back("2026-11-30 10:30", 180)).toBe("2026-11-30 07:30");
    expect(back("2026-11-30 06:00", 30)).toBe("2026-11-27 17:00");
    expect(back("2026-10-08 08:00", 60)).toBe("2026-09-30 17:00");
    expect(back("2026-11-30 10:00", 240, "2026-11-27 17:00")).toBe("2026-11-27 17:00");
    expect(back("2026-11-30 10:00", 6000, "2026-11-20 09:00")).toBe("2026-11-20 09:00");
  });

  it("counts only working minutes, over a weekend and a holiday; negative when reversed", () => {
    expect(cal.workingMinutesBetween(sh("2026-11-27 16:00"), sh("2026-11-30 10:00"))).toBe(240);
    expect(cal.workingMinutesBetween(sh("2026-11-27 17:00"), sh("2026-11-30 08:00"))).toBe(60);
    expect(cal.workingMinutesBetween(sh("2026-11-28 09:00"), sh("2026-11-29 15:00"))).toBe(0);
    expect(cal.workingMinutesBetween(sh("2026-09-30 17:00"), sh("2026-10-08 08:00"))).toBe(60);
    expect(cal.workingMinutesBetween(sh("2026-11-30 10:00"), sh("2026-11-27 16:00"))).toBe(-240);
    expect(cal.workingMinutesBetween(sh("2026-11-30 09:00"), new Date("2026-11-30T09:00:30+08:00"))).toBe(0.5);
    for (const [from, min] of [["2026-09-29 12:00", 1234], ["2026-12-31 20:00", 600], ["2026-02-13 09:00", 3000]] as const) {
      const to = cal.addWorkingMinutes(sh(from), min);
      expect(cal.workingMinutesBetween(sh(from), to)).toBe(min);
      expect(wall(cal.subtractWorkingMinutes(to, min))).toBe(wall(cal.nextWorkingInstant(sh(from))));
    }
  });
});

describe("HOLIDAYS_FILE overrides", () => {
  it("the 2027 example adds the Spring Festival and a 调休 Saturday, and covers 2027", () => {
    const withFile = new WorkCalendar({ dayStart: "07:30", dayEnd: "17:30", overrides: loadHolidaysFile(FIXTURE) });
    // Without the file 2027 has only its statutory days off (chinese-days 1.5.7 has no 2027): 除夕 to 初三.
    expect([cal.isWorkday("2027-02-09"), cal.isWorkday("2027-02-20"), cal.hasDataFor(2027)]).toEqual([true, false, false]);
    expect([withFile.isWorkday("2027-02-09"), withFile.isWorkday("2027-02-20"), withFile.hasDataFor(2027)]).toEqual([false, true, true]);
    expect(withFile.dayInfo("2027-02-20")).toEqual({ date: "2027-02-20", work: true, name: "春节调休", source: "file" });
    // A year the file covers takes no statutory days: its days are the file's, then Mon-Fri.
    expect([cal.isWorkday("2027-10-01"), withFile.isWorkday("2027-10-01")]).toEqual([false, true]);
    expect(add("2027-02-04 17:00", 60)).toBe("2027-02-09 08:00");
    expect(add("2027-02-04 17:00", 60, withFile)).toBe("2027-02-15 08:00");
    expect(add("2027-02-19 17:00", 60, withFile)).toBe("2027-02-20 08:00");
    expect(withFile.knownYears.at(-1)).toBe(2027);
    expect(withFile.isWorkday("2026-10-01")).toBe(false); // chinese-days still answers other years
  });

  it("warns at start when this or next year (Shanghai) has no data", () => {
    const withFile = new WorkCalendar({ dayStart: "07:30", dayEnd: "17:30", overrides: loadHolidaysFile(FIXTURE) });
    expect(calendarCoverageWarning(withFile, sh("2026-12-03 09:00"))).toBeNull();
    expect(calendarCoverageWarning(cal, sh("2026-12-03 09:00"))).toBe(
      "缺少 2027 年的节假日安排（国务院通常在前一年年底公布）：暂按《全国年节及纪念日放假办法》的法定节假日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）和周末放假，" +
        "国务院的调休安排（调休上班的周末和连休的日子）不知道，不会被识别。" +
        "安排公布后请升级 chinese-days（npm update chinese-days），或写进 HOLIDAYS_FILE（格式见 README，可用 npm run cli -- calendar check <文件> 检查）。" +
        " / No holiday arrangement for 2027: statutory public holidays and weekends are assumed off, the State Council's adjusted working days are unknown; update chinese-days or add the year to HOLIDAYS_FILE.",
    );
    // 2027-01-01 00:30 in Shanghai is still 2026 in UTC: the Shanghai year counts.
    expect(calendarCoverageWarning(withFile, sh("2027-01-01 00:30"))).toMatch(/^缺少 2028 年的节假日安排（/);
    expect(calendarCoverageWarning(cal, sh("2027-03-01 09:00"))).toMatch(/^缺少 2027、2028 年的节假日安排：/);
  });

  it("loadWorkCalendar reads the file once and again only after it changes", () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cal-"));
    const file = join(dir, "holidays.json");
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: { "2027-02-08": "春节" } }));
    const settings = { schoolDayStart: "07:30", schoolDayEnd: "17:30", holidaysFile: file };
    const first = loadWorkCalendar(settings);
    expect(loadWorkCalendar({ ...settings })).toBe(first);
    expect(first.isWorkday("2027-02-09")).toBe(true);
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: { "2027-02-08": "春节", "2027-02-09": "春节" } }));
    utimesSync(file, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-02T00:00:00Z"));
    const second = loadWorkCalendar(settings);
    expect(second).not.toBe(first);
    expect(second.isWorkday("2027-02-09")).toBe(false);
    expect(loadWorkCalendar({ ...settings, holidaysFile: null }).hasDataFor(2027)).toBe(false);
    expect(() => loadWorkCalendar({ ...settings, holidaysFile: join(dir, "missing.json") })).toThrow(`节假日文件 ${join(dir, "missing.json")}（HOLIDAYS_FILE）不能使用，请改正后重试：\n  · 文件不存在，请检查路径`);
    expect(() => loadWorkCalendar({ ...settings, holidaysFile: join(dir, "missing.json") }, { setting: false })).toThrow(`节假日文件 ${join(dir, "missing.json")} 不能使用`);
  });

  it("a file made bad while running keeps the calendar last read; a bad file at start throws", () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cal-"));
    const file = join(dir, "holidays.json");
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: { "2027-02-09": "春节" } }));
    const settings = { schoolDayStart: "07:30", schoolDayEnd: "17:30", holidaysFile: file };
    const good = loadWorkCalendar(settings);
    writeFileSync(file, "{not json");
    utimesSync(file, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-03T00:00:00Z"));
    expect(loadWorkCalendar(settings)).toBe(good);
    expect(good.isWorkday("2027-02-09")).toBe(false);
    expect(() => loadWorkCalendar({ ...settings, schoolDayStart: "08:00" })).toThrow(/^节假日文件 .*（HOLIDAYS_FILE）不能使用，请改正后重试：\n  · 不是有效的 JSON/);
  });
});
