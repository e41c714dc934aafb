import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, withTx } from "../src/db/client.ts";

function cli(args: string[], dbUrl: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: "silent" } });
}

describe("operator CLI", () => {
  it("seeds the demo school once, then issues fresh codes for a class into an Excel-ready CSV", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    const url = `file:${join(dir, "school.db")}`;
    const seeded = cli(["seed"], url);
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toContain("demo school seeded");
    expect(seeded.stdout).toMatch(/张小明妈妈\s+刘丽\s+ATE8C94M/);
    expect(cli(["seed"], url).stdout).toContain("already has a school; nothing seeded");

    const out = join(dir, "codes.csv");
    const issued = cli(["codes", "issue", "--class", "三年级1班", "--out", out], url);
    expect(issued.status).toBe(0);
    expect(issued.stdout).toBe(`26 codes written to ${out}\n`);
    const csv = readFileSync(out, "utf8");
    expect(csv.startsWith("\uFEFF班级,学生,姓名,关系/角色,绑定码,有效期至\r\n")).toBe(true);
    const rows = csv.trim().split("\r\n").slice(1).map((l) => l.split(","));
    expect(rows).toHaveLength(26);
    expect(rows[0]!.slice(0, 4)).toEqual(["三年级1班", "张小明", "张伟", "爸爸"]);
    expect(rows.every((r) => /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/.test(r[4]!))).toBe(true);

    const db = await openDb(url);
    const state = await withTx(db, async (tx) => ({
      live: await tx.bindingCode.findMany({ where: { code: { in: rows.map((r) => r[4]!) }, usedAt: null, revokedAt: null } }),
      oldDemo: await tx.bindingCode.findUnique({ where: { code: "ATE8C94M" } }),
      untouched: await tx.bindingCode.findUnique({ where: { code: "A95SH6YP" } }),
    }));
    await db.$disconnect();
    expect(state.live).toHaveLength(26);
    expect(state.oldDemo!.revokedAt).not.toBeNull(); // 张小明妈妈's printed demo code is void now
    expect(state.untouched!.revokedAt).toBeNull(); // the coordinator is not in that class
  });

  it("refuses an unknown class with a clear message and exit 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cli-"));
    const url = `file:${join(dir, "school.db")}`;
    expect(cli(["seed"], url).status).toBe(0);
    const r = cli(["codes", "issue", "--class", "九年级9班"], url);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("no class named 九年级9班\n");
  });
});
