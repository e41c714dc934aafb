import { afterEach, describe, expect, it } from "vitest";
import { TestWorld, T0 } from "../helpers/world.ts";
import { touchParentContact } from "../../src/domain/contact.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const DAY = 86_400_000;
const texts = TestWorld.textsTo;

async function bind(...labels: string[]): Promise<void> {
  for (const l of labels) await w.givenBound(l);
}

async function ask(label: string, text: string): Promise<string[]> {
  return texts(await w.say(label, text), label);
}

describe("孩子近况 for guardians", () => {
  it("lists each own child's latest three updates, the child's and the class's, newest first, dates in Asia/Shanghai", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "刘芳", "张小明妈妈", "李娜妈妈");
    await w.say("李春梅", "近况 张小明 第一条");
    await w.say("李春梅", { kind: "image", name: "第一条.jpg" });
    await w.sim.advance(DAY);
    await w.say("李春梅", "近况 三年级1班 周五春游");
    await w.say("李春梅", "确认");
    await w.sim.advance(DAY);
    await w.say("李春梅", "近况 张小明 第三条");
    // 07:30 in Shanghai is still the day before in UTC: the date shown is Shanghai's.
    await w.sim.setClock(new Date("2026-12-04T07:30:00+08:00"));
    await w.say("李春梅", "近况 张小明 第四条");
    await w.say("刘芳", "近况 张小红 英语朗读比赛二等奖");

    const zhang = [
      "张小明（三年级1班）的近况：",
      "· 12月4日 李春梅老师：第四条",
      "· 12月3日 李春梅老师：第三条",
      "· 12月2日 李春梅老师（全班）：周五春游",
      "",
      "张小红（五年级1班）的近况：",
      "· 12月4日 刘芳老师：英语朗读比赛二等奖",
    ].join("\n");
    expect(await ask("张小明妈妈", "孩子近况")).toEqual([zhang]);
    expect(await ask("张小明妈妈", "近况")).toEqual([zhang]);
    expect(await ask("张小明妈妈", "最近怎么样？")).toEqual([zhang]);
    // Another family sees its own child only: the class update, not 张小明's news.
    expect(await ask("李娜妈妈", "孩子近况")).toEqual(["李娜（三年级1班）的近况：\n· 12月2日 李春梅老师（全班）：周五春游"]);
  });

  it("says when there is no news yet, shows files sent with an update, and does not show a transferred child's", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "张小明奶奶");
    expect(await ask("张小明奶奶", "孩子近况")).toEqual(["张小明（三年级1班）：老师还没有发来近况。\n\n张小红（五年级1班）：老师还没有发来近况。"]);
    await w.say("李春梅", "近况 张小明 在学校很开心");
    await w.say("李春梅", { kind: "image" });
    await w.say("李春梅", { kind: "voice" });
    await w.say("李春梅", { kind: "image", fail: true });
    await w.query((tx) => tx.student.updateMany({ where: { name: "张小红" }, data: { status: "TRANSFERRED", statusReason: "转学到县实验小学" } }));
    expect(await ask("张小明奶奶", "孩子近况")).toEqual([
      "张小明（三年级1班）的近况：\n· 12月1日 李春梅老师：在学校很开心（附图片、语音）\n\n张小红：已转学，不再显示近况。",
    ]);
  });

  it("a teacher who is also a parent gets their children's news with no arguments, and posts with arguments", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "刘芳");
    // 李春梅's WeChat also binds the record of 李娜's mother.
    expect(texts(await w.say("李春梅", `绑定 ${w.code("李娜妈妈")}`), "李春梅")[0]).toMatch(/^绑定成功/);
    await w.say("刘芳", "近况 张小红 今天很好");
    expect(await ask("李春梅", "近况")).toEqual(["李娜（三年级1班）：老师还没有发来近况。"]);
    expect(await ask("李春梅", "近况 李娜 今天很好")).toEqual([
      "三年级1班 李春梅老师发来李娜的近况：\n今天很好",
      "已把李娜的近况发给：王芳（妈妈），并记入档案。\n李军（爸爸）还没有绑定微信，没有收到。\n10 分钟内接着发来的图片、语音、视频或文件，也会转给这些家长。",
    ]);
    // A teacher with no children of their own asking for news is told how to post.
    expect(await ask("刘芳", "孩子近况")).toEqual(["“孩子近况”是给家长查看孩子近况的。老师发近况请写：近况 张小明 今天数学测验得了95分"]);
  });
});

