import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

/** A world (T0 Tue 2026-12-01 09:00) with 王建国, 李春梅, 张小明's family, 李娜爸爸 and `more` bound, and 一号视频室 (1 device). */
async function world(more: string[] = []): Promise<void> {
  w = await TestWorld.create();
  for (const label of ["王建国", "李春梅", "张小明爸爸", "张小明妈妈", "张小明奶奶", "李娜爸爸", ...more]) await w.givenBound(label);
  await w.say("王建国", "视频室 新增 一号视频室 周一至周五 16:30-19:30 周六 09:00-17:00");
}

const sessions = () => w.query((tx) => tx.reunionSession.findMany({ include: { participants: { orderBy: { guardianId: "asc" } } }, orderBy: { id: "asc" } }));
const guardianId = (name: string) => w.query((tx) => tx.guardian.findFirstOrThrow({ where: { name } })).then((g) => g.id);
const staffId = (name: string) => w.query((tx) => tx.staff.findFirstOrThrow({ where: { name } })).then((s) => s.id);
async function says(label: string, text: string, reply: string): Promise<void> {
  expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
}

const SUBMIT_TAIL = "时间先为您保留，学校同意后会通知您。";
const toCoordinator = (asker: string, child: string, span: string, id: number) =>
  `【视频申请】${asker}申请和${child}（三年级1班）视频：${span}，一号视频室（时间已保留）。同意请回复“同意 ${id}”；不同意请回复“拒绝 ${id} <原因>”。`;
const readBack = (span: string, note = "") =>
  `${note}请核对视频申请：\n孩子：张小明\n时间：${span}（北京时间），在学校一号视频室\n视频的家长：张伟（爸爸）、刘丽（妈妈）\n回复“确认”提交申请，学校同意后会通知您；或发送“取消”。`;
const THU_19 = "12月3日（周四）19:00–19:30";

