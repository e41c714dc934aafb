import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

const ROOM = "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00";

/** A world (T0 Tue 2026-12-01 09:00) with 王建国, 李春梅, 张小明's family and `more` bound, and 一号视频室 (1 device). */
async function world(more: string[] = [], env?: Record<string, string>): Promise<void> {
  w = await TestWorld.create(env ? { env } : {});
  for (const label of ["王建国", "李春梅", "张小明爸爸", "张小明妈妈", "张小明奶奶", ...more]) await w.givenBound(label);
  await w.say("王建国", ROOM);
}

const sessions = () => w.query((tx) => tx.reunionSession.findMany({ include: { participants: { orderBy: { guardianId: "asc" } } }, orderBy: { id: "asc" } }));
/** `label` sends `text` and gets exactly `reply`, nobody else anything. */
async function says(label: string, text: string, reply: string): Promise<void> {
  expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
}

const plan = (time: string, note = "") =>
  `${note}请核对亲情视频预约：\n学生：张小明（三年级1班）\n时间：${time}，一号视频室\n视频的家长：张伟（爸爸）、刘丽（妈妈）\n告知家人：张桂兰（奶奶）\n陪同老师：李春梅\n回复“确认”预约，或发送“取消”。`;
const offers = (head: string, slots: string[]) => `${head}\n最近的空闲时间（一号视频室）：\n${slots.map((s, i) => `${i + 1}. ${s}`).join("\n")}\n回复序号预约其中一个时间，或发送“取消”。`;
const WED_19 = "12月2日（周三）19:00–19:30";

