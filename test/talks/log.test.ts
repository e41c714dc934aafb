import { afterEach, describe, expect, it } from "vitest";
import { TalkScenario, loggedText } from "./log-helpers.ts";
import { TestWorld } from "../helpers/world.ts";

let s: TalkScenario;
afterEach(async () => s?.w.close());

const NOT_MINE = "您任教的班级和结对的学生里没有找到“张小明”。请写学生的完整姓名或学号。\n谈心只能记录您任教班级或与您结对的学生；其他班级的学生请由班主任、结对老师或负责人记录。";

describe("谈心 <学生> [日期] <内容>: logging at once", () => {
  it("logs a talk today with the mood word at the end, recounts the duty and audits", async () => {
    s = await TalkScenario.create("2026-12-01T10:00:00+08:00", "李春梅");
    expect(await s.say("李春梅", "谈心 张小明 聊了期中考试和想妈妈的事，情绪稳定 好")).toEqual([
      [
        "已记录谈心。",
        "【谈心记录卡】",
        "时间：2026年12月1日（周二）10:00",
        "谈心教师：李春梅",
        "学生：张小明（三年级1班）",
        "谈心内容：聊了期中考试和想妈妈的事，情绪稳定",
        "状态/效果：好",
        "后续跟进：无",
        "本月还需谈心：9 人",
      ].join("\n"),
    ]);
    const child = await s.w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "张小明" } }));
    const teacherId = await s.staffId("李春梅");
    expect(await s.talks()).toMatchObject([
      { studentId: child.id, classId: child.classId, schoolId: child.schoolId, teacherId, talkedAt: new Date("2026-12-01T10:00:00+08:00"), period: "2026-12", content: "聊了期中考试和想妈妈的事，情绪稳定", mood: "GOOD", followUp: null, place: null },
    ]);
    expect(await s.duty(child.id, "2026-12")).toMatchObject({ done: 1, status: "DONE", teacherId, classId: child.classId });
    const audit = await s.w.query((tx) => tx.auditLog.findMany({ where: { action: "talk.log" } }));
    expect(audit).toMatchObject([{ actorType: "STAFF", actorId: String(teacherId), entity: "TalkRecord" }]);
    expect(audit[0]!.detail).not.toContain("期中考试");
    expect(await s.w.query((tx) => tx.watchEntry.count())).toBe(0);
  });

  it("resolves past dates into the past (at Sunday 2027-01-03: 12月28日 is 2026-12-28) and counts each for its month", async () => {
    s = await TalkScenario.create("2027-01-03T10:00:00+08:00", "李春梅");
    const cases = [
      ["张小明", "12月28日 聊了寒假安排", "2026年12月28日（周一）", "2026-12-28", "2026-12"],
      ["李娜", "昨天 聊了新年愿望", "2027年1月2日（周六）", "2027-01-02", "2027-01"],
      ["王浩然", "上周五 聊了和爷爷相处", "2026年12月25日（周五）", "2026-12-25", "2026-12"],
      ["刘欣怡", "三天前，聊了妈妈回家的事", "2026年12月31日（周四）", "2026-12-31", "2026-12"],
      ["陈宇轩", "2026年12月5日 聊了学习", "2026年12月5日（周六）", "2026-12-05", "2026-12"],
    ] as const;
    for (const [i, [child, args, day, date, period]] of cases.entries()) {
      const content = args.replace(/^\S+[\s，]+/u, "");
      const due = i === 0 ? "本月还需谈心：10 人" : "本月还需谈心：9 人"; // the 2027-01 count: 李娜's talk is this month
      // A talk of December logged in January counts for December when December has figures.
      const earlier = period === "2026-12" ? "这次谈心计入2026年12月。" : undefined;
      expect(await s.say("李春梅", `谈心 ${child} ${args}`)).toEqual([loggedText({ time: day, teacher: "李春梅", child, content, earlier, due })]);
      const [talk] = await s.w.query((tx) => tx.talkRecord.findMany({ where: { student: { name: child } } }));
      expect(talk).toMatchObject({ talkedAt: new Date(`${date}T12:00:00+08:00`), period, content });
      expect(await s.duty(talk!.studentId, period)).toMatchObject({ done: 1 });
    }
  });

  it("refuses a future date, a day that does not exist, a date before admission and a child who left", async () => {
    s = await TalkScenario.create("2026-12-20T10:00:00+08:00", "李春梅");
    expect(await s.say("李春梅", "谈心 张小明 明天 聊了")).toEqual(["2026年12月21日还没到，不能记录未来的谈心。请写已经谈过的日期，例如“昨天”“上周五”或“12月28日”。"]);
    expect(await s.say("李春梅", "谈心 张小明 2027年1月5日 聊了")).toEqual(["2027年1月5日还没到，不能记录未来的谈心。请写已经谈过的日期，例如“昨天”“上周五”或“12月28日”。"]);
    expect(await s.say("李春梅", "谈心 张小明 2月30日 聊了")).toEqual(["“2月30日”不是一个有效的日期，请检查后重新发送，例如：谈心 张小明 12月28日 聊了学习。"]);
    // Demo files were created on 2026-12-01 (admittedAt null: the file's creation stands for it).
    expect(await s.say("李春梅", "谈心 张小明 11月30日 聊了")).toEqual(["张小明是2026年12月1日入学的，不能记录入学前（2026年11月30日）的谈心。请检查日期。"]);
    await s.w.query((tx) => tx.student.updateMany({ where: { name: "李娜" }, data: { admittedAt: new Date("2026-12-10T00:00:00+08:00") } }));
    expect(await s.say("李春梅", "谈心 李娜 12月9日 聊了")).toEqual(["李娜是2026年12月10日入学的，不能记录入学前（2026年12月9日）的谈心。请检查日期。"]);
    expect(await s.say("李春梅", "谈心 李娜 12月10日 聊了")).toEqual([loggedText({ time: "2026年12月10日（周四）", teacher: "李春梅", child: "李娜", content: "聊了" })]);
    await s.w.query((tx) => tx.student.updateMany({ where: { name: "王浩然" }, data: { status: "TRANSFERRED", statusReason: "转学到县一小" } }));
    expect(await s.say("李春梅", "谈心 王浩然 聊了")).toEqual(["王浩然已转学（转学到县一小），不能再记录谈心。"]);
    expect(await s.say("李春梅", "谈心 王浩然")).toEqual(["王浩然已转学（转学到县一小），不能再记录谈心。"]);
    expect((await s.talks()).map((t) => t.content)).toEqual(["聊了"]);
    expect(await s.pending()).toEqual([]);
  });

  it("refuses a child of another class unless the teacher is paired with it; a coordinator logs for the whole school", async () => {
    s = await TalkScenario.create("2026-12-01T10:00:00+08:00", "陈志强", "王建国", "赵磊");
    expect(await s.say("陈志强", "谈心 张小明 聊了学习")).toEqual([NOT_MINE]);
    expect(await s.say("陈志强", "谈心记录 张小明")).toEqual([NOT_MINE]);
    expect(await s.talks()).toEqual([]);

    expect(await s.say("王建国", "谈心 张小明 聊了学习")).toEqual([loggedText({ time: "2026年12月1日（周二）10:00", teacher: "王建国", child: "张小明", content: "聊了学习", due: null })]);
    // 赵磊 teaches every class (not homeroom teacher of any: no due count).
    expect(await s.say("赵磊", "谈心 李娜 聊了数学")).toEqual([loggedText({ time: "2026年12月1日（周二）10:00", teacher: "赵磊", child: "李娜", content: "聊了数学", due: null })]);

    const [child, teacher, coordinator] = [await s.studentId("张小明"), await s.staffId("陈志强"), await s.staffId("王建国")];
    const { schoolId } = await s.w.query((tx) => tx.student.findUniqueOrThrow({ where: { id: child } }));
    await s.w.query((tx) => tx.pairing.create({ data: { schoolId, staffId: teacher, studentId: child, createdById: coordinator, createdAt: s.w.clock.now() } }));
    expect(await s.say("陈志强", "谈心 张小明 聊了画画 一般")).toEqual([
      loggedText({ time: "2026年12月1日（周二）10:00", teacher: "陈志强", child: "张小明", content: "聊了画画", state: "一般", due: "本月还需谈心：10 人" }),
    ]);
    expect((await s.talks()).map((t) => [t.teacherId, t.mood])).toEqual([[coordinator, null], [await s.staffId("赵磊"), null], [teacher, "FAIR"]]);
  });

  it("asks before a second talk with the same child on the same day; 取消 logs nothing, 确认 adds it", async () => {
    s = await TalkScenario.create("2026-12-01T10:00:00+08:00", "李春梅");
    await s.say("李春梅", "谈心 张小明 聊了学习");
    const ask = "您今天已经记录过和张小明的谈心。要再添加一次吗？\n回复“确认”添加，回复“取消”放弃。";
    expect(await s.say("李春梅", "谈心 张小明 聊了学习")).toEqual([ask]);
    expect(await s.say("李春梅", "取消")).toEqual(["好的，已取消。"]);
    expect(await s.talks()).toHaveLength(1);
    expect(await s.say("李春梅", "谈心 张小明 下午又聊了一次 需关注")).toEqual([ask]);
    expect(await s.say("李春梅", "嗯")).toEqual(["请回复“确认”再添加一次谈心记录，或回复“取消”放弃。"]);
    expect(await s.say("李春梅", "确认")).toEqual([
      loggedText({ time: "2026年12月1日（周二）10:00", teacher: "李春梅", child: "张小明", content: "下午又聊了一次", state: "需关注", watched: true }),
    ]);
    expect((await s.talks()).map((t) => t.mood)).toEqual([null, "CONCERN"]);
    expect(await s.duty(await s.studentId("张小明"), "2026-12")).toMatchObject({ done: 2, status: "DONE" });
    // Another day is not a duplicate.
    await s.w.sim.setClock(new Date("2026-12-02T10:00:00+08:00"));
    expect(await s.say("李春梅", "谈心 张小明 昨天 聊了学习")).toEqual(["您2026年12月1日（周二）已经记录过和张小明的谈心（2 次）。要再添加一次吗？\n回复“确认”添加，回复“取消”放弃。"]);
    await s.say("李春梅", "取消");
    expect((await s.say("李春梅", "谈心 张小明 聊了"))[0]).toMatch(/^已记录谈心。/);
  });

  it("counts a talk logged at 00:30 on 2027-01-01 (Asia/Shanghai) for 2027-01, whatever the process TZ", async () => {
    s = await TalkScenario.create("2027-01-01T00:30:00+08:00", "李春梅");
    expect(await s.say("李春梅", "谈心 张小明 聊了新年打算")).toEqual([loggedText({ time: "2027年1月1日（周五）00:30", teacher: "李春梅", child: "张小明", content: "聊了新年打算" })]);
    const [talk] = await s.talks();
    expect(talk).toMatchObject({ talkedAt: new Date("2026-12-31T16:30:00Z"), period: "2027-01" });
    expect(await s.duty(talk!.studentId, "2027-01")).toMatchObject({ done: 1, status: "DONE" });
    expect((await s.duty(talk!.studentId, "2026-12"))?.done ?? 0).toBe(0);
  });

  it("asks which child when a name matches several, by number", async () => {
    s = await TalkScenario.create("2026-12-01T10:00:00+08:00", "李春梅");
    const first = await s.w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "张小明" } }));
    const { id: second } = await s.w.query((tx) =>
      tx.student.create({ data: { schoolId: first.schoolId, classId: first.classId, name: "张小明", studentNo: "2026099", leftBehindType: "FATHER_AWAY", createdAt: first.createdAt, updatedAt: first.createdAt } }),
    );
    expect(await s.say("李春梅", "谈心 张小明 聊了学习 好")).toEqual(["找到 2 名学生，请回复编号选择：\n1. 张小明 三年级1班 学号2026001\n2. 张小明 三年级1班 学号2026099\n或发送“取消”。"]);
    expect(await s.say("李春梅", "3")).toEqual(["请回复编号（1-2）选择，或发送“取消”。"]);
    expect(await s.say("李春梅", "2")).toEqual([loggedText({ time: "2026年12月1日（周二）10:00", teacher: "李春梅", child: "张小明", content: "聊了学习", state: "好", due: "本月还需谈心：10 人" })]);
    expect((await s.talks()).map((t) => t.studentId)).toEqual([second]);
    expect(await s.say("李春梅", "谈心记录 张小明")).toEqual(["找到 2 名学生，请回复编号选择：\n1. 张小明 三年级1班 学号2026001\n2. 张小明 三年级1班 学号2026099\n或发送“取消”。"]);
    expect(await s.say("李春梅", "1")).toEqual(["张小明（三年级1班）还没有谈心记录。记录：谈心 张小明 <内容>"]);
    expect(await s.say("李春梅", "谈心 张小明 今天")).toHaveLength(1);
    expect(await s.say("李春梅", "1")).toEqual(["好的，记录今天和张小明（三年级1班）的谈心。\n第 1 步（共 3 步）：这次谈了什么？请写下谈话的主要内容。\n随时发送“取消”放弃，不会保存。"]);
  });
});

