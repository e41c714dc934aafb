import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { bindingInstructionsText } from "../../src/messages/zh.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const MIN = 60_000;
const texts = TestWorld.textsTo;

async function bind(...labels: string[]): Promise<void> {
  for (const l of labels) await w.givenBound(l);
}

/** The id of guardian `name` of child `child` (two mothers are called 王芳). */
async function guardianId(name: string, child: string): Promise<number> {
  return (await w.query((tx) => tx.guardian.findFirstOrThrow({ where: { name, students: { some: { student: { name: child } } } } }))).id;
}

async function studentId(name: string): Promise<number> {
  return (await w.query((tx) => tx.student.findFirstOrThrow({ where: { name } }))).id;
}

/** Outbox rows of update relays, by dedupe key. */
async function relayRows() {
  return w.query((tx) => tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "update:" } }, orderBy: { id: "asc" } }));
}

const ZHANG_NEWS = "今天数学测验得了95分。";
const TO_ZHANG_AWAY = `三年级1班 李春梅老师发来张小明的近况：\n${ZHANG_NEWS}\n孩子目前由奶奶张桂兰照看。`;
const TO_ZHANG_CARER = `三年级1班 李春梅老师发来张小明的近况：\n${ZHANG_NEWS}`;
const POSTED_ZHANG = [
  "已把张小明的近况发给：刘丽（妈妈）、张桂兰（奶奶），并记入档案。",
  "张伟（爸爸）还没有绑定微信，没有收到。",
  "10 分钟内接着发来的图片、语音、视频或文件，也会转给这些家长。",
].join("\n");
const USAGE = "请写上学生姓名（或班级）和近况内容，中间空一格，例如：近况 张小明 今天数学测验得了95分\n发给全班家长：近况 三年级1班 明天下午开家长会";

