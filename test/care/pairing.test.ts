import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { askAs, careWorld } from "./helpers.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const texts = TestWorld.textsTo;

async function world(...bound: string[]): Promise<TestWorld> {
  return (w = await careWorld(bound));
}

const staffId = async (name: string) => (await w.query((tx) => tx.staff.findFirstOrThrow({ where: { name }, orderBy: { id: "asc" } }))).id;
const studentId = async (name: string) => (await w.query((tx) => tx.student.findFirstOrThrow({ where: { name } }))).id;
const ask = (label: string, text: string) => askAs(w, label, text);

const TO_CHEN = [
  "王建国老师安排您与三年级1班的张小明结对帮扶。",
  "请多关心孩子的学习和生活：至少每 30 天写一次成长日记（日记 张小明 内容），每学期至少走访一次孩子的家（走访 张小明）。",
  "发送“我的结对”查看您结对的孩子。",
].join("\n");

describe("结对 / 取消结对", () => {
  it("pairs a mentor with a child and tells the mentor; pairing again replaces and tells both; 取消结对 ends it", async () => {
    await world("王建国", "陈志强", "李春梅");
    expect(await w.say("王建国", "结对 陈志强 张小明")).toEqual([
      { to: "陈志强", text: TO_CHEN },
      { to: "王建国", text: "已安排陈志强老师与张小明（三年级1班）结对帮扶。已通知陈志强老师。" },
    ]);
    const child = await studentId("张小明");
    const first = await w.query((tx) => tx.pairing.findFirstOrThrow());
    expect(first).toMatchObject({ staffId: await staffId("陈志强"), studentId: child, createdById: await staffId("王建国"), endedAt: null });
    // The same pairing again changes nothing.
    expect(await ask("王建国", "结对 陈志强 张小明")).toEqual(["陈志强老师已经在和张小明（三年级1班）结对帮扶了。"]);

    expect(await w.say("王建国", "结对 李春梅 张小明")).toEqual([
      { to: "陈志强", text: "王建国老师已把三年级1班张小明的结对帮扶改由李春梅老师负责，您与张小明的结对已解除。感谢您的付出！" },
      { to: "李春梅", text: TO_CHEN },
      { to: "王建国", text: "已安排李春梅老师与张小明（三年级1班）结对帮扶。已通知李春梅老师。\n张小明原来的结对老师陈志强已解除结对，并已通知。" },
    ]);
    const rows = await w.query((tx) => tx.pairing.findMany({ orderBy: { id: "asc" } }));
    expect(rows.map((r) => [r.staffId, r.endedAt !== null])).toEqual([
      [await staffId("陈志强"), true],
      [await staffId("李春梅"), false],
    ]);

    expect(await w.say("王建国", "取消结对 张小明")).toEqual([
      { to: "李春梅", text: "王建国老师已解除您与三年级1班张小明的结对帮扶。感谢您的付出！" },
      { to: "王建国", text: "已解除李春梅老师与张小明（三年级1班）的结对帮扶，已通知李春梅老师。" },
    ]);
    expect(await w.query((tx) => tx.pairing.count({ where: { endedAt: null } }))).toBe(0);
    expect(await ask("王建国", "取消结对 张小明")).toEqual(["张小明（三年级1班）目前没有结对老师。"]);
    const audit = await w.query((tx) => tx.auditLog.findMany({ where: { action: { in: ["pair", "unpair"] } }, orderBy: { id: "asc" } }));
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ["pair", String(child)],
      ["pair", String(child)],
      ["unpair", String(child)],
    ]);
  });

  it("one teacher may mentor several children; an unbound mentor is not told", async () => {
    await world("王建国");
    expect(await ask("王建国", "结对 刘芳 张小明")).toEqual(["已安排刘芳老师与张小明（三年级1班）结对帮扶。刘芳老师还没有绑定微信，没有收到通知。"]);
    expect(await ask("王建国", "结对 刘芳老师 李娜")).toEqual(["已安排刘芳老师与李娜（三年级1班）结对帮扶。刘芳老师还没有绑定微信，没有收到通知。"]);
    // The teacher written second is understood too.
    expect(await ask("王建国", "结对 王浩然 刘芳")).toEqual(["已安排刘芳老师与王浩然（三年级1班）结对帮扶。刘芳老师还没有绑定微信，没有收到通知。"]);
    const liu = await staffId("刘芳");
    expect(await w.query((tx) => tx.pairing.count({ where: { staffId: liu, endedAt: null } }))).toBe(3);
    expect(await w.query((tx) => tx.outboxMessage.count({ where: { dedupeKey: { startsWith: "pairing:" } } }))).toBe(0);
  });

  it("refuses an unknown teacher (saying how to write it), an unknown child, a teacher who is not a coordinator; asks which teacher when two share a name", async () => {
    await world("王建国", "陈志强");
    expect(await ask("王建国", "结对 张老师 张小明")).toEqual(["全校没有找到叫“张老师”的老师。请先写老师的完整姓名，再写学生的姓名或学号，中间空一格，例如：结对 陈志强 张小明"]);
    expect(await ask("王建国", "结对 陈志强")).toEqual(["请写上结对老师和学生的姓名，中间空一格，例如：结对 陈志强 张小明"]);
    expect(await ask("王建国", "结对 陈志强 张大明")).toEqual(["全校没有找到“张大明”。请写学生的完整姓名或学号，例如：结对 张小明，或 结对 2026001。"]);
    expect(await ask("陈志强", "结对 陈志强 张小明")).toEqual(["抱歉，“结对”仅限负责人使用。发送“帮助”查看您可用的功能。"]);
    expect(await ask("陈志强", "取消结对 张小明")).toEqual(["抱歉，“取消结对”仅限负责人使用。发送“帮助”查看您可用的功能。"]);

    const school = (await w.query((tx) => tx.school.findFirstOrThrow())).id;
    const other = await w.query((tx) => tx.staff.create({ data: { schoolId: school, name: "陈志强", role: "TEACHER", createdAt: new Date() } }));
    expect(await ask("王建国", "结对 陈志强 张小明")).toEqual(["找到 2 位叫“陈志强”的老师，请回复编号选择：\n1. 陈志强（老师 · 四年级1班）\n2. 陈志强（老师）\n或发送“取消”。"]);
    expect(await ask("王建国", "3")).toEqual(["请回复编号（1-2）选择，或发送“取消”。"]);
    expect(await ask("王建国", "2")).toEqual(["已安排陈志强老师与张小明（三年级1班）结对帮扶。陈志强老师还没有绑定微信，没有收到通知。"]);
    expect((await w.query((tx) => tx.pairing.findFirstOrThrow())).staffId).toBe(other.id);
    expect(await w.query((tx) => tx.pairing.count())).toBe(1);
  });

  it("a paired teacher now has the child in scope (日记 for a 三年级1班 child), until the pairing ends", async () => {
    await world("王建国", "陈志强");
    const notFound = "您任教的班级里没有找到“张小明”。请写学生的完整姓名或学号，例如：日记 张小明，或 日记 2026001。其他班级的学生请找负责人。";
    expect(await ask("陈志强", "日记 张小明 今天主动问好")).toEqual([notFound]);
    await w.say("王建国", "结对 陈志强 张小明");
    expect(await ask("陈志强", "日记 张小明 今天主动问好")).toEqual(["已记入张小明（三年级1班）的成长日记（12月1日）。"]);
    expect(await w.query((tx) => tx.diaryEntry.findMany({ select: { authorId: true, content: true } }))).toEqual([{ authorId: await staffId("陈志强"), content: "今天主动问好" }]);
    await w.say("王建国", "取消结对 张小明");
    expect(await ask("陈志强", "日记 张小明 今天主动问好")).toEqual([notFound]);
  });
});

