import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { CLASS3, DIGEST_TAIL, at, givenTalked, numbered } from "./duty-world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

async function world(...bound: string[]): Promise<TestWorld> {
  w = await TestWorld.create();
  for (const label of bound) await w.givenBound(label);
  return w;
}

const duty = (name: string) =>
  w.query((tx) =>
    tx.talkDuty.findFirstOrThrow({ where: { student: { name }, period: "2026-12" }, select: { status: true, snoozedUntil: true, excuseState: true, excuseReason: true, excuseById: true, excuseDecidedById: true } }),
  );
const staffId = async (name: string) => (await w.query((tx) => tx.staff.findFirstOrThrow({ where: { name }, select: { id: true } }))).id;
const reply = (label: string, text: string) => [{ to: label, text }];
const HELP = "用法：稍后 <学生> <天数>，天数是 1 以上的整数，例如：稍后 张小明 3";

describe("稍后: a child leaves the digest for a few days, never past the month", () => {
  it("snoozes until Shanghai midnight of today + N days; the child is back that day; bad numbers get the usage", async () => {
    await world("李春梅");
    await w.sim.setClock(at("2026-12-02T10:00:00+08:00")); // the day's digest goes out first
    expect(await w.say("李春梅", "稍后 张小明 3")).toEqual(reply("李春梅", "好的，张小明 的谈心提醒推迟 3 天，12月5日（周六）起重新列入每日提醒。本月的谈心要在12月31日前完成。"));
    expect((await duty("张小明")).snoozedUntil).toEqual(at("2026-12-05T00:00:00+08:00"));
    expect(await w.say("李春梅", "稍后 李娜 三天")).toEqual(reply("李春梅", "好的，李娜 的谈心提醒推迟 3 天，12月5日（周六）起重新列入每日提醒。本月的谈心要在12月31日前完成。"));
    for (const bad of ["0", "-1", "1.5", "一百"]) expect(await w.say("李春梅", `稍后 王浩然 ${bad}`), bad).toEqual(reply("李春梅", `“${bad}”不是有效的天数。${HELP}`));
    expect(await w.say("李春梅", "稍后 王浩然")).toEqual(reply("李春梅", HELP));
    expect(await w.say("李春梅", "稍后 徐浩宇 2")).toEqual(reply("李春梅", "“徐浩宇”不在您本月待谈心的名单里（可能已谈过、已免谈，或不是您班上的学生）。"));

    const rest = CLASS3.filter((n) => n !== "张小明" && n !== "李娜");
    expect(await w.sim.setClock(at("2026-12-03T08:00:00+08:00"))).toEqual(
      reply("李春梅", `【谈心提醒】李春梅老师，本月还有 8 名学生待谈心：\n${numbered(rest)}\n另有 2 名已设置稍后提醒，到期后再列出。\n${DIGEST_TAIL("王浩然")}`),
    );
    // Saturday 12-05 is no school day; on Monday both are back.
    expect((await w.sim.setClock(at("2026-12-07T08:00:00+08:00")))[0]!.text).toBe(`【谈心提醒】李春梅老师，本月还有 10 名学生待谈心：\n${numbered(CLASS3)}\n${DIGEST_TAIL("张小明")}`);
  });

  it("two children of one name: the teacher picks by number", async () => {
    await world("李春梅");
    await w.query((tx) => tx.student.updateMany({ where: { name: "李娜" }, data: { name: "张小明" } }));
    await w.sim.setClock(at("2026-12-02T10:00:00+08:00"));
    expect(await w.say("李春梅", "稍后 张小明 2")).toEqual(reply("李春梅", "找到 2 名学生，请回复编号选择：\n1. 张小明 三年级1班 学号2026001\n2. 张小明 三年级1班 学号2026002\n或发送“取消”。"));
    expect(await w.say("李春梅", "2")).toEqual(reply("李春梅", "好的，张小明 的谈心提醒推迟 2 天，12月4日（周五）起重新列入每日提醒。本月的谈心要在12月31日前完成。"));
    const rows = await w.query((tx) => tx.talkDuty.findMany({ where: { student: { name: "张小明" } }, select: { snoozedUntil: true }, orderBy: { studentId: "asc" } }));
    expect(rows).toEqual([{ snoozedUntil: null }, { snoozedUntil: at("2026-12-04T00:00:00+08:00") }]);
  });

  it("not past the month's end: the reply says the most days allowed; on the last day none", async () => {
    await world("李春梅");
    await w.sim.setClock(at("2026-12-28T10:00:00+08:00")); // the day's digest goes out first
    expect(await w.say("李春梅", "稍后 张小明 5")).toEqual(reply("李春梅", "不能推迟到本月结束以后（到12月31日）。最多可以推迟 3 天：稍后 张小明 3"));
    expect((await duty("张小明")).snoozedUntil).toBeNull();
    expect((await w.say("李春梅", "稍后 张小明 3"))[0]!.text).toBe("好的，张小明 的谈心提醒推迟 3 天，12月31日（周四）起重新列入每日提醒。本月的谈心要在12月31日前完成。");
    await w.sim.setClock(at("2026-12-31T10:00:00+08:00")); // the day's digest goes out first
    expect(await w.say("李春梅", "稍后 李娜 1")).toEqual(reply("李春梅", "今天是本月最后一天，不能再推迟了。请今天找 李娜 谈心，整月不在校的请发送：免谈 李娜 <原因>"));
  });

  it("a parent's sentence starting with 请假 or 稍后 is a message to the teacher, not a refused command", async () => {
    await world("李春梅", "李娜妈妈");
    const out = await w.say("李娜妈妈", "请假 李娜明天发烧去医院");
    expect(out.map((l) => l.to)).toEqual(["李春梅", "李娜妈妈"]);
    expect(out[0]!.text).toMatch(/^【亲情电话 #1】.*\n请假 李娜明天发烧去医院\n/su);
    expect((await w.say("李娜妈妈", "稍后我给老师打电话")).filter((l) => l.text.includes("仅限"))).toEqual([]);
    const entries = await w.query((tx) => tx.hotlineEntry.findMany({ where: { kind: "FAMILY" }, select: { requestId: true, text: true }, orderBy: { id: "asc" } }));
    expect(entries).toEqual([
      { requestId: 1, text: "请假 李娜明天发烧去医院" },
      { requestId: 1, text: "稍后我给老师打电话" },
    ]);
  });
});

describe("免谈 / 请假: a child away the whole month, with the coordinator's approval", () => {
  it("a teacher asks, coordinators are told, 同意免谈 excuses (teacher told), the digest and the counts leave the child out", async () => {
    await world("李春梅", "王建国");
    await w.sim.setClock(at("2026-12-02T10:00:00+08:00")); // the day's digest goes out first
    expect(await w.say("李春梅", "免谈 王浩然")).toEqual(reply("李春梅", "请写上学生和原因。用法：免谈 <学生> <原因>，例如：免谈 张小明 随父母外出，整月不在校"));
    expect(await w.say("李春梅", "免谈 王浩然 随父母去苏州过冬，整月不在校")).toEqual([
      { to: "王建国", text: "【免谈申请】李春梅老师申请 王浩然（三年级1班）2026年12月免谈谈心。\n原因：随父母去苏州过冬，整月不在校\n同意请发送：同意免谈 王浩然\n不同意请发送：不同意免谈 王浩然 <原因>" },
      { to: "李春梅", text: "已提交 王浩然 的免谈申请（原因：随父母去苏州过冬，整月不在校），等待负责人审批，审批后会通知您。" },
    ]);
    expect(await w.say("李春梅", "请假 王浩然 去苏州")).toEqual(reply("李春梅", "王浩然 的免谈申请已经提交，正在等待负责人审批。"));
    expect(await duty("王浩然")).toEqual({ status: "DUE", snoozedUntil: null, excuseState: "REQUESTED", excuseReason: "随父母去苏州过冬，整月不在校", excuseById: await staffId("李春梅"), excuseDecidedById: null });
    const pending = await w.sim.setClock(at("2026-12-03T08:00:00+08:00"));
    expect(pending[0]!.text).toBe(`【谈心提醒】李春梅老师，本月还有 9 名学生待谈心：\n${numbered(CLASS3.filter((n) => n !== "王浩然"))}\n另有 1 名的免谈申请等待负责人审批。\n${DIGEST_TAIL("张小明")}`);

    expect(await w.say("李春梅", "同意免谈 王浩然")).toEqual(reply("李春梅", "抱歉，“同意免谈”仅限负责人使用。发送“帮助”查看您可用的功能。"));
    expect(await w.say("王建国", "同意免谈 张小明")).toEqual(reply("王建国", "没有“张小明”待审批的免谈申请。"));
    expect(await w.say("王建国", "同意免谈 王浩然")).toEqual([
      { to: "李春梅", text: "【免谈】王建国同意了 王浩然 2026年12月的免谈申请，本月不用再找这名学生谈心。" },
      { to: "王建国", text: "已同意 王浩然 2026年12月免谈，已通知班主任。" },
    ]);
    expect(await duty("王浩然")).toMatchObject({ status: "EXCUSED", excuseState: "APPROVED", excuseDecidedById: await staffId("王建国") });
    expect(await w.say("王建国", "同意免谈 王浩然")).toEqual(reply("王建国", "没有“王浩然”待审批的免谈申请。"));
    const next = await w.sim.setClock(at("2026-12-04T08:00:00+08:00"));
    expect(next[0]!.text).toBe(`【谈心提醒】李春梅老师，本月还有 9 名学生待谈心：\n${numbered(CLASS3.filter((n) => n !== "王浩然"))}\n${DIGEST_TAIL("张小明")}`);
    expect((await w.say("李春梅", "谈心统计"))[0]!.text.split("\n")[1]).toBe("合计：应谈 10 人，已谈 0，待谈 9，未谈 0，免谈 1，完成率 0.0%");
  });

  it("不同意免谈 keeps the child due and tells the teacher why; a coordinator's own 免谈 is immediate; the child must be due", async () => {
    await world("李春梅", "陈志强", "王建国");
    await w.sim.setClock(at("2026-12-02T10:00:00+08:00")); // the day's digest goes out first
    await w.say("李春梅", "请假 李娜 跟爸爸去宁波");
    expect(await w.say("王建国", "不同意免谈 李娜 下周就回来了")).toEqual([
      { to: "李春梅", text: "【免谈】王建国没有同意 李娜 2026年12月的免谈申请（下周就回来了），本月仍需完成谈心。" },
      { to: "王建国", text: "已不同意 李娜 的免谈申请，仍需谈心，已通知班主任。" },
    ]);
    expect(await duty("李娜")).toMatchObject({ status: "DUE", excuseState: "REJECTED", excuseDecidedById: await staffId("王建国") });

    expect(await w.say("王建国", "免谈 徐浩宇 住院治疗，整月不在校")).toEqual([
      { to: "陈志强", text: "【免谈】王建国已为 徐浩宇（四年级1班）办理2026年12月免谈，原因：住院治疗，整月不在校。本月不用再找这名学生谈心。" },
      { to: "王建国", text: "已为 徐浩宇（四年级1班）办理2026年12月免谈（原因：住院治疗，整月不在校），不再计入应谈。" },
    ]);
    expect(await duty("徐浩宇")).toMatchObject({ status: "EXCUSED", excuseState: "APPROVED", excuseById: await staffId("王建国") });
    expect(await w.say("李春梅", "免谈 徐浩宇 住院")).toEqual(reply("李春梅", "“徐浩宇”不在您本月待谈心的名单里（可能已谈过、已免谈，或不是您班上的学生）。"));
    await givenTalked(w, ["张小明"], "2026-12-02T11:00:00+08:00");
    expect(await w.say("李春梅", "免谈 张小明 外出")).toEqual(reply("李春梅", "“张小明”不在您本月待谈心的名单里（可能已谈过、已免谈，或不是您班上的学生）。"));
    expect(await w.say("王建国", "免谈 不存在 外出")).toEqual(reply("王建国", "“不存在”不在全校本月待谈心的名单里（可能已谈过、已免谈，或不是在读学生）。"));
  });
});
