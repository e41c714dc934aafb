import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tmp = () => mkdtempSync(join(tmpdir(), "qinqing-hstart-"));

/** Runs `script` (tsx) with these settings on temporary databases and files; `input` on stdin. */
function run(script: string, args: string[], env: Record<string, string>, input = "") {
  const dir = tmp();
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    input,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      LOG_LEVEL: "silent",
      ATTACHMENT_DIR: join(dir, "files"),
      SIMULATOR_DATABASE_URL: `file:${join(dir, "sim.db")}`,
      DATABASE_URL: `file:${join(dir, "prod.db")}`,
      WECHATY_PUPPET_SERVICE_TOKEN: "",
      HOLIDAYS_FILE: "",
      ...env,
    },
  });
}

describe("a bad HOLIDAYS_FILE stops every start with the Chinese message only", () => {
  const dir = tmp();
  const bad = join(dir, "holidays.json");
  writeFileSync(bad, "{not json");
  const transcript = join(dir, "t.txt");
  writeFileSync(transcript, "张小明妈妈: 帮助\n/clock 2026-12-02T09:00\n");
  /** The whole stderr: the message alone (JSON.parse's reason varies by Node version), no stack. */
  const message = expect.stringMatching(new RegExp(`^节假日文件 ${bad}（HOLIDAYS_FILE）不能使用，请改正后重试：\\n  · 不是有效的 JSON（第 1 行第 2 列附近）：[^\\n]+\\n$`));

  it("npm run simulate -- <transcript>: exit 1 before the first line", () => {
    const r = run("src/cli/simulate.ts", [transcript], { HOLIDAYS_FILE: bad });
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", message]);
  });

  it("npm start without a token (interactive simulator): exit 1 before opening", () => {
    const r = run("src/main.ts", [], { HOLIDAYS_FILE: bad }, "帮助\n/quit\n");
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", message]);
  });

  it("npm start with a token (production): exit 1 before the database or WeChat", () => {
    const prod = join(tmp(), "prod.db");
    const r = run("src/main.ts", [], { HOLIDAYS_FILE: bad, DATABASE_URL: `file:${prod}`, WECHATY_PUPPET_SERVICE_TOKEN: "insecure_start", WECHATY_PUPPET_SERVICE_ENDPOINT: "127.0.0.1:9" });
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", message]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(prod)).toBe(false);
  });
});

describe("the interactive simulator's calendar warning", () => {
  it("is printed once at start, one line on stdout, when next year's arrangement is unknown", () => {
    const r = run("src/main.ts", [], {}, "/quit\n");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toMatch(/^缺少 2027 年的节假日安排（国务院通常在前一年年底公布）：暂按《全国年节及纪念日放假办法》的法定节假日.* \/ No holiday arrangement for 2027: /);
    expect(lines.filter((l) => l.includes("节假日安排"))).toHaveLength(1);
  });
});
