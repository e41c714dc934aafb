import * as PUPPET from "wechaty-puppet";
import { afterEach, describe, expect, it, vi } from "vitest";
import { printLoginQr } from "./wechaty.ts";

afterEach(() => vi.restoreAllMocks());

describe("printLoginQr", () => {
  it("prints a scannable QR code while waiting for a scan, and nothing once scanned", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
    printLoginQr("https://login.weixin.qq.com/l/abc", PUPPET.types.ScanStatus.Waiting);
    expect(lines[0]).toBe("请用学校的微信号扫码登录 (scan with the school's WeChat account):");
    const qr = lines.slice(1).join("\n");
    expect(qr.split("\n").length).toBeGreaterThan(10); // a block of QR rows
    expect(qr).toMatch(/[▀▄█]/);
    lines.length = 0;
    printLoginQr("https://login.weixin.qq.com/l/abc", PUPPET.types.ScanStatus.Confirmed);
    expect(lines).toEqual([]);
  });
});
