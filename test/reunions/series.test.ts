import { afterEach, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { TestWorld } from "../helpers/world.ts";
import { SERIES_MAX, seriesStarts } from "../../src/domain/reunions/series.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

/** The sample 2027 calendar: 元旦 1-3 January, 春节 5-13 February, Saturday 20 February a working day (春节调休). */
const HOLIDAYS = { HOLIDAYS_FILE: resolve(import.meta.dirname, "../fixtures/holidays-2027.json") };
const ROOM = "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00";

/** A world (T0 Tue 2026-12-01 09:00 unless `start`) with 王建国, 李春梅, 张小明's family and `more` bound, and 一号视频室 (1 device). */
async function world(more: string[] = [], start?: string): Promise<void> {
  w = await TestWorld.create({ env: HOLIDAYS, ...(start ? { start } : {}) });
  for (const label of ["王建国", "李春梅", "张小明爸爸", "张小明妈妈", "张小明奶奶", ...more]) await w.givenBound(label);
  await w.say("王建国", ROOM);
}

const sessions = () => w.query((tx) => tx.reunionSession.findMany({ include: { participants: { orderBy: { guardianId: "asc" } } }, orderBy: { id: "asc" } }));
async function says(label: string, text: string, reply: string): Promise<void> {
  expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
}
const PEOPLE = "学生：张小明（三年级1班）\n视频室：一号视频室\n视频的家长：张伟（爸爸）、刘丽（妈妈）\n告知家人：张桂兰（奶奶）\n陪同老师：李春梅";
const FRIDAYS = ["#2 12月4日（周五）19:00–19:30", "#3 12月18日（周五）19:00–19:30", "#4 12月25日（周五）19:00–19:30", "#5 1月8日（周五）19:00–19:30"];

describe("预约 <学生> 每周五 19:00 (recurring series)", () => {
  it("skips 元旦, reports a full date, books the rest on 确认 with one notice per person; a duplicate 确认 books once", async () => {
    await world(["李娜爸爸"]);
    await w.say("王建国", "预约 李娜 12月11日 19:00");
    await w.say("王建国", "确认");
    await says(
      "王建国",
      "预约 张小明 每周五 19:00 共 6 次",
      [
        "请核对每周亲情视频预约（共 6 个日期，每次 30 分钟）：",
        PEOPLE,
        "1. 12月4日（周五）19:00–19:30 ✓",
        "2. 12月11日（周五）19:00–19:30 冲突：这个时段视频室已约满",
        "3. 12月18日（周五）19:00–19:30 ✓",
        "4. 12月25日（周五）19:00–19:30 ✓",
        "5. 1月1日（周五）元旦放假，跳过",
        "6. 1月8日（周五）19:00–19:30 ✓",
        "可以预约 4 次。回复“确认”预约这 4 次，或发送“取消”。",
      ].join("\n"),
    );
    const pending = await w.query((tx) => tx.pendingAction.findFirstOrThrow({ where: { kind: "reunion.series-confirm" } }));
    const out = await w.say("王建国", "确认");
    const dates = FRIDAYS.map((d) => `${d}（北京时间）`).join("\n");
    expect(out).toEqual([
      { to: "张小明爸爸", text: `【亲情视频】学校为您和张小明约好了每周的视频，共 4 次：\n${dates}\n请在这些时间保持微信畅通，学校会用微信视频和您连线，孩子在学校一号视频室等您，李春梅老师陪同。每次开始前会再提醒您。` },
      { to: "张小明妈妈", text: `【亲情视频】学校为您和张小明约好了每周的视频，共 4 次：\n${dates}\n请在这些时间保持微信畅通，学校会用微信视频和您连线，孩子在学校一号视频室等您，李春梅老师陪同。每次开始前会再提醒您。` },
      { to: "张小明奶奶", text: `【亲情视频】学校为张小明约好了和张伟（爸爸）、刘丽（妈妈）每周的视频，共 4 次，在学校一号视频室：\n${FRIDAYS.join("\n")}\n请提醒孩子按时到场；如果那时孩子不在学校，请提前送到学校。` },
      { to: "李春梅", text: `【亲情视频】请您陪同：张小明（三年级1班）每周和张伟（爸爸）、刘丽（妈妈）视频，一号视频室，共 4 次：\n${FRIDAYS.join("\n")}` },
      {
        to: "王建国",
        text: [
          "已预约 4 次：张小明，一号视频室",
          ...FRIDAYS,
          "没有预约：",
          "12月11日（周五）19:00–19:30 冲突：这个时段视频室已约满",
          "1月1日（周五）元旦放假，跳过",
          "已通知：张伟（爸爸）、刘丽（妈妈）、张桂兰（奶奶）、李春梅老师。",
        ].join("\n"),
      },
    ]);
    const rows = (await sessions()).slice(1);
    const key = rows[0]!.seriesKey!;
    expect(key).toMatch(/^reunion-series:/);
    expect(rows.map((r) => [r.startAt, r.status, r.seriesKey, r.idempotencyKey, r.participants.map((p) => p.role)])).toEqual(
      [["2026-12-04", 1], ["2026-12-18", 3], ["2026-12-25", 4], ["2027-01-08", 6]].map(([d, n]) => [new Date(`${d}T19:00:00+08:00`), "BOOKED", key, `${key}:${n}`, ["PARENT", "PARENT", "CAREGIVER"]]),
    );
    // Reminders planned per date: 24 h (parents, grandmother), 1 h (parents, teacher), at start (teacher).
    for (const r of rows) {
      const reminders = await w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `reunion-remind:${r.id}:` } } }));
      expect(reminders.map((m) => m.nextAttemptAt.getTime() - r.startAt.getTime()).sort((a, b) => a - b)).toEqual([...Array(3).fill(-86_400_000), ...Array(3).fill(-3_600_000), 0]);
    }
    // The same confirmation handled twice (its pending row back, as in a race): booked once.
    await w.query((tx) => tx.pendingAction.create({ data: { ...pending, expiresAt: new Date("2026-12-01T12:00:00+08:00") } }));
    await says("王建国", "确认", "这组预约已经确认过了（#2、#3、#4、#5），不会重复预约。");
    expect(await sessions()).toHaveLength(5);
    // By an hour before the first date the father got that date's two reminders (day before, hour before), each once.
    const sent = [...(await w.sim.setClock(new Date("2026-12-03T19:00:00+08:00"))), ...(await w.sim.setClock(new Date("2026-12-04T18:00:00+08:00")))];
    expect(TestWorld.textsTo(sent, "张小明爸爸").filter((t) => t.includes("#2"))).toHaveLength(2);
    expect(TestWorld.textsTo(sent, "张小明爸爸").filter((t) => /#[345]/u.test(t))).toEqual([]);
  });

  it("skips 春节 and keeps the session on a 调休 Saturday, marked a school day", async () => {
    await world([], "2027-02-01T09:00:00+08:00");
    await says(
      "王建国",
      "预约 张小明 每周六下午3点 共 4 次",
      [
        "请核对每周亲情视频预约（共 4 个日期，每次 30 分钟）：",
        PEOPLE,
        "1. 2月6日（周六）春节放假，跳过",
        "2. 2月13日（周六）春节放假，跳过",
        "3. 2月20日（周六）15:00–15:30 ✓（春节调休，当天上课）",
        "4. 2月27日（周六）15:00–15:30 ✓",
        "可以预约 2 次。回复“确认”预约这 2 次，或发送“取消”。",
      ].join("\n"),
    );
    await w.say("王建国", "确认");
    expect((await sessions()).map((r) => r.startAt)).toEqual([new Date("2027-02-20T15:00:00+08:00"), new Date("2027-02-27T15:00:00+08:00")]);
  });
});

