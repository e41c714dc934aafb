import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, openSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, withTx } from "../../src/db/client.ts";
import { SAMPLE_XLSX, tempDir, writeText } from "./helpers.ts";

/**
 * Runs the operator CLI on databases in `dir`, in a zone far from Shanghai (dates must not
 * shift with the server's zone).
 */
function cli(args: string[], dir: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, TZ: "America/Los_Angeles", DATABASE_URL: `file:${join(dir, "school.db")}`, SIMULATOR_DATABASE_URL: `file:${join(dir, "sim.db")}`, LOG_LEVEL: "silent" },
  });
}

describe("roster CLI", () => {
  // Several CLI runs of a few seconds each (tsx start, migrations).
  it("imports into a new school, exports, re-imports with no change, and refuses bad files", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const noSchool = cli(["roster", "import", SAMPLE_XLSX], dir);
    expect([noSchool.status, noSchool.stdout, noSchool.stderr]).toEqual([1, "", "数据库里还没有学校：第一次导入请加 --school <学校名称>（并加 --create-classes 新建名单里的班级）\n"]);

    const first = cli(["roster", "import", SAMPLE_XLSX, "--school", "某某镇中心小学", "--create-classes"], dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(
      [
        "文件 roster-school.xlsx，工作表“留守儿童花名册”，表头在第2行，学生 39 行",
        "新增 39，更新 0，未变 0，有问题 0",
        "新建班级：三年级(1)班、四年级(2)班、五年级(1)班",
        "提示：",
        "  第14行 [监护人联系电话] 监护人就是父亲，但电话与父亲联系电话不同：保留了父亲联系电话",
        "名单上没有的在读学生 0",
        "已写入数据库",
        "",
      ].join("\n"),
    );

    const out = join(dir, "花名册.xlsx");
    const exported = cli(["roster", "export", "--out", out], dir);
    expect([exported.status, exported.stdout]).toEqual([0, `已导出 39 名学生到 ${out}\n`]);
    const again = cli(["roster", "import", out], dir);
    expect([again.status, again.stdout.split("\n").slice(1, 2)]).toEqual([0, ["新增 0，更新 0，未变 39，有问题 0"]]);
    const oneClass = cli(["roster", "export", "--class", "四年级(2)班", "--out", join(dir, "x.xlsx")], dir);
    expect(oneClass.stdout).toBe(`已导出 13 名学生到 ${join(dir, "x.xlsx")}\n`);
    expect(cli(["roster", "export", "--class", "六年级1班", "--out", join(dir, "y.xlsx")], dir).stderr).toBe("没有这个班级：六年级1班。现有班级：三年级(1)班、四年级(2)班、五年级(1)班\n");

    // Dates are calendar dates in Asia/Shanghai whatever the server's zone.
    const db = await openDb(`file:${join(dir, "school.db")}`);
    try {
      const chen = await withTx(db, (tx) => tx.student.findFirstOrThrow({ where: { studentNo: "20260300" } }));
      expect(chen.birthDate).toEqual(new Date("2015-06-08T00:00:00+08:00"));
      const xu = await withTx(db, (tx) => tx.student.findFirstOrThrow({ where: { studentNo: "20260339" } }));
      expect(xu.birthDate).toEqual(new Date("2018-07-13T00:00:00+08:00"));
    } finally {
      await db.$disconnect();
    }

    const big = join(dir, "big.csv");
    const fd = openSync(big, "w");
    ftruncateSync(fd, 20 * 1024 * 1024);
    closeSync(fd);
    const tooBig = cli(["roster", "import", big, "--dry-run"], dir);
    expect([tooBig.status, tooBig.stderr]).toEqual([1, "文件太大：big.csv 有 20 MB，上限是 10 MB（设置 ROSTER_MAX_FILE_MB）。请只保留花名册这一张表，删去图片后再导入\n"]);

    // A bad row: the dry run lists it and exits 1; the progress bar (forced) goes to stderr on files over 300 rows.
    const lines = ["班级,学号,姓名,性别,留守类型,父亲姓名,父亲联系电话"];
    for (let i = 0; i < 320; i++) lines.push(`三年级(1)班,P${i},学生${i},男,父母均外出,父亲${i},1380000${String(i).padStart(4, "0")}`);
    lines.push("三年级(1)班,P999,学生999,男,父母均外出,父亲999,1380000abcd");
    const dry = cli(["roster", "import", writeText(dir, "many.csv", lines.join("\n")), "--dry-run", "--progress"], dir);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toContain("新增 320，更新 0，未变 0，有问题 1\n有问题的行：\n  第322行 [父亲联系电话] 电话号码里有数字以外的字符：1380000abcd\n");
    expect(dry.stdout).toContain("名单上没有的在读学生 14：三年级(1)班 陈一诺（学号 20260300）");
    expect(dry.stdout.endsWith("这是试运行，数据库没有改动\n正式导入前请先改正有问题的行，或加 --accept-partial 只导入没有问题的行\n")).toBe(true);
    expect(dry.stderr).toMatch(/核对 \[=+\] 321\/321/);
  });
});
