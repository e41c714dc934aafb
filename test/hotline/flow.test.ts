import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const RELAY_FOOTER = (id: number) => `——\n回复家长：回复 ${id} <内容>（或直接引用这条消息回复）\n其他：转给 ${id} <老师> · 备注 ${id} <内容> · 关闭 ${id}`;
const HOURS = "学校工作时间：工作日 07:30–17:30，节假日顺延。可以继续发文字、语音或图片补充。";

async function world(start?: string, ...bound: string[]): Promise<TestWorld> {
  w = await TestWorld.create(start ? { start } : {});
  for (const label of bound) await w.givenBound(label);
  return w;
}

describe("hotline: message -> receipt -> relay -> answer", () => {
  it("a caregiver's message reaches the homeroom teacher, whose answer reaches her", async () => {
    await world(undefined, "李春梅", "李娜妈妈", "李娜爸爸");
    const t0 = w.clock.now().getTime();
    const out = await w.say("李娜妈妈", "老师，李娜这两天咳嗽，麻烦多照看");
    expect(out).toEqual([
      { to: "李春梅", text: `【亲情电话 #1】李娜（三年级1班）的妈妈王芳（监护人）留言：\n老师，李娜这两天咳嗽，麻烦多照看\n${RELAY_FOOTER(1)}` },
      { to: "李娜妈妈", text: `已收到您的留言（编号 #1）。\n已转给李娜的李春梅老师。\n老师会在 今天 13:00 前回复您。\n${HOURS}` },
    ]);
    const req = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 }, include: { entries: true } }));
    expect(req).toMatchObject({ status: "OPEN", channel: "WECHAT", dueAt: new Date(t0 + 4 * 3_600_000), remindAt: new Date(t0 + 3 * 3_600_000), firstResponseAt: null });
    expect(req.entries.map((e) => [e.kind, e.text])).toEqual([["FAMILY", "老师，李娜这两天咳嗽，麻烦多照看"]]);

    w.clock.set(new Date(t0 + 30 * 60_000));
    const answer = await w.say("李春梅", "回复 1 好的，我会留意，请放心");
    expect(answer).toEqual([
      { to: "李娜妈妈", text: "【老师回复 #1】李春梅老师（李娜）：\n好的，我会留意，请放心\n——\n如还有问题，直接在这里回复即可。" },
      { to: "李春梅", text: "已回复 李娜妈妈王芳（#1）。需要结束时发送：关闭 1" },
    ]);
    const after = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 } }));
    expect(after).toMatchObject({ status: "ANSWERED", firstResponseAt: new Date(t0 + 30 * 60_000), dueAt: null });
    const child = await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "李娜" } }));
    expect(child.lastParentContactAt).toEqual(new Date(t0 + 30 * 60_000));
  });

  it("a quoted reply in WeChat answers the request it quotes", async () => {
    await world(undefined, "李春梅", "李娜妈妈");
    const [relay] = await w.say("李娜妈妈", "李娜的棉衣带了吗");
    const quoted = `「家校助手：${relay!.text.split("\n")[0]}\n李娜的棉衣带了吗」\n- - - - - - - - - - - - - - -\n带了，放在宿舍`;
    expect(await w.say("李春梅", quoted)).toEqual([
      { to: "李娜妈妈", text: "【老师回复 #1】李春梅老师（李娜）：\n带了，放在宿舍\n——\n如还有问题，直接在这里回复即可。" },
      { to: "李春梅", text: "已回复 李娜妈妈王芳（#1）。需要结束时发送：关闭 1" },
    ]);
  });
});