describe("学习帮手 and 我的结对", () => {
  it("records a classmate once, refuses a child of another class, and shows buddies, last diary and visit in 我的结对", async () => {
    await world("王建国", "陈志强", "李春梅");
    expect(await ask("陈志强", "我的结对")).toEqual(["您还没有结对帮扶的孩子。结对由负责人安排。"]);
    expect(await ask("王建国", "我的结对")).toEqual(["全校还没有安排结对帮扶。安排结对：结对 教师姓名 学生姓名，例如：结对 陈志强 张小明"]);
    await w.say("王建国", "结对 陈志强 张小明");
    await w.say("王建国", "结对 陈志强 徐浩宇");
    await w.say("王建国", "结对 王建国 罗欣然");

    expect(await ask("陈志强", "学习帮手 张小明 李娜")).toEqual(["已记录李娜为张小明（三年级1班）的学习帮手。"]);
    expect(await ask("李春梅", "学习帮手 张小明 2026003")).toEqual(["已记录王浩然为张小明（三年级1班）的学习帮手。"]);
    expect(await ask("陈志强", "学习帮手 张小明 李娜")).toEqual(["李娜已经是张小明的学习帮手了。"]);
    expect(await ask("陈志强", "学习帮手 张小明 徐浩宇")).toEqual(["三年级1班没有找到“徐浩宇”。学习帮手要是张小明的同班同学，请写同学的完整姓名或学号。"]);
    expect(await ask("陈志强", "学习帮手 张小明")).toEqual(["请写上学生和同学的姓名，中间空一格，例如：学习帮手 张小明 李娜"]);
    expect(await w.query((tx) => tx.studyBuddy.count())).toBe(2);

    await w.say("陈志强", "日记 张小明 昨天 数学作业有进步");
    await w.say("陈志强", "走访 张小明 见到：奶奶 情况：家里整洁");
    expect(await ask("陈志强", "我的结对")).toEqual([
      [
        "您结对帮扶的孩子（2人）：",
        "1. 张小明（三年级1班）",
        "   最近日记：11月30日 · 最近走访：12月1日",
        "   学习帮手：李娜、王浩然",
        "2. 徐浩宇（四年级1班）",
        "   最近日记：无记录 · 最近走访：无记录",
        "写日记：日记 姓名 内容；记录走访：走访 姓名",
      ].join("\n"),
    ]);
    // A coordinator with children of their own sees them, and the school on asking.
    expect(await ask("王建国", "我的结对")).toEqual([
      "您结对帮扶的孩子（1人）：\n1. 罗欣然（四年级1班）\n   最近日记：无记录 · 最近走访：无记录\n写日记：日记 姓名 内容；记录走访：走访 姓名\n发送“我的结对 全校”查看全校的结对。",
    ]);
    expect(await ask("王建国", "我的结对 全校")).toEqual([
      [
        "全校结对帮扶（2位老师，3名学生）：",
        "陈志强老师（2人）：",
        "1. 张小明（三年级1班）",
        "   最近日记：11月30日 · 最近走访：12月1日",
        "   学习帮手：李娜、王浩然",
        "2. 徐浩宇（四年级1班）",
        "   最近日记：无记录 · 最近走访：无记录",
        "王建国老师（1人）：",
        "1. 罗欣然（四年级1班）",
        "   最近日记：无记录 · 最近走访：无记录",
      ].join("\n"),
    ]);
  });
});

describe("学习帮手 names the child itself", () => {
  it("says a child cannot be their own study buddy", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    expect((await w.say("李春梅", "学习帮手 张小明 张小明")).at(-1)!.text).toBe("学习帮手要写张小明的另一位同班同学，不能是张小明自己。");
  });
});
