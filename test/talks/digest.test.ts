import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { DIGEST_MAX_ITEMS, LIST_MAX_NAMES, digestText, lastWorkdayListText } from "../../src/messages/talk-duty.ts";
import { periodFromKey } from "../../src/lib/talk-period.ts";
import { CLASS3, DIGEST_TAIL, at, givenTalked, idsOf, numbered } from "./duty-world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

/** The demo school at T0 (Tue 2026-12-01 09:00) with these people bound (after that day's 08:00). */
async function world(bound: string[], start?: string): Promise<TestWorld> {
  w = await TestWorld.create(start ? { start } : {});
  for (const label of bound) await w.givenBound(label);
  return w;
}

const DIGEST_1202 = `【谈心提醒】李春梅老师，本月还有 10 名学生待谈心：\n${numbered(CLASS3)}\n${DIGEST_TAIL("张小明")}`;
const digestKeys = () => w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "talk-digest:" } }, select: { dedupeKey: true, createdAt: true }, orderBy: { id: "asc" } }));

describe("talk digest: working days at 08:00, exactly once", () => {
  it("08:00 on a working day: the numbered list to each homeroom teacher with children due; none to one with nothing due; none before 08:00", async () => {
    await world(["李春梅", "刘芳", "王建国"]);
    // Bound at 09:00 on Dec 1, after that day's 08:00: the first digest is the next working day's.
    await givenTalked(w, ["张小红", "郑凯文", "梁雨萱", "谢文博", "宋佳琪", "唐浩", "许静怡", "韩宇航", "冯可馨", "邓明杰"], "2026-12-01T15:00:00+08:00");
    expect(await w.sim.setClock(at("2026-12-02T07:59:00+08:00"))).toEqual([]);
    expect(await w.sim.setClock(at("2026-12-02T08:00:00+08:00"))).toEqual([{ to: "李春梅", text: DIGEST_1202 }]);
    const [teacher] = await w.query((tx) => tx.staff.findMany({ where: { name: "李春梅" }, select: { id: true } }));
    const digest = await w.query((tx) => tx.talkDigest.findMany({ select: { staffId: true, day: true, items: true } }));
    expect(digest).toEqual([{ staffId: teacher!.id, day: "2026-12-02", items: JSON.stringify(await idsOf(w, CLASS3)) }]);
    expect(await digestKeys()).toEqual([{ dedupeKey: `talk-digest:${teacher!.id}:2026-12-02`, createdAt: at("2026-12-02T08:00:00+08:00") }]);
    // The rest of the day: nothing more.
    expect(await w.sim.setClock(at("2026-12-02T08:01:00+08:00"))).toEqual([]);
    expect(await w.sim.setClock(at("2026-12-02T16:00:00+08:00"))).toEqual([]);
    // A talk logged takes the child off the next day's list.
    await givenTalked(w, ["李娜"], "2026-12-02T10:00:00+08:00");
    const next = await w.sim.setClock(at("2026-12-03T08:00:00+08:00"));
    expect(next).toEqual([{ to: "李春梅", text: `【谈心提醒】李春梅老师，本月还有 9 名学生待谈心：\n${numbered(CLASS3.filter((n) => n !== "李娜"))}\n${DIGEST_TAIL("张小明")}` }]);
  });

  it("not at night, not at weekends, not on a public holiday (元旦 2027-01-01); a day missed entirely is not sent late", async () => {
    await world(["李春梅"]);
    for (const t of ["2026-12-02T05:00:00+08:00", "2026-12-05T09:00:00+08:00", "2026-12-06T09:00:00+08:00"]) expect(await w.sim.setClock(at(t)), t).toEqual([]);
    expect(await w.sim.setClock(at("2026-12-07T18:00:00+08:00"))).toEqual([]); // after SCHOOL_DAY_END
    expect((await w.sim.setClock(at("2026-12-08T08:00:00+08:00"))).map((l) => l.to)).toEqual(["李春梅"]);
    expect(await w.sim.setClock(at("2027-01-01T09:00:00+08:00"))).toEqual([]);
    expect(await w.query((tx) => tx.botState.findMany({ where: { key: { startsWith: "daily:talks:" } }, select: { key: true }, orderBy: { key: "asc" } }))).toEqual([
      { key: "daily:talks:2026-12-01" },
      { key: "daily:talks:2026-12-08" },
    ]);
  });

  it("an adjusted working Saturday (调休 2026-10-10) has a digest; an ordinary Saturday has none", async () => {
    await world(["李春梅"], "2026-10-09T09:00:00+08:00");
    const sat = await w.sim.setClock(at("2026-10-10T08:00:00+08:00"));
    expect(sat).toEqual([{ to: "李春梅", text: `【谈心提醒】李春梅老师，本月还有 10 名学生待谈心：\n${numbered(CLASS3)}\n${DIGEST_TAIL("张小明")}` }]);
    expect(await w.sim.setClock(at("2026-10-17T08:30:00+08:00"))).toEqual([]);
  });

  it("from the 20th the digest says how many days are left; on the last working day it says so and the coordinators get the school's list", async () => {
    await world(["李春梅", "陈志强", "王建国"]);
    await givenTalked(w, ["徐浩宇", "孙佳怡", "马天佑", "朱梦瑶", "胡一鸣", "郭思雨", "何俊熙", "高雅婷"], "2026-12-10T10:00:00+08:00");
    const rest = CLASS3.filter((n) => n !== "张小明" && n !== "李娜");
    await givenTalked(w, ["张小明", "李娜"], "2026-12-10T10:00:00+08:00");
    const d21 = await w.sim.setClock(at("2026-12-21T08:00:00+08:00"));
    expect(d21).toEqual([
      { to: "李春梅", text: `【谈心提醒】李春梅老师，本月还有 8 名学生待谈心：\n${numbered(rest)}\n本月还剩 11 天（到12月31日）。\n${DIGEST_TAIL("王浩然")}` },
      { to: "陈志强", text: `【谈心提醒】陈志强老师，本月还有 2 名学生待谈心：\n1. 林子睿（四年级1班）\n2. 罗欣然（四年级1班）\n本月还剩 11 天（到12月31日）。\n${DIGEST_TAIL("林子睿")}` },
    ]);
    await givenTalked(w, ["林子睿", "罗欣然"], "2026-12-22T10:00:00+08:00");
    const d31 = await w.sim.setClock(at("2026-12-31T08:00:00+08:00"));
    expect(d31).toEqual([
      { to: "李春梅", text: `【谈心提醒】李春梅老师，本月还有 8 名学生待谈心：\n${numbered(rest)}\n今天是本月最后一个工作日，未谈的学生将报学校负责人。\n${DIGEST_TAIL("王浩然")}` },
      {
        to: "王建国",
        text: `【谈心提醒】今天12月31日（周四）是本月最后一个工作日，全校还有 18 名学生本月未谈心：\n三年级1班（李春梅）：${rest.join("、")}\n五年级1班（刘芳）：张小红、郑凯文、梁雨萱、谢文博、宋佳琪、唐浩、许静怡、韩宇航、冯可馨、邓明杰\n查看统计：谈心统计`,
      },
    ]);
  });

  it("when the month is over its missed talks become MISSED; each coordinator gets the list at the first working day's 08:00 (2027-01-04, after 元旦)", async () => {
    await world(["李春梅", "王建国"]);
    await givenTalked(w, [...CLASS3.slice(0, 8), "徐浩宇", ...["张小红", "郑凯文", "梁雨萱", "谢文博", "宋佳琪", "唐浩", "许静怡", "韩宇航", "冯可馨", "邓明杰"]], "2026-12-10T10:00:00+08:00");
    await w.say("王建国", "免谈 马天佑 随父母去新疆过冬，整月不在校");
    // Closed at the first minute job of January (a holiday): nothing is sent then.
    expect(await w.sim.setClock(at("2027-01-01T10:00:00+08:00"))).toEqual([]);
    const closed = await w.query((tx) => tx.talkDuty.findMany({ where: { period: "2026-12", status: "MISSED" }, select: { closedAt: true } }));
    expect(new Set(closed.map((m) => m.closedAt?.toISOString()))).toEqual(new Set([at("2027-01-01T10:00:00+08:00").toISOString()]));
    const list = await w.query((tx) => tx.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: "talk-missed:2026-12:" } }, select: { nextAttemptAt: true, status: true } }));
    expect(list).toEqual({ nextAttemptAt: at("2027-01-04T08:00:00+08:00"), status: "PENDING" });
    const jan4 = await w.sim.setClock(at("2027-01-04T08:00:00+08:00"));
    expect(jan4[0]).toEqual({
      to: "王建国",
      text: "【谈心月结】2026年12月的谈心已结束，10 名学生没有谈心，已记为“未谈”：\n三年级1班（李春梅）：周俊杰、吴雨桐\n四年级1班（陈志强）：孙佳怡、朱梦瑶、胡一鸣、郭思雨、何俊熙、高雅婷、林子睿、罗欣然\n查看统计：谈心统计 2026-12",
    });
    expect(jan4.slice(1).map((l) => l.text.split("\n")[0])).toEqual(["【谈心提醒】李春梅老师，本月还有 10 名学生待谈心："]);
    const dec = await w.query((tx) => tx.talkDuty.groupBy({ by: ["status"], where: { period: "2026-12" }, _count: { _all: true }, orderBy: { status: "asc" } }));
    expect(dec.map((g) => [g.status, g._count._all])).toEqual([["DONE", 19], ["EXCUSED", 1], ["MISSED", 10]]);
    // The close is done once: the next days send nothing more about December.
    const jan5 = await w.sim.setClock(at("2027-01-05T08:00:00+08:00"));
    expect(jan5.filter((l) => l.to === "王建国")).toEqual([]);
  });
});

