import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

const ROOM = "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00";

/** A world (T0 Tue 2026-12-01 09:00) with 王建国, 李春梅, 张小明's family and 李娜爸爸 bound, 一号视频室, and 张小明 booked Thu 19:00 (#1). */
async function world(env?: Record<string, string>): Promise<void> {
  w = await TestWorld.create(env ? { env } : {});
  for (const label of ["王建国", "李春梅", "张小明爸爸", "张小明妈妈", "张小明奶奶", "李娜爸爸"]) await w.givenBound(label);
  await w.say("王建国", ROOM);
  await book("周四晚上7点");
}
async function book(time: string, child = "张小明"): Promise<void> {
  await w.say("王建国", `预约 ${child} ${time}`);
  await w.say("王建国", "确认");
}
async function says(label: string, text: string, reply: string): Promise<void> {
  expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
}
const session = (id = 1) => w.query((tx) => tx.reunionSession.findUniqueOrThrow({ where: { id }, include: { participants: { orderBy: { guardianId: "asc" } } } }));
const staffId = (name: string) => w.query(async (tx) => (await tx.staff.findFirstOrThrow({ where: { name } })).id);

const THU = "12月3日（周四）19:00–19:30";
const FRI = "12月4日（周五）19:00–19:30";
const moveConfirm = (to: string, note = "") => `${note}请核对改期：#1 张小明（三年级1班）\n原定：${THU}\n改到：${to}，一号视频室\n回复“确认”改期，或发送“取消”。`;
const NOT_FOUND = (id: number) => `没有找到您的亲情视频 #${id}。请核对编号（预约通知里的 #编号）。`;