describe("parents ask for a reunion video session", () => {
  it("without a time: five free slots over the coming days by number; a number submits a REQUESTED session; 同意 books it", async () => {
    await world();
    await says("李娜爸爸", "想和孩子视频", "最近可以和李娜视频的时间（北京时间）：\n1. 12月1日（周二）16:30–17:00\n2. 12月2日（周三）16:30–17:00\n3. 12月3日（周四）16:30–17:00\n4. 12月4日（周五）16:30–17:00\n5. 12月5日（周六）09:00–09:30\n回复序号申请其中一个时间；也可以写想要的时间，例如：想和孩子视频 周六下午3点。");
    const wed = "12月2日（周三）16:30–17:00";
    expect(await w.say("李娜爸爸", "2")).toEqual([
      { to: "王建国", text: toCoordinator("李军（爸爸）", "李娜", wed, 1) },
      { to: "李娜爸爸", text: `已提交视频申请 #1：李娜 ${wed}（北京时间），在学校一号视频室。${SUBMIT_TAIL}` },
    ]);
    const li = await guardianId("李军");
    expect(await sessions()).toMatchObject([{ status: "REQUESTED", startAt: new Date("2026-12-02T16:30:00+08:00"), requestedById: li, bookedById: null, participants: [{ guardianId: li, role: "PARENT" }, { role: "CAREGIVER" }] }]);
    expect(await w.query((tx) => tx.auditLog.findMany({ where: { action: "reunion.request" } }))).toMatchObject([{ actorType: "GUARDIAN", actorId: String(li), entityId: "1" }]);
    // The requested time holds its place: a coordinator cannot book it for another child.
    expect((await w.say("王建国", "预约 张小明 明天下午4点半"))[0]!.text).toMatch(/^不能预约 12月2日（周三）16:30–17:00：这个时段视频室已约满。/);
    await w.say("王建国", "取消");
    await says("王建国", "视频申请", `待审批的视频申请（1个）：\n#1 李娜（三年级1班）${wed}，一号视频室 · 李军（爸爸）申请\n——\n同意：同意 <编号> · 拒绝：拒绝 <编号> <原因>`);
    expect(await w.say("王建国", "同意 ＃1")).toEqual([
      { to: "李娜爸爸", text: `【亲情视频】学校已同意您的视频申请。学校为您和李娜约好了视频：${wed}（北京时间）。请在这个时间保持微信畅通，学校会用微信视频和您连线，孩子在学校一号视频室等您，李春梅老师陪同。预约编号 #1。` },
      { to: "李春梅", text: `【亲情视频】请您陪同：李娜（三年级1班）${wed}，一号视频室，和李军（爸爸）视频。预约编号 #1。` },
      { to: "王建国", text: `已同意申请。已预约 #1：李娜 ${wed}，一号视频室。\n已通知：李军（爸爸）、李春梅老师。` },
    ]);
    expect(await sessions()).toMatchObject([{ status: "BOOKED", bookedById: await staffId("王建国") }]);
    const reminders = await w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "reunion-remind:1:" } }, orderBy: { id: "asc" } }));
    expect(reminders.map((r) => [r.dedupeKey.split(":").slice(3).join(":"), r.nextAttemptAt.toISOString()])).toEqual([
      ["24h:parent:" + li, "2026-12-01T08:30:00.000Z"],
      ["1h:parent:" + li, "2026-12-02T07:30:00.000Z"],
      ["1h:staff:" + (await staffId("李春梅")), "2026-12-02T07:30:00.000Z"],
      ["start:staff:" + (await staffId("李春梅")), "2026-12-02T08:30:00.000Z"],
    ]);
    await says("王建国", "同意 1", "#1 不是待审批的申请（现在是：已预约）。");
    await says("王建国", "视频申请", "目前没有待审批的视频申请。");
  });

  it("with a time: read back, 确认 submits once; 拒绝 needs a reason and tells the parent", async () => {
    await world();
    await says("张小明爸爸", "申请视频 张小明 周四晚上7点", readBack(THU_19));
    const pending = await w.query((tx) => tx.pendingAction.findFirstOrThrow({ where: { kind: "reunion-request.confirm" } }));
    expect(await w.say("张小明爸爸", "确认")).toEqual([
      { to: "王建国", text: toCoordinator("张伟（爸爸）", "张小明", THU_19, 1) },
      { to: "张小明爸爸", text: `已提交视频申请 #1：张小明 ${THU_19}（北京时间），在学校一号视频室。${SUBMIT_TAIL}` },
    ]);
    // The same confirmation handled twice (its pending row back): submitted once.
    await w.query((tx) => tx.pendingAction.create({ data: { ...pending, expiresAt: new Date("2026-12-01T12:00:00+08:00") } }));
    await says("张小明爸爸", "确认", "这次申请已经提交过了（#1），不会重复提交。");
    expect(await sessions()).toMatchObject([{ status: "REQUESTED", participants: [{ role: "PARENT" }, { role: "PARENT" }, { role: "CAREGIVER" }] }]);
    await says("王建国", "拒绝 1", "请写上拒绝的原因，会告诉家长，例如：拒绝 1 这周视频室维修");
    expect(await w.say("王建国", "拒绝 #1 这周视频室维修")).toEqual([
      { to: "张小明爸爸", text: `【亲情视频】您申请的和张小明视频（#1，${THU_19}）学校没有同意，原因：这周视频室维修。您可以换个时间再申请：发送“想和孩子视频”。` },
      { to: "王建国", text: `已拒绝 #1（张小明 ${THU_19}），已把原因告诉申请的家长。` },
    ]);
    expect(await sessions()).toMatchObject([{ status: "REJECTED", changeReason: "这周视频室维修", changedById: await staffId("王建国") }]);
    await says("王建国", "拒绝 1 再拒一次", "#1 不是待审批的申请（现在是：已拒绝）。");
  });

  it("several children are asked by number; a refused time gets parent-friendly reasons and three offers", async () => {
    await world();
    await says("张小明妈妈", "预约 明天早上8点", "您想为哪个孩子申请视频？请回复序号：\n1. 张小明（三年级1班）\n2. 张小红（五年级1班）");
    await says("张小明妈妈", "1", "不能申请 12月2日（周三）08:00–08:30：这个时间学校的视频室不开放。\n可以申请的时间（北京时间）：\n1. 12月2日（周三）16:30–17:00\n2. 12月2日（周三）17:00–17:30\n3. 12月2日（周三）17:30–18:00\n回复序号申请其中一个时间，或发送“取消”。");
    const out = await w.say("张小明妈妈", "3");
    expect(TestWorld.textsTo(out, "张小明妈妈")).toEqual([`已提交视频申请 #1：张小明 12月2日（周三）17:30–18:00（北京时间），在学校一号视频室。${SUBMIT_TAIL}`]);
    // The weekly cap counts the request.
    await says("张小明爸爸", "想和孩子视频 张小明 周四晚上7点", "不能申请 12月3日（周四）19:00–19:30：孩子这周已经约过视频了（每周最多 1 次）。\n可以申请的时间（北京时间）：\n1. 12月7日（周一）16:30–17:00\n2. 12月7日（周一）17:00–17:30\n3. 12月7日（周一）17:30–18:00\n回复序号申请其中一个时间，或发送“取消”。");
    await says("张小明爸爸", "取消", "好的，已取消。");
    await says("张小明爸爸", "想和孩子视频 张小明 今天上午10点", "不能申请 12月1日（周二）10:00–10:30：需要至少提前 2 小时申请，学校要安排老师陪同；这个时间学校的视频室不开放；孩子这周已经约过视频了（每周最多 1 次）。\n可以申请的时间（北京时间）：\n1. 12月7日（周一）16:30–17:00\n2. 12月7日（周一）17:00–17:30\n3. 12月7日（周一）17:30–18:00\n回复序号申请其中一个时间，或发送“取消”。");
  });

  it("a caregiver may ask; another family's child is simply not found; staff, unbound people and children without parents are refused", async () => {
    await world(["刘芳"]);
    await says("张小明奶奶", "想和孩子视频 张小明 周五 7点", readBack("12月4日（周五）19:00–19:30", "“周五 7点”按 12月4日（周五）19:00 理解，请核对。\n"));
    const out = await w.say("张小明奶奶", "好的");
    expect(TestWorld.textsTo(out, "王建国")).toEqual([toCoordinator("张桂兰（奶奶）", "张小明", "12月4日（周五）19:00–19:30", 1)]);
    // Approval: the caregiver asker gets the caregiver's notice opened with the approval, once.
    const approved = await w.say("王建国", "同意 1");
    expect(TestWorld.textsTo(approved, "张小明奶奶")).toEqual(["【亲情视频】学校已同意您的视频申请。学校为张小明约好了和张伟（爸爸）、刘丽（妈妈）的视频：12月4日（周五）19:00–19:30，在学校一号视频室。请提醒孩子按时到场；如果那时孩子不在学校，请提前送到学校。预约编号 #1。"]);
    expect(TestWorld.textsTo(approved, "张小明爸爸")).toHaveLength(1);
    await says("张小明爸爸", "预约 李娜 明天晚上7点", "没有找到您的孩子“李娜”。您可以为张小明、张小红申请视频，例如：想和孩子视频 张小明 周六下午3点");
    await says("刘芳", "想和孩子视频", "抱歉，“想和孩子视频”仅限家长使用。发送“帮助”查看您可用的功能。");
    await says("李春梅", "同意 1", "抱歉，“同意”仅限负责人使用。发送“帮助”查看您可用的功能。");
    expect((await w.say("陌生人", "想和孩子视频"))[0]!.text).toMatch(/绑定/);
    // Parents unbound: nobody to call.
    await w.query((tx) => tx.wechatIdentity.deleteMany({ where: { guardian: { name: { in: ["张伟", "刘丽"] } } } }));
    await says("张小明奶奶", "想和孩子视频 张小明", "张小明还没有已绑定微信、在外务工的家长，暂时不能安排视频。请在外务工的家长先用学校发的绑定码绑定微信。");
  });

  it("approval re-checks the rules; bad, unknown and other schools' numbers get clear replies", async () => {
    await world();
    await w.say("李娜爸爸", "想和孩子视频");
    await w.say("李娜爸爸", "2");
    await w.say("王建国", "视频室 停用 一号视频室");
    await says("王建国", "同意 1", "#1 现在不能同意：这个视频室已停用。可以回复“拒绝 1 <原因>”告诉家长，或用“改期 1 <时间>”换个时间。");
    expect(await sessions()).toMatchObject([{ status: "REQUESTED" }]);
    await says("王建国", "同意", "请写申请的编号，例如：同意 12。发送“视频申请”查看待审批的申请。");
    await says("王建国", "同意 一", "请写申请的编号，例如：同意 12。发送“视频申请”查看待审批的申请。");
    await says("王建国", "拒绝", "请写申请的编号和原因，例如：拒绝 12 这周视频室维修。");
    await says("王建国", "同意 99", "没有找到编号 #99 的视频申请。发送“视频申请”查看待审批的申请。");
    const now = new Date("2026-12-01T09:00:00+08:00");
    await w.query(async (tx) => {
      const other = await tx.school.create({ data: { name: "别的学校", createdAt: now } });
      await tx.reunionSession.update({ where: { id: 1 }, data: { schoolId: other.id } });
    });
    await says("王建国", "同意 1", "没有找到编号 #1 的视频申请。发送“视频申请”查看待审批的申请。");
    await says("王建国", "拒绝 1 不行", "没有找到编号 #1 的视频申请。发送“视频申请”查看待审批的申请。");
  });

  it("a request nobody answers is rejected once it can no longer be approved; asker and coordinators told once", async () => {
    await world();
    await w.say("李娜爸爸", "想和孩子视频");
    await w.say("李娜爸爸", "2");
    const mine = (out: Awaited<ReturnType<typeof w.say>>) => out.filter((l) => l.to === "李娜爸爸" || l.to === "王建国");
    expect(mine(await w.sim.setClock(new Date("2026-12-02T14:29:00+08:00")))).toEqual([]);
    expect(mine(await w.sim.setClock(new Date("2026-12-02T14:31:00+08:00")))).toEqual([
      { to: "李娜爸爸", text: "【亲情视频】您申请的和李娜视频（#1，12月2日（周三）16:30–17:00）学校没有及时处理，已自动取消，很抱歉。您可以换个时间再申请：发送“想和孩子视频”。" },
      { to: "王建国", text: "【视频申请】#1 李娜（三年级1班）12月2日（周三）16:30–17:00 的申请没有人处理，已来不及安排，已自动拒绝并告知家长。" },
    ]);
    expect(await sessions()).toMatchObject([{ status: "REJECTED", changeReason: "学校未及时处理", changedById: null }]);
    expect(mine(await w.sim.advance(60 * 60_000))).toEqual([]);
  });
});
