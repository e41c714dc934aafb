import { describe, expect, it } from "vitest";
import { openSync } from "node:fs";
import { fileErrorText } from "./cli.ts";

describe("fileErrorText", () => {
  it("turns Node's file errors into Chinese naming the path, and leaves other errors alone", () => {
    let err: unknown;
    try {
      openSync("/nonexistent-folder-qq/x.xlsx", "w");
    } catch (e) {
      err = e;
    }
    expect(fileErrorText(err)).toBe("无法打开文件 /nonexistent-folder-qq/x.xlsx：文件或它所在的文件夹不存在，请检查路径");
    expect(fileErrorText(new Error("boom"))).toBeNull();
    expect(fileErrorText(null)).toBeNull();
  });
});
