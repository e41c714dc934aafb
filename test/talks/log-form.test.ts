import { afterEach, describe, expect, it } from "vitest";
import { TalkScenario, loggedText } from "./log-helpers.ts";

let s: TalkScenario;
afterEach(async () => s?.w.close());

const AT = "2026-12-01T10:00:00+08:00";
const MIN = 60_000;
const askContent = (child: string, when = "今天") => `好的，记录${when}和${child}（三年级1班）的谈心。\n第 1 步（共 3 步）：这次谈了什么？请写下谈话的主要内容。\n随时发送“取消”放弃，不会保存。`;
const ASK_MOOD = "第 2 步（共 3 步）：孩子的状态怎么样？\n回复 1 好 / 2 一般 / 3 需关注";
const ASK_FOLLOW_UP = "第 3 步（共 3 步）：需要后续跟进吗？\n不需要请回复“无”；需要请写下跟进的事项（比如：下周再谈一次、联系妈妈）。";
const CANCELLED = "好的，已取消。";

describe("谈心 <学生> without content: the form, one question at a time", () => {
  it("asks topic, mood and follow-up; 需关注 puts the child on the watch list at its guardianship level", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    expect(await s.say("李春梅", "谈心 张小明")).toEqual([askContent("张小明")]);
    expect(await s.say("李春梅", "聊了奶奶生病的事，孩子很担心，上课走神")).toEqual([ASK_MOOD]);
    expect(await s.say("李春梅", "4")).toEqual(["请回复 1、2、3，或“好”“一般”“需关注”，说说孩子的状态；发送“取消”放弃这次记录。"]);
    expect(await s.say("李春梅", "3")).toEqual([ASK_FOLLOW_UP]);
    expect(await s.say("李春梅", "下周给妈妈打电话")).toEqual([
      loggedText({ time: "2026年12月1日（周二）10:00", teacher: "李春梅", child: "张小明", content: "聊了奶奶生病的事，孩子很担心，上课走神", state: "需关注", followUp: "下周给妈妈打电话", watched: true }),
    ]);
    const [talk] = await s.talks();
    expect(talk).toMatchObject({ mood: "CONCERN", followUp: "下周给妈妈打电话", period: "2026-12" });
    expect(await s.w.query((tx) => tx.watchEntry.findMany())).toMatchObject([
      { studentId: talk!.studentId, level: "FAIR", reason: "聊了奶奶生病的事，孩子很担心，上课走神", source: "TALK", talkId: talk!.id, addedById: await s.staffId("李春梅"), endedAt: null },
    ]);
    expect(await s.pending()).toEqual([]);
  });

  it("uses FAIR when the child's guardianship is not assessed, shortens a long reason, reads mood and 'no follow-up' words", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    await s.w.query((tx) => tx.student.updateMany({ where: { name: "李娜" }, data: { guardianship: null, admittedAt: new Date("2026-09-01T00:00:00+08:00") } }));
    const long = "聊了很多".repeat(20);
    expect(await s.say("李春梅", "谈心 李娜 上周五")).toEqual([askContent("李娜", "2026年11月27日（周五）")]);
    expect(await s.say("李春梅", long)).toEqual([ASK_MOOD]);
    expect(await s.say("李春梅", "需关注！")).toEqual([ASK_FOLLOW_UP]);
    expect(await s.say("李春梅", "不需要。")).toEqual([
      loggedText({ time: "2026年11月27日（周五）", teacher: "李春梅", child: "李娜", content: long, state: "需关注", watched: true, earlier: "2026年11月还没有使用本系统统计，这次谈心只作记录。", due: "本月还需谈心：10 人" }), // a November talk before the bot: December still owes 10
    ]);
    expect(await s.talks()).toMatchObject([{ period: "2026-11", talkedAt: new Date("2026-11-27T12:00:00+08:00"), followUp: null }]);
    const [entry] = await s.w.query((tx) => tx.watchEntry.findMany());
    expect(entry).toMatchObject({ level: "FAIR", reason: `${long.slice(0, 59)}…` });
  });

  it("取消 at any step stores nothing", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    const steps = ["聊了学习", "1"];
    for (let k = 0; k <= steps.length; k++) {
      await s.say("李春梅", "谈心 张小明");
      for (const answer of steps.slice(0, k)) await s.say("李春梅", answer);
      expect(await s.say("李春梅", "取消")).toEqual([CANCELLED]);
      expect(await s.pending()).toEqual([]);
    }
    expect(await s.talks()).toEqual([]);
    expect(await s.w.query((tx) => tx.watchEntry.count())).toBe(0);
  });

  it("expires after 30 minutes of silence; each answer gives another 30 minutes", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    await s.say("李春梅", "谈心 张小明");
    await s.w.sim.advance(29 * MIN);
    expect(await s.say("李春梅", "聊了学习")).toEqual([ASK_MOOD]);
    await s.w.sim.advance(29 * MIN);
    expect(await s.say("李春梅", "1")).toEqual([ASK_FOLLOW_UP]);
    await s.w.sim.advance(31 * MIN);
    expect(await s.say("李春梅", "1")).toEqual(["您刚才没有完成的操作超过 30 分钟没有回复，已自动取消，没有保存。请重新发送命令（发送“帮助”查看用法）。"]);
    expect(await s.talks()).toEqual([]);
    expect(await s.pending()).toEqual([]);
  });

  it("survives a restart in the middle", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    await s.say("李春梅", "谈心 张小明");
    await s.say("李春梅", "聊了学习");
    await s.w.restart();
    expect(await s.say("李春梅", "好")).toEqual([ASK_FOLLOW_UP]);
    await s.w.restart();
    expect(await s.say("李春梅", "无")).toEqual([loggedText({ time: "2026年12月1日（周二）10:00", teacher: "李春梅", child: "张小明", content: "聊了学习", state: "好" })]);
  });

  it("runs a command typed in the middle and keeps the form; a new 谈心 replaces it; a word glued to content is content", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    await s.say("李春梅", "谈心 张小明");
    expect(await s.say("李春梅", "帮助他制定学习计划")).toEqual([ASK_MOOD]);
    expect((await s.say("李春梅", "帮助"))[0]).toMatch(/^“亲情桥”家校助手 · 老师可用的功能：/);
    expect(await s.say("李春梅", "2")).toEqual([ASK_FOLLOW_UP]);
    expect(await s.say("李春梅", "谈心记录 张小明")).toEqual(["张小明（三年级1班）还没有谈心记录。记录：谈心 张小明 <内容>"]);
    expect(await s.say("李春梅", "无")).toEqual([loggedText({ time: "2026年12月1日（周二）10:00", teacher: "李春梅", child: "张小明", content: "帮助他制定学习计划", state: "一般" })]);

    await s.say("李春梅", "谈心 李娜");
    expect(await s.say("李春梅", "谈心 王浩然")).toEqual(["（和李娜的谈心记录还没填完，已放弃。）", askContent("王浩然")]);
    expect(await s.say("李春梅", "聊了爷爷的身体")).toEqual([ASK_MOOD]);
    expect(await s.pending()).toMatchObject([{ kind: "talks.form" }]);
    expect((await s.talks()).map((t) => t.content)).toEqual(["帮助他制定学习计划"]);
  });

  it("asks before opening the form for a child already talked with today", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    await s.say("李春梅", "谈心 张小明 聊了学习");
    expect(await s.say("李春梅", "谈心 张小明")).toEqual(["您今天已经记录过和张小明的谈心。要再添加一次吗？\n回复“确认”添加，回复“取消”放弃。"]);
    expect(await s.say("李春梅", "确认")).toEqual([askContent("张小明")]);
    await s.say("李春梅", "下午又谈了一次");
    await s.say("李春梅", "1");
    expect((await s.say("李春梅", "无"))[0]).toMatch(/^已记录谈心。/);
    expect(await s.talks()).toHaveLength(2);
  });
});

