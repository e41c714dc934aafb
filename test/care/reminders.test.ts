import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { careWorld } from "./helpers.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const texts = TestWorld.textsTo;
const at = (iso: string) => new Date(`${iso}+08:00`);

async function world(env: Record<string, string>, ...bound: string[]): Promise<TestWorld> {
  return (w = await careWorld(bound, env));
}

/** What `label` received when the clock is set to `iso` (Asia/Shanghai). */
async function at_(iso: string, label: string): Promise<string[]> {
  return texts(await w.sim.setClock(at(iso)), label);
}

const careRows = () => w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "care-remind:" } }, orderBy: { id: "asc" } }));

// 赵磊 teaches maths in every class and is no homeroom teacher: he gets no talk digests, so
// everything he receives at 08:00 is the care reminder.
describe("mentor reminders", () => {
  it("diary: after 30 days without an entry, one message at 08:00 on a working day, not again the next day, again 30 days later (with the visit)", async () => {
    await world({}, "王建国", "赵磊");
    await w.say("王建国", "结对 赵磊 张小明");
    await w.say("王建国", "结对 陈志强 李娜"); // 陈志强 is not bound: he gets nothing
    expect(await at_("2026-12-30T09:00:00", "赵磊")).toEqual([]);
    expect(await at_("2026-12-31T07:59:00", "赵磊")).toEqual([]);
    const first = await w.sim.setClock(at("2026-12-31T08:00:00"));
    expect(texts(first, "赵磊")).toEqual([
      "今天的帮扶提醒（12月31日）：\n【成长日记】\n· 张小明（三年级1班）：结对 30 天还没有写成长日记\n发送“日记 姓名 内容”记录。",
    ]);
    expect(first.filter((l) => l.text.startsWith("今天的帮扶提醒")).map((l) => l.to)).toEqual(["赵磊"]);
    expect(await at_("2026-12-31T10:00:00", "赵磊")).toEqual([]);
    expect(await at_("2027-01-04T08:00:00", "赵磊")).toEqual([]); // Jan 1-3: holiday and weekend; Monday: not again
    expect(await at_("2027-01-29T08:00:00", "赵磊")).toEqual([]); // 59 days
    // Day 60 is Saturday 2027-01-30: the next working day has both the diary and the visit.
    expect(await at_("2027-01-30T08:00:00", "赵磊")).toEqual([]);
    expect(await at_("2027-02-01T08:00:00", "赵磊")).toEqual([
      [
        "今天的帮扶提醒（2月1日）：",
        "【成长日记】",
        "· 张小明（三年级1班）：结对 62 天还没有写成长日记",
        "发送“日记 姓名 内容”记录。",
        "【家访】",
        "· 张小明（三年级1班）：本学期（9月1日起）还没有走访",
        "发送“走访 姓名”记录。",
      ].join("\n"),
    ]);
    expect((await careRows()).map((r) => r.dedupeKey)).toEqual([`care-remind:${await zhaoId()}:2026-12-31`, `care-remind:${await zhaoId()}:2027-02-01`]);
  });

  it("a diary entry restarts the count; the reminder names the last entry", async () => {
    await world({}, "王建国", "赵磊");
    await w.say("王建国", "结对 赵磊 张小明");
    await w.sim.setClock(at("2026-12-10T09:00:00"));
    await w.say("赵磊", "日记 张小明 上课认真多了");
    expect(await at_("2026-12-31T08:00:00", "赵磊")).toEqual([]);
    expect(await at_("2027-01-11T08:00:00", "赵磊")).toEqual(["今天的帮扶提醒（1月11日）：\n【成长日记】\n· 张小明（三年级1班）：已 32 天没有写成长日记（上次 12月10日）\n发送“日记 姓名 内容”记录。"]);
  });

  it("home visit: once per term, HOME_VISIT_REMIND_AFTER_DAYS into the term (from the pairing when later); a visit this term stops it", async () => {
    await world({ SCHOOL_TERMS: "09-01,12-14", HOME_VISIT_REMIND_AFTER_DAYS: "10", MENTOR_DIARY_DAYS: "365" }, "王建国", "赵磊");
    await w.say("王建国", "结对 赵磊 张小明");
    await w.say("王建国", "结对 赵磊 李娜");
    await w.say("赵磊", "走访 李娜 妈妈在家，一切都好");
    expect(await at_("2026-12-10T08:00:00", "赵磊")).toEqual([]);
    expect(await at_("2026-12-11T08:00:00", "赵磊")).toEqual(["今天的帮扶提醒（12月11日）：\n【家访】\n· 张小明（三年级1班）：本学期（9月1日起）还没有走访\n发送“走访 姓名”记录。"]);
    expect(await at_("2026-12-14T08:00:00", "赵磊")).toEqual([]); // a new term starts: not yet 10 days in
    expect(await at_("2026-12-23T08:00:00", "赵磊")).toEqual([]);
    expect(await at_("2026-12-24T08:00:00", "赵磊")).toEqual([
      "今天的帮扶提醒（12月24日）：\n【家访】\n· 张小明（三年级1班）：本学期（12月14日起）还没有走访\n· 李娜（三年级1班）：本学期（12月14日起）还没有走访\n发送“走访 姓名”记录。",
    ]);
    expect(await at_("2026-12-25T08:00:00", "赵磊")).toEqual([]);
  });
});