describe("series requests that cannot be booked as asked", () => {
  it("answers bad input and limits clearly, books nothing", async () => {
    await world();
    const usage = "用法：预约 <学生> 每周日 19:00 [每两周] [到 <日期> | 共 <N> 次] [<分钟>] [<视频室>] [老师 <姓名>]";
    await says("王建国", "预约 张小明 每周八 19:00", `请写星期几，例如：预约 张小明 每周日 19:00\n${usage}`);
    await says("王建国", "预约 张小明 每周日 25:00", "时间不对，请写一个有效的时间，例如：每周日 19:00");
    await says("王建国", "预约 张小明 每周日", "请写几点开始，例如：每周日 19:00 或 每周六下午3点");
    await says("王建国", "预约 张小明 每周五 19:00 共 0 次", "次数应为 1 次以上，例如：共 8 次");
    await says("王建国", "预约 张小明 每周五 19:00 共 30 次", "一次最多预约 26 次，请把结束日期提前或写 共 26 次 以内。");
    await says("王建国", "预约 张小明 每周五 19:00 到 12月2日", "结束日期在第一次视频之前，没有可以预约的日期。");
    await says("王建国", "预约 李娜 每周五 19:00", "李娜没有已绑定微信、在外务工的家长，无法安排视频。请先请家长用绑定码绑定微信。");
    await says("王建国", "预约 张小明 每周五 19:00 二号视频室", "没有叫“二号视频室”的视频室。现有：一号视频室");
    await says("王建国", "预约 张小明 每周五 19:00 90分钟", "视频时长应为 1 到 60 分钟，例如：预约 张小明 明天晚上7点 45分钟");
    await says("王建国", "预约 张小明 每周日 19:00 共 2 次", `请核对每周亲情视频预约（共 2 个日期，每次 30 分钟）：\n${PEOPLE}\n1. 12月6日（周日）19:00–19:30 冲突：不在视频室的开放时间内\n2. 12月13日（周日）19:00–19:30 冲突：不在视频室的开放时间内\n这些日期都不能预约，请换一个时间或视频室。`);
    expect(await w.query((tx) => tx.pendingAction.count({ where: { kind: "reunion.series-confirm" } }))).toBe(0);
    expect(await sessions()).toEqual([]);
  });

  it("runs every two weeks past the horizon with 到; without an end it stops at the horizon and says so; a bare hour is read back", async () => {
    await world();
    const biweekly = ["1. 12月4日（周五）19:00–19:30 ✓", "2. 12月18日（周五）19:00–19:30 ✓", "3. 1月1日（周五）元旦放假，跳过", "4. 1月15日（周五）19:00–19:30 ✓", "5. 1月29日（周五）19:00–19:30 ✓", "6. 2月12日（周五）春节放假，跳过", "7. 2月26日（周五）19:00–19:30 ✓"];
    await says("王建国", "预约 张小明 每两周周五 19:00 到 2月28日", `请核对每两周亲情视频预约（共 7 个日期，每次 30 分钟）：\n${PEOPLE}\n${biweekly.join("\n")}\n可以预约 5 次。回复“确认”预约这 5 次，或发送“取消”。`);
    const weekly = ["1. 12月4日（周五）18:00–18:45 ✓", "2. 12月11日（周五）18:00–18:45 ✓", "3. 12月18日（周五）18:00–18:45 ✓", "4. 12月25日（周五）18:00–18:45 ✓"];
    await says(
      "王建国",
      "预约 张小明 每周五 6点 45分钟",
      `“每周五 6点”按 每周五 18:00 理解，请核对。\n请核对每周亲情视频预约（共 4 个日期，每次 45 分钟）：\n${PEOPLE}\n${weekly.join("\n")}\n没有写结束日期或次数，按预约期限（30 天）排到 12月31日（周四）；要更长可写“到 <日期>”或“共 <N> 次”。\n可以预约 4 次。回复“确认”预约这 4 次，或发送“取消”。`,
    );
  });

  it("reports a date taken between the read-back and 确认, books the others", async () => {
    await world(["李娜爸爸"]);
    await w.say("王建国", "预约 张小明 每周五 19:00 共 2 次");
    const li = await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "李娜" } }));
    const now = new Date("2026-12-01T09:00:00+08:00");
    await w.query((tx) => tx.reunionSession.create({ data: { schoolId: li.schoolId, studentId: li.id, roomId: 1, startAt: new Date("2026-12-11T19:00:00+08:00"), endAt: new Date("2026-12-11T19:30:00+08:00"), status: "BOOKED", createdAt: now, updatedAt: now } }));
    const out = await w.say("王建国", "确认");
    expect(TestWorld.textsTo(out, "王建国")).toEqual([
      "已预约 1 次：张小明，一号视频室\n#2 12月4日（周五）19:00–19:30\n没有预约：\n12月11日（周五）19:00–19:30 冲突：这个时段视频室已约满\n已通知：张伟（爸爸）、刘丽（妈妈）、张桂兰（奶奶）、李春梅老师。",
    ]);
    expect(TestWorld.textsTo(out, "张小明妈妈")).toHaveLength(1);
  });
});

describe("seriesStarts", () => {
  const SUN = Date.parse("2026-12-06T19:00:00+08:00");
  const WEEK = 7 * 86_400_000;
  it("moves a past first reading on by weeks, then steps by the interval to the end", () => {
    expect(seriesStarts(SUN - WEEK, 1, { count: 3 }, SUN - 1)).toEqual([SUN, SUN + WEEK, SUN + 2 * WEEK]);
    expect(seriesStarts(SUN, 2, { until: "2026-12-20" }, 0)).toEqual([SUN, SUN + 2 * WEEK]);
    expect(seriesStarts(SUN, 1, { before: SUN + WEEK }, 0)).toEqual([SUN]);
    expect(seriesStarts(SUN, 1, { until: "2026-12-05" }, 0)).toEqual([]);
    expect(seriesStarts(SUN, 1, { until: "2030-01-01" }, 0)).toHaveLength(SERIES_MAX + 1);
  });
});
