import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const WRONG = (left: number) =>
  `绑定码不正确，请核对后重新发送（例如：绑定 ABCD2345，共 8 位字母和数字，不区分大小写）。\n再错 ${left} 次将暂停绑定一小时。`;

describe("绑定", () => {
  it("binds a parent with the right code; a guardian of two children sees both", async () => {
    w = await TestWorld.create();
    const code = w.code("张小明妈妈");
    const out = await w.say("张小明妈妈", `绑定 ${code.toLowerCase()}`);
    expect(out).toEqual([
      {
        to: "张小明妈妈",
        text: "绑定成功！您是：刘丽，三年级1班 张小明、五年级1班 张小红的妈妈。\n发送“帮助”查看您可以使用的功能。",
      },
    ]);
    const rows = await w.query(async (tx) => ({
      identity: await tx.wechatIdentity.findMany({ include: { guardian: true } }),
      code: await tx.bindingCode.findUnique({ where: { code } }),
      audit: await tx.auditLog.findMany({ where: { action: "binding.bound" } }),
    }));
    expect(rows.identity).toHaveLength(1);
    expect(rows.identity[0]!.contactId).toBe(w.sim.person("张小明妈妈").contactId);
    expect(rows.identity[0]!.guardian!.name).toBe("刘丽");
    expect(rows.code!.usedAt!.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(rows.code!.usedByContactId).toBe(w.sim.person("张小明妈妈").contactId);
    expect(rows.audit).toHaveLength(1);
    expect((await w.say("张小明妈妈", "我是谁"))[0]!.text).toBe("您是家长刘丽。\n· 三年级1班 张小明的妈妈\n· 五年级1班 张小红的妈妈");
  });

  it("answers a wrong code, then locks the contact for an hour after 5 wrong tries", async () => {
    w = await TestWorld.create();
    const replies: string[] = [];
    for (let i = 0; i < 4; i++) replies.push((await w.say("路人甲", `绑定 WRNG${i}234`))[0]!.text);
    expect(replies).toEqual([WRONG(4), WRONG(3), WRONG(2), WRONG(1)]);
    w.clock.advance(5 * 60_000);
    const fifth = await w.say("路人甲", "绑定 ZZZZZZZZ");
    expect(fifth[0]!.text).toBe("绑定码输错次数过多，为保护孩子信息，绑定已暂停，请在 12月1日 10:05 之后再试。如有疑问请联系班主任。");
    // Even the right code is refused while locked, and the code stays unused.
    const locked = await w.say("路人甲", `绑定 ${w.code("李娜爸爸")}`);
    expect(locked[0]!.text).toContain("12月1日 10:05 之后再试");
    expect(await w.query((tx) => tx.wechatIdentity.count())).toBe(0);
    // Another contact is not affected.
    expect((await w.say("路人乙", "绑定 ZZZZZZZZ"))[0]!.text).toBe(WRONG(4));
    w.clock.advance(60 * 60_000);
    const after = await w.say("路人甲", `绑定 ${w.code("李娜爸爸")}`);
    expect(after[0]!.text).toMatch(/^绑定成功！您是：李军，三年级1班 李娜的爸爸。/);
  });

  it("wrong tries spread over more than an hour do not lock", async () => {
    w = await TestWorld.create();
    for (let i = 0; i < 4; i++) await w.say("路人甲", "绑定 ZZZZZZZZ");
    w.clock.advance(61 * 60_000);
    expect((await w.say("路人甲", "绑定 ZZZZZZZZ"))[0]!.text).toBe(WRONG(4));
  });

  it("two people racing for one code: exactly one binding, the other told it is used", async () => {
    w = await TestWorld.create();
    const code = w.code("王浩然爸爸");
    const a = w.sim.person("甲");
    const b = w.sim.person("乙");
    const now = w.clock.now();
    w.sim.world.send(w.sim.world.person(a.contactId, a.name), `绑定 ${code}`, { sentAt: now });
    w.sim.world.send(w.sim.world.person(b.contactId, b.name), `绑定 ${code}`, { sentAt: now });
    const out = await w.sim.settle();
    expect(out).toHaveLength(2);
    const texts = out.map((l) => l.text).sort();
    expect(texts[0]).toMatch(/^绑定成功！您是：王强/);
    expect(texts[1]).toBe("这个绑定码已经被使用过了。如果不是您本人绑定的，请立即联系班主任重新领取绑定码。");
    const identities = await w.query((tx) => tx.wechatIdentity.findMany());
    expect(identities).toHaveLength(1);
    const winner = out.find((l) => l.text.startsWith("绑定成功"))!.to;
    expect(identities[0]!.contactId).toBe(w.sim.person(winner).contactId);
    expect(await w.query((tx) => tx.auditLog.count({ where: { action: "binding.bound" } }))).toBe(1);
  });

  it("the same 绑定 delivered twice at once binds once and answers once", async () => {
    w = await TestWorld.create();
    const p = w.sim.person("张小明爸爸");
    const contact = w.sim.world.person(p.contactId, p.name);
    const now = w.clock.now();
    w.sim.world.send(contact, `绑定 ${w.code("张小明爸爸")}`, { sentAt: now, messageId: "dup-1" });
    w.sim.world.send(contact, `绑定 ${w.code("张小明爸爸")}`, { sentAt: now, messageId: "dup-1" });
    const out = await w.sim.settle();
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toMatch(/^绑定成功/);
    expect(await w.query((tx) => tx.processedMessage.count({ where: { messageId: "dup-1" } }))).toBe(1);
    expect(await w.query((tx) => tx.outboxMessage.count())).toBe(1);
  });

  it("rebinding from a new phone with a new code unlinks the old contact", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.givenBound("张小明妈妈");
    const issued = await w.say("王建国", "绑定码 张小明妈妈");
    const newCode = /生成绑定码：([A-Z0-9]{8})/.exec(issued[0]!.text)![1]!;
    expect(issued[0]!.text).toContain("此人已绑定微信");
    // The old card's code is now void.
    expect((await w.say("陌生人", `绑定 ${w.code("张小明爸爸")}`))[0]!.text).toMatch(/^绑定成功/);
    const out = await w.say("刘丽的新微信", `绑定 ${newCode}`);
    expect(TestWorld.textsTo(out, "刘丽的新微信")[0]).toMatch(/^绑定成功！您是：刘丽/);
    expect(TestWorld.textsTo(out, "张小明妈妈")).toEqual([
      "提示：“刘丽”的身份已在另一个微信上重新绑定，本微信已解除绑定。如果不是您本人操作，请尽快联系班主任。",
    ]);
    const who = await w.say("张小明妈妈", "我是谁");
    expect(who[0]!.text).toMatch(/^您还没有绑定身份。/);
    const identity = await w.query((tx) => tx.wechatIdentity.findMany({ where: { guardian: { name: "刘丽" } } }));
    expect(identity.map((i) => i.contactId)).toEqual([w.sim.person("刘丽的新微信").contactId]);
  });

  it("a reissued code voids the old one; an expired code is refused", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    const old = w.code("李娜妈妈");
    const pick = await w.say("王建国", "绑定码 王芳");
    expect(pick[0]!.text).toBe("找到 2 个人，请回复编号选择：\n1. 王芳（李娜的妈妈）\n2. 王芳（孙佳怡的妈妈）\n或发送“取消”。");
    const issued = await w.say("王建国", "１");
    const fresh = /生成绑定码：([A-Z0-9]{8})/.exec(issued[0]!.text)![1]!;
    expect(issued[0]!.text).toContain("有效期至 2026年12月31日（周四）（含当天）");
    w.clock.set(new Date("2026-12-31T23:59:00+08:00")); // still valid on its last day
    expect(await w.query((tx) => tx.bindingCode.count({ where: { code: fresh, expiresAt: { gt: w.clock.now() } } }))).toBe(1);
    expect((await w.say("王芳甲", `绑定 ${old}`))[0]!.text).toBe("这个绑定码已作废（学校已为您发放了新的绑定码），请使用最新的绑定码，或联系班主任。");
    w.clock.advance(31 * 86_400_000);
    expect((await w.say("王芳甲", `绑定 ${fresh}`))[0]!.text).toBe("这个绑定码已过期，请联系班主任重新领取。");
  });

  it("two parents with the same display name stay apart (identity is the contact id)", async () => {
    w = await TestWorld.create();
    await w.givenBound("李娜妈妈");
    await w.givenBound("孙佳怡妈妈");
    expect(w.sim.person("李娜妈妈").name).toBe("王芳");
    expect(w.sim.person("孙佳怡妈妈").name).toBe("王芳");
    expect((await w.say("李娜妈妈", "我是谁"))[0]!.text).toBe("您是家长王芳。\n· 三年级1班 李娜的妈妈");
    expect((await w.say("孙佳怡妈妈", "我是谁"))[0]!.text).toBe("您是家长王芳。\n· 四年级1班 孙佳怡的妈妈");
  });

  it("a code posted in a group is voided and the person told to bind privately", async () => {
    w = await TestWorld.create();
    const code = w.code("赵子豪爸爸");
    const out = await w.say("赵子豪爸爸", `@家校助手 绑定 ${code}`, "三年级1班家长群");
    expect(out).toEqual([
      { to: "[三年级1班家长群]", text: "@赵斌 这个绑定码已在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。" },
    ]);
    expect((await w.say("赵子豪爸爸", `绑定 ${code}`))[0]!.text).toMatch(/^这个绑定码曾在群里公开/);
  });

  it("a parent may write 绑定码 <code> and is bound all the same", async () => {
    w = await TestWorld.create();
    expect((await w.say("吴雨桐爸爸", `绑定码 ${w.code("吴雨桐爸爸")}`))[0]!.text).toMatch(/^绑定成功！您是：吴海/);
  });

  it("a pending choice survives a restart", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.say("王建国", "绑定码 张小明");
    await w.restart();
    const out = await w.say("王建国", "3");
    expect(out[0]!.text).toMatch(/^已为 张桂兰（张小明、张小红的奶奶） 生成绑定码：[A-Z0-9]{8}/);
    expect(await w.query((tx) => tx.pendingAction.count())).toBe(0);
  });
});
