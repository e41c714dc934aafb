import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tmp = () => mkdtempSync(join(tmpdir(), "qinqing-start-"));

describe("npm start", () => {
  it("without a token opens the simulator on the demo school, seeded on first start", () => {
    const dir = tmp();
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      input: "绑定 ATE8C94M\n/as 王建国\n/who\n/quit\n",
      encoding: "utf8",
      env: { ...process.env, SIMULATOR_DATABASE_URL: `file:${join(dir, "data", "sim.db")}` /* no data/ folder yet, as on a fresh clone */, WECHATY_PUPPET_SERVICE_TOKEN: "" },
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("亲情桥 Qinqing Bridge 模拟器");
    expect(r.stdout).toContain("→ 张小明妈妈: 绑定成功！您是：刘丽，三年级1班 张小明、五年级1班 张小红的妈妈。");
    expect(r.stdout).toContain("现在您是“王建国”（王建国）。");
    expect(r.stdout).toContain("张小明奶奶（张桂兰）  绑定码 J3MWN37P");
  });

  it("with a token connects through the puppet service, retries while it is down, and stops cleanly on SIGTERM", async () => {
    const dir = tmp();
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(dir, "prod.db")}`,
        WECHATY_PUPPET_SERVICE_TOKEN: "insecure_starttest",
        WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${port}`,
        RECONNECT_BASE_MS: "100",
        RECONNECT_MAX_MS: "200",
        LOG_LEVEL: "info",
      },
    });
    let log = "";
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    const end = Date.now() + 40_000;
    while (!/reconnect attempt failed|connection lost/.test(log) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const lines = log.trim().split("\n").map((l) => JSON.parse(l) as { module?: string; msg: string });
    expect(lines.some((l) => l.module === "main" && l.msg === "bot starting")).toBe(true);
    expect(lines.some((l) => l.module === "transport")).toBe(true);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(log).toContain('"msg":"stopped"');
    // The database was created and migrated at start.
    expect(readFileSync(join(dir, "prod.db")).subarray(0, 15).toString()).toBe("SQLite format 3");
  });
});
