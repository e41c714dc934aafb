import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const GROUP = "三年级1班家长群";

describe("group chats", () => {
  it("ignores group messages that do not mention the bot", async () => {
    w = await TestWorld.create();
    await w.givenBound("张小明妈妈");
    expect(await w.say("张小明妈妈", "明天下午3点开家长会吗", GROUP)).toEqual([]);
    expect(await w.say("张小明妈妈", "帮助", GROUP)).toEqual([]);
    expect(await w.query((tx) => tx.processedMessage.count())).toBe(1); // only the private 绑定
  });

  it("answers a bound sender privately and says so in the group, never posting a child's data there", async () => {
    w = await TestWorld.create();
    await w.givenBound("张小明妈妈");
    const out = await w.say("张小明妈妈", "@家校助手\u2005我是谁", GROUP);
    expect(out).toEqual([
      { to: "张小明妈妈", text: "您是家长刘丽。\n· 三年级1班 张小明的妈妈\n· 五年级1班 张小红的妈妈" },
      { to: `[${GROUP}]`, text: "@刘丽 已私信回复您，请查看与我的私聊。" },
    ]);
  });

  it("notices its name or group nickname typed by hand, strips back-to-back mentions", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    // Typed by hand, not in the mention list.
    const byName = await w.say("李春梅", "@家校助手 我是谁", GROUP);
    expect(byName[0]).toEqual({ to: "李春梅", text: "您是李春梅，老师。\n班主任：三年级1班" });
    // By group nickname.
    const roomId = w.sim.roomId(GROUP);
    w.sim.world.puppet.setRoomAlias(roomId, "sim-bot", "小助手");
    const byAlias = await w.say("李春梅", "@小助手 我是谁", GROUP);
    expect(byAlias[0]!.text).toBe("您是李春梅，老师。\n班主任：三年级1班");
    // Back-to-back mentions picked from WeChat's list, with no separator: the text left is what follows them.
    const me = w.sim.person("李春梅");
    const other = w.sim.world.person("sim-wang", "王老师");
    const room = w.sim.world.mocker.RoomMock.load(roomId);
    w.sim.world.mocker.roomPayload(roomId, { ...w.sim.world.mocker.roomPayload(roomId), memberIdList: [...w.sim.world.mocker.roomPayload(roomId).memberIdList, other.id] });
    w.sim.world.send(w.sim.world.person(me.contactId, me.name), "@家校助手@王老师帮主", { room, mentions: [w.sim.world.botUser, other], sentAt: w.clock.now() });
    const glued = await w.sim.settle();
    expect(glued[0]!.text).toBe("没有“帮主”这个命令。您是想用“帮助”吗？发送“帮助 帮助”查看用法。");
  });

  it("a mention with nothing after it gets a hint; an unbound member gets an answer in the group with no child data", async () => {
    w = await TestWorld.create();
    const empty = await w.say("路人甲", "@家校助手", GROUP);
    expect(empty).toEqual([{ to: `[${GROUP}]`, text: "@路人甲 您好，请在 @我 后面写上要做的事，例如：@我 帮助" }]);
    const who = await w.say("路人甲", "@家校助手 张小明在哪个班", GROUP);
    expect(who).toHaveLength(1);
    expect(who[0]!.to).toBe(`[${GROUP}]`);
    expect(who[0]!.text).not.toContain("三年级");
    expect(who[0]!.text).toContain("请先绑定身份");
  });
});

describe("inbound guards", () => {
  it("ignores the bot's own messages and its echoes", async () => {
    w = await TestWorld.create();
    await w.say("路人甲", "帮助"); // the reply echoes back as a message from the bot itself
    const bot = w.sim.world.botUser;
    w.sim.world.send(bot, "帮助", { sentAt: w.clock.now() }); // typed on the bot account's phone
    expect(await w.sim.settle()).toEqual([]);
    const processed = await w.query((tx) => tx.processedMessage.findMany());
    expect(processed).toHaveLength(1);
    expect(await w.query((tx) => tx.outboxMessage.count())).toBe(1);
  });

  it("ignores a redelivered message id, even after a restart", async () => {
    w = await TestWorld.create();
    const first = await w.say("路人甲", "我是谁");
    expect(first).toHaveLength(1);
    expect(await w.sim.replay()).toEqual([]);
    const p = w.sim.person("路人甲");
    const id = (await w.query((tx) => tx.processedMessage.findFirstOrThrow())).messageId;
    await w.restart();
    w.sim.world.send(w.sim.world.person(p.contactId, p.name), "我是谁", { sentAt: w.clock.now(), messageId: id });
    expect(await w.sim.settle()).toEqual([]);
    expect(await w.query((tx) => tx.outboxMessage.count())).toBe(1);
  });

  it("handles messages that arrived while the bot was offline, however late, within the replay window", async () => {
    w = await TestWorld.create();
    const p = w.sim.person("路人甲");
    const threeDaysAgo = new Date(w.clock.now().getTime() - 3 * 86_400_000);
    w.sim.world.send(w.sim.world.person(p.contactId, p.name), "我是谁", { sentAt: threeDaysAgo });
    const out = await w.sim.settle();
    expect(out).toHaveLength(1);
    const row = await w.query((tx) => tx.processedMessage.findFirstOrThrow());
    expect(row.sentAt.toISOString()).toBe(threeDaysAgo.toISOString());
    // Older than the processed-id retention (30 days): a replay could not be recognised, so it is dropped.
    w.sim.world.send(w.sim.world.person(p.contactId, p.name), "我是谁", { sentAt: new Date(w.clock.now().getTime() - 31 * 86_400_000) });
    expect(await w.sim.settle()).toEqual([]);
  });
});

