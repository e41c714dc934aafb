import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs `npm run simulate -- <file>` as a user would (tsx, fresh temporary database; files saved in a temp dir). */
function simulate(file: string) {
  const env = { ...process.env, LOG_LEVEL: "silent", ATTACHMENT_DIR: mkdtempSync(join(tmpdir(), "qinqing-att-")) };
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/simulate.ts", file], { encoding: "utf8", env });
}

function transcript(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "qinqing-tx-")), "t.txt");
  writeFileSync(file, text);
  return file;
}

describe("scripted simulator (the acceptance harness)", () => {
  it("runs the acceptance transcript and prints exactly the recorded output", () => {
    const r = simulate("examples/first-day.txt");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync("examples/first-day.out", "utf8"));
  });

  it("runs the hotline transcript (issue #4) and prints exactly the recorded output", () => {
    const r = simulate("examples/hotline.txt");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync("examples/hotline.out", "utf8"));
  });

  it("runs the talks and care transcript (issue #6) and prints exactly the recorded output", () => {
    const r = simulate("examples/talks.txt");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync("examples/talks.out", "utf8"));
  });

  it("runs the reunion video transcript (issue #5) and prints exactly the recorded output", () => {
    const r = simulate("examples/reunions.txt");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync("examples/reunions.out", "utf8"));
  });

  it("exits 1 when an /expect fails, and 2 on a line that fits no form", () => {
    const failed = simulate(transcript("路人甲: 帮助\n/expect 绑定成功\n"));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/t\.txt:2: expectation failed: \/expect 绑定成功/);
    const bad = simulate(transcript("this line has no colon\n"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/t\.txt:1: expected `<person>: <message>`/);
  });

  it("supports groups, non-text messages, friend requests, /advance and /replay", () => {
    const r = simulate(
      transcript(
        [
          "[三年级1班家长群] 路人甲: @家校助手 我是谁",
          "/expect-not 张小明",
          "张小明奶奶: [语音]",
          "/friend 张小明奶奶 我是张小明的奶奶 J3MWN37P",
          "/expect 绑定成功！您是：张桂兰",
          "/replay",
          "/advance 2h",
          "张小明奶奶: 我是谁",
          "/expect 张小明的奶奶",
        ].join("\n"),
      ),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("→ [三年级1班家长群]: @路人甲 您还没有绑定身份。");
  });
});
