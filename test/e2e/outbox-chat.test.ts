import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

describe("outbox through the chat", () => {
  it("a message that cannot be delivered is FAILED, listed by 发送失败, and sent again by 重发", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    w.sim.world.puppet.failNextSends(new Error("contact not found: sim-x"));
    expect(await w.say("路人甲", "我是谁")).toEqual([]);
    const failed = await w.query((tx) => tx.outboxMessage.findFirstOrThrow({ where: { status: "FAILED" } }));
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBe("contact not found: sim-x");
    const list = await w.say("王建国", "发送失败");
    expect(list[0]!.text).toBe(
      `发送失败的消息共 1 条：\n#${failed.id} 发给 未绑定联系人，12月1日 09:00，试了 1 次：对方无法接收（可能不是好友或已删除）\n  内容：您还没有绑定身份。 请先绑定身份：发送“绑定 + 绑定码”…\n发送“重发 编号”可重新发送，例如：重发 ${failed.id}`,
    );
    const retry = await w.say("王建国", `重发 ${failed.id}`);
    expect(TestWorld.textsTo(retry, "王建国")).toEqual([`好的，编号 ${failed.id} 的消息已重新排队发送。`]);
    expect(TestWorld.textsTo(retry, "路人甲")).toHaveLength(1);
    expect(TestWorld.textsTo(retry, "路人甲")[0]).toMatch(/^您还没有绑定身份。/);
    expect((await w.query((tx) => tx.outboxMessage.findUniqueOrThrow({ where: { id: failed.id } }))).status).toBe("SENT");
    expect((await w.say("王建国", `重发 ${failed.id}`))[0]!.text).toBe(`编号 ${failed.id} 的消息不是发送失败状态，无需重发。`);
    expect((await w.say("王建国", "重发 99999"))[0]!.text).toBe("没有找到编号 99999 的消息。发送“发送失败”查看可以重发的消息。");
    expect((await w.say("王建国", "重发 99999999999999999999"))[0]!.text).toBe("没有找到编号 99999999999… 的消息。发送“发送失败”查看可以重发的消息。");
    expect((await w.say("王建国", "重发 abc"))[0]!.text).toBe("请写上要重发的编号，例如：重发 12");
  });

  it("throttling mid-batch pauses the worker; the rest stay pending and each is delivered once later", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.givenBound("李春梅");
    await w.givenBound("张小明妈妈");
    w.sim.world.puppet.failNextSends(new Error("发送消息过于频繁，请稍后再试"));
    // Three people ask at once; the first send is refused as too frequent.
    const now = w.clock.now();
    for (const label of ["王建国", "李春梅", "张小明妈妈"]) {
      const p = w.sim.person(label);
      w.sim.world.send(w.sim.world.person(p.contactId, p.name), "我是谁", { sentAt: now });
    }
    expect(await w.sim.settle()).toEqual([]);
    const pending = await w.query((tx) => tx.outboxMessage.findMany({ where: { status: "PENDING" } }));
    expect(pending).toHaveLength(3);
    const throttle = await w.query((tx) => tx.senderThrottle.findUniqueOrThrow({ where: { account: "bot" } }));
    expect(throttle.pausedUntil!.getTime() - w.clock.now().getTime()).toBe(60_000);
    const later = await w.sim.advance(60_000);
    expect(later.map((l) => l.to).sort()).toEqual(["张小明妈妈", "李春梅", "王建国"].sort());
    expect(w.sim.world.puppet.sentLog.filter((s) => s.text.startsWith("您是")).length).toBe(3);
    expect(await w.query((tx) => tx.outboxMessage.count({ where: { status: "SENT" } }))).toBe(3 + 3);
  });
});
