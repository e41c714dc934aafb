import { describe, expect, it } from "vitest";
import { parseVisitText } from "../../src/domain/care/visits.ts";
import { parseReviewDay, splitReview } from "../../src/domain/care/plans.ts";
import { parseWatchArgs } from "../../src/domain/care/watch-list.ts";
import { termStartOf } from "../../src/domain/care/reminders.ts";

describe("parseVisitText", () => {
  it("reads labelled parts in any order, with either colon; unlabelled text is the situation", () => {
    expect(parseVisitText("见到：奶奶 情况：家里整洁 意见:希望多视频 跟进: 下月再访")).toEqual({ metWith: "奶奶", situation: "家里整洁", guardianViews: "希望多视频", followUp: "下月再访" });
    expect(parseVisitText("家庭情况：爷爷生病，见到了：爷爷；后续跟进：无")).toEqual({ metWith: "爷爷", situation: "爷爷生病", guardianViews: null, followUp: null });
    expect(parseVisitText("家里开了小卖部 意见：希望孩子多看书")).toEqual({ metWith: null, situation: "家里开了小卖部", guardianViews: "希望孩子多看书", followUp: null });
    expect(parseVisitText("妈妈在家照顾，情况不错")).toEqual({ metWith: null, situation: "妈妈在家照顾，情况不错", guardianViews: null, followUp: null });
    expect(parseVisitText("见到：奶奶")).toEqual({ metWith: "奶奶", situation: null, guardianViews: null, followUp: null });
  });
});

describe("review dates", () => {
  const today = "2026-12-01";
  it("reads dates with and without a year, and relative days; a yearless date up to half a year ahead is next year's", () => {
    expect(parseReviewDay("2027-01-15", today)).toBe("2027-01-15");
    expect(parseReviewDay("2027年1月15日", today)).toBe("2027-01-15");
    expect(parseReviewDay("1月15号", today)).toBe("2027-01-15");
    expect(parseReviewDay("12/20", today)).toBe("2026-12-20");
    expect(parseReviewDay("11月30日", today)).toBe("2026-11-30"); // past, refused by the caller
    expect(parseReviewDay("30天后", today)).toBe("2026-12-31");
    expect(parseReviewDay("两周后", today)).toBe("2026-12-15");
    expect(parseReviewDay("3个月后", "2026-11-30")).toBe("2027-02-28");
    expect(parseReviewDay("2月30日", today)).toBeNull();
  });
  it("reads days in words (Tuesday 2026-12-01): 明天, 后天, 下周一, 本周五; 昨天 is past", () => {
    expect(parseReviewDay("明天", today)).toBe("2026-12-02");
    expect(parseReviewDay("后天", today)).toBe("2026-12-03");
    expect(parseReviewDay("下周一", today)).toBe("2026-12-07");
    expect(parseReviewDay("本周五", today)).toBe("2026-12-04");
    expect(parseReviewDay("昨天", today)).toBe("2026-11-30");
    expect(splitReview("多鼓励 复查 昨天", today)).toEqual({ content: "多鼓励", review: { kind: "past", day: "2026-11-30" } });
    expect(parseReviewDay("乱写", today)).toBeNull();
  });
  it("splits the trailing review date from the plan", () => {
    expect(splitReview("每周通电话 复查 1月15日", today)).toEqual({ content: "每周通电话", review: { kind: "date", day: "2027-01-15" } });
    expect(splitReview("每周通电话，复查日期：2027-01-15。", today)).toEqual({ content: "每周通电话", review: { kind: "date", day: "2027-01-15" } });
    expect(splitReview("多鼓励 复查 2026-12-01", today)).toEqual({ content: "多鼓励", review: { kind: "past", day: "2026-12-01" } });
    expect(splitReview("每周谈心，复查作业", today)).toEqual({ content: "每周谈心，复查作业", review: { kind: "none" } });
    expect(splitReview("多鼓励 复查 下个月", today)).toEqual({ content: "多鼓励", review: { kind: "bad", text: "下个月" } });
  });
});

describe("parseWatchArgs and termStartOf", () => {
  it("takes a leading level word, else 一般", () => {
    expect(parseWatchArgs("差 父母联系不上")).toEqual({ level: "POOR", reason: "父母联系不上" });
    expect(parseWatchArgs("较好，刚转来")).toEqual({ level: "GOOD", reason: "刚转来" });
    expect(parseWatchArgs("差不多每天迟到")).toEqual({ level: "FAIR", reason: "差不多每天迟到" });
    expect(parseWatchArgs("一般")).toEqual({ level: "FAIR", reason: "" });
  });
  it("finds the latest term start on or before today, across the new year", () => {
    expect(termStartOf(["03-01", "09-01"], "2026-12-01")).toBe("2026-09-01");
    expect(termStartOf(["09-01", "03-01"], "2027-02-10")).toBe("2026-09-01");
    expect(termStartOf(["03-01", "09-01"], "2027-03-01")).toBe("2027-03-01");
    expect(termStartOf([], "2027-03-01")).toBeNull();
  });
});

describe("guardianship level words people write", () => {
  it("很差 and 比较好 are levels, not part of the reason", () => {
    expect(parseWatchArgs("很差 打架")).toEqual({ level: "POOR", reason: "打架" });
    expect(parseWatchArgs("比较好 刚转来")).toEqual({ level: "GOOD", reason: "刚转来" });
  });
});
