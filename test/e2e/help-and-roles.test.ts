import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

/** The command names a help reply lists, in order. */
function listed(text: string): string[] {
  return [...text.matchAll(/【(.+?)】/g)].map((m) => m[1]!);
}

describe("帮助 per role", () => {
  it("lists only what each sender may do, one example each", async () => {
    w = await TestWorld.create();
    const unbound = (await w.say("路人甲", "帮助"))[0]!.text;
    expect(listed(unbound)).toEqual(["帮助", "我是谁", "绑定"]);
    expect(unbound).toContain("例：绑定 ABCD2345");
    expect(unbound).toContain("绑定后可使用更多功能。");

    await w.givenBound("张小明奶奶");
    const guardian = (await w.say("张小明奶奶", "帮助"))[0]!.text;
    expect(guardian.split("\n")[0]).toBe("“亲情桥”家校助手 · 家长可用的功能：");
    expect(listed(guardian)).toEqual(["给老师留言", "帮助", "我是谁", "绑定", "我的信息", "更新电话", "更新工作地", "近况", "我的请求", "请求", "想和孩子视频", "改期", "确认", "日程", "视频记录"]);

    await w.givenBound("李春梅");
    const teacher = (await w.say("李春梅", "帮助"))[0]!.text;
    expect(teacher.split("\n")[0]).toBe("“亲情桥”家校助手 · 老师可用的功能：");
    const hotline = ["近况", "失联", "回复", "转给", "备注", "关闭", "来电", "我的请求", "请求"];
    const talks = ["谈心", "已谈", "谈心记录", "稍后", "免谈", "谈心统计"];
    const care = ["学习帮手", "我的结对", "日记", "走访", "关注名单", "方案"];
    expect(listed(teacher)).toEqual(["帮助", "我是谁", "绑定", "绑定码", "档案", "联系卡", "建档", ...hotline, ...talks, ...care, "视频室", "完成", "未接通", "缺席", "日程", "视频记录"]);

    await w.givenBound("王建国");
    const coordinator = (await w.say("王建国", "帮助"))[0]!.text;
    expect(coordinator.split("\n")[0]).toBe("“亲情桥”家校助手 · 负责人可用的功能：");
    const coordinatorTalks = ["谈心", "已谈", "谈心记录", "稍后", "免谈", "同意免谈", "不同意免谈", "谈心统计"];
    const coordinatorCare = ["结对", "取消结对", "学习帮手", "我的结对", "日记", "走访", "关注", "取消关注", "关注名单", "方案"];
    expect(listed(coordinator)).toEqual(["帮助", "我是谁", "绑定", "绑定码", "档案", "联系卡", "建档", ...hotline, ...coordinatorTalks, ...coordinatorCare, "视频室", "预约", "同意", "拒绝", "视频申请", "改期", "完成", "未接通", "缺席", "日程", "视频记录", "发送失败", "重发"]);
    expect(coordinator.length).toBeLessThan(3000);
    expect(coordinator).toContain("【绑定码】为家长（负责人也可为老师）生成新的绑定码\n  例：绑定码 张小明妈妈");
  });

  it("accepts help's aliases, full-width forms and surrounding spaces", async () => {
    w = await TestWorld.create();
    for (const text of ["help", "？", "?", "菜单", "　帮助　", "ＨＥＬＰ", " Help "]) {
      const out = await w.say("路人甲", text);
      expect(listed(out[0]!.text), text).toEqual(["帮助", "我是谁", "绑定"]);
    }
  });

  it("帮助 <命令> explains one command, and refuses to explain what the sender may not use", async () => {
    w = await TestWorld.create();
    expect((await w.say("路人甲", "帮助 绑定"))[0]!.text).toBe(
      "【绑定】用学校发的绑定码绑定身份\n用法：绑定 <绑定码>\n例：绑定 ABCD2345\n也可以发送：bind、/bind\n绑定码只能用一次，有效期 30 天。换了手机或微信，请找班主任领新的绑定码重新绑定，旧微信会自动解除。",
    );
    expect((await w.say("路人甲", "帮助 绑定码"))[0]!.text).toBe("“绑定码”不是您可以使用的功能。发送“帮助”查看您可用的功能。");
    expect((await w.say("路人甲", "帮助 飞行"))[0]!.text).toBe("没有找到“飞行”这个功能。发送“帮助”查看全部功能。");
  });

  it("我是谁 shows each role's binding", async () => {
    w = await TestWorld.create();
    expect((await w.say("路人甲", "我是谁"))[0]!.text).toMatch(/^您还没有绑定身份。\n请先绑定身份/);
    await w.givenBound("李春梅");
    expect((await w.say("李春梅", "我是谁"))[0]!.text).toBe("您是李春梅，老师。\n班主任：三年级1班");
    await w.givenBound("赵磊");
    expect((await w.say("赵磊", "我是谁"))[0]!.text).toBe("您是赵磊，老师。\n任课班级：三年级1班、四年级1班、五年级1班");
  });

  it("suggests the nearest command for a typo, and never shows a coordinator command to others", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    expect((await w.say("李春梅", "帮主"))[0]!.text).toBe("没有“帮主”这个命令。您是想用“帮助”吗？发送“帮助 帮助”查看用法。");
    expect((await w.say("李春梅", "发送失败"))[0]!.text).toBe("抱歉，“发送失败”仅限负责人使用。发送“帮助”查看您可用的功能。");
    expect((await w.say("李春梅", "今天天气不错"))[0]!.text).toBe("没有看懂您的消息。发送“帮助”查看可用的功能和例子。");
  });

  it("an unbound contact trying a staff command gets binding instructions only", async () => {
    w = await TestWorld.create();
    const out = await w.say("路人甲", "发送失败");
    expect(out[0]!.text).toMatch(/^您好！这里是学校的“亲情桥”家校助手。\n请先绑定身份/);
  });
});
