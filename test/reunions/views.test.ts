import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

const at = (iso: string) => new Date(`${iso}+08:00`);

/**
 * A world (T0 Tue 2026-12-01 09:00) with 一号视频室 and two sessions booked in chat by 王建国:
 * #1 张小明 (三年级1班, 李春梅) Wed 19:00 and #2 孙佳怡 (四年级1班, 陈志强) Wed 18:00.
 */
async function world(): Promise<void> {
  w = await TestWorld.create();
  for (const label of ["王建国", "李春梅", "陈志强", "张小明爸爸", "张小明妈妈", "孙佳怡爸爸"]) await w.givenBound(label);
  await w.say("王建国", "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00");
  for (const [child, time] of [["张小明", "明天晚上7点"], ["孙佳怡", "明天晚上6点"]]) {
    await w.say("王建国", `预约 ${child} ${time}`);
    expect(TestWorld.textsTo(await w.say("王建国", "确认"), "王建国")[0]).toMatch(/^已预约 #/);
  }
}

async function says(label: string, text: string, reply: string): Promise<void> {
  expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
}

describe("日程", () => {
  it("shows coordinators everything, teachers names only in their scope, parents their children's coming sessions", async () => {
    await world();
    const full = "12月2日（周三）的亲情视频（共 2 次）：\n一号视频室：\n· 18:00–18:30 孙佳怡（四年级1班）已预约，陪同 陈志强 #2\n· 19:00–19:30 张小明（三年级1班）已预约，陪同 李春梅 #1";
    await says("王建国", "日程 明天", full);
    await says("王建国", "日程 12月2日", full);
    await says("李春梅", "日程 明天", "12月2日（周三）的亲情视频（共 2 次）：\n一号视频室：\n· 18:00–18:30 已占用（其他班级）\n· 19:00–19:30 张小明（三年级1班）已预约，陪同 李春梅 #1");
    await says("陈志强", "日程 周三", "12月2日（周三）的亲情视频（共 2 次）：\n一号视频室：\n· 18:00–18:30 孙佳怡（四年级1班）已预约，陪同 陈志强 #2\n· 19:00–19:30 已占用（其他班级）");
    await says("王建国", "日程", "12月1日（周二）没有亲情视频安排。");
    await says("王建国", "日程 本周", "本周（11月30日–12月6日）的亲情视频（共 2 次）：\n一号视频室：\n· 12月2日（周三）18:00–18:30 孙佳怡（四年级1班）已预约，陪同 陈志强 #2\n· 12月2日（周三）19:00–19:30 张小明（三年级1班）已预约，陪同 李春梅 #1");
    await says("王建国", "日程 下周", "下周（12月7日–12月13日）没有亲情视频安排。");
    await says("王建国", "日程 随便", "看不懂“随便”。用法：日程 [今天|明天|本周|下周|<日期>]，例如：日程 明天、日程 本周、日程 12月5日");
    await says("张小明妈妈", "日程", "孩子接下来的亲情视频（北京时间）：\n#1 张小明 12月2日（周三）19:00–19:30，一号视频室（已预约）");
    await w.sim.setClock(at("2026-12-02T19:40:00"));
    await says("张小明妈妈", "日程", "孩子接下来没有约好的亲情视频。想约时间，请回复“预约”。");
  });
});

describe("视频记录, 孩子近况 and 档案", () => {
  it("lists a child's history to staff in scope with notes, to the parent without them", async () => {
    await world();
    await w.sim.setClock(at("2026-12-02T19:40:00"));
    await w.say("李春梅", "完成 1 聊得很开心");
    await says("王建国", "视频记录 张小明", "张小明的亲情视频记录（共 1 次，已完成 1 次）：\n#1 12月2日（周三）19:00–19:30 一号视频室 已完成（李春梅），备注：聊得很开心");
    await says("李春梅", "视频记录 张小明", "张小明的亲情视频记录（共 1 次，已完成 1 次）：\n#1 12月2日（周三）19:00–19:30 一号视频室 已完成（李春梅），备注：聊得很开心");
    await says("陈志强", "视频记录 张小明", "您任教的班级里没有找到“张小明”。请写学生的完整姓名或学号，例如：视频记录 张小明，或 视频记录 2026001。其他班级的学生请找负责人。");
    await says("张小明妈妈", "视频记录 张小明", "张小明的亲情视频记录（共 1 次，已完成 1 次）：\n#1 12月2日（周三）19:00–19:30 一号视频室 已完成");
    await says("张小明妈妈", "视频记录", "张小明的亲情视频记录（共 1 次，已完成 1 次）：\n#1 12月2日（周三）19:00–19:30 一号视频室 已完成\n\n张小红还没有亲情视频记录。");
    await says("张小明妈妈", "视频记录 孙佳怡", "您的孩子里没有“孙佳怡”。发送“视频记录”查看您孩子的记录。");
  });

  it("adds the next session to 孩子近况 and a 亲情视频 line to the file", async () => {
    await world();
    await says("张小明妈妈", "孩子近况", "张小明（三年级1班）：老师还没有发来近况。\n下次亲情视频：12月2日（周三）19:00–19:30\n\n张小红（五年级1班）：老师还没有发来近况。");
    const file = await w.say("王建国", "档案 张小明");
    expect(file[0]!.text.split("\n").at(-1)).toBe("亲情视频：最近一次 无；本学期完成 0 次；下次 12月2日（周三）19:00–19:30");
    await w.sim.setClock(at("2026-12-02T19:40:00"));
    await w.say("李春梅", "完成 1");
    const after = await w.say("李春梅", "档案 张小明");
    expect(after[0]!.text.split("\n").at(-1)).toBe("亲情视频：最近一次 12月2日；本学期完成 1 次");
    const other = await w.say("王建国", "档案 李娜");
    expect(other[0]!.text).not.toContain("亲情视频");
  });
});
