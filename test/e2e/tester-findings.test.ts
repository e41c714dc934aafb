import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

const GROUP = "四年级1班家长群";
const EXPOSED = "这个绑定码已在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。";

describe("codes typed the way people type them", () => {
  it("binds with colons, quotes, trailing words and punctuation, or the bare code", async () => {
    w = await TestWorld.create();
    const forms: [string, (code: string) => string][] = [
      ["张小明爸爸", (c) => `绑定：${c}`],
      ["张小明妈妈", (c) => `绑定:${c}`],
      ["张小明奶奶", (c) => `绑定 ${c}。`],
      ["李娜爸爸", (c) => `绑定 “${c}”`],
      ["李娜妈妈", (c) => `绑定 ${c} 谢谢老师`],
      ["王浩然爸爸", (c) => `绑定码：${c}`],
      ["王浩然妈妈", (c) => c.toLowerCase()],
    ];
    for (const [label, form] of forms) {
      const out = await w.say(label, form(w.code(label)));
      expect(out[0]!.text, form(w.code(label))).toMatch(/^绑定成功！/);
    }
    expect(await w.query((tx) => tx.bindingFailure.count())).toBe(0);
  });

  it("a contact holding two bindings is told so", async () => {
    w = await TestWorld.create();
    await w.givenBound("李娜爸爸");
    const out = await w.say("李娜爸爸", `绑定 ${w.code("马天佑奶奶")}`);
    expect(out.map((l) => l.text)).toEqual([
      "绑定成功！您是：马兰英，四年级1班 马天佑的奶奶。\n发送“帮助”查看您可以使用的功能。",
      "提示：这个微信现在同时绑定了 2 个身份，发送“我是谁”查看。",
    ]);
  });
});

describe("绑定码 scope", () => {
  it("a homeroom teacher issues codes for the families of their class only; others are refused without a wrong-code count", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    const own = await w.say("李春梅", "绑定码 张小明妈妈");
    expect(own[0]!.text).toMatch(/^已为 刘丽（张小明、张小红的妈妈） 生成绑定码：[A-Z0-9]{8}\n有效期至 2026年12月31日（周四）（含当天）/);
    expect((await w.say("李春梅", "绑定码 孙佳怡妈妈"))[0]!.text).toBe(
      "在您任教的班级里没有找到“孙佳怡妈妈”。可以写家长姓名，或者“学生姓名+关系”，例如：绑定码 张小明妈妈；其他班级和老师的绑定码请找负责人。",
    );
    expect((await w.say("李春梅", "绑定码 陈志强"))[0]!.text).toMatch(/^在您任教的班级里没有找到“陈志强”/);
    // A parent or a stranger writing 绑定码 <name> gets no code and no lockout count.
    await w.givenBound("李娜爸爸");
    expect((await w.say("李娜爸爸", "绑定码 张小明妈妈"))[0]!.text).toBe("抱歉，“绑定码”仅限老师使用。发送“帮助”查看您可用的功能。");
    expect((await w.say("路人甲", "绑定码 张小明妈妈"))[0]!.text).toMatch(/^您好！这里是学校的“亲情桥”家校助手。/);
    expect(await w.query((tx) => tx.bindingFailure.count())).toBe(0);
  });
});

describe("codes shown in groups", () => {
  it("a code posted in a group without mentioning the bot is voided and the group told; other chatter is not read", async () => {
    w = await TestWorld.create();
    const code = w.code("孙佳怡爸爸");
    expect(await w.say("孙佳怡爸爸", "大家好", GROUP)).toEqual([]);
    const out = await w.say("孙佳怡爸爸", `我的绑定码是 ${code}，怎么用？`, GROUP);
    expect(out).toEqual([{ to: `[${GROUP}]`, text: `@孙杰 ${EXPOSED}` }]);
    expect((await w.say("孙佳怡爸爸", `绑定 ${code}`))[0]!.text).toMatch(/^这个绑定码曾在群里公开/);
    // Text that merely looks like a code is not answered.
    expect(await w.say("孙佳怡爸爸", "THANKYOUVERYMUCH", GROUP)).toEqual([]);
    expect(await w.query((tx) => tx.processedMessage.count())).toBe(3); // the two screened group lines and the private 绑定
  });

  it("a code in a message that mentions the bot is voided too", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    const out = await w.say("李春梅", `@家校助手 这是马天佑奶奶的码 ${w.code("马天佑奶奶")}`, GROUP);
    expect(out).toEqual([{ to: `[${GROUP}]`, text: `@李春梅 ${EXPOSED}` }]);
  });
});

