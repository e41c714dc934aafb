import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, withTx } from "../src/db/client.ts";
import { dayjs, SCHOOL_TZ } from "../src/lib/time.ts";

/** Runs the operator CLI with both databases in `dir` (never the developer's .env databases). */
function cli(args: string[], dir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${join(dir, "school.db")}`, SIMULATOR_DATABASE_URL: `file:${join(dir, "sim.db")}`, LOG_LEVEL: "silent", ...env },
  });
}

/** The date a code issued now is valid through (BINDING_CODE_TTL_DAYS = 30), as the sheet prints it. */
const validThrough = () => dayjs().tz(SCHOOL_TZ).add(30, "day").format("YYYY-MM-DD");

function readCsv(file: string): string[][] {
  const csv = readFileSync(file, "utf8");
  expect(csv.startsWith("\uFEFF班级,学生,姓名,关系/角色,绑定码,有效期至\r\n")).toBe(true);
  return csv.trim().split("\r\n").slice(1).map((l) => l.split(","));
}

describe("operator CLI", () => {
  // Five CLI runs of a few seconds each (tsx start, migrations).
  it("seeds the demo school into the simulator's database once; codes issue reuses live codes, --renew replaces them", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    const sim = `file:${join(dir, "sim.db")}`;
    const seeded = cli(["seed"], dir);
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toContain(`演示学校已写入 ${sim}：80 人，每人一个绑定码，有效期至 ${validThrough()}`);
    expect(seeded.stdout).toMatch(/张小明妈妈\s+刘丽\s+ATE8C94M/);
    expect(existsSync(join(dir, "school.db"))).toBe(false); // the production database is not touched
    expect(cli(["seed"], dir).stdout).toBe(`${sim} 里已经有学校，没有写入演示数据（要重新开始请加 --reset）\n`);

    // First sheet: the seeded codes are still live, so they are reused (printed cards stay valid).
    const third = join(dir, "third.csv");
    const issued = cli(["codes", "issue", "--simulator", "--class", "三年级1班", "--out", third], dir);
    expect(issued.status).toBe(0);
    expect(issued.stdout).toBe(`已写入 ${third} 26 个绑定码：沿用仍有效的 26 个，新发 0 个（要全部换新请加 --renew，旧码会作废）\n`);
    const rows = readCsv(third);
    expect(rows).toHaveLength(26);
    // A guardian of children in two classes: once, with both children and both classes.
    expect(rows.slice(0, 3)).toEqual([
      ["三年级1班、五年级1班", "张小明、张小红", "张伟", "爸爸", "BEEWVFN6", validThrough()],
      ["三年级1班、五年级1班", "张小明、张小红", "刘丽", "妈妈", "ATE8C94M", validThrough()],
      ["三年级1班、五年级1班", "张小明、张小红", "张桂兰", "奶奶", "J3MWN37P", validThrough()],
    ]);
    expect(rows.filter((r) => r[2] === "刘丽")).toHaveLength(1);

    // Second sheet: the siblings' parents get the same codes as on the first sheet.
    const fifth = join(dir, "fifth.csv");
    expect(cli(["codes", "issue", "--simulator", "--class", "五年级1班", "--out", fifth], dir).status).toBe(0);
    const fifthRows = readCsv(fifth);
    expect(fifthRows.find((r) => r[2] === "刘丽")).toEqual(["三年级1班、五年级1班", "张小明、张小红", "刘丽", "妈妈", "ATE8C94M", validThrough()]);

    // --renew: new codes for the class; the old ones are void.
    const renewed = join(dir, "renewed.csv");
    const r = cli(["codes", "issue", "--simulator", "--class", "三年级1班", "--renew", "--out", renewed], dir);
    expect(r.stdout).toBe(`已写入 ${renewed} 26 个绑定码：全部新发，旧的未用绑定码已作废\n`);
    const renewedRows = readCsv(renewed);
    expect(renewedRows.every((row) => /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/.test(row[4]!))).toBe(true);
    expect(renewedRows.some((row) => rows.some((old) => old[4] === row[4]))).toBe(false);

    const db = await openDb(sim);
    const state = await withTx(db, async (tx) => ({
      live: await tx.bindingCode.findMany({ where: { code: { in: renewedRows.map((row) => row[4]!) }, usedAt: null, revokedAt: null } }),
      oldDemo: await tx.bindingCode.findUnique({ where: { code: "ATE8C94M" } }),
      untouched: await tx.bindingCode.findUnique({ where: { code: "A95SH6YP" } }),
    }));
    await db.$disconnect();
    expect(state.live).toHaveLength(26);
    // Valid through the whole printed day: 23:59:59.999 in Asia/Shanghai.
    expect(dayjs(state.live[0]!.expiresAt).tz(SCHOOL_TZ).format("YYYY-MM-DD HH:mm:ss.SSS")).toBe(`${validThrough()} 23:59:59.999`);
    expect(state.oldDemo!.revokedAt).not.toBeNull(); // 张小明妈妈's printed demo code is void now
    expect(state.untouched!.revokedAt).toBeNull(); // the coordinator is not in that class
  });

  it("seeds DATABASE_URL only with --production, warning that the demo codes are public", () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    const r = cli(["seed", "--production"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`演示学校已写入 file:${join(dir, "school.db")}`);
    expect(r.stderr).toContain("绑定码是公开的");
    expect(existsSync(join(dir, "sim.db"))).toBe(false);
  });

  it("refuses an unknown class, listing the classes, with exit 1", { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    expect(cli(["seed"], dir).status).toBe(0);
    const r = cli(["codes", "issue", "--simulator", "--class", "九年级9班"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("没有这个班级：九年级9班。现有班级：三年级1班、四年级1班、五年级1班\n");
  });

  it("explains bad settings one line each, without a stack trace, with exit 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    const r = cli(["codes", "issue"], dir, { OUTBOX_MAX_PER_MINUTE: "abc", DATABASE_URL: "notaurl" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      '设置错误 DATABASE_URL: 应以 file: 开头（本版本只支持 SQLite，例如 file:./data/qinqing.db）（当前值 "notaurl"）\n' +
        '设置错误 OUTBOX_MAX_PER_MINUTE: 应为整数（当前值 "abc"）\n',
    );
  });
});

describe("operator CLI beside a running bot", () => {
  it("issues codes while another process keeps writing to the same database", { timeout: 120_000 }, async () => {
    const { spawn } = await import("node:child_process");
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    expect(cli(["seed", "--production"], dir).status).toBe(0);
    const db = await openDb(`file:${join(dir, "school.db")}`);
    // Stand-in for the running bot: a write transaction every 20 ms.
    let running = true;
    let writes = 0;
    const writer = (async () => {
      while (running) {
        await withTx(db, (tx) => tx.auditLog.create({ data: { at: new Date(), actorType: "SYSTEM", action: "test.tick", entity: "Test" } }));
        writes++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", "codes", "issue", "--class", "三年级1班"], {
      env: { ...process.env, DATABASE_URL: `file:${join(dir, "school.db")}`, SIMULATOR_DATABASE_URL: `file:${join(dir, "sim.db")}`, LOG_LEVEL: "silent" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    running = false;
    await writer;
    await db.$disconnect();
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/26/);
    expect(writes).toBeGreaterThan(10);
  });
});

describe("seed --production --reset", () => {
  it("refuses to delete the production database without --yes", () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    expect(cli(["seed", "--production"], dir).status).toBe(0);
    const r = cli(["seed", "--production", "--reset"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`这会删除正式数据库 file:${join(dir, "school.db")}（所有学生、绑定和绑定码）。确认要这样做，请再加 --yes。\n`);
    expect(existsSync(join(dir, "school.db"))).toBe(true);
  });
});
