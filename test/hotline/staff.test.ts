import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
const FOOTER = "——\n回复家长：回复 1 <内容>（或直接引用这条消息回复）\n其他：转给 1 <老师> · 备注 1 <内容> · 关闭 1";
afterEach(async () => w?.close());

async function world(...bound: string[]): Promise<TestWorld> {
  w = await TestWorld.create();
  for (const label of bound) await w.givenBound(label);
  return w;
}

describe("hotline: staff hand on, note, log calls, list", () => {
  it("转给 hands the thread to another teacher; 备注 never reaches the family", async () => {
    await world("李春梅", "刘芳", "王建国", "李娜妈妈");
    await w.say("李娜妈妈", "孩子说想学画画，学校有兴趣班吗");
    const moved = await w.say("李春梅", "转给 1 刘芳老师");
    expect(moved).toEqual([
      { to: "刘芳", text: "【亲情电话 #1】李春梅老师把这个请求转给您处理。以下是留言记录：\n李娜（三年级1班）\n妈妈王芳（监护人）：孩子说想学画画，学校有兴趣班吗\n——\n回复家长：回复 1 <内容>（或直接引用这条消息回复）\n其他：转给 1 <老师> · 备注 1 <内容> · 关闭 1" },
      { to: "李春梅", text: "已把 #1 转给 刘芳。" },
    ]);
    expect(await w.say("刘芳", "备注 1 周三有美术兴趣班，先问问孩子")).toEqual([{ to: "刘芳", text: "已给 #1 添加内部备注（只有老师能看到，家长看不到）。" }]);
    await w.say("刘芳", "回复 1 有的，每周三下午美术班，我帮她报名");

    const thread = await w.say("李娜妈妈", "请求 1");
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).not.toContain("周三有美术兴趣班，先问问孩子");
    expect(thread[0]!.text).not.toContain("转");
    expect(thread[0]!.text).toMatch(/^亲情电话 #1 · 李娜（三年级1班）· 老师已回复\n.+ 我：孩子说想学画画，学校有兴趣班吗\n.+ 刘芳老师【回复】：有的，每周三下午美术班，我帮她报名$/);

    const staffView = (await w.say("王建国", "请求 1"))[0]!.text;
    expect(staffView).toContain("刘芳老师【内部备注】：周三有美术兴趣班，先问问孩子");
    expect(staffView).toContain("李春梅老师【转交】：转给 刘芳");
    const family = w.sim.person("李娜妈妈").contactId;
    const toFamily = await w.query((tx) => tx.outboxMessage.findMany({ where: { conversationId: family }, select: { text: true } }));
    expect(toFamily.length).toBeGreaterThan(2);
    expect(toFamily.filter((r) => r.text.includes("先问问孩子") || r.text.includes("备注"))).toEqual([]);
  });

  it("来电 logs a phone call as a request of that family, relayed to the homeroom teacher; the caller named first gets the answer", async () => {
    await world("李春梅", "王建国", "李娜爸爸");
    expect(await w.say("王建国", "来电 李娜 爸爸问寒假放假时间")).toEqual([
      { to: "李春梅", text: "【亲情电话 #1】王建国登记了一个来电：李娜（三年级1班）的爸爸李军（外出务工）\n爸爸问寒假放假时间\n——\n回复家长：回复 1 <内容>（或直接引用这条消息回复）\n其他：转给 1 <老师> · 备注 1 <内容> · 关闭 1" },
      { to: "王建国", text: "已登记来电 #1（李娜），已转给 李春梅。" },
    ]);
    const guardian = await w.query((tx) => tx.guardian.findFirstOrThrow({ where: { name: "李军" } }));
    const r = await w.query((tx) => tx.hotlineRequest.findUniqueOrThrow({ where: { id: 1 } }));
    expect(r).toMatchObject({ channel: "PHONE", guardianId: guardian.id, callerLabel: "爸爸", status: "OPEN", loggedById: expect.any(Number) });
    expect(await w.say("李春梅", "回复 1 1月20日放假")).toEqual([
      { to: "李娜爸爸", text: "【老师回复 #1】李春梅老师（李娜）：\n1月20日放假\n——\n如还有问题，直接在这里回复即可。" },
      { to: "李春梅", text: "已回复 李娜爸爸李军（#1）。需要结束时发送：关闭 1" },
    ]);
    expect((await w.say("李娜爸爸", "我的请求"))[0]!.text).toMatch(/^您的留言：\n#1 李娜 · 老师已回复/);

    // A call whose caller is not named reaches nobody in WeChat: the teacher is told to call back.
    await w.say("王建国", "来电 王浩然 问孩子能不能请假");
    expect(await w.say("李春梅", "回复 2 可以")).toEqual([{ to: "李春梅", text: "已记录对 #2 的回复。这是电话登记的请求，来电的家长没有在微信上收到，请电话告知家长。" }]);
    expect(await w.say("王建国", "来电 李娜")).toEqual([{ to: "王建国", text: "用法：来电 <学生> <内容>，例如：来电 张小明 妈妈问期末考试时间" }]);
  });

  it("我的请求 lists a teacher's open requests oldest first with working time waited; 请求 lists the school's overdue first", async () => {
    await world("李春梅", "陈志强", "王建国", "李娜妈妈", "王浩然爷爷");
    await w.say("李娜妈妈", "孩子的作业本丢了");
    w.clock.advance(60 * 60_000);
    await w.say("王浩然爷爷", "浩然的鞋子小了，麻烦老师看看");
    w.clock.advance(30 * 60_000);
    const mine = (await w.say("李春梅", "我的请求"))[0]!.text.split("\n");
    expect(mine[0]).toBe("您的亲情电话请求（2 个等待回复，等待时间按学校工作时间算）：");
    expect(mine[1]).toMatch(/^1\. #1 李娜（三年级1班）妈妈王芳 · 已等 1小时3\d分$/);
    expect(mine[3]).toMatch(/^2\. #2 王浩然（三年级1班）爷爷王德福 · 已等 3\d分钟$/);
    expect(mine[2]).toBe("   孩子的作业本丢了");

    await w.sim.setClock(new Date("2026-12-01T14:00:00+08:00"));
    const school = (await w.say("王建国", "请求"))[0]!.text.split("\n");
    expect(school[1]).toMatch(/^1\. #1 .* · 已超时 · 李春梅$/);
    expect(await w.say("陈志强", "我的请求")).toEqual([{ to: "陈志强", text: "您的亲情电话请求：目前没有等待回复的请求。" }]);

    const family = (await w.say("李娜妈妈", "我的请求"))[0]!.text;
    expect(family).toMatch(/^您的留言：\n#1 李娜 · 等待回复 · 12月1日 09:\d\d\n   孩子的作业本丢了\n查看详情：请求 <编号>$/);
  });
});

describe("hotline: bad input", () => {
  it("refuses unknown numbers, another class's request and a reply without text", async () => {
    await world("李春梅", "陈志强", "李娜妈妈");
    await w.say("李娜妈妈", "孩子最近睡得好吗");
    expect(await w.say("李春梅", "回复 99 好的")).toEqual([{ to: "李春梅", text: "没有找到编号为 99 的请求，或者它不在您负责的班级。发送“我的请求”查看您的请求。" }]);
    expect(await w.say("陈志强", "回复 1 好的")).toEqual([{ to: "陈志强", text: "没有找到编号为 1 的请求，或者它不在您负责的班级。发送“我的请求”查看您的请求。" }]);
    expect(await w.say("陈志强", "请求 1")).toEqual([{ to: "陈志强", text: "没有找到编号为 1 的请求，或者它不在您负责的班级。发送“我的请求”查看您的请求。" }]);
    expect(await w.say("李春梅", "回复 1")).toEqual([{ to: "李春梅", text: "请在编号后面写上回复内容。用法：回复 <编号> <内容>，例如：回复 12 孩子今天很好，请放心" }]);
    expect(await w.say("李春梅", "回复")).toEqual([{ to: "李春梅", text: "请写上请求编号和回复内容。用法：回复 <编号> <内容>，例如：回复 12 孩子今天很好，请放心" }]);
    expect(await w.say("李娜妈妈", "回复 1 hello")).toEqual([{ to: "李娜妈妈", text: "抱歉，“回复”仅限老师使用。发送“帮助”查看您可用的功能。" }]);
    const answers = await w.query((tx) => tx.hotlineEntry.count({ where: { kind: "ANSWER" } }));
    expect(answers).toBe(0);
  });

  it("another family cannot read a request", async () => {
    await world("李春梅", "李娜妈妈", "王浩然爷爷");
    await w.say("李娜妈妈", "孩子最近睡得好吗");
    expect(await w.say("王浩然爷爷", "请求 1")).toEqual([{ to: "王浩然爷爷", text: "没有找到您的留言 1。发送“我的请求”查看您的留言。" }]);
  });

  it("keeps a 5,000-character message whole and cuts a longer one, telling the family", async () => {
    await world("李春梅", "李娜妈妈");
    const long = "孩".repeat(5000);
    const out = await w.say("李娜妈妈", long);
    expect(TestWorld.textsTo(out, "李春梅")[0]).toContain(long);
    expect(TestWorld.textsTo(out, "李娜妈妈")[0]).toMatch(/^已收到您的留言（编号 #1）。/);
    w.clock.advance(5 * 60_000);
    const longer = await w.say("李娜妈妈", "字".repeat(7000));
    expect(TestWorld.textsTo(longer, "李娜妈妈")).toEqual(["已补充到您的留言 #1，老师会一并看到。（太长的部分只保留了前 6000 个字。）"]);
    const e = await w.query((tx) => tx.hotlineEntry.findMany({ orderBy: { id: "asc" } }));
    expect(e.map((x) => [...x.text].length)).toEqual([5000, 6000]);
  });

  it("a stranger's message makes no request; a transferred child's family reaches the coordinator", async () => {
    await world("李春梅", "王建国", "李娜妈妈");
    const stranger = await w.say("路人甲", "你好，我想问下孩子的情况");
    expect(stranger).toHaveLength(1);
    expect(stranger[0]!.text).toMatch(/绑定/);
    expect(await w.query((tx) => tx.hotlineRequest.count())).toBe(0);

    await w.query((tx) => tx.student.updateMany({ where: { name: "李娜" }, data: { status: "TRANSFERRED", statusReason: "转学到县实验小学" } }));
    const out = await w.say("李娜妈妈", "请问转学手续办好了吗");
    expect(out.map((l) => l.to)).toEqual(["王建国", "李娜妈妈"]);
    expect(TestWorld.textsTo(out, "李娜妈妈")[0]).toContain("孩子的学籍已不在本校在读，留言已转给学校负责人 王建国。");
  });

  it("a voice note the puppet cannot download still makes a request, with a note to the teacher", async () => {
    await world("李春梅", "王浩然爷爷");
    const out = await w.say("王浩然爷爷", { kind: "voice", fail: true });
    expect(TestWorld.textsTo(out, "李春梅")).toEqual([`【亲情电话 #1】王浩然（三年级1班）的爷爷王德福（监护人）留言：\n[语音] （语音未能接收，请联系家长重发或回电）\n${FOOTER}`]);
    expect(TestWorld.textsTo(out, "王浩然爷爷")[0]).toMatch(/^已收到您的留言（编号 #1）。/);
    const e = await w.query((tx) => tx.hotlineEntry.findFirstOrThrow());
    expect(e).toMatchObject({ messageKind: "voice", attachmentPath: null, attachmentError: "download failed: no filebox cache" });
  });

  it("a grandmother's voice note about one of two children is kept while she is asked which, then forwarded as it is", async () => {
    await world("李春梅", "张小明奶奶");
    expect(await w.say("张小明奶奶", { kind: "voice" })).toEqual([{ to: "张小明奶奶", text: "请问这条留言是关于哪个孩子的？请回复编号：\n1. 张小明（三年级1班）\n2. 张小红（五年级1班）\n或发送“取消”。" }]);
    expect(await w.say("张小明奶奶", { kind: "image", name: "作业.jpg" })).toEqual([{ to: "张小明奶奶", text: "已记下。请先回复编号（1-2）告诉我是哪个孩子，我再一并转给老师。" }]);
    const out = await w.say("张小明奶奶", "1");
    expect(out).toEqual([
      { to: "李春梅", text: `【亲情电话 #1】张小明（三年级1班）的奶奶张桂兰（监护人）留言：\n[语音]\n[图片]\n${FOOTER}` },
      { to: "李春梅", text: "[文件] 语音.silk" },
      { to: "李春梅", text: "[文件] 作业.jpg" },
      { to: "张小明奶奶", text: expect.stringMatching(/^已收到您的留言（编号 #1）。/) },
    ]);
    const rows = await w.query((tx) => tx.hotlineEntry.findMany({ orderBy: { id: "asc" } }));
    expect(rows.map((r) => [r.messageKind, r.attachmentName])).toEqual([["voice", "语音.silk"], ["image", "作业.jpg"]]);
    expect(await w.sim.advance(5 * 60_000)).toEqual([]);
  });
});

describe("hotline: tester findings", () => {
  it("family matters are refused in a group; a parent's message in a group is sent back to private chat", async () => {
    await world("李春梅", "李娜妈妈", "张小明妈妈");
    await w.say("李娜妈妈", "孩子咳嗽好点了吗");
    const inGroup = await w.say("李春梅", "@家校助手 回复 1 群里回复", "三年级1班家长群");
    expect(inGroup).toEqual([
      { to: "李春梅", text: "为保护孩子和家庭的信息，“回复”请私聊我发送，不要在群里发。" },
      { to: "[三年级1班家长群]", text: expect.stringContaining("李春梅") },
    ]);
    for (const text of ["@家校助手 备注 1 群里备注", "@家校助手 来电 张小明 群里登记"]) {
      expect(TestWorld.textsTo(await w.say("李春梅", text, "三年级1班家长群"), "李春梅")[0]).toMatch(/请私聊我发送，不要在群里发。$/);
    }
    expect(await w.query((tx) => tx.hotlineEntry.count())).toBe(1);
    const parent = await w.say("张小明妈妈", "@家校助手 老师好，张小明今天发烧了", "三年级1班家长群");
    expect(TestWorld.textsTo(parent, "张小明妈妈")).toEqual(["要给老师留言，请直接私聊我发送（文字、语音、图片都可以），不要发在群里——群里大家都能看到。"]);
    expect(await w.query((tx) => tx.hotlineRequest.count())).toBe(1);
  });

  it("reads numbers strictly: 回复 1.5 is refused, 回复：1 works; 关闭 takes several", async () => {
    await world("李春梅", "李娜妈妈", "王浩然爷爷");
    await w.say("李娜妈妈", "孩子咳嗽好点了吗");
    await w.say("王浩然爷爷", "浩然的鞋小了");
    expect(await w.say("李春梅", "回复 1.5 小数")).toEqual([{ to: "李春梅", text: "请写上请求编号和回复内容。用法：回复 <编号> <内容>，例如：回复 12 孩子今天很好，请放心" }]);
    expect((await w.say("李春梅", "回复：1 好多了"))[0]).toEqual({ to: "李娜妈妈", text: expect.stringContaining("好多了") });
    const closed = await w.say("李春梅", "关闭 1 ＃２");
    expect(TestWorld.textsTo(closed, "李春梅")).toEqual(["已关闭 #1。已告知家长。", "已关闭 #2。已告知家长。"]);
  });

  it("a command sent while the child question is open runs, and the question stays", async () => {
    await world("李春梅", "张小明妈妈");
    await w.say("张小明妈妈", "老师好");
    expect((await w.say("张小明妈妈", "我的  请求"))[0]!.text).toBe("您还没有留言记录。直接发文字、语音或图片给我，就会转给孩子的老师。");
    const out = await w.say("张小明妈妈", "１");
    expect(out[0]!.text).toBe(`【亲情电话 #1】张小明（三年级1班）的妈妈刘丽（外出务工）留言：\n老师好\n${FOOTER}`);
  });

  it("with nobody bound to answer, the family is told the truth", async () => {
    w = await TestWorld.create({ start: "2026-12-01T09:00:00+08:00" });
    await w.givenBound("李娜妈妈");
    const out = await w.say("李娜妈妈", "有人吗");
    expect(out).toEqual([{ to: "李娜妈妈", text: expect.stringContaining("学校已记录，正在安排老师回复（负责的老师暂时还没有开通微信接收）。") }]);
    expect(await w.sim.setClock(new Date("2026-12-01T13:01:00+08:00"))).toEqual([
      { to: "李娜妈妈", text: "您的留言 #1 还在等待老师回复，学校会尽快处理。请耐心等待，急事也可以直接打电话给班主任。" },
    ]);
  });

  it("waiting longer than a working day is counted in working days", async () => {
    await world("李春梅", "王建国", "李娜妈妈");
    await w.say("李娜妈妈", "孩子咳嗽好点了吗");
    await w.sim.setClock(new Date("2026-12-04T11:00:00+08:00"));
    const [list] = await w.say("王建国", "请求");
    expect(list!.text.split("\n")[1]).toBe("1. #1 李娜（三年级1班）妈妈王芳 · 已等 3个工作日2小时 · 已超时 · 李春梅");
  });
});

describe("hotline and updates together", () => {
  it("a picture sent after answering a family does not go to the family of the last update", async () => {
    await world("李春梅", "张小明奶奶", "李娜妈妈");
    await w.say("李娜妈妈", "孩子咳嗽好点了吗");
    await w.say("李春梅", "近况 张小明 今天跳绳得了第一");
    await w.say("李春梅", "回复 1 好多了");
    const out = await w.say("李春梅", { kind: "image" });
    expect(out.filter((l) => l.to === "张小明奶奶")).toEqual([]);
    expect(await w.query((tx) => tx.teacherUpdateAttachment.count())).toBe(0);
  });

  it("a closed request cannot be handed on", async () => {
    await world("李春梅", "刘芳", "李娜妈妈");
    await w.say("李娜妈妈", "孩子咳嗽好点了吗");
    await w.say("李春梅", "关闭 1");
    expect(await w.say("李春梅", "转给 1 刘芳")).toEqual([{ to: "李春梅", text: "#1 已经关闭了。如需再联系家长，请直接打电话；家长7天内再发消息会自动重新打开。" }]);
  });
});
