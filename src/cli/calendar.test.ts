import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadHolidaysFile } from "../lib/holidays-file.ts";
import { WorkCalendar } from "../lib/work-calendar.ts";
import { checkCalendarText, parsePeriod, showCalendarText } from "./calendar.ts";

const REPO = resolve(import.meta.dirname, "../..");
const FIXTURE = join(REPO, "test/fixtures/holidays-2027.json");
const TSX = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;
const cal = new WorkCalendar({ dayStart: "07:30", dayEnd: "17:30" });
const withFile = new WorkCalendar({ dayStart: "07:30", dayEnd: "17:30", overrides: loadHolidaysFile(FIXTURE) });

/** Runs `npm run cli -- calendar ...` with these extra settings. */
function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--import", TSX, join(REPO, "src/cli/index.ts"), "calendar", ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, HOLIDAYS_FILE: "", LOG_LEVEL: "silent", ...env },
  });
}

describe("calendar show", () => {
  it("lists a month of chinese-days data: holidays as runs, 调休 days, working days", () => {
    expect(showCalendarText(cal, 2026, 10)).toBe(
      [
        "2026 年 10 月节假日和调休",
        "数据来源：chinese-days 内置数据（国务院公布的安排）",
        "上班时间：工作日 07:30–17:30（北京时间）",
        "放假：",
        "  10月1日（周四）至10月7日（周三） 国庆节，7 天",
        "调休上班：",
        "  10月10日（周六） 国庆节调休",
        "2026 年 10 月共有工作日 18 天",
      ].join("\n"),
    );
  });

  it("says where a year's data come from: the file, or nowhere", () => {
    expect(showCalendarText(withFile, 2027, 2)).toBe(
      [
        "2027 年 2 月节假日和调休",
        `数据来源：HOLIDAYS_FILE（${FIXTURE}）`,
        "上班时间：工作日 07:30–17:30（北京时间）",
        "放假：",
        "  2月5日（周五）至2月13日（周六） 春节，9 天",
        "调休上班：",
        "  2月20日（周六） 春节调休",
        "2027 年 2 月共有工作日 15 天",
      ].join("\n"),
    );
    expect(showCalendarText(cal, 2027, 2).split("\n").slice(1, 2)).toEqual(["数据来源：没有 2027 年的节假日数据，只按周一至周五上班计算。安排公布后请升级 chinese-days，或写进 HOLIDAYS_FILE"]);
    expect(showCalendarText(cal, 2027, null)).toContain("放假：无\n调休上班：无\n2027 年共有工作日 261 天");
  });

  it("marks the file's days when it corrects a chinese-days year", () => {
    const fixed = new WorkCalendar({
      dayStart: "08:00",
      dayEnd: "17:00",
      overrides: { holidays: { "2026-10-08": "国庆节" }, workdays: {}, years: [2026], file: "h.json" },
    });
    expect(showCalendarText(fixed, 2026, 10).split("\n").slice(1, 6)).toEqual([
      "数据来源：chinese-days 内置数据（国务院公布的安排），标［文件］的日子来自 HOLIDAYS_FILE（h.json）",
      "上班时间：工作日 08:00–17:00（北京时间）",
      "放假：",
      "  10月1日（周四）至10月7日（周三） 国庆节，7 天",
      "  10月8日（周四） 国庆节［文件］",
    ]);
  });

  it("reads --year and --month, this year by default", () => {
    const now = new Date("2026-12-31T16:30:00Z"); // 2027-01-01 00:30 in Shanghai
    expect(parsePeriod({}, now)).toEqual({ year: 2027, month: null });
    expect(parsePeriod({ year: "2026" }, now)).toEqual({ year: 2026, month: null });
    expect(parsePeriod({ month: "2027-02" }, now)).toEqual({ year: 2027, month: 2 });
    expect(() => parsePeriod({ month: "2027-13" }, now)).toThrow("月份写错了：2027-13（例如 --month 2027-02）");
    expect(() => parsePeriod({ year: "27" }, now)).toThrow("年份写错了：27（例如 --year 2027）");
    expect(() => parsePeriod({ year: "2026", month: "2027-02" }, now)).toThrow("--year 2026 和 --month 2027-02 不是同一年");
  });
});

describe("calendar check", () => {
  it("lists what the 2027 example adds", () => {
    expect(checkCalendarText("holidays-2027.json", loadHolidaysFile(FIXTURE))).toBe(
      [
        "节假日文件 holidays-2027.json 格式正确，共 1 年：",
        "",
        "2027 年（chinese-days 没有这一年的数据，由本文件提供）：",
        "放假：",
        "  1月1日（周五）至1月3日（周日） 元旦，3 天",
        "  2月5日（周五）至2月13日（周六） 春节，9 天",
        "调休上班：",
        "  2月20日（周六） 春节调休",
        "与不用这个文件相比，有 8 天的上班/放假不同",
      ].join("\n"),
    );
  });

  it("runs as a command: check exits 1 on a bad file; show reads HOLIDAYS_FILE", { timeout: 60_000 }, () => {
    const good = cli(["check", FIXTURE]);
    expect([good.status, good.stderr]).toEqual([0, ""]);
    expect(good.stdout.split("\n")[0]).toBe(`节假日文件 ${FIXTURE} 格式正确，共 1 年：`);
    const file = join(mkdtempSync(join(tmpdir(), "qinqing-cal-")), "holidays.json");
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: { "2027-02-30": "春节" }, workday: {} }));
    const bad = cli(["check", file]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      `节假日文件 ${file}（HOLIDAYS_FILE）不能使用，请改正后重试：\n` +
        "  · 不认识的字段 workday（可用的字段：year、source、holidays、workdays）\n",
    );
    const show = cli(["show", "--month", "2027-02"], { HOLIDAYS_FILE: FIXTURE, SCHOOL_DAY_START: "08:00" });
    expect(show.stderr).toBe("");
    expect(show.stdout.split("\n").slice(1, 3)).toEqual([`数据来源：HOLIDAYS_FILE（${FIXTURE}）`, "上班时间：工作日 08:00–17:30（北京时间）"]);
  });
});
