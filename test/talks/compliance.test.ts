import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { talkStats } from "../../src/domain/talks/report.ts";
import { reportMonth, talkStatsWorkbook } from "../../src/cli/report.ts";
import { statsText } from "../../src/messages/talk-duty.ts";
import { TestWorld } from "../helpers/world.ts";
import { at, depsOf, givenTalked } from "./duty-world.ts";

let w: TestWorld;
afterEach(async () => {
  await w?.close();
  w = undefined!; // the CLI test below has no world of its own
});

/**
 * December 2026 in the demo school, seen on Tue 12-15: 17 children talked to (5 of 三年级1班, 2 of
 * 四年级1班, all 10 of 五年级1班), 2 excused (马天佑 by the coordinator, 吴雨桐 on 李春梅's request),
 * 1 snoozed (杨梓涵).
 */
async function seededDecember(): Promise<void> {
  w = await TestWorld.create();
  for (const label of ["王建国", "李春梅", "陈志强"]) await w.givenBound(label);
  await givenTalked(w, ["张小明", "李娜", "王浩然", "刘欣怡", "陈宇轩", "徐浩宇", "孙佳怡"], "2026-12-03T10:00:00+08:00");
  await givenTalked(w, ["张小红", "郑凯文", "梁雨萱", "谢文博", "宋佳琪", "唐浩", "许静怡", "韩宇航", "冯可馨", "邓明杰"], "2026-12-08T10:00:00+08:00");
  await w.sim.setClock(at("2026-12-14T10:00:00+08:00"));
  await w.say("王建国", "免谈 马天佑 随父母去新疆，整月不在校");
  await w.say("李春梅", "免谈 吴雨桐 住院治疗");
  await w.say("王建国", "同意免谈 吴雨桐");
  await w.say("李春梅", "稍后 杨梓涵 3");
  await w.sim.setClock(at("2026-12-15T10:00:00+08:00"));
}

const OPEN = [
  "谈心统计 · 2026年12月 · 全校（截至12月15日 10:00）",
  "合计：应谈 30 人，已谈 17，待谈 11（其中稍后 1），未谈 0，免谈 2，完成率 60.7%",
  "按班级：",
  "三年级1班（李春梅）：应谈 10，已谈 5，待谈 4（其中稍后 1），未谈 0，免谈 1，完成率 55.6%",
  "四年级1班（陈志强）：应谈 10，已谈 2，待谈 7，未谈 0，免谈 1，完成率 22.2%",
  "五年级1班（刘芳）：应谈 10，已谈 10，待谈 0，未谈 0，免谈 0，完成率 100.0%",
  "完成率 = 已谈 ÷（应谈 − 免谈）。说明：帮助 谈心统计",
].join("\n");

const CLOSED = [
  "谈心统计 · 2026年12月 · 全校（已结束）",
  "合计：应谈 30 人，已谈 18，未谈 10，免谈 2，完成率 64.3%",
  "按班级：",
  "三年级1班（李春梅）：应谈 10，已谈 6，未谈 3，免谈 1，完成率 66.7%",
  "四年级1班（陈志强）：应谈 10，已谈 2，未谈 7，免谈 1，完成率 22.2%",
  "五年级1班（刘芳）：应谈 10，已谈 10，未谈 0，免谈 0，完成率 100.0%",
  "完成率 = 已谈 ÷（应谈 − 免谈）。说明：帮助 谈心统计",
].join("\n");

