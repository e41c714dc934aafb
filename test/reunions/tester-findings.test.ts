import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

/** A world (T0 Tue 2026-12-01 09:00; the demo school's 一号视频室, Mon–Fri 16:30–19:30, Sat 09:00–17:00) with `labels` bound. */
async function world(labels: string[]): Promise<void> {
  w = await TestWorld.create();
  for (const label of labels) await w.givenBound(label);
}
const firstLine = async (label: string, text: string) => (await w.say(label, text)).find((m) => m.to === label)!.text.split("\n")[0]!;
const sessions = () => w.query((tx) => tx.reunionSession.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, startAt: true, requestedById: true } }));

describe("findings of the fresh-user test of issue #5", () => {
  it("a bare hour is the next such time the room is open; with a date, the afternoon reading", async () => {
    await world(["王建国", "张小明爸爸"]);
    // Tuesday 09:00: 三点半 is neither open today (15:30) nor tonight (03:30): Saturday 15:30.
    expect(await firstLine("王建国", "预约 张小明 三点半")).toBe("“三点半”按 12月5日（周六）15:30 理解，请核对。");
    await w.say("王建国", "取消");
    // 五点 is open today at 17:00.
    expect(await firstLine("王建国", "预约 张小明 五点")).toBe("“五点”按 12月1日（周二）17:00 理解，请核对。");
    await w.say("王建国", "取消");
    // A date, then a bare hour: the afternoon, never 03:30 (refused as outside the hours, not misread).
    await w.say("王建国", "预约 张小明 12月4日");
    expect(await firstLine("王建国", "三点半")).toBe("不能预约 12月4日（周五）15:30–16:00：不在视频室的开放时间内。");
  });

  it("a parent's date alone asks for the time and waits for it (not a message to the teacher)", async () => {
    await world(["王建国", "李春梅", "李娜爸爸"]);
    expect(await w.say("李娜爸爸", "想和孩子视频 12月5日")).toEqual([{ to: "李娜爸爸", text: "请问“12月5日”几点？请回复时间，例如：晚上7点 或 16:30；或发送“取消”。" }]);
    const out = await w.say("李娜爸爸", "下午3点");
    expect(out.map((m) => m.to)).toEqual(["李娜爸爸"]);
    expect(out[0]!.text).toMatch(/^请核对视频申请：\n孩子：李娜\n时间：12月5日（周六）15:00–15:30（北京时间）/u);
    expect(await w.query((tx) => tx.hotlineRequest.count())).toBe(0);
    expect(await firstLine("李娜爸爸", "想和孩子视频 2月30日 19:00")).toBe("“2月30日 19:00”不是有效的日期，请重新写一个时间，例如：周六下午3点。");
  });

  it("a caregiver who asked may cancel; a request cancelled before approval is told to the coordinators only", async () => {
    await world(["王建国", "李春梅", "张小明爸爸", "张小明奶奶"]);
    await w.say("张小明奶奶", "想和孩子视频 张小明");
    await w.say("张小明奶奶", "1");
    const [req] = await sessions();
    expect(req).toMatchObject({ id: 1, status: "REQUESTED" });
    const out = await w.say("张小明奶奶", "取消 1 孩子发烧了");
    expect(out.map((m) => m.to).sort()).toEqual(["张小明奶奶", "王建国"].sort());
    expect(await sessions()).toMatchObject([{ id: 1, status: "CANCELLED" }]);
    const audit = await w.query((tx) => tx.auditLog.findMany({ where: { entityId: "1", action: { startsWith: "reunion.cancel" } } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorType).toBe("GUARDIAN");
  });

  it("a parent who moved a session is confirmed: the reminder does not ask again and a bare 确认 says so", async () => {
    await world(["王建国", "李春梅", "张小明爸爸"]);
    await w.say("王建国", "预约 张小明 周四晚上7点");
    await w.say("王建国", "确认");
    await w.say("张小明爸爸", "改期 1 周五下午5点 周四加班");
    await w.say("张小明爸爸", "确认");
    const sent = await w.sim.setClock(new Date("2026-12-03T17:00:00+08:00"));
    expect(TestWorld.textsTo(sent, "张小明爸爸")).toEqual(["【亲情视频提醒】12月4日（周五）17:00–17:30（北京时间） 您和张小明有一次视频（#1）。您已确认，请按时接听；时间不方便可回复“改期 1 新的时间”。"]);
    expect(await w.say("张小明爸爸", "确认")).toEqual([{ to: "张小明爸爸", text: "您已经确认过视频 #1（12月4日（周五）17:00–17:30），不用再确认。" }]);
  });

  it("帮助 预约 from a parent explains the parents' form", async () => {
    await world(["李娜爸爸"]);
    expect(await firstLine("李娜爸爸", "帮助 预约")).toBe("【想和孩子视频】申请和孩子视频（学校同意后安排）");
  });

  it("a room change lists the booked sessions it no longer fits; with every room off, 预约 says how to turn one on", async () => {
    await world(["王建国", "李娜爸爸"]);
    await w.say("王建国", "预约 李娜 周六下午4点");
    await w.say("王建国", "确认");
    const changed = await w.say("王建国", "视频室 修改 一号视频室 周一至周五 16:30-19:30");
    expect(changed).toHaveLength(1);
    expect(changed[0]!.text.split("\n").slice(-3)).toEqual([
      "注意：以下已预约的视频不再符合这个视频室的安排（1 次），请改期或取消并告诉家长：",
      "#1 12月5日（周六）16:00–16:30 李娜",
      "改期：改期 <编号> <时间> · 取消：取消 <编号> <原因>",
    ]);
    expect(await sessions()).toMatchObject([{ id: 1, status: "BOOKED" }]); // never changed silently
    await w.say("王建国", "视频室 停用 一号视频室");
    expect(await w.say("王建国", "预约 李娜 周五下午5点")).toEqual([{ to: "王建国", text: "学校现在没有启用的亲情视频室。发送“视频室”查看：停用的可以发送 视频室 启用 <名称> 恢复；没有的请添加，例如：视频室 新增 一号视频室 周一至周五 16:30-19:30" }]);
  });

  it("a past day with a time is refused as past; a family's 日程 明天 keeps to that day", async () => {
    await world(["王建国", "张小明爸爸"]);
    expect(await w.say("王建国", "预约 张小明 昨天晚上7点")).toEqual([{ to: "王建国", text: "“昨天晚上7点”已经过去了，请换一个以后的时间。" }]);
    await w.say("王建国", "预约 张小明 后天下午5点");
    await w.say("王建国", "确认");
    expect(await w.say("张小明爸爸", "日程 明天")).toEqual([{ to: "张小明爸爸", text: "12月2日（周三）孩子没有约好的亲情视频。发送“日程”查看接下来所有的视频。" }]);
    expect(await w.say("张小明爸爸", "日程 后天")).toEqual([{ to: "张小明爸爸", text: "12月3日（周四）孩子的亲情视频（北京时间）：\n#1 张小明 12月3日（周四）17:00–17:30，一号视频室（已预约）" }]);
  });
});