describe("近况 <学生> <内容>", () => {
  it("reaches every bound guardian of the child, the parent away reminded who is caring, and nobody else; once", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "张小明妈妈", "张小明奶奶", "李娜妈妈", "李娜爸爸");
    const at = w.clock.now(); // (the outbox's rate limit moved the clock while binding)
    const out = await w.say("李春梅", `近况 张小明 ${ZHANG_NEWS}`);
    expect(out).toEqual([
      { to: "张小明妈妈", text: TO_ZHANG_AWAY },
      { to: "张小明奶奶", text: TO_ZHANG_CARER },
      { to: "李春梅", text: POSTED_ZHANG },
    ]);
    const [update] = await w.query((tx) => tx.teacherUpdate.findMany());
    const teacher = await w.query((tx) => tx.staff.findFirstOrThrow({ where: { name: "李春梅" } }));
    expect(update).toMatchObject({ authorId: teacher.id, studentId: await studentId("张小明"), classId: null, text: ZHANG_NEWS, recipients: 2, createdAt: at });
    const keys = (await relayRows()).map((r) => r.dedupeKey);
    expect(keys).toEqual([`update:${update!.id}:g${await guardianId("刘丽", "张小明")}`, `update:${update!.id}:g${await guardianId("张桂兰", "张小明")}`]);
    const child = await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "张小明" } }));
    expect(child.lastParentContactAt).toEqual(at);
    // The sibling in another class is not touched; a redelivered message does nothing again.
    expect((await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "张小红" } }))).lastParentContactAt).toBeNull();
    expect(await w.sim.replay()).toEqual([]);
    expect(await w.query((tx) => tx.teacherUpdate.count())).toBe(1);
    expect(await relayRows()).toHaveLength(2);
  });

  it("a mother who is the caregiver gets the news plainly; the father away is reminded of her", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "李娜爸爸", "李娜妈妈");
    const out = await w.say("李春梅", "近况 李娜，这周当上了小组长");
    expect(out).toEqual([
      { to: "李娜爸爸", text: "三年级1班 李春梅老师发来李娜的近况：\n这周当上了小组长\n孩子目前由妈妈王芳照看。" },
      { to: "李娜妈妈", text: "三年级1班 李春梅老师发来李娜的近况：\n这周当上了小组长" },
      { to: "李春梅", text: "已把李娜的近况发给：李军（爸爸）、王芳（妈妈），并记入档案。\n10 分钟内接着发来的图片、语音、视频或文件，也会转给这些家长。" },
    ]);
  });

  it("refuses outside the teacher's classes, without content, and for a transferred child", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "赵磊", "张小明妈妈");
    const ask = async (label: string, text: string) => texts(await w.say(label, text), label);
    expect(await ask("李春梅", "近况 徐浩宇 今天很好")).toEqual([
      "您任教的班级里没有找到“徐浩宇”。请写学生的完整姓名、学号或班级名，姓名和内容之间空一格，例如：近况 张小明 今天数学测验得了95分。其他班级的学生请找负责人。",
    ]);
    expect(await ask("李春梅", "近况 四年级1班 明天开家长会")).toEqual(["您不是四年级1班的老师，不能给这个班的家长发近况。请找负责人。"]);
    expect(await ask("李春梅", "近况 张小明")).toEqual([USAGE]);
    expect(await ask("李春梅", "近况")).toEqual([USAGE]);
    // Name and content run together: the usage says to put a space between them.
    expect(await ask("李春梅", "近况 张小明今天很好")).toEqual([USAGE]);
    await w.query((tx) => tx.student.updateMany({ where: { name: "张小明" }, data: { status: "TRANSFERRED", statusReason: "转学到县实验小学" } }));
    expect(await ask("李春梅", "近况 张小明 今天很好")).toEqual(["张小明已转学（转学到县实验小学），不再给家长发送近况。"]);
    // 赵磊 teaches maths in every class: he may post about a 四年级 child (by student number).
    expect(await ask("赵磊", "近况 2026011 数学作业全对")).toEqual([
      "徐浩宇的近况已记入档案，但家长都还没有绑定微信，没有人收到：徐明（爸爸）、何芳（妈妈）、徐长林（爷爷）。可以发送“绑定码 徐浩宇”为家长领取绑定码。",
    ]);
    const rows = await w.query((tx) => tx.teacherUpdate.findMany());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ studentId: await studentId("徐浩宇"), recipients: 0 });
    expect(await relayRows()).toEqual([]);
    expect((await w.query((tx) => tx.student.findFirstOrThrow({ where: { name: "徐浩宇" } }))).lastParentContactAt).toBeNull();
  });

  it("a name two children share offers a numbered choice; the update goes to the one chosen", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "张小明妈妈", "王浩然爷爷");
    await w.query((tx) => tx.student.updateMany({ where: { name: "王浩然" }, data: { name: "张小明" } }));
    expect(texts(await w.say("李春梅", "近况 张小明 运动会跑了第一"), "李春梅")).toEqual([
      "找到 2 名学生，请回复编号选择：\n1. 张小明 三年级1班 学号2026001\n2. 张小明 三年级1班 学号2026003\n或发送“取消”。",
    ]);
    expect(await w.say("李春梅", "2")).toEqual([
      { to: "王浩然爷爷", text: "三年级1班 李春梅老师发来张小明的近况：\n运动会跑了第一" },
      { to: "李春梅", text: "已把张小明的近况发给：王德福（爷爷），并记入档案。\n王强（爸爸）、陈静（妈妈）还没有绑定微信，没有收到。\n10 分钟内接着发来的图片、语音、视频或文件，也会转给这些家长。" },
    ]);
  });

  it("is refused in a group chat (a child's news is sent privately)", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "张小明妈妈");
    const out = await w.say("李春梅", "@家校助手 近况 张小明 今天很好", "三年级1班家长群");
    expect(texts(out, "李春梅")).toEqual(["为保护孩子的信息，近况请私聊我发送，不要发在群里。"]);
    expect(texts(out, "张小明妈妈")).toEqual([]);
    expect(await w.query((tx) => tx.teacherUpdate.count())).toBe(0);
  });

  it("a stranger is told how to bind", async () => {
    w = await TestWorld.create();
    expect(texts(await w.say("路人甲", "近况 张小明 今天很好"), "路人甲")).toEqual([bindingInstructionsText()]);
    expect(texts(await w.say("路人甲", "孩子近况"), "路人甲")).toEqual([bindingInstructionsText()]);
  });
});

