import { describe, expect, it } from "vitest";
import { localSpanText, zoneOfWorkCity } from "./world-time.ts";

const at = (iso: string) => Date.parse(iso);

describe("work city time zones (parents abroad)", () => {
  it("finds the most precise place named, country then city", () => {
    expect(zoneOfWorkCity("阿联酋迪拜")).toEqual({ zone: "Asia/Dubai", place: "迪拜" });
    expect(zoneOfWorkCity("美国洛杉矶")).toEqual({ zone: "America/Los_Angeles", place: "洛杉矶" });
    expect(zoneOfWorkCity("在日本打工")).toEqual({ zone: "Asia/Tokyo", place: "日本" });
    expect(zoneOfWorkCity("广东东莞")).toBeNull();
    expect(zoneOfWorkCity(null)).toBeNull();
  });

  it("shows the local clock, across the date line and daylight saving; none for Beijing's offset", () => {
    const s = at("2026-12-05T11:00:00Z"); // 19:00 in Beijing
    expect(localSpanText(s, s + 30 * 60_000, "阿联酋迪拜")).toBe("迪拜时间 12月5日 15:00–15:30");
    expect(localSpanText(s, s + 30 * 60_000, "日本东京")).toBe("东京时间 12月5日 20:00–20:30");
    expect(localSpanText(s, s + 30 * 60_000, "美国纽约")).toBe("纽约时间 12月5日 06:00–06:30");
    const summer = at("2027-07-03T11:00:00Z");
    expect(localSpanText(summer, summer + 30 * 60_000, "美国纽约")).toBe("纽约时间 7月3日 07:00–07:30");
    expect(localSpanText(s, s + 30 * 60_000, "新加坡")).toBeNull();
    expect(localSpanText(s, s + 30 * 60_000, "浙江义乌")).toBeNull();
  });
});
