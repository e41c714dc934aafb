import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { dayjs, SCHOOL_TZ } from "../../src/lib/time.ts";

const REPO = resolve(import.meta.dirname, "../..");
const TSX = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs the operator CLI in folder `dir` (the current folder for default file names), with both databases there. */
function cli(args: string[], dir: string) {
  return spawnSync(process.execPath, ["--import", TSX, join(REPO, "src/cli/index.ts"), ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${join(dir, "school.db")}`, SIMULATOR_DATABASE_URL: `file:${join(dir, "sim.db")}`, LOG_LEVEL: "silent" },
  });
}

const today = () => dayjs().tz(SCHOOL_TZ).format("YYYY-MM-DD");

describe("cards export, codes sheet and roster stats on the demo school", () => {
  it("writes printable cards and code sheets and prints the coverage", { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "qinqing-cards-"));
    expect(cli(["seed", "--production"], dir).status).toBe(0);

    // Default: both formats, dated names, in the current folder.
    const both = cli(["cards", "export"], dir);
    expect(both.stderr).toBe("");
    const xlsx = join(dir, `联系卡-${today()}.xlsx`);
    const html = join(dir, `联系卡-${today()}.html`);
    expect(both.stdout).toBe(`已写入 30 张联系卡：${xlsx}、${html}（含完整电话，内部资料，注意保密）\n`);
    const page = readFileSync(html, "utf8");
    expect(page.match(/<div class="card">/g)).toHaveLength(30);
    expect(page.match(/<div class="section">/g)).toHaveLength(3);
    expect(page).toContain("<td>妈妈</td><td>刘丽</td><td>13807311011</td><td>广东省东莞市（东莞建筑工地）</td><td></td>");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ["三年级1班", 13],
      ["四年级1班", 13],
      ["五年级1班", 13],
    ]);
    expect((wb.getWorksheet("三年级1班")!.getRow(4).values as unknown[]).slice(1, 8)).toEqual(["2026001", "张小明", "男", "父母均外出", "青山镇柳塘村2组", "张伟", "13807311010"]);

    // One class, one format, chosen by the extension.
    const out = join(dir, "四年级.xlsx");
    expect(cli(["cards", "export", "--class", "四年级1班", "--out", out], dir).stdout).toBe(`已写入 10 张联系卡：${out}（含完整电话，内部资料，注意保密）\n`);
    const fourth = new ExcelJS.Workbook();
    await fourth.xlsx.readFile(out);
    expect(fourth.worksheets.map((w) => w.name)).toEqual(["四年级1班"]);
    expect(fourth.getWorksheet("四年级1班")!.getCell("B6").value).toBe("马天佑");
    expect(fourth.getWorksheet("四年级1班")!.getCell("Q6").value).toBe("母亲电话");

    const bad = cli(["cards", "export", "--out", join(dir, "cards.pdf")], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`不支持的文件类型：${join(dir, "cards.pdf")}。请用 .xlsx（Excel）或 .html（网页，可打印为 A4）\n`);
    const unknown = cli(["cards", "export", "--class", "九年级9班"], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("没有这个班级：九年级9班。现有班级：三年级1班、四年级1班、五年级1班\n");

    // Binding-code sheet: the demo codes are live, so they are reused.
    const sheet = cli(["codes", "sheet"], dir);
    const sheetFile = join(dir, `绑定码-${today()}.html`);
    expect(sheet.stdout).toBe(`已写入 ${sheetFile}：3 个班，75 位家长和监护人的绑定码（沿用仍有效的 75 个，新发 0 个）\n`);
    const slips = readFileSync(sheetFile, "utf8");
    expect(slips.match(/<div class="section">/g)).toHaveLength(3);
    expect(slips.match(/<div class="slip">/g)).toHaveLength(78); // 75 guardians, the siblings' 3 in two classes
    expect(slips).toContain("添加学校微信，发送「绑定 ATE8C94M」");
    const fifth = join(dir, "fifth.html");
    expect(cli(["codes", "sheet", "--class", "五年级1班", "--out", fifth], dir).stdout).toBe(
      `已写入 ${fifth}：1 个班，26 位家长和监护人的绑定码（沿用仍有效的 26 个，新发 0 个）\n`,
    );
    expect(cli(["codes", "sheet", "--out", join(dir, "x.csv")], dir).stderr).toBe(`绑定码打印单只能写成 .html 文件：${join(dir, "x.csv")}\n`);

    const stats = cli(["roster", "stats"], dir);
    expect(stats.stderr).toBe("");
    expect(stats.stdout).toBe(
      [
        `留守儿童建档情况（${today()}）`,
        "在读留守儿童：30 人",
        "建档率：90.0%（30 人中 27 人档案完整）",
        "联系卡完整率：93.3%（30 人中 28 人）",
        "绑定率：0.0%（家长和监护人 75 人中 0 人已绑定微信）",
        "",
        "各班情况：",
        "· 三年级1班：10 人，建档 9 人（90.0%），联系卡完整 10 人（100.0%），绑定 0/26（0.0%）",
        "· 四年级1班：10 人，建档 9 人（90.0%），联系卡完整 8 人（80.0%），绑定 0/26（0.0%）",
        "· 五年级1班：10 人，建档 9 人（90.0%），联系卡完整 10 人（100.0%），绑定 0/26（0.0%）",
        "",
        "缺少信息的学生（5 人）：",
        "· 三年级1班 2026009 周俊杰：缺家庭住址",
        "· 四年级1班 2026013 马天佑：缺母亲电话",
        "· 四年级1班 2026016 郭思雨：缺父亲务工地点",
        "· 四年级1班 2026017 何俊熙：缺家庭住址",
        "· 五年级1班 2026024 谢文博：缺出生日期",
        "",
      ].join("\n"),
    );
    expect(cli(["roster", "stats", "--class", "三年级1班"], dir).stdout.split("\n").slice(0, 5)).toEqual([
      `三年级1班 留守儿童建档情况（${today()}）`,
      "在读留守儿童：10 人",
      "建档率：90.0%（10 人中 9 人档案完整）",
      "联系卡完整率：100.0%（10 人中 10 人）",
      "绑定率：0.0%（家长和监护人 26 人中 0 人已绑定微信）",
    ]);
    expect(readdirSync(dir).filter((f) => !f.startsWith("school.db")).sort()).toEqual([`绑定码-${today()}.html`, "fifth.html", `联系卡-${today()}.html`, `联系卡-${today()}.xlsx`, "四年级.xlsx"].sort());
    expect(existsSync(join(dir, "sim.db"))).toBe(false);
  });
});