describe("近况 <班级> <内容>", () => {
  const CONFIRM = [
    "将把下面的近况发给三年级1班 10 名学生的家庭：已绑定微信的家长 4 人会收到。",
    "6 名学生还没有家长绑定微信：陈宇轩、杨梓涵、赵子豪、黄诗琪、周俊杰、吴雨桐。",
    "内容：明天下午开家长会",
    "回复“确认”发送，或发送“取消”。",
  ].join("\n");
  const NEWS = (carer: string | null) => ["三年级1班 李春梅老师发来班级近况：", "明天下午开家长会", ...(carer ? [carer] : [])].join("\n");

  it("asks for confirmation with the counts; 取消 drops it, 确认 sends one message per guardian, once", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "张小明爸爸", "张小明妈妈", "李娜妈妈", "刘欣怡妈妈");
    // 王芳 (李娜's mother) also looks after 王浩然: two children in the class, one message.
    const wangFang = await guardianId("王芳", "李娜");
    const haoran = await studentId("王浩然");
    await w.query((tx) => tx.studentGuardian.create({ data: { guardianId: wangFang, studentId: haoran } }));

    expect(texts(await w.say("李春梅", "近况 三年级(1)班 明天下午开家长会"), "李春梅")).toEqual([CONFIRM]);
    expect(await w.say("李春梅", "取消")).toEqual([{ to: "李春梅", text: "好的，已取消。" }]);
    expect(await w.query((tx) => tx.teacherUpdate.count())).toBe(0);
    expect(await w.query((tx) => tx.pendingAction.count())).toBe(0);

    expect(texts(await w.say("李春梅", "近况 三年级1班 明天下午开家长会"), "李春梅")).toEqual([CONFIRM]);
    // Anything but 确认 (or a command) asks again; the exchange stays open.
    expect(await w.say("李春梅", "嗯")).toEqual([{ to: "李春梅", text: "请回复“确认”发送这条班级近况，或发送“取消”。" }]);
    const out = await w.say("李春梅", "确认");
    expect(out).toEqual([
      { to: "张小明爸爸", text: NEWS("孩子目前由奶奶张桂兰照看。") },
      { to: "张小明妈妈", text: NEWS("孩子目前由奶奶张桂兰照看。") },
      { to: "李娜妈妈", text: NEWS(null) },
      { to: "刘欣怡妈妈", text: NEWS("孩子目前由爸爸刘勇照看。") },
      { to: "李春梅", text: "已把三年级1班的近况发给 4 位家长（4 名学生的家庭）。\n6 名学生还没有家长绑定微信，没有收到：陈宇轩、杨梓涵、赵子豪、黄诗琪、周俊杰、吴雨桐。" },
    ]);
    expect(await w.sim.replay()).toEqual([]);
    const updates = await w.query((tx) => tx.teacherUpdate.findMany());
    const cls = await w.query((tx) => tx.class.findFirstOrThrow({ where: { name: "三年级1班" } }));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ classId: cls.id, studentId: null, text: "明天下午开家长会", recipients: 4 });
    const keys = (await relayRows()).map((r) => r.dedupeKey);
    const id = updates[0]!.id;
    expect(keys).toEqual([
      `update:${id}:g${await guardianId("张伟", "张小明")}`,
      `update:${id}:g${await guardianId("刘丽", "张小明")}`,
      `update:${id}:g${wangFang}`,
      `update:${id}:g${await guardianId("杨敏", "刘欣怡")}`,
    ]);
    // A class-wide update is not contact with each family (domain/contact.ts).
    expect(await w.query((tx) => tx.student.count({ where: { lastParentContactAt: { not: null } } }))).toBe(0);
    // Nothing waits any more: a late 确认 is told so.
    expect(texts(await w.say("李春梅", "确认"), "李春梅")).toEqual(["现在没有等您确认的事项（确认在 30 分钟内有效），没有发送或预约任何内容。请重新发送原来的命令（例如“近况 班级 内容”“预约 学生 时间”）。"]);
  });

  it("a coordinator posts to any class, written as 五年级一班; a command in between runs and the confirmation stays", async () => {
    w = await TestWorld.create();
    await bind("王建国", "张小明妈妈");
    expect(texts(await w.say("王建国", "近况 五年级一班 下周三体检"), "王建国")).toEqual([
      [
        "将把下面的近况发给五年级1班 10 名学生的家庭：已绑定微信的家长 1 人会收到。",
        "9 名学生还没有家长绑定微信：郑凯文、梁雨萱、谢文博、宋佳琪、唐浩、许静怡、韩宇航、冯可馨、邓明杰。",
        "内容：下周三体检",
        "回复“确认”发送，或发送“取消”。",
      ].join("\n"),
    ]);
    expect(texts(await w.say("王建国", "我是谁"), "王建国")).toEqual(["您是王建国，留守儿童工作负责人。"]);
    expect(await w.say("王建国", "确定")).toEqual([
      { to: "张小明妈妈", text: "五年级1班 王建国老师发来班级近况：\n下周三体检\n孩子目前由奶奶张桂兰照看。" },
      { to: "王建国", text: "已把五年级1班的近况发给 1 位家长（1 名学生的家庭）。\n9 名学生还没有家长绑定微信，没有收到：郑凯文、梁雨萱、谢文博、宋佳琪、唐浩、许静怡、韩宇航、冯可馨、邓明杰。" },
    ]);
  });

  it("a class with nobody bound says so before and after", async () => {
    w = await TestWorld.create();
    await bind("陈志强");
    expect(texts(await w.say("陈志强", "近况 四年级1班 明天放假"), "陈志强")).toEqual([
      "四年级1班 10 名学生的家长都还没有绑定微信，发送后没有人能收到，只会记入班级近况。\n内容：明天放假\n回复“确认”发送，或发送“取消”。",
    ]);
    expect(texts(await w.say("陈志强", "确认"), "陈志强")).toEqual(["四年级1班的近况已记入，但还没有家长绑定微信，没有人收到。"]);
    expect(await w.query((tx) => tx.teacherUpdate.count())).toBe(1);
  });
});