describe("预约 by coordinators", () => {
  it("books on 确认: repeated back, everyone told in their words, rows written, a duplicate 确认 books once", async () => {
    await world();
    await says("王建国", "预约 张小明 明天晚上7点", plan(WED_19));
    const pending = await w.query((tx) => tx.pendingAction.findFirstOrThrow({ where: { kind: "reunion.confirm" } }));
    expect(await w.say("王建国", "确认")).toEqual([
      { to: "张小明爸爸", text: `【亲情视频】学校为您和张小明约好了视频：${WED_19}（北京时间）。请在这个时间保持微信畅通，学校会用微信视频和您连线，孩子在学校一号视频室等您，李春梅老师陪同。预约编号 #1。` },
      { to: "张小明妈妈", text: `【亲情视频】学校为您和张小明约好了视频：${WED_19}（北京时间）。请在这个时间保持微信畅通，学校会用微信视频和您连线，孩子在学校一号视频室等您，李春梅老师陪同。预约编号 #1。` },
      { to: "张小明奶奶", text: `【亲情视频】学校为张小明约好了和张伟（爸爸）、刘丽（妈妈）的视频：${WED_19}，在学校一号视频室。请提醒孩子按时到场；如果那时孩子不在学校，请提前送到学校。预约编号 #1。` },
      { to: "李春梅", text: `【亲情视频】请您陪同：张小明（三年级1班）${WED_19}，一号视频室，和张伟（爸爸）、刘丽（妈妈）视频。预约编号 #1。` },
      { to: "王建国", text: `已预约 #1：张小明 ${WED_19}，一号视频室。\n已通知：张伟（爸爸）、刘丽（妈妈）、张桂兰（奶奶）、李春梅老师。` },
    ]);
    const rows = await sessions();
    expect(rows).toMatchObject([
      {
        status: "BOOKED",
        startAt: new Date("2026-12-02T19:00:00+08:00"),
        endAt: new Date("2026-12-02T19:30:00+08:00"),
        participants: [{ role: "PARENT" }, { role: "PARENT" }, { role: "CAREGIVER" }],
      },
    ]);
    const [staff, teacher] = await w.query((tx) => Promise.all(["王建国", "李春梅"].map((name) => tx.staff.findFirstOrThrow({ where: { name } }))));
    expect(rows[0]).toMatchObject({ bookedById: staff!.id, supervisorId: teacher!.id });
    // The same confirmation handled twice (its pending row back, as in a race): booked once.
    await w.query((tx) => tx.pendingAction.create({ data: { ...pending, expiresAt: new Date("2026-12-01T12:00:00+08:00") } }));
    await says("王建国", "确认", "这次预约已经确认过了（#1），不会重复预约。");
    expect(await sessions()).toHaveLength(1);
  });

  it("refuses outside opening hours with three offers; a number books that slot after 确认", async () => {
    await world();
    await says("王建国", "预约 张小明 明天早上8点", offers("不能预约 12月2日（周三）08:00–08:30：不在视频室的开放时间内。", ["12月2日（周三）16:30–17:00", "12月2日（周三）17:00–17:30", "12月2日（周三）17:30–18:00"]));
    await says("王建国", "1", plan("12月2日（周三）16:30–17:00"));
    const out = await w.say("王建国", "确认");
    expect(TestWorld.textsTo(out, "王建国")).toEqual(["已预约 #1：张小明 12月2日（周三）16:30–17:00，一号视频室。\n已通知：张伟（爸爸）、刘丽（妈妈）、张桂兰（奶奶）、李春梅老师。"]);
    expect(await sessions()).toMatchObject([{ startAt: new Date("2026-12-02T16:30:00+08:00"), status: "BOOKED" }]);
  });

  it("refuses a full room, the weekly cap, short notice and beyond the horizon, each with offers", async () => {
    await world(["李娜爸爸"]);
    await w.say("王建国", "预约 李娜 明天晚上7点");
    await w.say("王建国", "确认");
    await says("王建国", "预约 张小明 明天晚上7点", offers("不能预约 12月2日（周三）19:00–19:30：这个时段视频室已约满。", ["12月2日（周三）17:25–17:55", "12月2日（周三）17:55–18:25", "12月2日（周三）18:25–18:55"]));
    await says("王建国", "预约 张小明 周四晚上7点", plan("12月3日（周四）19:00–19:30"));
    await w.say("王建国", "确认");
    await says("王建国", "预约 张小明 周五晚上7点", offers("不能预约 12月4日（周五）19:00–19:30：孩子本周已约满 1 次。", ["12月7日（周一）16:30–17:00", "12月7日（周一）17:00–17:30", "12月7日（周一）17:30–18:00"]));
    await says("王建国", "预约 张小明 2027年1月8日 19:00", offers("不能预约 1月8日（周五）19:00–19:30：只能预约 30 天以内的时间。", ["12月31日（周四）18:00–18:30", "12月31日（周四）18:30–19:00", "12月31日（周四）19:00–19:30"]));
    await w.sim.setClock(new Date("2026-12-08T15:58:00+08:00"));
    await says("王建国", "预约 张小明 今天下午5点", offers("不能预约 12月8日（周二）17:00–17:30：需要至少提前 2 小时预约。", ["12月8日（周二）18:00–18:30", "12月8日（周二）18:30–19:00", "12月8日（周二）19:00–19:30"]));
    expect(await sessions()).toHaveLength(2);
  });

  it("refuses a session overlapping the child's own", async () => {
    await world([], { REUNION_PER_CHILD_WEEK: "3" });
    await w.say("王建国", "视频室 新增 二号视频室 工作日 16:30-19:30");
    await w.say("王建国", "预约 张小明 明天晚上7点 一号视频室");
    await w.say("王建国", "确认");
    const two = offers("不能预约 12月2日（周三）19:00–19:30：孩子在这个时间已有别的视频。", ["12月2日（周三）17:30–18:00", "12月2日（周三）18:00–18:30", "12月2日（周三）18:30–19:00"]).replace("一号视频室", "二号视频室");
    await says("王建国", "预约 张小明 明天晚上7点 二号视频室", two);
  });

  it("asks about a bare hour and a date alone; lengths, past and impossible times get clear replies", async () => {
    await world();
    await says("王建国", "预约 张小明 周四 7点", plan("12月3日（周四）19:00–19:30", "“周四 7点”按 12月3日（周四）19:00 理解，请核对。\n"));
    await says("王建国", "预约 张小明 12月8日", "请问 12月8日（周二）几点开始？请回复时间，例如：19:00 或 晚上7点。");
    await says("王建国", "随便", "请回复几点开始，例如：19:00 或 晚上7点；或发送“取消”。");
    await says("王建国", "晚上7点", plan("12月8日（周二）19:00–19:30"));
    await says("王建国", "预约 张小明 明天晚上7点 0分钟", "视频时长应为 1 到 60 分钟，例如：预约 张小明 明天晚上7点 45分钟");
    await says("王建国", "预约 张小明 明天晚上7点 500分钟", "视频时长应为 1 到 60 分钟，例如：预约 张小明 明天晚上7点 45分钟");
    await says("王建国", "预约 张小明 今天早上7点", "“今天早上7点”已经过去了，请换一个以后的时间。");
    await says("王建国", "预约 张小明 2月30日 19:00", "“2月30日 19:00”不是有效的日期，请重新写一个时间。");
    await says("王建国", "预约 张小明 25:00", "“25:00”不是有效的时间，请重新写一个时间。");
    expect(await sessions()).toEqual([]);
  });

  it("keeps the confirmation over a restart; 45分钟 and 老师 <姓名> are used", async () => {
    await world(["刘芳"]);
    const expected = `请核对亲情视频预约：\n学生：张小明（三年级1班）\n时间：12月2日（周三）18:00–18:45，一号视频室\n视频的家长：张伟（爸爸）、刘丽（妈妈）\n告知家人：张桂兰（奶奶）\n陪同老师：刘芳\n回复“确认”预约，或发送“取消”。`;
    await says("王建国", "预约 张小明 明天晚上6点 45分钟 老师 刘芳", expected);
    await w.restart();
    const out = await w.say("王建国", "确认");
    expect(TestWorld.textsTo(out, "刘芳")).toEqual(["【亲情视频】请您陪同：张小明（三年级1班）12月2日（周三）18:00–18:45，一号视频室，和张伟（爸爸）、刘丽（妈妈）视频。预约编号 #1。"]);
    expect(TestWorld.textsTo(out, "李春梅")).toEqual([]);
  });

  it("tells the loser of a race for the last place and offers slots", async () => {
    await world(["李娜爸爸"]);
    await says("王建国", "预约 张小明 明天晚上7点", plan(WED_19));
    // Meanwhile another coordinator books 李娜 into the only device.
    const li = await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "李娜" } }));
    const now = new Date("2026-12-01T09:00:00+08:00");
    await w.query((tx) => tx.reunionSession.create({ data: { schoolId: li.schoolId, studentId: li.id, roomId: 1, startAt: new Date("2026-12-02T19:00:00+08:00"), endAt: new Date("2026-12-02T19:30:00+08:00"), status: "BOOKED", createdAt: now, updatedAt: now } }));
    await says("王建国", "确认", offers(`刚刚这个时间不能再约了 ${WED_19}：这个时段视频室已约满。`, ["12月2日（周三）17:25–17:55", "12月2日（周三）17:55–18:25", "12月2日（周三）18:25–18:55"]));
    expect(await sessions()).toHaveLength(1);
  });

  it("refuses teachers, unknown children, rooms and teachers, and a child without bound parents", async () => {
    await world();
    await says("李春梅", "预约 张小明 明天晚上7点", "抱歉，“预约”仅限负责人、家长使用。发送“帮助”查看您可用的功能。");
    await says("王建国", "预约 张无名 明天晚上7点", "全校没有找到“张无名”。请写学生的完整姓名或学号，例如：预约 张小明，或 预约 2026001。");
    await says("王建国", "预约 张小明 明天晚上7点 九号视频室", "没有叫“九号视频室”的视频室。现有：一号视频室");
    await says("王建国", "预约 张小明 明天晚上7点 老师 无名氏", "没有找到叫“无名氏”的老师，请写老师的完整姓名，例如：老师 刘芳");
    await says("王建国", "预约 李娜 明天晚上7点", "李娜没有已绑定微信、在外务工的家长，无法安排视频。请先请家长用绑定码绑定微信。");
    await says("王建国", "预约", "用法：预约 <学生> <时间> [<分钟>] [<视频室>] [老师 <姓名>]\n例如：预约 张小明 周六下午三点半");
    expect(await sessions()).toEqual([]);
  });
});
