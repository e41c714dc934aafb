import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { askAs, careWorld } from "./helpers.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const texts = TestWorld.textsTo;

async function world(...bound: string[]): Promise<TestWorld> {
  return (w = await careWorld(bound));
}

const ask = (label: string, text: string) => askAs(w, label, text);
const entries = () => w.query((tx) => tx.watchEntry.findMany({ orderBy: { id: "asc" }, select: { level: true, reason: true, source: true, endedAt: true, student: { select: { name: true } } } }));

const ZHANG = "1. 张小明（三年级1班） 监护情况：差\n   原因：父母长期联系不上（12月1日起，负责人列入）\n   最近谈心：无记录 · 最近家长联系：11月20日";
const MA = "1. 马天佑（四年级1班） 监护情况：差\n   原因：说起爸爸妈妈就哭，情绪低落（12月1日起，谈心时标记）\n   最近谈心：12月1日 · 最近家长联系：无记录";
const LINA = "3. 李娜（三年级1班） 监护情况：一般\n   原因：作业常常没完成（12月1日起，负责人列入）\n   最近谈心：无记录 · 最近家长联系：无记录";

describe("关注 / 取消关注 / 关注名单", () => {
  it("puts children on the list from 关注 and from a talk marked 需关注, and lists them by level with the last talk and parent contact", async () => {
    await world("王建国", "李春梅", "陈志强", "刘芳");
    // A talk marked 需关注 (the talks feature calls watchChild with the child's recorded level).
    const talk = texts(await w.say("陈志强", "谈心 马天佑 说起爸爸妈妈就哭，情绪低落 需关注"), "陈志强");
    expect(talk[0]).toContain("已把马天佑列入重点关注名单");
    expect(await ask("王建国", "关注 张小明 差 父母长期联系不上")).toEqual(["已将张小明（三年级1班）列入重点关注（监护情况：差），原因：父母长期联系不上"]);
    expect(await ask("王建国", "关注 李娜 作业常常没完成")).toEqual(["已将李娜（三年级1班）列入重点关注（监护情况：一般），原因：作业常常没完成"]);
    expect(await ask("王建国", "关注 张小红 较好，刚转来，还在适应")).toEqual(["已将张小红（五年级1班）列入重点关注（监护情况：较好），原因：刚转来，还在适应"]);
    await w.query((tx) => tx.student.updateMany({ where: { name: "张小明" }, data: { lastParentContactAt: new Date("2026-11-20T10:00:00+08:00") } }));

    expect(await ask("王建国", "关注名单")).toEqual([
      [
        "重点关注名单（4人）：",
        MA,
        ZHANG.replace("1. ", "2. "),
        LINA,
        "4. 张小红（五年级1班） 监护情况：较好\n   原因：刚转来，还在适应（12月1日起，负责人列入）\n   最近谈心：无记录 · 最近家长联系：无记录",
      ].join("\n"),
    ]);
    // Teachers see the children in their scope only.
    expect(await ask("李春梅", "关注名单")).toEqual([["重点关注名单（2人）：", ZHANG, LINA.replace("3. ", "2. ")].join("\n")]);
    expect(await ask("陈志强", "关注名单")).toEqual([["重点关注名单（1人）：", MA].join("\n")]);
    await w.say("王建国", "取消关注 张小红");
    expect(await ask("刘芳", "关注名单")).toEqual(["您任教的班级和结对的孩子里目前没有重点关注的学生。"]);
    expect(await entries()).toEqual([
      { level: "POOR", reason: "说起爸爸妈妈就哭，情绪低落", source: "TALK", endedAt: null, student: { name: "马天佑" } },
      { level: "POOR", reason: "父母长期联系不上", source: "COORDINATOR", endedAt: null, student: { name: "张小明" } },
      { level: "FAIR", reason: "作业常常没完成", source: "COORDINATOR", endedAt: null, student: { name: "李娜" } },
      { level: "GOOD", reason: "刚转来，还在适应", source: "COORDINATOR", endedAt: expect.any(Date), student: { name: "张小红" } },
    ]);
  });

  it("updates an open entry, ends it with 取消关注, and refuses teachers and missing reasons", async () => {
    await world("王建国", "李春梅");
    expect(await ask("王建国", "关注名单")).toEqual(["重点关注名单上目前没有学生。列入名单：关注 学生姓名 原因"]);
    await w.say("王建国", "关注 李娜 作业常常没完成");
    expect(await ask("王建国", "关注 李娜 差 家里出了变故")).toEqual(["已更新李娜（三年级1班）的重点关注（监护情况：差），原因：家里出了变故"]);
    expect(await entries()).toEqual([{ level: "POOR", reason: "家里出了变故", source: "COORDINATOR", endedAt: null, student: { name: "李娜" } }]);
    expect(await ask("王建国", "取消关注 李娜")).toEqual(["已将李娜（三年级1班）移出重点关注名单。"]);
    expect(await ask("王建国", "取消关注 李娜")).toEqual(["李娜（三年级1班）不在重点关注名单上。"]);
    const coordinator = await w.query((tx) => tx.staff.findFirstOrThrow({ where: { name: "王建国" } }));
    expect(await w.query((tx) => tx.watchEntry.findFirstOrThrow())).toMatchObject({ endedById: coordinator.id, endedAt: expect.any(Date) });

    const usage = "请写上学生姓名和关注原因，原因前可写监护情况（较好、一般、差，不写为一般），例如：关注 张小明 差 父母长期联系不上，奶奶年老多病";
    expect(await ask("王建国", "关注 张小明")).toEqual([usage]);
    expect(await ask("王建国", "关注 张小明 差")).toEqual([usage]);
    expect(await ask("李春梅", "关注 张小明 差 父母长期联系不上")).toEqual(["抱歉，“关注”仅限负责人使用。发送“帮助”查看您可用的功能。"]);
    expect(await ask("李春梅", "取消关注 张小明")).toEqual(["抱歉，“取消关注”仅限负责人使用。发送“帮助”查看您可用的功能。"]);
    expect(await w.query((tx) => tx.watchEntry.count())).toBe(1);
  });
});