describe("exactly once: stalls, restarts, double runs", () => {
  it("a stall across 08:00 (the clock jumps to 09:30) sends the digest once, at 09:30", async () => {
    await world(["李春梅"]);
    expect(await w.sim.setClock(at("2026-12-02T07:59:00+08:00"))).toEqual([]);
    expect(await w.sim.setClock(at("2026-12-02T09:30:00+08:00"))).toEqual([{ to: "李春梅", text: DIGEST_1202 }]);
    expect(await w.sim.advance(60_000)).toEqual([]);
    expect((await digestKeys()).map((k) => k.createdAt)).toEqual([at("2026-12-02T09:30:00+08:00")]);
  });

  it("a process down at 08:00 and restarted at 08:07 sends the day's digest at 08:07, once", async () => {
    await world(["李春梅"]);
    expect(await w.sim.setClock(at("2026-12-02T07:50:00+08:00"))).toEqual([]);
    await w.restart();
    expect(await w.sim.setClock(at("2026-12-02T08:07:00+08:00"))).toEqual([{ to: "李春梅", text: DIGEST_1202 }]);
    await w.restart();
    expect(await w.sim.setClock(at("2026-12-02T08:08:00+08:00"))).toEqual([]);
    expect((await digestKeys()).map((k) => k.createdAt)).toEqual([at("2026-12-02T08:07:00+08:00")]);
  });

  it("a second login and the minute jobs run twice, even at once, still send one digest per teacher", async () => {
    await world(["李春梅", "陈志强"]);
    w.clock.set(at("2026-12-02T08:00:00+08:00"));
    const logins: string[] = [];
    w.sim.app.wechaty.on("login", (user) => void logins.push(user.id));
    w.sim.world.puppet.emit("login", { contactId: w.sim.world.botUser.id }); // `login` fired again
    await new Promise((r) => setImmediate(r));
    expect(logins).toEqual(["sim-bot"]);
    const runs = await Promise.all([w.sim.app.runDueJobs(), w.sim.app.runDueJobs()]);
    expect(runs.filter((r) => r.talks !== null)).toHaveLength(1);
    expect((await w.sim.app.runDueJobs()).talks).toBeNull();
    const out = await w.sim.settle();
    expect(out.map((l) => l.to)).toEqual(["李春梅", "陈志强"]);
    expect(await digestKeys()).toHaveLength(2);
    expect(await w.query((tx) => tx.talkDigest.count())).toBe(2);
  });
});