describe("已谈 <学生|编号>: replying to the digest", () => {
  it("opens the form by name, or by the number of the latest digest; a number out of the list says the range", async () => {
    s = await TalkScenario.create(AT, "李春梅");
    expect(await s.say("李春梅", "已谈 2")).toEqual(["您还没有收到过谈心提醒清单，没法按编号选择。请发送“已谈 学生姓名”，例如：已谈 张小明"]);
    expect(await s.say("李春梅", "已谈 张小明")).toEqual([askContent("张小明")]);
    await s.say("李春梅", "取消");

    const staffId = await s.staffId("李春梅");
    const ids = [await s.studentId("李娜"), await s.studentId("王浩然"), await s.studentId("刘欣怡")];
    const now = s.w.clock.now();
    await s.w.query(async (tx) => {
      await tx.talkDigest.create({ data: { staffId, day: "2026-11-30", items: JSON.stringify([ids[2]]), createdAt: new Date(now.getTime() - 86_400_000) } });
      await tx.talkDigest.create({ data: { staffId, day: "2026-12-01", items: JSON.stringify(ids), createdAt: now } });
    });
    expect(await s.say("李春梅", "已谈 4")).toEqual(["编号 4 不在清单里。最近一份谈心提醒（2026年12月1日）有 3 名学生，请写 1-3 之间的编号，或发送“已谈 学生姓名”。"]);
    expect(await s.say("李春梅", "已谈 0")).toEqual(["编号 0 不在清单里。最近一份谈心提醒（2026年12月1日）有 3 名学生，请写 1-3 之间的编号，或发送“已谈 学生姓名”。"]);
    expect(await s.say("李春梅", "已谈 ２")).toEqual([askContent("王浩然")]);
    await s.say("李春梅", "聊了学习");
    await s.say("李春梅", "1");
    await s.say("李春梅", "无");
    expect((await s.talks()).map((t) => t.studentId)).toEqual([ids[1]]);
  });

  it("treats a digest child who left the teacher's scope as not found", async () => {
    s = await TalkScenario.create(AT, "陈志强");
    const staffId = await s.staffId("陈志强");
    await s.w.query((tx) => tx.talkDigest.create({ data: { staffId, day: "2026-12-01", items: JSON.stringify([1]), createdAt: s.w.clock.now() } }));
    expect(await s.say("陈志强", "已谈 1")).toEqual(["这名学生已不在您可以记录的范围内，谈心没有保存。"]);
    expect(await s.pending()).toEqual([]);
  });
});