describe("失联", () => {
  it("lists children without family contact for more than 30 days, no record first, then the oldest; a child's update clears them", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "王建国", "张小明妈妈", "刘欣怡妈妈");
    await w.say("李春梅", "近况 张小明 今天很好");
    await w.sim.advance(10 * DAY);
    await w.say("李春梅", "近况 刘欣怡 今天很好");
    await w.sim.setClock(new Date(new Date(T0).getTime() + 45 * DAY + 3_600_000)); // (sends moved the clock by seconds)

    const classList = (n: number, tail: string[]) =>
      [
        `您任教的班级失联名单（超过30天没有家长联系，共${n}人）`,
        "1. 李娜（三年级1班）无联系记录 · 家长未绑定微信",
        "2. 王浩然（三年级1班）无联系记录 · 家长未绑定微信",
        "3. 陈宇轩（三年级1班）无联系记录 · 家长未绑定微信",
        "4. 杨梓涵（三年级1班）无联系记录 · 家长未绑定微信",
        "5. 赵子豪（三年级1班）无联系记录 · 家长未绑定微信",
        "6. 黄诗琪（三年级1班）无联系记录 · 家长未绑定微信",
        "7. 周俊杰（三年级1班）无联系记录 · 家长未绑定微信",
        "8. 吴雨桐（三年级1班）无联系记录 · 家长未绑定微信",
        ...tail,
        "联系记录来自家长的留言、老师的回复、登记的来电和发给这个孩子家长的近况（全班近况不算）。",
      ].join("\n");
    expect(await ask("李春梅", "失联")).toEqual([
      classList(10, ["9. 张小明（三年级1班）已45天 · 家长已绑定微信", "10. 刘欣怡（三年级1班）已35天 · 家长已绑定微信"]),
    ]);
    // The coordinator sees the whole school: 30 children, 张小明 and 刘欣怡 last.
    const [school] = await ask("王建国", "失联");
    const lines = school!.split("\n");
    expect(lines[0]).toBe("失联名单（超过30天没有家长联系，共30人）");
    expect(lines[1]).toBe("1. 李娜（三年级1班）无联系记录 · 家长未绑定微信");
    expect(lines[28]).toBe("28. 邓明杰（五年级1班）无联系记录 · 家长未绑定微信");
    expect(lines.slice(29, 31)).toEqual(["29. 张小明（三年级1班）已45天 · 家长已绑定微信", "30. 刘欣怡（三年级1班）已35天 · 家长已绑定微信"]);
    // 张小红 shares 张小明's mother but had no news herself: listed (no record) in 五年级1班.
    expect(lines).toContain("19. 张小红（五年级1班）无联系记录 · 家长已绑定微信");

    await w.say("李春梅", "近况 张小明 期末考试进步了");
    expect(await ask("李春梅", "失联")).toEqual([classList(9, ["9. 刘欣怡（三年级1班）已35天 · 家长已绑定微信"])]);
  });

  it("uses LOST_CONTACT_DAYS, and is positive when every family has been in touch", async () => {
    w = await TestWorld.create({ env: { LOST_CONTACT_DAYS: "7" } });
    await bind("陈志强");
    const now = w.clock.now();
    await w.query((tx) => tx.student.updateMany({ data: { lastParentContactAt: new Date(now.getTime() - 6 * DAY) } }));
    expect(await ask("陈志强", "失联")).toEqual(["很好！您任教的班级没有超过 7 天没和学校联系的家庭（建档不满 7 天的孩子从建档那天算起）。"]);
    await w.sim.advance(2 * DAY);
    const [list] = await ask("陈志强", "失联");
    expect(list!.split("\n").slice(0, 2)).toEqual(["您任教的班级失联名单（超过7天没有家长联系，共10人）", "1. 徐浩宇（四年级1班）已8天 · 家长未绑定微信"]);
  });

  it("touchParentContact never moves the date back", async () => {
    w = await TestWorld.create();
    const id = (await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "张小明" } }))).id;
    const later = new Date(new Date(T0).getTime() + DAY);
    expect(await w.query((tx) => touchParentContact({ db: tx }, [id, id], later))).toBe(1);
    expect(await w.query((tx) => touchParentContact({ db: tx }, [id], new Date(T0)))).toBe(0);
    expect((await w.query((tx) => tx.student.findUniqueOrThrow({ where: { id } }))).lastParentContactAt).toEqual(later);
  });
});

describe("孩子近况 shows the last talk's date, never its content", () => {
  it("a guardian sees when the teacher last talked with the child", async () => {
    w = await TestWorld.create();
    await bind("张小明妈妈");
    await w.query(async (tx) => {
      const s = await tx.student.findFirstOrThrow({ where: { name: "张小明" } });
      const t = await tx.staff.findFirstOrThrow({ where: { name: "李春梅" } });
      await tx.talkRecord.create({ data: { schoolId: s.schoolId, studentId: s.id, classId: s.classId, teacherId: t.id, talkedAt: new Date("2026-11-30T17:00:00Z"), period: "2026-12", content: "说起想妈妈，夜里哭", createdAt: new Date(T0) } });
    });
    const reply = (await ask("张小明妈妈", "孩子近况")).join("\n");
    expect(reply).toContain("张小明（三年级1班）：老师还没有发来近况。\n老师最近一次和张小明谈心：12月1日");
    expect(reply).not.toContain("想妈妈");
  });
});