describe("谈心统计: due, done, open, snoozed, missed, excused and the rate, per class and teacher", () => {
  it("live figures of the month for the coordinator; a teacher sees their own class", async () => {
    await seededDecember();
    expect(await w.say("王建国", "谈心统计")).toEqual([{ to: "王建国", text: OPEN }]);
    expect(await w.say("王建国", "谈心统计 本月")).toEqual([{ to: "王建国", text: OPEN }]);
    expect((await w.say("李春梅", "谈心统计"))[0]!.text).toBe(
      [
        "谈心统计 · 2026年12月 · 您的班级（截至12月15日 10:00）",
        "合计：应谈 10 人，已谈 5，待谈 4（其中稍后 1），未谈 0，免谈 1，完成率 55.6%",
        "按班级：",
        "三年级1班（李春梅）：应谈 10，已谈 5，待谈 4（其中稍后 1），未谈 0，免谈 1，完成率 55.6%",
        "完成率 = 已谈 ÷（应谈 − 免谈）。说明：帮助 谈心统计",
      ].join("\n"),
    );
    expect(await w.say("王建国", "谈心统计 十三月")).toEqual([{ to: "王建国", text: "看不懂月份“十三月”。请写 本月、上月、2026-11 或 11月，例如：谈心统计 上月" }]);
    expect(await w.say("王建国", "谈心统计 2027-02")).toEqual([{ to: "王建国", text: "2027年2月还没到，没有统计。" }]);
    expect((await w.say("王建国", "谈心统计 上月"))[0]!.text.split("\n").slice(0, 3)).toEqual(["谈心统计 · 2026年11月 · 全校（已结束）", "合计：应谈 0 人，已谈 0，未谈 0，免谈 0，完成率 —", "这个月没有需要谈心的学生。"]);
  });

  it("after the month closes: the open ones are missed; a late talk turns its child's MISSED into done; 上月, 2026-12 and 12月 agree", async () => {
    await seededDecember();
    await w.sim.setClock(at("2027-01-04T08:00:00+08:00"));
    await givenTalked(w, ["周俊杰"], "2026-12-30T10:00:00+08:00"); // logged late, after the close: counted for December
    for (const q of ["谈心统计 上月", "谈心统计 2026-12", "谈心统计 12月", "谈心统计 2026年12月"]) expect(await w.say("王建国", q), q).toEqual([{ to: "王建国", text: CLOSED }]);
    expect((await w.say("王建国", "谈心统计"))[0]!.text.split("\n")[1]).toBe("合计：应谈 30 人，已谈 0，待谈 30，未谈 0，免谈 0，完成率 0.0%");
  });

  it("a class that changed homeroom teacher mid-month is shown per teacher too", async () => {
    await seededDecember();
    await w.query(async (tx) => {
      const li = await tx.staff.findFirstOrThrow({ where: { name: "李春梅" }, select: { id: true } });
      await tx.class.updateMany({ where: { name: "四年级1班" }, data: { homeroomTeacherId: li.id } });
    });
    const text = (await w.say("王建国", "谈心统计"))[0]!.text.split("\n");
    expect(text.slice(3, 10)).toEqual([
      "三年级1班（李春梅）：应谈 10，已谈 5，待谈 4（其中稍后 1），未谈 0，免谈 1，完成率 55.6%",
      "四年级1班（陈志强、李春梅）：应谈 10，已谈 2，待谈 7，未谈 0，免谈 1，完成率 22.2%",
      "五年级1班（刘芳）：应谈 10，已谈 10，待谈 0，未谈 0，免谈 0，完成率 100.0%",
      "按班主任：",
      "李春梅：应谈 17，已谈 5，待谈 11（其中稍后 1），未谈 0，免谈 1，完成率 31.3%",
      "陈志强：应谈 3，已谈 2，待谈 0，未谈 0，免谈 1，完成率 100.0%",
      "刘芳：应谈 10，已谈 10，待谈 0，未谈 0，免谈 0，完成率 100.0%",
    ]);
  });
});

describe("report talks (CLI): the same table as text and Excel", () => {
  it("writes both sheets with the figures and a 合计 row", async () => {
    await seededDecember();
    await w.sim.setClock(at("2027-01-04T08:00:00+08:00"));
    const stats = await w.query((tx) => talkStats(depsOf(w, tx), { schoolId: 1, monthKey: reportMonth("2026-12", w.clock.now()) }));
    expect(statsText(stats, "全校", { maxLines: Infinity, allTeachers: true, chat: false }).split("\n").slice(-5)).toEqual([
      "按班主任：",
      "李春梅：应谈 10，已谈 5，未谈 4，免谈 1，完成率 55.6%",
      "陈志强：应谈 10，已谈 2，未谈 7，免谈 1，完成率 22.2%",
      "刘芳：应谈 10，已谈 10，未谈 0，免谈 0，完成率 100.0%",
      "完成率 = 已谈 ÷（应谈 − 免谈）。",
    ]);
    const dir = mkdtempSync(join(tmpdir(), "qinqing-talks-"));
    try {
      const file = join(dir, "talks.xlsx");
      await talkStatsWorkbook(stats).xlsx.writeFile(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const rows = (name: string) => wb.getWorksheet(name)!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
      expect(wb.getWorksheet("按班级")!.getCell("A1").value).toBe("谈心统计 2026年12月（已结束）");
      expect(rows("按班级")).toEqual([
        ["班级", "班主任", "应谈", "已谈", "待谈", "其中稍后", "未谈", "免谈", "完成率"],
        ["三年级1班", "李春梅", 10, 5, 0, 0, 4, 1, "55.6%"],
        ["四年级1班", "陈志强", 10, 2, 0, 0, 7, 1, "22.2%"],
        ["五年级1班", "刘芳", 10, 10, 0, 0, 0, 0, "100.0%"],
        ["合计", "", 30, 17, 0, 0, 11, 2, "60.7%"],
      ]);
      expect(rows("按班主任").slice(0, 2)).toEqual([
        ["班主任", "应谈", "已谈", "待谈", "其中稍后", "未谈", "免谈", "完成率"],
        ["李春梅", 10, 5, 0, 0, 4, 1, "55.6%"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bad or future month is refused with a clear error and exit code 1", () => {
    const repo = resolve(import.meta.dirname, "../..");
    const tsx = pathToFileURL(join(repo, "node_modules/tsx/dist/loader.mjs")).href;
    const dir = mkdtempSync(join(tmpdir(), "qinqing-talks-cli-"));
    try {
      const r = spawnSync(process.execPath, ["--import", tsx, join(repo, "src/cli/index.ts"), "report", "talks", "--month", "2026-13"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: `file:${join(dir, "school.db")}`, LOG_LEVEL: "silent" },
      });
      expect([r.status, r.stderr]).toEqual([1, "--month 看不懂：“2026-13”。请写 2026-12 这样的年月。\n"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => reportMonth("2027-02", at("2027-01-04T08:00:00+08:00"))).toThrow("2027-02 还没到，没有统计。");
    expect(reportMonth(undefined, at("2027-01-04T08:00:00+08:00"))).toBe("2027-01");
  });
});
