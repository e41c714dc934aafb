import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDateShanghai, formatDateTimeZh, formatIsoShanghai, formatShortZh, parseDuration } from "./time.ts";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["5min", 300_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["3d", 259_200_000],
    ["1w", 604_800_000],
    ["250ms", 250],
    ["1.5h", 5_400_000],
    [" 2h ", 7_200_000],
    ["PT2H30M", 9_000_000],
    ["pt45s", 45_000],
    ["P1D", 86_400_000],
    ["P1DT1H", 90_000_000],
  ])("%s -> %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", " ", "5", "2x", "h", "1h2x", "-1h", "2 hours", "P", "PT", "P1W2"])("rejects %j with RangeError", (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
  });
});

describe("formatting in Asia/Shanghai", () => {
  // 11:00 UTC is 19:00 in Shanghai (UTC+8, no daylight saving).
  const at = new Date("2026-12-05T11:00:00Z");

  it("formats the school's wall time", () => {
    expect(formatDateTimeZh(at)).toBe("2026年12月5日（周六）19:00");
    expect(formatShortZh(at)).toBe("12月5日 19:00");
    expect(formatIsoShanghai(at)).toBe("2026-12-05T19:00:00+08:00");
    expect(formatDateShanghai(at)).toBe("2026-12-05");
  });

  it("rolls over to the Shanghai date, not the UTC date", () => {
    const lateUtc = new Date("2026-12-05T16:30:00Z");
    expect(formatDateTimeZh(lateUtc)).toBe("2026年12月6日（周日）00:30");
    expect(formatDateShanghai(lateUtc)).toBe("2026-12-06");
    expect(formatShortZh(new Date("2026-12-31T15:59:00Z"))).toBe("12月31日 23:59");
    expect(formatDateTimeZh(new Date("2026-12-31T16:00:00Z"))).toBe("2027年1月1日（周五）00:00");
  });

  it("gives the same text whatever the process's TZ is", () => {
    // A child process per zone, so this process's environment is left alone.
    const timeModule = fileURLToPath(new URL("./time.ts", import.meta.url));
    const script = `const { formatDateTimeZh } = await import(${JSON.stringify(timeModule)});
      process.stdout.write(formatDateTimeZh(new Date("2026-12-05T11:00:00Z")) + "|" + formatDateTimeZh(new Date("2026-07-01T02:05:00Z")));`;
    for (const tz of ["UTC", "America/Los_Angeles", "Asia/Shanghai", "Pacific/Kiritimati"]) {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { ...process.env, TZ: tz },
        encoding: "utf8",
      });
      expect(out, tz).toBe("2026年12月5日（周六）19:00|2026年7月1日（周三）10:05");
    }
  });
});
