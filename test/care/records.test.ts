import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { askAs, careWorld } from "./helpers.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const texts = TestWorld.textsTo;
const MIN = 60_000;

async function world(...bound: string[]): Promise<TestWorld> {
  return (w = await careWorld(bound));
}

const ask = (label: string, text: string) => askAs(w, label, text);
const visits = () => w.query((tx) => tx.homeVisit.findMany({ orderBy: { id: "asc" }, select: { metWith: true, situation: true, guardianViews: true, followUp: true, visitedAt: true } }));
const noon = (day: string) => new Date(`${day}T12:00:00+08:00`);

describe("日记", () => {
  it("writes today's entry, or a past day's; refuses a future date; asks for the text when none is given", async () => {
    await world("李春梅");
    expect(await ask("李春梅", "日记 张小明 这周主动举手回答问题，笑容多了")).toEqual(["已记入张小明（三年级1班）的成长日记（12月1日）。"]);
    expect(await ask("李春梅", "日记 张小明 上周五，和同学闹了矛盾，已和好")).toEqual(["已记入张小明（三年级1班）的成长日记（11月27日）。"]);
    expect(await ask("李春梅", "日记 张小明 明天 去春游")).toEqual(["“明天”还没到，只能记录今天或以前的事。"]);
    expect(await ask("李春梅", "日记 张小明 2月30日 没有这天")).toEqual(["“2月30日”不是有效的日期，请检查后重新发送。"]);
    expect(await ask("李春梅", "日记")).toEqual(["请写上学生姓名和日记内容，中间空一格，例如：日记 张小明 这周主动举手回答问题，笑容多了"]);

    expect(await ask("李春梅", "日记 李娜 昨天")).toEqual(["请发送李娜（三年级1班）的成长日记内容（发送“取消”放弃）："]);
    expect(await ask("李春梅", "近况不错，作业都按时交了")).toEqual(["已记入李娜（三年级1班）的成长日记（11月30日）。"]);
    const rows = await w.query((tx) => tx.diaryEntry.findMany({ orderBy: { id: "asc" }, select: { content: true, writtenAt: true, student: { select: { name: true } } } }));
    expect(rows).toEqual([
      { content: "这周主动举手回答问题，笑容多了", writtenAt: noon("2026-12-01"), student: { name: "张小明" } },
      { content: "和同学闹了矛盾，已和好", writtenAt: noon("2026-11-27"), student: { name: "张小明" } },
      { content: "近况不错，作业都按时交了", writtenAt: noon("2026-11-30"), student: { name: "李娜" } },
    ]);
  });
});

const FORM_START = "记录12月1日对张小明（三年级1班）家的走访（随时发送“取消”放弃）。\n见到了谁？（例如：奶奶张桂兰）";

