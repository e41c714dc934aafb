import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

const WED_19 = "12月2日（周三）19:00–19:30";
const at = (iso: string) => new Date(`${iso}+08:00`);

/** A world (T0 Tue 2026-12-01 09:00) with 一号视频室 and #1: 张小明 Wed 19:00, booked in chat by 王建国. */
async function world(): Promise<void> {
  w = await TestWorld.create();
  for (const label of ["王建国", "李春梅", "陈志强", "张小明爸爸", "张小明妈妈", "张小明奶奶"]) await w.givenBound(label);
  await w.say("王建国", "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00");
  await w.say("王建国", "预约 张小明 明天晚上7点");
  expect(TestWorld.textsTo(await w.say("王建国", "确认"), "王建国")[0]).toMatch(/^已预约 #1/);
}

/** `label` sends `text` and gets exactly `reply`, nobody else anything. */
async function says(label: string, text: string, reply: string): Promise<void> {
  expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
}
const session = () => w.query((tx) => tx.reunionSession.findUniqueOrThrow({ where: { id: 1 } }));
const child = () => w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "张小明" } }));
const staffId = (name: string) => w.query((tx) => tx.staff.findFirstOrThrow({ where: { name } })).then((s) => s.id);
const NO_ANSWER_NOTE = `【亲情视频】${WED_19}（北京时间）学校没能和您视频连线，张小明在视频室等过您。没关系，想再约时间，请回复“预约”。`;
const ABSENT_NOTE = `【亲情视频】很抱歉，${WED_19}（北京时间）的视频张小明没能到场，老师会了解原因。想再约时间，请回复“预约”。`;

describe("完成 / 未接通 / 缺席", () => {
  it("refuses before the start and out of scope; 完成 records HELD, the note, who, the audit row and the last contact", async () => {
    await world();
    await says("李春梅", "完成 1", `#1 还没有开始：${WED_19}，开始后再记录结果。`);
    await w.sim.setClock(at("2026-12-02T19:35:00"));
    const refusal = "没有找到您可以记录的亲情视频 #1。只有陪同老师、孩子的班主任和负责人可以记录。";
    await says("陈志强", "完成 1", refusal);
    await says("李春梅", "完成 99", refusal.replace("#1", "#99"));
    await says("李春梅", "完成", "请写上预约编号，例如：完成 12 聊得很开心");
    expect((await child()).lastParentContactAt).toBeNull();
    await says("李春梅", "完成 #1 聊得很开心，说了期末考试", `已记录 #1：张小明 ${WED_19} 已完成。\n备注：聊得很开心，说了期末考试`);
    expect(await session()).toMatchObject({ status: "HELD", note: "聊得很开心，说了期末考试", changedById: await staffId("李春梅"), changeReason: null });
    expect((await child()).lastParentContactAt).toEqual(at("2026-12-02T19:00:00"));
    const audit = await w.query((tx) => tx.auditLog.findMany({ where: { entity: "ReunionSession", action: { startsWith: "reunion.mark" } } }));
    expect(audit).toMatchObject([{ action: "reunion.mark", actorType: "STAFF", entityId: "1", detail: JSON.stringify({ status: "HELD", previous: null, note: "聊得很开心，说了期末考试" }) }]);
    // Marked again by a teacher: told what it was; a coordinator corrects it (recorded), parents told.
    await says("李春梅", "未接通 1", "#1 已经记录为“已完成”（李春梅，12月2日 19:35）。如需更正，请联系负责人。");
    await says("王建国", "完成 1", "#1 已经记录为“已完成”（李春梅，12月2日 19:35）。");
    await w.sim.advance(60_000);
    expect(await w.say("王建国", "缺席 1")).toEqual([
      { to: "张小明爸爸", text: ABSENT_NOTE },
      { to: "张小明妈妈", text: ABSENT_NOTE },
      { to: "王建国", text: `已更正 #1（原为“已完成”）：张小明 ${WED_19} 孩子缺席。\n已告诉家长：张伟（爸爸）、刘丽（妈妈），可以再约时间。` },
    ]);
    expect(await session()).toMatchObject({ status: "ABSENT", note: "聊得很开心，说了期末考试", changedById: await staffId("王建国"), changeReason: "更正：已完成→孩子缺席" });
    expect((await child()).lastParentContactAt).toEqual(at("2026-12-02T19:00:00"));
  });

  it("未接通 by a coordinator tells the parents kindly and leaves the last contact alone; a cancelled session is not marked", async () => {
    await world();
    await w.sim.setClock(at("2026-12-02T19:31:00"));
    expect(await w.say("王建国", "未接通 ＃１")).toEqual([
      { to: "张小明爸爸", text: NO_ANSWER_NOTE },
      { to: "张小明妈妈", text: NO_ANSWER_NOTE },
      { to: "王建国", text: `已记录 #1：张小明 ${WED_19} 未接通。\n已告诉家长：张伟（爸爸）、刘丽（妈妈），可以再约时间。` },
    ]);
    expect(await session()).toMatchObject({ status: "NO_ANSWER", note: null, changedById: await staffId("王建国") });
    expect((await child()).lastParentContactAt).toBeNull();
    await w.query((tx) => tx.reunionSession.update({ where: { id: 1 }, data: { status: "CANCELLED" } }));
    await says("李春梅", "缺席 1", `#1 张小明 ${WED_19} 的视频已取消，不用记录结果。`);
  });
});

describe("end-of-day list of unmarked sessions", () => {
  const LIST = `【亲情视频】这些视频已经结束，还没有记录结果（1 次）：\n#1 ${WED_19} 一号视频室 张小明（三年级1班），陪同：李春梅\n请陪同老师或班主任回复：完成 <编号> [备注]、未接通 <编号>（家长没接）或 缺席 <编号>（孩子没来）。`;

  it("goes to the coordinator once at 20:30, again the next evening (caught up after a restart), never when all are marked", async () => {
    await world();
    expect(TestWorld.textsTo(await w.sim.setClock(at("2026-12-02T20:29:00")), "王建国")).toEqual([]);
    expect(await w.sim.advance(60_000)).toEqual([{ to: "王建国", text: LIST }]);
    expect(await w.sim.advance(60_000)).toEqual([]);
    // Next day: the bot was down at 20:30 and comes back at 22:10.
    await w.restart();
    expect(await w.sim.setClock(at("2026-12-03T22:10:00"))).toEqual([{ to: "王建国", text: LIST }]);
    await w.restart();
    expect(await w.sim.advance(60_000)).toEqual([]);
    await w.say("李春梅", "完成 1");
    expect(await w.sim.setClock(at("2026-12-04T20:30:00"))).toEqual([]);
    expect(await w.query((tx) => tx.botState.findMany({ where: { key: { startsWith: "daily:reunion-unmarked:" } }, orderBy: { key: "asc" } }))).toMatchObject([
      { key: "daily:reunion-unmarked:2026-12-02" },
      { key: "daily:reunion-unmarked:2026-12-03" },
      { key: "daily:reunion-unmarked:2026-12-04" },
    ]);
  });
});