describe("方案", () => {
  it("records a plan owned by the sender with the review date given, or CARE_PLAN_REVIEW_DAYS later; refuses a past or unreadable date", async () => {
    await world("李春梅");
    expect(await ask("李春梅", "方案 张小明 每周和奶奶通一次电话 复查日期 2027-01-15")).toEqual(["已为张小明（三年级1班）记录个别教育方案，复查日期：2027年1月15日（周五）。到时会提醒您复查。"]);
    expect(await ask("李春梅", "方案 李娜 每天检查作业，复查：1月8日")).toEqual(["已为李娜（三年级1班）记录个别教育方案，复查日期：2027年1月8日（周五）。到时会提醒您复查。"]);
    expect(await ask("李春梅", "方案 王浩然 每周谈一次心，复查作业完成情况")).toEqual(["已为王浩然（三年级1班）记录个别教育方案，复查日期：2026年12月31日（周四）。到时会提醒您复查。"]);
    expect(await ask("李春梅", "方案 刘欣怡 多鼓励 复查 2026-11-15")).toEqual(["复查日期2026年11月15日（周日）不在今天以后，请写以后的日期，例如：复查 1月15日"]);
    expect(await ask("李春梅", "方案 刘欣怡 多鼓励 复查 1月40日")).toEqual(["看不懂复查日期“1月40日”。请这样写：复查 1月15日，或 复查日期 2027-01-15"]);
    expect(await ask("李春梅", "方案 刘欣怡")).toEqual(["请写上学生姓名和方案内容，最后可写复查日期，例如：方案 张小明 每周和奶奶通一次电话，每天检查作业 复查 1月15日"]);
    expect(await ask("李春梅", "方案 徐浩宇 多鼓励")).toEqual(["您任教的班级里没有找到“徐浩宇”。请写学生的完整姓名或学号，例如：方案 张小明，或 方案 2026001。其他班级的学生请找负责人。"]);
    const owner = await w.query((tx) => tx.staff.findFirstOrThrow({ where: { name: "李春梅" } }));
    const plans = await w.query((tx) => tx.carePlan.findMany({ orderBy: { id: "asc" }, select: { ownerId: true, content: true, reviewOn: true, remindedAt: true, student: { select: { name: true } } } }));
    expect(plans).toEqual([
      { ownerId: owner.id, content: "每周和奶奶通一次电话", reviewOn: "2027-01-15", remindedAt: null, student: { name: "张小明" } },
      { ownerId: owner.id, content: "每天检查作业", reviewOn: "2027-01-08", remindedAt: null, student: { name: "李娜" } },
      { ownerId: owner.id, content: "每周谈一次心，复查作业完成情况", reviewOn: "2026-12-31", remindedAt: null, student: { name: "王浩然" } },
    ]);
  });
});

describe("staff only", () => {
  it("guardians get nothing of pairing, diaries, visits, the watch list or plans; groups are refused", async () => {
    await world("王建国", "李春梅", "张小明妈妈");
    await w.say("王建国", "关注 张小明 差 父母长期联系不上");
    await w.say("李春梅", "日记 张小明 今天很开心");
    const teachersOnly = (name: string) => `抱歉，“${name}”仅限老师使用。发送“帮助”查看您可用的功能。`;
    for (const [text, name] of [
      ["关注名单", "关注名单"],
      ["我的结对", "我的结对"],
      ["日记 张小明 想看看", "日记"],
      ["走访 张小明", "走访"],
      ["方案 张小明 看看", "方案"],
      ["学习帮手 张小明 李娜", "学习帮手"],
    ] as const) {
      expect(await w.say("张小明妈妈", text)).toEqual([{ to: "张小明妈妈", text: teachersOnly(name) }]);
    }
    expect(await ask("张小明妈妈", "结对 李春梅 张小明")).toEqual(["抱歉，“结对”仅限负责人使用。发送“帮助”查看您可用的功能。"]);
    expect(await ask("张小明妈妈", "关注 张小明 差 想看看")).toEqual(["抱歉，“关注”仅限负责人使用。发送“帮助”查看您可用的功能。"]);

    const group = await w.say("王建国", "@家校助手 关注名单", "三年级1班家长群");
    expect(texts(group, "王建国")).toEqual(["为保护孩子和家庭的信息，“关注名单”请私聊我发送，不要在群里发。"]);
    expect(group.filter((l) => l.text.includes("张小明"))).toEqual([]);
    expect(await w.query((tx) => tx.watchEntry.count())).toBe(1);
    expect(await w.query((tx) => tx.pairing.count())).toBe(0);
  });
});
