import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const at = (iso: string) => new Date(iso);

/** Moves the clock and returns what was sent, leaving out the daily talk digests and month-end lists (test/talks covers them). */
async function clockTo(iso: string) {
  return (await w.sim.setClock(at(iso))).filter((l) => !/^【谈心(提醒|月结)】/.test(l.text));
}

/** Binds the homeroom teacher, the coordinator and 李娜妈妈, then she writes at `sentAt` (Asia/Shanghai ISO). */
async function requestAt(start: string, sentAt: string): Promise<void> {
  w = await TestWorld.create({ start });
  for (const label of ["李春梅", "王建国", "李娜妈妈"]) await w.givenBound(label);
  w.clock.set(at(sentAt));
  await w.say("李娜妈妈", "老师，孩子的药放在书包里了，中午请提醒她吃");
}

describe("hotline response targets in school working time", () => {
  it("Friday 16:00 + 4 working hours skips the weekend: reminder Monday 09:00, escalation Monday 10:00", async () => {
    await requestAt("2026-12-04T08:00:00+08:00", "2026-12-04T16:00:00+08:00");
    const r = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 } }));
    expect(r.dueAt).toEqual(at("2026-12-07T10:00:00+08:00"));
    expect(r.remindAt).toEqual(at("2026-12-07T09:00:00+08:00"));
    // Nothing at night, nothing over the weekend.
    for (const t of ["2026-12-04T23:00:00+08:00", "2026-12-05T10:00:00+08:00", "2026-12-06T12:00:00+08:00", "2026-12-07T08:59:00+08:00"]) {
      expect(await clockTo(t), t).toEqual([]);
    }
    expect(await clockTo("2026-12-07T09:00:00+08:00")).toEqual([
      { to: "李春梅", text: "⏰ 提醒：亲情电话 #1（李娜）还有 1小时（工作时间）到回复时限，家长在等您的回复。\n发送：回复 1 <内容>；查看留言：请求 1" },
    ]);
    expect(await clockTo("2026-12-07T09:30:00+08:00")).toEqual([]);
    const escalation = await clockTo("2026-12-07T10:00:00+08:00");
    expect(escalation).toEqual([
      { to: "王建国", text: "⚠️ 亲情电话 #1 超过 4 个工作小时没有回复（已等 4小时 工作时间）：李娜（三年级1班）的妈妈王芳（监护人）。负责老师：李春梅。\n查看：请求 1；改派：转给 1 <老师>" },
      { to: "李春梅", text: "⚠️ 亲情电话 #1（李娜）已超过回复时限，已上报学校负责人。请尽快回复：回复 1 <内容>" },
      { to: "李娜妈妈", text: "您的留言 #1 学校正在处理，负责老师和学校负责人都已收到提醒，会尽快回复您。请耐心等待。" },
    ]);
    expect(await clockTo("2026-12-07T11:00:00+08:00")).toEqual([]);
    const r2 = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 }, include: { entries: true } }));
    expect(r2.remindedAt).toEqual(at("2026-12-07T09:00:00+08:00"));
    expect(r2.escalatedAt).toEqual(at("2026-12-07T10:00:00+08:00"));
    expect(r2.entries.map((e) => e.kind)).toEqual(["FAMILY", "REMINDER", "ESCALATION"]);
  });

  it("a public holiday is skipped: 2026-09-30 16:00 is due after National Day, 2026-10-08 10:00", async () => {
    await requestAt("2026-09-30T08:00:00+08:00", "2026-09-30T16:00:00+08:00");
    const r = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 } }));
    expect(r.dueAt).toEqual(at("2026-10-08T10:00:00+08:00"));
    expect(await clockTo("2026-10-02T10:00:00+08:00")).toEqual([]);
    expect((await clockTo("2026-10-08T09:00:00+08:00")).map((l) => l.to)).toEqual(["李春梅"]);
  });

  it("an adjusted working Saturday (调休 2026-10-10) counts: Friday 16:00 is due Saturday 10:00", async () => {
    await requestAt("2026-10-09T08:00:00+08:00", "2026-10-09T16:00:00+08:00");
    const r = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 } }));
    expect(r.dueAt).toEqual(at("2026-10-10T10:00:00+08:00"));
    expect((await clockTo("2026-10-10T10:00:00+08:00")).map((l) => l.to)).toEqual(["王建国", "李春梅", "李娜妈妈"]);
  });

  it("a message at night is due 4 working hours after the next start, and the receipt says so", async () => {
    w = await TestWorld.create({ start: "2026-12-01T08:00:00+08:00" });
    for (const label of ["李春梅", "李娜妈妈"]) await w.givenBound(label);
    w.clock.set(at("2026-12-01T22:00:00+08:00"));
    const out = await w.say("李娜妈妈", "明天降温，给孩子加件衣服");
    expect(TestWorld.textsTo(out, "李娜妈妈")[0]).toContain("老师会在 明天 11:30 前回复您（现在是学校休息时间，上班后处理）。");
  });

  it("an answer before the target stops the reminder and escalation; a restart loses nothing", async () => {
    await requestAt("2026-12-01T08:00:00+08:00", "2026-12-01T09:00:00+08:00");
    await w.restart();
    expect((await clockTo("2026-12-01T12:00:00+08:00")).map((l) => l.to)).toEqual(["李春梅"]);
    await w.say("李春梅", "回复 1 好的，会提醒她");
    expect(await clockTo("2026-12-01T14:00:00+08:00")).toEqual([]);
  });
});