describe("bad input", () => {
  it("empty text is ignored in private chat", async () => {
    w = await TestWorld.create();
    expect(await w.say("路人甲", "")).toEqual([]);
    expect(await w.say("路人甲", "   \u3000 ")).toEqual([]);
    expect(await w.query((tx) => tx.processedMessage.count())).toBe(2);
  });

  it("10,000 characters of a command get a polite 'too long'; a family's long message is kept for the teacher", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    const out = await w.say("王建国", `档案 ${"长".repeat(10_000)}`);
    expect(out).toEqual([{ to: "王建国", text: "消息太长了（10003 字），请分几条发送，每条不超过 2000 字。" }]);
    await w.givenBound("张小明爸爸");
    const family = await w.say("张小明爸爸", "长".repeat(10_000));
    expect(family).toEqual([{ to: "张小明爸爸", text: "请问这条留言是关于哪个孩子的？请回复编号：\n1. 张小明（三年级1班）\n2. 张小红（五年级1班）\n或发送“取消”。" }]);
    expect(await w.query((tx) => tx.bindingFailure.count())).toBe(0);
  });

  it("emoji, puppets' emoji markup and full-width text are read sensibly", async () => {
    w = await TestWorld.create();
    expect((await w.say("路人甲", "[emoji1f49e][emoji1f49e]"))[0]!.text).toMatch(/^您好！这里是学校的“亲情桥”家校助手。/);
    const full = await w.say("张小明奶奶", `ｂｉｎｄ　${w.code("张小明奶奶").toLowerCase().split("").map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("")}`);
    expect(full[0]!.text).toMatch(/^绑定成功！您是：张桂兰/);
    expect((await w.say("张小明奶奶", "😀😀"))[0]!.text).toMatch(/^请问这条留言是关于哪个孩子的？/);
    expect(await w.query((tx) => tx.pendingAction.findFirstOrThrow())).toMatchObject({ kind: "hotline.choose-child", payload: expect.stringContaining("😀😀") });
  });

  it("non-text messages: voice and pictures go to the teacher, location and mini-program answered; stickers and recall notices ignored", async () => {
    w = await TestWorld.create();
    const nonText = "这类消息（位置、链接、小程序、名片）我没法转给老师。请用文字、语音、图片或文件留言，我会转给孩子的老师。";
    expect((await w.say("路人甲", { kind: "voice" }))[0]!.text).toMatch(/^您好！这里是学校的“亲情桥”家校助手。/);
    await w.givenBound("王浩然爷爷");
    for (const kind of ["location", "miniprogram"] as const) {
      expect(await w.say("王浩然爷爷", { kind }), kind).toEqual([{ to: "王浩然爷爷", text: nonText }]);
    }
    expect((await w.say("王浩然爷爷", { kind: "voice" }))[0]!.text).toMatch(/^已收到您的留言（编号 #1）。/);
    w.clock.advance(10 * 60_000);
    for (const kind of ["image", "file", "video"] as const) {
      expect((await w.say("王浩然爷爷", { kind }))[0]!.text, kind).toMatch(/^已补充到您的留言 #1/);
      w.clock.advance(10 * 60_000);
    }
    expect(await w.say("王浩然爷爷", { kind: "emoticon" })).toEqual([]);
    expect(await w.say("王浩然爷爷", { kind: "recall" })).toEqual([]);
    // The binding is intact.
    expect((await w.say("王浩然爷爷", "我是谁"))[0]!.text).toMatch(/^您是家长王德福。/);
  });
});