describe("care plan review reminders", () => {
  it("reminds the owner on the review date, a holiday date on the next working day, once; together with due diaries in one message", async () => {
    await world({}, "王建国", "赵磊");
    await w.say("王建国", "结对 赵磊 张小明");
    expect(texts(await w.say("赵磊", "方案 王浩然 每天放学后辅导作业半小时 复查 1月1日"), "赵磊")).toEqual([
      "已为王浩然（三年级1班）记录个别教育方案，复查日期：2027年1月1日（周五）。到时会提醒您复查。",
    ]);
    expect(texts(await w.say("赵磊", "方案 张小明 每周和奶奶通一次电话"), "赵磊")).toEqual([
      "已为张小明（三年级1班）记录个别教育方案，复查日期：2026年12月31日（周四）。到时会提醒您复查。",
    ]);
    expect(await at_("2026-12-31T08:00:00", "赵磊")).toEqual([
      [
        "今天的帮扶提醒（12月31日）：",
        "【成长日记】",
        "· 张小明（三年级1班）：结对 30 天还没有写成长日记",
        "发送“日记 姓名 内容”记录。",
        "【方案复查】",
        "· 张小明（三年级1班）：每周和奶奶通一次电话（12月1日制定，复查日期 12月31日）",
        "请看看方案落实得怎么样；需要调整时，发送“方案 姓名 新内容”记录新方案。",
      ].join("\n"),
    ]);
    expect(await at_("2027-01-01T08:00:00", "赵磊")).toEqual([]); // 元旦
    expect(await at_("2027-01-04T08:00:00", "赵磊")).toEqual([
      "今天的帮扶提醒（1月4日）：\n【方案复查】\n· 王浩然（三年级1班）：每天放学后辅导作业半小时（12月1日制定，复查日期 1月1日）\n请看看方案落实得怎么样；需要调整时，发送“方案 姓名 新内容”记录新方案。",
    ]);
    expect(await at_("2027-01-05T08:00:00", "赵磊")).toEqual([]);
    const plans = await w.query((tx) => tx.carePlan.findMany({ orderBy: { id: "asc" }, select: { reviewOn: true, remindedAt: true } }));
    expect(plans).toEqual([
      { reviewOn: "2027-01-01", remindedAt: expect.any(Date) },
      { reviewOn: "2026-12-31", remindedAt: expect.any(Date) },
    ]);
  });

  it("an owner who is not bound gets nothing and the plan waits until they bind", async () => {
    await world({}, "王建国");
    await w.say("王建国", "方案 张小明 每周和奶奶通一次电话 复查 12月3日");
    await w.query((tx) => tx.wechatIdentity.deleteMany({ where: { staff: { name: "王建国" } } }));
    expect(await at_("2026-12-03T08:00:00", "王建国")).toEqual([]);
    expect(await w.query((tx) => tx.carePlan.findFirstOrThrow())).toMatchObject({ remindedAt: null });
    expect(await careRows()).toEqual([]);
  });
});

async function zhaoId(): Promise<number> {
  return (await w.query((tx) => tx.staff.findFirstOrThrow({ where: { name: "赵磊" } }))).id;
}