describe("long lists stay short enough for WeChat", () => {
  it("a digest lists at most DIGEST_MAX_ITEMS children and says how many more; a coordinator's list at most LIST_MAX_NAMES names", () => {
    const period = periodFromKey("2026-12")!;
    const items = Array.from({ length: DIGEST_MAX_ITEMS }, (_, i) => ({ name: `学生${i + 1}`, className: "三年级1班", done: 1, required: 2 }));
    const text = digestText({ teacherName: "李春梅", period, items, more: 5, daysLeft: null, lastWorkday: false, snoozed: 0, excuseRequested: 0 }).split("\n");
    expect(text[0]).toBe("【谈心提醒】李春梅老师，本月还有 35 名学生待谈心：");
    expect(text[1]).toBe("1. 学生1（三年级1班） 已谈 1/2 次");
    expect(text[DIGEST_MAX_ITEMS + 1]).toBe("……另有 5 名未列出，谈完前面的会陆续列出。");
    const groups = [40, 40].map((n, c) => ({ className: `${c + 3}年级1班`, teachers: c ? "" : "李春梅", children: Array.from({ length: n }, (_, i) => ({ name: `生${c}-${i}`, excuseRequested: i === 0 })) }));
    const list = lastWorkdayListText(period, "2026-12-31", 80, groups).split("\n");
    expect(list).toHaveLength(5);
    expect(list[1]).toMatch(/^3年级1班（李春梅）：生0-0（申请免谈）、生0-1、/u);
    expect(list[2]!.startsWith("4年级1班（无班主任）：生1-0（申请免谈）、")).toBe(true);
    expect(list[2]!.split("、")).toHaveLength(LIST_MAX_NAMES - 40);
    expect(list[3]).toBe("……另有 20 名未列出，发送“谈心统计”查看各班情况。");
  });
});
