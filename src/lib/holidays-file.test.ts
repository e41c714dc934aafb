import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HolidaysFileError, isIsoDate, loadHolidaysFile, parseHolidaysFile } from "./holidays-file.ts";

const FIXTURE = resolve(import.meta.dirname, "../../test/fixtures/holidays-2027.json");
const HEAD = "节假日文件 h.json 不能使用，请改正后重试：";
/** The message of the error parsing `value` (as JSON) throws. */
function errorOf(value: unknown): string {
  try {
    parseHolidaysFile(typeof value === "string" ? value : JSON.stringify(value), "h.json");
  } catch (err) {
    expect(err).toBeInstanceOf(HolidaysFileError);
    return (err as Error).message;
  }
  throw new Error("no error");
}
const lines = (...problems: string[]) => [HEAD, ...problems.map((p) => `  · ${p}`)].join("\n");

describe("holidays file", () => {
  it("reads the 2027 example: one year object", () => {
    const o = loadHolidaysFile(FIXTURE);
    expect(o.years).toEqual([2027]);
    expect(o.file).toBe(FIXTURE);
    expect(Object.keys(o.holidays)).toHaveLength(12);
    expect(o.holidays["2027-02-06"]).toBe("春节");
    expect(o.workdays).toEqual({ "2027-02-20": "春节调休" });
  });

  it("reads an array of years, with a BOM, workdays optional", () => {
    const text = "\uFEFF" + JSON.stringify([{ year: 2028, holidays: { "2028-01-01": "元旦" } }, { year: 2027, holidays: { "2027-01-01": "元旦" }, workdays: {} }]);
    const o = parseHolidaysFile(text, "h.json");
    expect(o).toEqual({ holidays: { "2028-01-01": "元旦", "2027-01-01": "元旦" }, workdays: {}, years: [2027, 2028], file: "h.json" });
  });

  it("names the bad entry: bad date, wrong year, a date in both lists, a year twice", () => {
    expect(errorOf({ year: 2027, holidays: { "2027-02-30": "春节", "2027/02/06": "春节" } })).toBe(
      lines(
        "holidays 里的 2027-02-30：不是有效日期（应写成 YYYY-MM-DD，例如 2027-02-06）",
        "holidays 里的 2027/02/06：不是有效日期（应写成 YYYY-MM-DD，例如 2027-02-06）",
      ),
    );
    expect(errorOf({ year: 2027, holidays: { "2026-12-31": "元旦" }, workdays: { "2027-02-20": "春节调休" } })).toBe(lines("holidays 里的 2026-12-31：不在 2027 年"));
    expect(errorOf({ year: 2027, holidays: { "2027-02-20": "春节" }, workdays: { "2027-02-20": "春节调休" } })).toBe(
      lines("2027-02-20 同时写在 holidays（放假）和 workdays（调休上班）里"),
    );
    expect(errorOf([{ year: 2027, holidays: { "2027-01-01": "元旦" } }, { year: 2027, holidays: { "2027-02-06": "春节" } }])).toBe(
      lines("第 2 项（2027 年）：2027 年写了不止一次：同一年的日期请写在一起"),
    );
    expect(errorOf({ year: 2027, holidays: {} })).toBe(lines("holidays 里没有日期：每年至少有元旦、春节等假日"));
  });

  it("names shape errors: missing or wrong fields, unknown keys, empty names, not JSON", () => {
    expect(errorOf([{ year: "2027", holiday: {}, holidays: { "2027-01-01": "" } }, { holidays: { "2028-01-01": "元旦" } }, 5])).toBe(
      lines(
        "第 1 项：year 应为 2000 到 2100 之间的整数年份，例如 2027",
        "第 1 项：holidays 里的 2027-01-01：名称应为文字且不能为空，例如 \"春节\"",
        "第 1 项：不认识的字段 holiday（可用的字段：year、source、holidays、workdays）",
        "第 2 项：缺少 year",
        "第 3 项：应为 { \"year\": 2027, \"holidays\": {…}, \"workdays\": {…} } 这样的对象",
      ),
    );
    expect(errorOf({ year: 2027, holidays: ["2027-01-01"] })).toBe(lines("holidays 应为 { \"日期\": \"名称\" } 这样的对象，例如 { \"2027-02-06\": \"春节\" }"));
    expect(errorOf([])).toBe(lines("文件是空的数组：至少写一年，例如 { \"year\": 2027, \"holidays\": { \"2027-01-01\": \"元旦\" } }"));
    expect(errorOf('{\n  "year": 2027\n  "holidays": {}\n}')).toMatch(new RegExp(`^${HEAD}\\n  · 不是有效的 JSON（第 3 行第 3 列附近）：`));
  });

  it("reports shape and date problems together, so one run shows every problem", () => {
    expect(
      errorOf({ year: 2027, extra: 1, holidays: { "2027-01-01": "", "2027-02-30": "春节", "2026-12-31": "元旦", "2027-02-20": "春节" }, workdays: { "2027-02-20": "春节调休" } }),
    ).toBe(
      lines(
        "holidays 里的 2027-01-01：名称应为文字且不能为空，例如 \"春节\"",
        "不认识的字段 extra（可用的字段：year、source、holidays、workdays）",
        "holidays 里的 2027-02-30：不是有效日期（应写成 YYYY-MM-DD，例如 2027-02-06）",
        "holidays 里的 2026-12-31：不在 2027 年",
        "2027-02-20 同时写在 holidays（放假）和 workdays（调休上班）里",
      ),
    );
    // A bad year still has its dates checked (not against the year); a list of the wrong shape is skipped.
    expect(errorOf([{ year: "2027", holidays: { "2027-13-01": "春节" } }, { year: 2028, holidays: [], workdays: { "2028-01-01": "元旦" } }])).toBe(
      lines(
        "第 1 项：year 应为 2000 到 2100 之间的整数年份，例如 2027",
        "第 2 项（2028 年）：holidays 应为 { \"日期\": \"名称\" } 这样的对象，例如 { \"2027-02-06\": \"春节\" }",
        "第 1 项：holidays 里的 2027-13-01：不是有效日期（应写成 YYYY-MM-DD，例如 2027-02-06）",
      ),
    );
  });

  it("reports an unreadable file in Chinese, naming it as HOLIDAYS_FILE only when it is the setting", () => {
    expect(() => loadHolidaysFile("/nonexistent/h.json", { setting: true })).toThrow("节假日文件 /nonexistent/h.json（HOLIDAYS_FILE）不能使用，请改正后重试：\n  · 文件不存在，请检查路径");
    expect(() => loadHolidaysFile("/nonexistent/h.json")).toThrow("节假日文件 /nonexistent/h.json 不能使用，请改正后重试：\n  · 文件不存在，请检查路径");
    expect(() => parseHolidaysFile("[]", "h.json", { setting: true })).toThrow("节假日文件 h.json（HOLIDAYS_FILE）不能使用");
  });

  it("isIsoDate accepts real YYYY-MM-DD dates only", () => {
    expect(["2028-02-29", "2027-02-29", "2027-2-1", "2027-13-01", " 2027-01-01"].map(isIsoDate)).toEqual([true, false, false, false, false]);
  });
});