describe("choices", () => {
  it("a number with nothing to choose gets a clear answer; a command during a choice keeps the choice open", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    expect((await w.say("王建国", "1"))[0]!.text).toBe("现在没有等您选择的事项（选择在 30 分钟后失效）。请重新发送命令，或发送“帮助”查看可用的功能。");
    await w.say("王建国", "绑定码 王芳");
    expect((await w.say("王建国", "我是谁"))[0]!.text).toBe("您是王建国，留守儿童工作负责人。");
    expect((await w.say("王建国", "2"))[0]!.text).toMatch(/^已为 王芳（孙佳怡的妈妈） 生成绑定码/);
    await w.say("王建国", "绑定码 王芳");
    w.clock.advance(31 * 60_000);
    expect((await w.say("王建国", "1"))[0]!.text).toMatch(/^您刚才没有完成的操作超过 30 分钟没有回复，已自动取消/);
    expect((await w.say("王建国", "1"))[0]!.text).toMatch(/^现在没有等您选择的事项/);
    expect((await w.say("王建国", "取消"))[0]!.text).toBe("当前没有需要取消的操作。");
  });
});

describe("the clock going back", () => {
  it("a send slot or pause recorded in the future does not silence the bot", async () => {
    w = await TestWorld.create({ start: "2026-12-01T10:00:00+08:00" });
    for (let i = 0; i < 3; i++) await w.say("路人甲", "帮助");
    w.clock.set(new Date("2026-12-01T09:00:00+08:00"));
    const out = await w.say("路人乙", "我是谁");
    expect(out).toHaveLength(1);
  });
});

describe("second tester pass", () => {
  it("voids every code in a group message, in spaced, dashed or full-width forms, and 绑定 then says why", async () => {
    w = await TestWorld.create();
    const [a, b, c] = [w.code("李娜爸爸"), w.code("李娜妈妈"), w.code("王浩然爸爸")];
    const spaced = `${a.slice(0, 4)} ${a.slice(4)}`.toLowerCase();
    const full = [...`${c.slice(0, 4)} ${c.slice(4)}`].map((ch) => (ch === " " ? "\u3000" : String.fromCharCode(ch.charCodeAt(0) + 0xfee0))).join("");
    const out = await w.say("路人甲", `李娜家的码：${spaced} 和 ${b.slice(0, 4)}-${b.slice(4)}，还有 ${full}`, GROUP);
    expect(out).toEqual([{ to: `[${GROUP}]`, text: `@路人甲 ${EXPOSED}` }]);
    const voided = await w.query((tx) => tx.bindingCode.findMany({ where: { code: { in: [a, b, c] } } }));
    expect(voided.map((v) => [v.revokedAt !== null, v.exposedAt !== null])).toEqual([[true, true], [true, true], [true, true]]);
    expect((await w.say("李娜爸爸", `绑定 ${a}`))[0]!.text).toBe("这个绑定码曾在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。");
  });

  it("reads a bare all-letter code only when the school issued it, a bare code with a full stop, and a code in a sentence about binding", async () => {
    w = await TestWorld.create();
    expect((await w.say("路人甲", "HAHAHAHA"))[0]!.text).toMatch(/^您好！这里是学校的“亲情桥”家校助手。/);
    expect(await w.query((tx) => tx.bindingFailure.count())).toBe(0);
    expect((await w.say("陈宇轩外婆", `${w.code("陈宇轩外婆")}。`))[0]!.text).toMatch(/^绑定成功！您是：周玉珍/);
    expect((await w.say("王浩然爸爸", `我是王浩然爸爸，绑定码 ${w.code("王浩然爸爸")}，谢谢老师！`))[0]!.text).toMatch(/^绑定成功！您是：王强/);
    expect((await w.say("刘欣怡妈妈", `我的绑定码是${w.code("刘欣怡妈妈")}`))[0]!.text).toMatch(/^绑定成功！您是：杨敏/);
  });

  it("a pending choice of a contact whose staff binding moved elsewhere answers politely, not with an error", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.say("王建国", "绑定码 王芳");
    // The coordinator's record is bound from another WeChat with a fresh code.
    const fresh = await w.query(async (tx) => {
      const staff = await tx.staff.findFirstOrThrow({ where: { name: "王建国" } });
      await tx.bindingCode.create({ data: { code: "ZZZZ2222", staffId: staff.id, issuedAt: w.clock.now(), expiresAt: new Date(w.clock.now().getTime() + 86_400_000) } });
      return "ZZZZ2222";
    });
    await w.say("王建国新微信", `绑定 ${fresh}`);
    expect((await w.say("王建国", "1"))).toEqual([{ to: "王建国", text: "这个选择已经失效（您的老师身份已不在这个微信上）。" }]);
    expect(await w.query((tx) => tx.pendingAction.count())).toBe(0);
  });
});