describe("a picture, voice note or file right after an update", () => {
  it("is kept with the update and relayed to the same guardians; a failed download asks to resend; later files are not taken", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "张小明妈妈", "张小明奶奶", "李娜妈妈");
    await w.say("李春梅", `近况 张小明 ${ZHANG_NEWS}`);
    await w.sim.advance(5 * MIN);
    expect(await w.say("李春梅", { kind: "image", name: "作业.jpg" })).toEqual([
      { to: "张小明妈妈", text: "[文件] 作业.jpg" },
      { to: "张小明奶奶", text: "[文件] 作业.jpg" },
      { to: "李春梅", text: "已把图片转给张小明的家长：刘丽（妈妈）、张桂兰（奶奶）。" },
    ]);
    expect(await w.sim.replay()).toEqual([]);
    expect(await w.say("李春梅", { kind: "voice", fail: true })).toEqual([{ to: "李春梅", text: "刚才的语音没有接收成功，家长没有收到，请重新发送一次。" }]);
    // The window runs from the latest file: 9 minutes after the picture still joins.
    await w.sim.advance(9 * MIN);
    expect(texts(await w.say("李春梅", { kind: "video", name: "升旗.mp4" }), "李春梅")).toEqual(["已把视频转给张小明的家长：刘丽（妈妈）、张桂兰（奶奶）。"]);

    const [update] = await w.query((tx) => tx.teacherUpdate.findMany());
    const atts = await w.query((tx) => tx.teacherUpdateAttachment.findMany({ orderBy: { id: "asc" } }));
    expect(atts.map((a) => [a.updateId, a.messageKind, a.attachmentName, a.attachmentError !== null, a.attachmentPath !== null])).toEqual([
      [update!.id, "image", "作业.jpg", false, true],
      [update!.id, "voice", null, true, false],
      [update!.id, "video", "升旗.mp4", false, true],
    ]);
    const files = (await relayRows()).filter((r) => r.attachmentPath !== null);
    const mom = await guardianId("刘丽", "张小明");
    expect(files.map((r) => [r.dedupeKey, r.attachmentName, r.text])).toEqual([
      [`update:${update!.id}:a${atts[0]!.id}:g${mom}`, "作业.jpg", "[图片] 作业.jpg（张小明的近况）"],
      [`update:${update!.id}:a${atts[0]!.id}:g${await guardianId("张桂兰", "张小明")}`, "作业.jpg", "[图片] 作业.jpg（张小明的近况）"],
      [`update:${update!.id}:a${atts[2]!.id}:g${mom}`, "升旗.mp4", "[视频] 升旗.mp4（张小明的近况）"],
      [`update:${update!.id}:a${atts[2]!.id}:g${await guardianId("张桂兰", "张小明")}`, "升旗.mp4", "[视频] 升旗.mp4（张小明的近况）"],
    ]);
    expect(files[0]!.attachmentPath).toBe(atts[0]!.attachmentPath);

    // More than 10 minutes later a file is not the update's: no new row, nothing to the family.
    await w.sim.advance(11 * MIN);
    const late = await w.say("李春梅", { kind: "image", name: "晚到.jpg" });
    expect(texts(late, "张小明妈妈")).toEqual([]);
    expect(texts(late, "李春梅")).not.toContain("已把图片转给张小明的家长：刘丽（妈妈）、张桂兰（奶奶）。");
    expect(await w.query((tx) => tx.teacherUpdateAttachment.count())).toBe(3);
  });

  it("joins a class update; while a class update waits for 确认 the teacher is asked to confirm first", async () => {
    w = await TestWorld.create();
    await bind("李春梅", "赵磊", "张小明妈妈", "李娜妈妈");
    await w.say("李春梅", "近况 三年级1班 今天大扫除");
    expect(await w.say("李春梅", { kind: "image", name: "教室.jpg" })).toEqual([{ to: "李春梅", text: "请先回复“确认”发送班级近况，再发送图片。" }]);
    await w.say("李春梅", "确认");
    expect(await w.say("李春梅", { kind: "image", name: "教室.jpg" })).toEqual([
      { to: "张小明妈妈", text: "[文件] 教室.jpg" },
      { to: "李娜妈妈", text: "[文件] 教室.jpg" },
      { to: "李春梅", text: "已把图片转给三年级1班的 2 位家长。" },
    ]);
    const other = await w.say("赵磊", { kind: "image", name: "别的.jpg" });
    expect(texts(other, "张小明妈妈")).toEqual([]);
    expect(await w.query((tx) => tx.teacherUpdateAttachment.count())).toBe(1);
  });
});