describe("谈心记录 and who may see talks", () => {
  it("shows staff in scope the last 5 cards, newest first; guardians get the normal refusal and no data", async () => {
    s = await TalkScenario.create("2026-12-01T10:00:00+08:00", "李春梅", "王建国", "张小明妈妈");
    expect(await s.say("李春梅", "谈心记录 张小明")).toEqual(["张小明（三年级1班）还没有谈心记录。记录：谈心 张小明 <内容>"]);
    for (let day = 1; day <= 6; day++) {
      await s.w.sim.setClock(new Date(`2026-12-0${day + 1}T10:00:00+08:00`));
      await s.say("李春梅", `谈心 张小明 第${day}次谈话`);
    }
    const list = (await s.say("王建国", "谈心记录 张小明"))[0]!;
    expect(list.split("\n\n")).toHaveLength(6);
    expect(list).toMatch(/^张小明（三年级1班）的谈心记录，共 6 次，以下是最近 5 次：\n\n【谈心记录卡】\n时间：2026年12月7日（周一）10:00\n谈心教师：李春梅\n学生：张小明（三年级1班）\n谈心内容：第6次谈话\n/);
    expect(list).not.toContain("第1次谈话");

    const guardian = await s.w.say("张小明妈妈", "谈心记录 张小明");
    expect(guardian).toEqual([{ to: "张小明妈妈", text: "抱歉，“谈心记录”仅限老师使用。发送“帮助”查看您可用的功能。" }]);
    expect(await s.w.say("张小明妈妈", "谈心 张小明 聊了")).toEqual([{ to: "张小明妈妈", text: "抱歉，“谈心”仅限老师使用。发送“帮助”查看您可用的功能。" }]);
    const mother = s.w.sim.person("张小明妈妈").contactId;
    const toMother = await s.w.query((tx) => tx.outboxMessage.findMany({ where: { conversationId: mother } }));
    expect(toMother.filter((m) => m.text.includes("谈话"))).toEqual([]);
    expect(await s.talks()).toHaveLength(6);
  });

  it("refuses talk commands in a group chat", async () => {
    s = await TalkScenario.create("2026-12-01T10:00:00+08:00", "李春梅");
    const out = await s.w.say("李春梅", "@家校助手 谈心 张小明 聊了学习", "三年级1班家长群");
    expect(out).toContainEqual({ to: "李春梅", text: "为保护孩子和家庭的信息，“谈心”请私聊我发送，不要在群里发。" });
    expect(await s.talks()).toEqual([]);
  });
});