describe("改期", () => {
  it("a coordinator moves a session: repeated back, 确认 moves it, everyone told, confirmations reset, reason and who recorded", async () => {
    await world();
    await w.say("张小明爸爸", "确认 1");
    await says("王建国", "改期 #1 周五晚上7点 教室要维修", moveConfirm(FRI));
    const tail = "原定 12月3日（周四）19:00–19:30，由王建国老师改期。原因：教室要维修。";
    expect(await w.say("王建国", "确认")).toEqual([
      { to: "张小明爸爸", text: `【亲情视频改期】您和张小明的视频 #1 改到 ${FRI}（北京时间）；${tail}请在新的时间保持微信畅通；能按时接听请回复“确认 1”。` },
      { to: "张小明妈妈", text: `【亲情视频改期】您和张小明的视频 #1 改到 ${FRI}（北京时间）；${tail}请在新的时间保持微信畅通；能按时接听请回复“确认 1”。` },
      { to: "张小明奶奶", text: `【亲情视频改期】张小明和张伟（爸爸）、刘丽（妈妈）的视频 #1 改到 ${FRI}，在学校一号视频室；${tail}请提醒孩子按时到场。` },
      { to: "李春梅", text: `【亲情视频改期】请您陪同的张小明（三年级1班）视频 #1 改到 ${FRI}，一号视频室；${tail}` },
      { to: "王建国", text: `已改期 #1：张小明 ${FRI}，一号视频室（原定 ${THU}）。\n已通知：张伟（爸爸）、刘丽（妈妈）、张桂兰（奶奶）、李春梅老师。` },
    ]);
    expect(await session()).toMatchObject({
      status: "BOOKED",
      startAt: new Date("2026-12-04T19:00:00+08:00"),
      endAt: new Date("2026-12-04T19:30:00+08:00"),
      changeReason: "教室要维修",
      changedById: await staffId("王建国"),
      participants: [{ confirmedAt: null }, { confirmedAt: null }, { confirmedAt: null }],
    });
  });

  it("a parent moves their own session: coordinators told too, no staff recorded, an audit row, the mover counts as confirmed", async () => {
    await world();
    await says("张小明妈妈", "改期 1 周五晚上7点 要加班", moveConfirm(FRI));
    const out = await w.say("张小明妈妈", "确认");
    expect(out.map((l) => l.to)).toEqual(["张小明爸爸", "张小明奶奶", "李春梅", "王建国", "张小明妈妈"]);
    expect(TestWorld.textsTo(out, "王建国")).toEqual([`【亲情视频改期】张小明（三年级1班）的视频 #1 改到 ${FRI}，一号视频室；原定 ${THU}，由刘丽（妈妈）改期。原因：要加班。`]);
    expect(TestWorld.textsTo(out, "张小明妈妈")).toEqual([`已改期 #1：张小明 ${FRI}，一号视频室（原定 ${THU}）。\n已通知：张伟（爸爸）、张桂兰（奶奶）、李春梅老师、王建国老师。`]);
    const s = await session();
    expect(s).toMatchObject({ changeReason: "要加班", changedById: null, startAt: new Date("2026-12-04T19:00:00+08:00") });
    expect(s.participants.map((p) => p.confirmedAt === null)).toEqual([true, false, true]);
    const audit = await w.query((tx) => tx.auditLog.findMany({ where: { action: "reunion.move" } }));
    expect(audit).toMatchObject([{ actorType: "GUARDIAN", actorId: String(s.participants[1]!.guardianId), entity: "ReunionSession", entityId: "1" }]);
  });

  it("refused with offers; a number proposes that slot; a date alone asks the time; a bare hour is read in opening hours", async () => {
    await world();
    await says("王建国", "改期 1 周五早上8点", "不能改到 12月4日（周五）08:00–08:30：不在视频室的开放时间内。\n最近的空闲时间（一号视频室）：\n1. 12月4日（周五）16:30–17:00\n2. 12月4日（周五）17:00–17:30\n3. 12月4日（周五）17:30–18:00\n回复序号改到其中一个时间，或发送“取消”。");
    await says("王建国", "2", moveConfirm("12月4日（周五）17:00–17:30"));
    await says("王建国", "取消", "好的，已取消。");
    await says("王建国", "改期 1 下周一", "请问 12月7日（周一）几点开始？请回复时间，例如：19:00 或 晚上7点。");
    await says("王建国", "18:00", moveConfirm("12月7日（周一）18:00–18:30"));
    await says("王建国", "改期 1 周五五点", moveConfirm("12月4日（周五）17:00–17:30", "“周五五点”按 12月4日（周五）17:00 理解，请核对。\n"));
    await says("王建国", "改期 1 周四晚上7点", "亲情视频 #1 已经是这个时间了，没有改动。");
    expect((await session()).startAt).toEqual(new Date("2026-12-03T19:00:00+08:00"));
  });

  it("the session itself does not block its move (overlapping the old time is fine)", async () => {
    await world();
    await says("王建国", "改期 1 周四18:45", moveConfirm("12月3日（周四）18:45–19:15"));
  });

  it("bad input: 25:00, a past time, a bad or unknown number, no time; a cancelled session cannot move", async () => {
    await world();
    await says("王建国", "改期 1 25:00", "“25:00”不是有效的时间，请重新写一个时间。");
    await says("王建国", "改期 1 今天早上8点", "“今天早上8点”已经过去了，请换一个以后的时间。");
    await says("王建国", "改期 x 明天", "看不懂编号“x”，请写预约通知里的编号，例如 12 或 #12。");
    await says("王建国", "改期 99 明天晚上7点", NOT_FOUND(99));
    await says("王建国", "改期 1", "请写上新的时间，例如：改期 1 明天晚上7点\n用法：改期 <编号> <时间> [原因]");
    await says("王建国", "改期", "用法：改期 <编号> <时间> [原因]\n例如：改期 12 周六下午3点");
    await w.say("王建国", "取消 1");
    await says("王建国", "改期 1 周五晚上7点", "亲情视频 #1 已取消，不能再修改。");
  });

  it("another family's parent cannot move, cancel or confirm: the same answer as no such session", async () => {
    await world();
    await says("李娜爸爸", "改期 1 周五晚上7点", NOT_FOUND(1));
    await says("李娜爸爸", "取消 1", NOT_FOUND(1));
    await says("李娜爸爸", "确认 1", NOT_FOUND(1));
    await says("李娜爸爸", "改期 99 周五晚上7点", NOT_FOUND(99));
    await says("李春梅", "改期 1 周五晚上7点", "抱歉，“改期”仅限负责人、家长使用。发送“帮助”查看您可用的功能。");
    await says("李春梅", "取消 1", "只有负责人和这次视频的家长可以改期或取消亲情视频。");
    expect(await session()).toMatchObject({ status: "BOOKED", startAt: new Date("2026-12-03T19:00:00+08:00") });
  });
});

