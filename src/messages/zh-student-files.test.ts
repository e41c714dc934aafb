import { describe, expect, it } from "vitest";
import { COVERAGE_REPLY_BUDGET, coverageText, type CoverageView } from "./zh.ts";
import { charLength } from "../lib/text.ts";

const rate = (x: number) => `${(x * 100).toFixed(1)}%`;

function report(classes: number, gaps: number): CoverageView {
  return {
    children: classes * 40,
    withFile: classes * 40 - gaps,
    fileRate: 1 - gaps / (classes * 40),
    cardComplete: classes * 40,
    cardRate: 1,
    guardians: classes * 100,
    guardiansBound: classes * 50,
    bindingRate: 0.5,
    classes: Array.from({ length: classes }, (_, i) => ({ classId: i + 1, className: `${i + 1}年级${i + 1}班`, children: 40, withFile: 40, cardComplete: 40, guardians: 100, guardiansBound: 50 })),
    gaps: Array.from({ length: gaps }, (_, i) => ({ studentId: i + 1, name: `学生${i + 1}`, studentNo: `2026${String(i + 1).padStart(4, "0")}`, className: "一年级1班", missing: ["出生日期", "家庭住址", "父亲电话", "母亲务工地点"] })),
  };
}

describe("coverageText", () => {
  it("stays within the reply budget for a large school, counting what it leaves out", () => {
    const text = coverageText(report(40, 200), rate, true);
    expect(charLength(text)).toBeLessThanOrEqual(COVERAGE_REPLY_BUDGET);
    const lines = text.split("\n");
    expect(lines.at(-1)).toMatch(/^还有 \d+ 名未列出，完整名单请用 roster stats 导出/);
    expect(lines.some((l) => /^另有 \d+ 个班级未列出。$/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith("· ")).length).toBeGreaterThan(10);
  });

  it("tells a teacher to ask the coordinator for the full list, and says when there are no children", () => {
    expect(coverageText(report(1, 12), rate, false).split("\n").at(-1)).toBe("还有 2 名未列出，完整名单请负责人用 roster stats 导出（npm run cli -- roster stats）。");
    expect(coverageText({ ...report(0, 0), fileRate: 0, cardRate: 0, bindingRate: 0 }, rate, false)).toBe(
      "建档情况（您任教的班级）\n在读留守儿童：0 人\n没有在读的留守儿童，以下比率都按 0 计。\n建档率：0.0%（0 人中 0 人档案完整）\n联系卡完整率：0.0%（0 人中 0 人）\n绑定率：0.0%（家长和监护人 0 人中 0 人已绑定微信）",
    );
  });
});
