import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

const ROOM = "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00";
const at = (s: string) => new Date(`${s}+08:00`);

/** A world (T0 Tue 2026-12-01 09:00) with 王建国, 李春梅, 张小明's family bound, 一号视频室, and `time` booked for 张小明 (#1). */
async function booked(time: string): Promise<void> {
  w = await TestWorld.create();
  for (const label of ["王建国", "李春梅", "张小明爸爸", "张小明妈妈", "张小明奶奶"]) await w.givenBound(label);
  await w.say("王建国", ROOM);
  await w.say("王建国", `预约 张小明 ${time}`);
  await w.say("王建国", "确认");
}

const THU = "12月3日（周四）19:00–19:30";
const dayBefore = (span: string) => `【亲情视频提醒】${span}（北京时间） 您和张小明有一次视频（#1）。能按时接听请回复“确认 1”；时间不方便可回复“改期 1 新的时间”。`;
const carerDayBefore = (span: string) => `【亲情视频提醒】${span} 张小明在学校一号视频室和家长视频（#1），请提醒孩子按时到场。`;
const hourBefore = (span: string) => `【亲情视频提醒】一小时后（${span}（北京时间））学校会用微信视频和您连线，张小明在等您（#1）。请保持微信畅通；能接听请回复“确认 1”。`;
const hourBeforeConfirmed = (span: string) => `【亲情视频提醒】一小时后（${span}（北京时间））学校会用微信视频和您连线，张小明在等您（#1）。请保持微信畅通。`;
const teacherHour = (span: string) => `【亲情视频提醒】一小时后请陪同 张小明（三年级1班）视频：${span}，一号视频室（#1）。`;
const teacherStart = (span: string) => `【亲情视频】现在开始：张小明（三年级1班）${span}，一号视频室（#1）。结束后请回复：完成 1（可加备注）、未接通 1 或 缺席 1。`;
const alert = (span: string, who: string) => `【亲情视频未确认】张小明（三年级1班） ${span}，一号视频室（#1）快开始了，${who}还没有确认能接听。请打电话提醒家长，或回复“改期 1 新的时间”“取消 1 原因”。`;
/** Sets the clock; the reunion messages sent (other features' daily lists are left out). */
const clock = async (t: Date) => (await w.sim.setClock(t)).filter((l) => l.text.includes("亲情视频"));
const reminderRows = () => w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "reunion-remind:" } }, select: { status: true } }));