describe("hotline: bursts, several children, reopening", () => {
  it("twenty messages in a minute are one request: one receipt, two relays", async () => {
    await world(undefined, "李春梅", "李娜妈妈");
    const out = [];
    const t0 = w.clock.now().getTime();
    for (let i = 1; i <= 20; i++) {
      out.push(...(await w.say("李娜妈妈", `第${i}条`)));
    }
    expect(w.clock.now().getTime() - t0).toBeLessThan(60_000);
    expect(TestWorld.textsTo(out, "李娜妈妈")).toHaveLength(1);
    expect(TestWorld.textsTo(out, "李春梅")).toEqual([`【亲情电话 #1】李娜（三年级1班）的妈妈王芳（监护人）留言：\n第1条\n${RELAY_FOOTER(1)}`]);
    const later = await w.sim.advance(2 * 60_000);
    const merged = Array.from({ length: 19 }, (_, i) => `第${i + 2}条`).join("\n");
    expect(later).toEqual([{ to: "李春梅", text: `【亲情电话 #1】李娜（三年级1班）的妈妈王芳（监护人）补充：\n${merged}\n${RELAY_FOOTER(1)}` }]);
    expect(await w.query((tx) => tx.hotlineRequest.count())).toBe(1);
    expect(await w.query((tx) => tx.hotlineEntry.count({ where: { kind: "FAMILY" } }))).toBe(20);
  });

  it("a guardian of two children is asked which, unless the message names the child", async () => {
    await world(undefined, "李春梅", "刘芳", "张小明妈妈");
    expect(await w.say("张小明妈妈", "老师好，最近作业多吗")).toEqual([
      { to: "张小明妈妈", text: "请问这条留言是关于哪个孩子的？请回复编号：\n1. 张小明（三年级1班）\n2. 张小红（五年级1班）\n或发送“取消”。" },
    ]);
    const chosen = await w.say("张小明妈妈", "2");
    expect(chosen[0]).toEqual({ to: "刘芳", text: `【亲情电话 #1】张小红（五年级1班）的妈妈刘丽（外出务工）留言：\n老师好，最近作业多吗\n${RELAY_FOOTER(1)}` });
    expect(chosen[1]!.text).toMatch(/^已收到您的留言（编号 #1）。\n已转给张小红的刘芳老师。/);

    w.clock.advance(10 * 60_000);
    const named = await w.say("张小明妈妈", "小明的感冒好了吗");
    expect(named[0]).toMatchObject({ to: "李春梅", text: expect.stringContaining("【亲情电话 #2】张小明（三年级1班）的妈妈刘丽（外出务工）留言：\n小明的感冒好了吗") });
  });

  it("closing tells the family; a new message within 7 days reopens, later starts a new request", async () => {
    await world(undefined, "李春梅", "李娜妈妈");
    await w.say("李娜妈妈", "请问周五几点放学");
    await w.say("李春梅", "回复 1 下午四点");
    expect(await w.say("李春梅", "关闭 1")).toEqual([
      { to: "李娜妈妈", text: "您关于李娜的留言 #1 老师已处理完毕。如还有问题，直接发消息即可。" },
      { to: "李春梅", text: "已关闭 #1。已告知家长。" },
    ]);
    w.clock.advance(3 * 86_400_000);
    const again = await w.say("李娜妈妈", "那周六补课吗");
    expect(again.find((l) => l.to === "李娜妈妈")!.text).toMatch(/^已收到您的留言，接着之前的请求处理（编号 #1）。/);
    expect(again.find((l) => l.to === "李春梅")!.text).toContain("【亲情电话 #1】");
    const r = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 }, include: { entries: true } }));
    expect(r.status).toBe("OPEN");
    expect(r.entries.map((e) => e.kind)).toEqual(["FAMILY", "ANSWER", "CLOSE", "REOPEN", "FAMILY"]);

    await w.say("李春梅", "关闭 1");
    w.clock.advance(8 * 86_400_000);
    const fresh = await w.say("李娜妈妈", "下学期什么时候开学");
    expect(fresh.find((l) => l.to === "李娜妈妈")!.text).toMatch(/^已收到您的留言（编号 #2）。/);
  });
});

describe("hotline: who receives an answer", () => {
  it("only the asking guardian by default; every bound guardian of the child with HOTLINE_ANSWER_ALL_GUARDIANS", async () => {
    w = await TestWorld.create({ env: { HOTLINE_ANSWER_ALL_GUARDIANS: "true" } });
    for (const label of ["李春梅", "王浩然爷爷", "王浩然妈妈", "李娜妈妈"]) await w.givenBound(label);
    await w.say("王浩然爷爷", "浩然的书包拉链坏了");
    const out = await w.say("李春梅", "回复 1 明天我帮他换一个");
    expect(out).toEqual([
      { to: "王浩然妈妈", text: "【老师回复 #1】王浩然爷爷王德福问了王浩然的事，李春梅老师的回复：\n明天我帮他换一个" },
      { to: "王浩然爷爷", text: "【老师回复 #1】李春梅老师（王浩然）：\n明天我帮他换一个\n——\n如还有问题，直接在这里回复即可。" },
      { to: "李春梅", text: "已回复 王浩然妈妈陈静、王浩然爷爷王德福（#1）。需要结束时发送：关闭 1" },
    ]);
  });

  it("a family quoting the teacher's answer adds only their reply to the request", async () => {
    await world(undefined, "李春梅", "李娜妈妈");
    await w.say("李娜妈妈", "孩子的校服尺码是多少");
    await w.say("李春梅", "回复 1 140码");
    w.clock.advance(10 * 60_000);
    const out = await w.say("李娜妈妈", "「家校助手：【老师回复 #1】李春梅老师（李娜）：140码」\n- - - - - - - - - - - - - - -\n好的，谢谢老师");
    expect(TestWorld.textsTo(out, "李春梅")[0]).toBe(`【亲情电话 #1】李娜（三年级1班）的妈妈王芳（监护人）留言：\n好的，谢谢老师\n${RELAY_FOOTER(1)}`);
  });
});