describe("走访", () => {
  it("reads labelled parts (full-width or half-width colons), or keeps the whole text as the situation", async () => {
    await world("李春梅");
    expect(await ask("李春梅", "走访 张小明 见到：奶奶张桂兰 情况：家里整洁，孩子作业按时完成 意见:希望多和父母视频 跟进: 下月再访")).toEqual([
      "已记录12月1日对张小明（三年级1班）家的走访：\n见到：奶奶张桂兰\n家庭情况：家里整洁，孩子作业按时完成\n监护人意见：希望多和父母视频\n后续跟进：下月再访",
    ]);
    expect(await ask("李春梅", "走访 李娜 前天 妈妈在家照顾，家里开了小卖部")).toEqual([
      "已记录11月29日对李娜（三年级1班）家的走访：\n见到：无\n家庭情况：妈妈在家照顾，家里开了小卖部\n监护人意见：无\n后续跟进：无",
    ]);
    const at = w.clock.now();
    expect(await visits()).toEqual([
      { metWith: "奶奶张桂兰", situation: "家里整洁，孩子作业按时完成", guardianViews: "希望多和父母视频", followUp: "下月再访", visitedAt: expect.any(Date) },
      { metWith: null, situation: "妈妈在家照顾，家里开了小卖部", guardianViews: null, followUp: null, visitedAt: noon("2026-11-29") },
    ]);
    expect((await visits())[0]!.visitedAt.getTime()).toBeLessThanOrEqual(at.getTime());
    // Labelled parts without the situation: only the situation is asked.
    expect(await ask("李春梅", "走访 王浩然 见到：爷爷")).toEqual(["记录12月1日对王浩然（三年级1班）家的走访（随时发送“取消”放弃）。\n家庭情况怎么样？"]);
    expect(await ask("李春梅", "爷爷身体不好，孩子自己做饭")).toEqual(["已记录12月1日对王浩然（三年级1班）家的走访：\n见到：爷爷\n家庭情况：爷爷身体不好，孩子自己做饭\n监护人意见：无\n后续跟进：无"]);
  });

  it("without content asks one question at a time, every message an answer; survives a restart", async () => {
    await world("李春梅");
    expect(await ask("李春梅", "走访 张小明")).toEqual([FORM_START]);
    expect(await ask("李春梅", "奶奶张桂兰")).toEqual(["家庭情况怎么样？"]);
    await w.restart();
    // Text starting with a command word (近况) is still the answer.
    expect(await ask("李春梅", "近况还好，奶奶腿脚不便")).toEqual(["监护人有什么意见或想法？（没有请回复“无”）"]);
    expect(await ask("李春梅", "无")).toEqual(["需要后续跟进什么？（不需要请回复“无”）"]);
    expect(await ask("李春梅", "联系村委会帮忙")).toEqual([
      "已记录12月1日对张小明（三年级1班）家的走访：\n见到：奶奶张桂兰\n家庭情况：近况还好，奶奶腿脚不便\n监护人意见：无\n后续跟进：联系村委会帮忙",
    ]);
    expect(await visits()).toEqual([{ metWith: "奶奶张桂兰", situation: "近况还好，奶奶腿脚不便", guardianViews: null, followUp: "联系村委会帮忙", visitedAt: expect.any(Date) }]);
    expect(await w.query((tx) => tx.pendingAction.count())).toBe(0);
  });

  it("取消 at any step drops the form; 30 minutes of silence expire it; nothing is stored", async () => {
    await world("李春梅");
    await w.say("李春梅", "走访 张小明");
    await w.say("李春梅", "奶奶");
    expect(await ask("李春梅", "取消")).toEqual(["好的，已取消。"]);
    expect(await ask("李春梅", "家里很好")).toEqual(["没有看懂您的消息。发送“帮助”查看可用的功能和例子。"]);

    expect(await ask("李春梅", "走访 张小明 昨天")).toEqual([FORM_START.replace("12月1日", "11月30日")]);
    await w.say("李春梅", "奶奶");
    await w.sim.advance(29 * MIN);
    expect(await ask("李春梅", "家里很好")).toEqual(["监护人有什么意见或想法？（没有请回复“无”）"]);
    await w.sim.advance(31 * MIN);
    expect(await ask("李春梅", "希望多视频")).toEqual(["您刚才没有完成的操作超过 30 分钟没有回复，已自动取消，没有保存。请重新发送命令（发送“帮助”查看用法）。"]);
    expect(await w.query((tx) => tx.homeVisit.count())).toBe(0);
  });

  it("a name two children share asks which; a child outside the teacher's classes is not found", async () => {
    await world("李春梅");
    await w.query((tx) => tx.student.updateMany({ where: { name: "王浩然" }, data: { name: "张小明" } }));
    expect(await ask("李春梅", "走访 张小明 奶奶说孩子挺好")).toEqual(["找到 2 名学生，请回复编号选择：\n1. 张小明 三年级1班 学号2026001\n2. 张小明 三年级1班 学号2026003\n或发送“取消”。"]);
    expect(await ask("李春梅", "2")).toEqual(["已记录12月1日对张小明（三年级1班）家的走访：\n见到：无\n家庭情况：奶奶说孩子挺好\n监护人意见：无\n后续跟进：无"]);
    const visit = await w.query((tx) => tx.homeVisit.findFirstOrThrow({ include: { student: true } }));
    expect(visit.student.studentNo).toBe("2026003");
    expect(await ask("李春梅", "走访 徐浩宇 家里很好")).toEqual(["您任教的班级里没有找到“徐浩宇”。请写学生的完整姓名或学号，例如：走访 张小明，或 走访 2026001。其他班级的学生请找负责人。"]);
  });
});

describe("a command typed while a diary or visit form waits runs as a command, never as the answer", () => {
  it("谈心 and 帮助 in the middle of 日记 / 走访 are not stored; the form still takes the next answer", async () => {
    await world("李春梅");
    await ask("李春梅", "日记 张小明");
    const talk = await ask("李春梅", "谈心 李娜 聊了父母的事 需关注");
    expect(talk[0]).toMatch(/^已记录谈心。\n【谈心记录卡】/);
    expect((await ask("李春梅", "帮助")).at(-1)).toContain("老师可用的功能");
    expect(await ask("李春梅", "这周很开心")).toEqual(["已记入张小明（三年级1班）的成长日记（12月1日）。"]);
    const diary = await w.query((tx) => tx.diaryEntry.findMany({ select: { content: true } }));
    expect(diary).toEqual([{ content: "这周很开心" }]);
    const talks = await w.query((tx) => tx.talkRecord.findMany({ select: { content: true, mood: true } }));
    expect(talks).toEqual([{ content: "聊了父母的事", mood: "CONCERN" }]);

    await ask("李春梅", "走访 张小明 见到：奶奶");
    await ask("李春梅", "走访 李娜 见到：妈妈 情况：家里整洁");
    const rows = await visits();
    expect(rows.map((v) => [v.metWith, v.situation])).toEqual([["妈妈", "家里整洁"]]);
  });
});