describe("reminders and the unconfirmed alert", () => {
  it("booked two days ahead: 24 h to parents and caregiver, the alert at 2 h, 1 h to parents and teacher, the start to the teacher", async () => {
    await booked("周四晚上7点");
    expect(await clock(at("2026-12-02T18:58:00"))).toEqual([]);
    expect(await clock(at("2026-12-02T19:00:00"))).toEqual([
      { to: "张小明爸爸", text: dayBefore(THU) },
      { to: "张小明妈妈", text: dayBefore(THU) },
      { to: "张小明奶奶", text: carerDayBefore(THU) },
    ]);
    expect(await clock(at("2026-12-03T16:59:00"))).toEqual([]);
    expect(await clock(at("2026-12-03T17:00:00"))).toEqual([{ to: "王建国", text: alert(THU, "张伟（爸爸）、刘丽（妈妈）") }]);
    // Told once.
    expect(await clock(at("2026-12-03T17:30:00"))).toEqual([]);
    expect(await clock(at("2026-12-03T18:00:00"))).toEqual([
      { to: "张小明爸爸", text: hourBefore(THU) },
      { to: "张小明妈妈", text: hourBefore(THU) },
      { to: "李春梅", text: teacherHour(THU) },
    ]);
    expect(await clock(at("2026-12-03T19:00:00"))).toEqual([{ to: "李春梅", text: teacherStart(THU) }]);
    expect(await clock(at("2026-12-04T19:00:00"))).toEqual([]);
  });

  it("booked less than 24 h ahead: no 24 h reminder; a parent's 确认 takes them off the alert", async () => {
    await booked("今晚7点");
    const TODAY = "12月1日（周二）19:00–19:30";
    expect(await w.say("张小明爸爸", "确认")).toEqual([{ to: "张小明爸爸", text: `好的，已确认：您和张小明的视频 #1 ${TODAY}（北京时间）。请在这个时间保持微信畅通，学校会用微信视频和您连线。` }]);
    expect(await clock(at("2026-12-01T17:00:00"))).toEqual([{ to: "王建国", text: alert(TODAY, "刘丽（妈妈）") }]);
    expect((await reminderRows()).length).toBe(4); // 1 h x2 parents, 1 h and start for the teacher: no 24 h rows
    // The hour-before reminder was written again on 确认: the father is not asked to confirm, the mother is.
    const hour = await clock(at("2026-12-01T18:00:00"));
    expect(TestWorld.textsTo(hour, "张小明爸爸")).toEqual([hourBeforeConfirmed(TODAY)]);
    expect(TestWorld.textsTo(hour, "张小明妈妈")).toEqual([hourBefore(TODAY)]);
    expect((await reminderRows()).map((r) => r.status).sort()).toEqual(["PENDING", "SENT", "SENT", "SENT"]);
  });

  it("no alert when every parent confirmed (确认 1, 确认 #1)", async () => {
    await booked("今晚7点");
    await w.say("张小明爸爸", "确认 1");
    await w.say("张小明妈妈", "确认 #1");
    const rows = await w.query((tx) => tx.reunionParticipant.findMany({ where: { role: "PARENT" }, select: { confirmedAt: true } }));
    expect(rows).toEqual([{ confirmedAt: expect.any(Date) }, { confirmedAt: expect.any(Date) }]);
    expect(TestWorld.textsTo(await w.sim.setClock(at("2026-12-01T18:00:00")), "王建国")).toEqual([]);
  });

  it("catches up after a restart: a jump past the 2 h mark still alerts while the session has not started", async () => {
    await booked("今晚7点");
    await w.restart();
    const out = await w.sim.setClock(at("2026-12-01T18:40:00"));
    expect(TestWorld.textsTo(out, "王建国")).toEqual([alert("12月1日（周二）19:00–19:30", "张伟（爸爸）、刘丽（妈妈）")]);
    // Once started, no alert for it any more (a fresh world would send none).
    expect(await w.query((tx) => tx.outboxMessage.count({ where: { dedupeKey: { startsWith: "reunion-unconfirmed:" } } }))).toBe(1);
  });

  it("改期 cancels the old time's reminders: nobody is reminded of it, the new time's come", async () => {
    await booked("周四晚上7点");
    await w.say("王建国", "改期 1 周五晚上7点");
    await w.say("王建国", "确认");
    const FRI = "12月4日（周五）19:00–19:30";
    expect(await clock(at("2026-12-02T19:00:00"))).toEqual([]);
    expect(await clock(at("2026-12-03T18:00:00"))).toEqual([]);
    expect(await clock(at("2026-12-03T19:00:00"))).toEqual([
      { to: "张小明爸爸", text: dayBefore(FRI) },
      { to: "张小明妈妈", text: dayBefore(FRI) },
      { to: "张小明奶奶", text: carerDayBefore(FRI) },
    ]);
    expect(await clock(at("2026-12-04T18:00:00"))).toEqual([
      { to: "张小明爸爸", text: hourBefore(FRI) },
      { to: "张小明妈妈", text: hourBefore(FRI) },
      { to: "李春梅", text: teacherHour(FRI) },
      { to: "王建国", text: alert(FRI, "张伟（爸爸）、刘丽（妈妈）") },
    ]);
    const rows = await w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "reunion-remind:1:1796295600000:" } }, select: { status: true } }));
    expect(rows.map((r) => r.status)).toEqual(Array(7).fill("CANCELLED"));
  });

  it("取消 cancels every reminder and the alert", async () => {
    await booked("周四晚上7点");
    await w.say("张小明妈妈", "取消 1 要加班");
    expect(await clock(at("2026-12-02T19:00:00"))).toEqual([]);
    expect(await clock(at("2026-12-03T17:00:00"))).toEqual([]);
    expect(await clock(at("2026-12-03T19:00:00"))).toEqual([]);
    expect((await reminderRows()).map((r) => r.status)).toEqual(Array(7).fill("CANCELLED"));
  });
});