describe("谈心: the place of the talk", () => {
  it("地点：… in the content goes to the card's place, out of the content", async () => {
    const w = await TestWorld.create();
    try {
      await w.givenBound("李春梅");
      const out = await w.say("李春梅", "谈心 李娜 地点：操场 聊了运动会的事 好");
      expect(out.at(-1)!.text).toContain("地点：操场");
      const row = await w.query((tx) => tx.talkRecord.findFirstOrThrow({ select: { place: true, content: true, mood: true } }));
      expect(row).toEqual({ place: "操场", content: "聊了运动会的事", mood: "GOOD" });
    } finally {
      await w.close();
    }
  });
});

describe("谈心: words that look like a mood or a list", () => {
  it("不需关注 is not 需关注; 已谈 1 2 asks for one child at a time", async () => {
    const w = await TestWorld.create();
    try {
      await w.givenBound("李春梅");
      await w.say("李春梅", "谈心 赵子豪 聊了学习 不需关注");
      const row = await w.query((tx) => tx.talkRecord.findFirstOrThrow({ select: { content: true, mood: true } }));
      expect(row).toEqual({ content: "聊了学习 不需关注", mood: null });
      expect(await w.query((tx) => tx.watchEntry.count())).toBe(0);
      await w.query(async (tx) => {
        const t = await tx.staff.findFirstOrThrow({ where: { name: "李春梅" } });
        const ids = (await tx.student.findMany({ where: { name: { in: ["张小明", "李娜"] } }, select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
        await tx.talkDigest.create({ data: { staffId: t.id, day: "2026-12-01", items: JSON.stringify(ids), createdAt: new Date() } });
      });
      expect((await w.say("李春梅", "已谈 1 2")).at(-1)!.text).toBe("一次只能记录一个学生的谈心，请一个一个发，例如：已谈 1。记完再发：已谈 2");
      expect(await w.query((tx) => tx.talkRecord.count())).toBe(1);
    } finally {
      await w.close();
    }
  });
});