describe("取消 <编号>", () => {
  it("a coordinator cancels: status, reason and who recorded, everyone told; bare 取消 keeps its meaning", async () => {
    await world();
    const out = await w.say("王建国", "取消 #1 孩子生病了");
    expect(out).toEqual([
      { to: "张小明爸爸", text: `【亲情视频取消】您和张小明的视频 #1 ${THU} 已由王建国老师取消。原因：孩子生病了。需要时可以再和学校约时间。` },
      { to: "张小明妈妈", text: `【亲情视频取消】您和张小明的视频 #1 ${THU} 已由王建国老师取消。原因：孩子生病了。需要时可以再和学校约时间。` },
      { to: "张小明奶奶", text: `【亲情视频取消】张小明和家长的视频 #1 ${THU}（一号视频室）已由王建国老师取消。原因：孩子生病了。` },
      { to: "李春梅", text: `【亲情视频取消】请您陪同的张小明（三年级1班）视频 #1 ${THU}（一号视频室）已由王建国老师取消。原因：孩子生病了。不用再陪同。` },
      { to: "王建国", text: `已取消 #1：张小明 ${THU}。\n已通知：张伟（爸爸）、刘丽（妈妈）、张桂兰（奶奶）、李春梅老师。` },
    ]);
    expect(await session()).toMatchObject({ status: "CANCELLED", changeReason: "孩子生病了", changedById: await staffId("王建国") });
    await says("王建国", "取消", "当前没有需要取消的操作。");
    await says("王建国", "取消 1", "亲情视频 #1 已取消，不能再修改。");
  });

  it("`取消 <编号> 以后全部` cancels that occurrence and the later ones of its series, not the earlier", async () => {
    await world();
    await book("12月10日19:00");
    await book("12月17日19:00");
    await w.query((tx) => tx.reunionSession.updateMany({ data: { seriesKey: "s1" } }));
    const out = await w.say("张小明爸爸", "取消 2 以后全部 要回老家");
    expect(TestWorld.textsTo(out, "张小明爸爸")).toEqual(["已取消 #2、#3：张小明 12月10日（周四）19:00–19:30、12月17日（周四）19:00–19:30。\n已通知：刘丽（妈妈）、张桂兰（奶奶）、李春梅老师、王建国老师。"]);
    expect(TestWorld.textsTo(out, "张小明妈妈")).toEqual(["【亲情视频取消】您和张小明的视频 #2 12月10日（周四）19:00–19:30、#3 12月17日（周四）19:00–19:30 已由张伟（爸爸）取消。原因：要回老家。需要时可以再和学校约时间。"]);
    const rows = await w.query((tx) => tx.reunionSession.findMany({ orderBy: { id: "asc" }, select: { status: true, changeReason: true, changedById: true } }));
    expect(rows).toEqual([
      { status: "BOOKED", changeReason: null, changedById: null },
      { status: "CANCELLED", changeReason: "要回老家", changedById: null },
      { status: "CANCELLED", changeReason: "要回老家", changedById: null },
    ]);
  });
});

describe("确认 by parents", () => {
  it("bare 确认 with several unconfirmed lists them by number; nothing left -> told so; staff with nothing pending are told so", async () => {
    await world();
    await book("12月10日19:00");
    await says("张小明妈妈", "确认", `您有 2 次亲情视频还没有确认：\n1. #1 张小明 ${THU}\n2. #2 张小明 12月10日（周四）19:00–19:30\n请回复序号确认其中一次，或回复“确认 编号”。`);
    await says("张小明妈妈", "2", "好的，已确认：您和张小明的视频 #2 12月10日（周四）19:00–19:30（北京时间）。请在这个时间保持微信畅通，学校会用微信视频和您连线。");
    await says("张小明妈妈", "确认", `好的，已确认：您和张小明的视频 #1 ${THU}（北京时间）。请在这个时间保持微信畅通，学校会用微信视频和您连线。`);
    await says("张小明妈妈", "确认", `您已经确认过视频 #1（${THU}），不用再确认。`);
    await says("张小明妈妈", "确认 1", `您已经确认过视频 #1（${THU}），不用再确认。`);
    await says("李春梅", "确认", "现在没有等您确认的事项（确认在 30 分钟内有效），没有发送或预约任何内容。请重新发送原来的命令（例如“近况 班级 内容”“预约 学生 时间”）。");
    const rows = await w.query((tx) => tx.reunionParticipant.findMany({ orderBy: [{ sessionId: "asc" }, { guardianId: "asc" }], select: { sessionId: true, confirmedAt: true } }));
    expect(rows.map((r) => [r.sessionId, r.confirmedAt !== null])).toEqual([[1, false], [1, true], [1, false], [2, false], [2, true], [2, false]]);
  });

  it("a 预约 waiting for 确认 still books on 确认 (the pending exchange comes first)", async () => {
    await world();
    await w.say("王建国", "预约 张小明 12月10日19:00");
    expect(TestWorld.textsTo(await w.say("王建国", "确认"), "王建国")[0]).toMatch(/^已预约 #2/u);
  });
});
