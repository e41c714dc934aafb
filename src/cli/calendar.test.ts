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

  it("says where a year's data come from: the file, or the statutory holidays alone", () => {
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
    expect(showCalendarText(cal, 2027, null)).toBe(
      [
        "2027 年节假日和调休",
        "数据来源：没有 2027 年的节假日安排：暂按《全国年节及纪念日放假办法》的法定节假日（标［法定］）和周末放假，调休安排不知道。安排公布后请升级 chinese-days，或写进 HOLIDAYS_FILE",
        "上班时间：工作日 07:30–17:30（北京时间）",
        "放假：",
        "  1月1日（周五） 元旦［法定］",
        "  2月5日（周五）至2月8日（周一） 春节，4 天［法定］",
        "  4月5日（周一） 清明节［法定］",
        "  5月1日（周六）至5月2日（周日） 劳动节，2 天［法定］",
        "  6月9日（周三） 端午节［法定］",
        "  9月15日（周三） 中秋节［法定］",
        "  10月1日（周五）至10月3日（周日） 国庆节，3 天［法定］",
        "调休上班：无",
        "2027 年共有工作日 254 天",
      ].join("\n"),
    );
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
        // 2027-02-05 and 02-08 are statutory days off even without the file; 4-5, 6-9, 9-15 and 10-1 become working days.
        "与不用这个文件相比，有 9 天的上班/放假不同",
        "注意：4月5日（周一） 是法定节假日（清明节），文件没有把它写进 holidays，按这个文件要上班，请核对",
        "注意：6月9日（周三） 是法定节假日（端午节），文件没有把它写进 holidays，按这个文件要上班，请核对",
        "注意：9月15日（周三） 是法定节假日（中秋节），文件没有把它写进 holidays，按这个文件要上班，请核对",
        "注意：10月1日（周五） 是法定节假日（国庆节），文件没有把它写进 holidays，按这个文件要上班，请核对",
      ].join("\n"),
    );
  });

  it("warns (not an error) about a 调休 working day on an ordinary weekday", () => {
    const overrides = { holidays: { "2026-10-08": "国庆节" }, workdays: { "2026-10-12": "上班", "2026-10-10": "国庆节" }, years: [2026], file: "h.json" };
    expect(checkCalendarText("h.json", overrides).split("\n").slice(3)).toEqual([
      "放假：",
      "  10月8日（周四） 国庆节",
      "调休上班：",
      "  10月10日（周六） 国庆节调休",
      "  10月12日（周一） 上班调休",
      "与不用这个文件相比，有 1 天的上班/放假不同",
      "注意：workdays 里的 10月12日（周一） 本来就是工作日（调休上班一般在周六、周日），请核对日期是否写错",
    ]);
  });

  it("runs as a command: check exits 1 on a bad file; show reads HOLIDAYS_FILE", { timeout: 60_000 }, () => {
    const good = cli(["check", FIXTURE]);
    expect([good.status, good.stderr]).toEqual([0, ""]);
    expect(good.stdout.split("\n")[0]).toBe(`节假日文件 ${FIXTURE} 格式正确，共 1 年：`);
    const file = join(mkdtempSync(join(tmpdir(), "qinqing-cal-")), "holidays.json");
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: { "2027-02-30": "春节" }, workday: {} }));
    const problems =
      "  · 不认识的字段 workday（可用的字段：year、source、holidays、workdays）\n" +
      "  · holidays 里的 2027-02-30：不是有效日期（应写成 YYYY-MM-DD，例如 2027-02-06）\n";
    const bad = cli(["check", file]);
    expect([bad.status, bad.stderr]).toEqual([1, `节假日文件 ${file} 不能使用，请改正后重试：\n${problems}`]);
    // Named as HOLIDAYS_FILE only when it is the configured file.
    const configured = cli(["check", file], { HOLIDAYS_FILE: file });
    expect([configured.status, configured.stderr]).toEqual([1, `节假日文件 ${file}（HOLIDAYS_FILE）不能使用，请改正后重试：\n${problems}`]);
    const show = cli(["show", "--month", "2027-02"], { HOLIDAYS_FILE: FIXTURE, SCHOOL_DAY_START: "08:00" });
    expect(show.stderr).toBe("");
    expect(show.stdout.split("\n").slice(1, 3)).toEqual([`数据来源：HOLIDAYS_FILE（${FIXTURE}）`, "上班时间：工作日 08:00–17:30（北京时间）"]);
  });
});
