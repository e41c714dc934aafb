import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w!: TestWorld;
afterEach(async () => w?.close());

/**
 * Reunion commands take everyday words (取消, 确认, 改期, 同意, 完成): a guardian's sentence that
 * merely starts with one is a message to the school and goes to the hotline, not an error.
 */
describe("a guardian's sentence starting with a command word", () => {
  it("is relayed to the teacher as a hotline message, each one", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    await w.givenBound("李娜妈妈");
    const sentences = ["同意，谢谢老师", "取消了明天的视频吧", "确认一下孩子明天几点放学", "完成了，作业已经签字", "改期吧，这周末要加班"];
    const first = await w.say("李娜妈妈", sentences[0]!);
    expect(first.map((m) => m.to)).toEqual(["李春梅", "李娜妈妈"]);
    expect(first[1]!.text).toMatch(/^已收到您的留言（编号 #1）/);
    for (const text of sentences.slice(1)) {
      const out = await w.say("李娜妈妈", text);
      expect(out.every((m) => !m.text.includes("用法") && !m.text.includes("仅限"))).toBe(true);
    }
    const entries = await w.query((tx) => tx.hotlineEntry.findMany({ orderBy: { id: "asc" }, select: { text: true, requestId: true } }));
    expect(entries).toEqual(sentences.map((text) => ({ text, requestId: 1 })));
  });

  it("still runs the command in its own form, and staff get the usage", async () => {
    w = await TestWorld.create();
    await w.givenBound("李娜妈妈");
    await w.givenBound("王建国");
    expect(await w.say("李娜妈妈", "取消 12")).toEqual([{ to: "李娜妈妈", text: expect.stringContaining("#12") }]);
    expect(await w.say("王建国", "取消 明天的")).toEqual([{ to: "王建国", text: "用法：取消 <编号> [以后全部] [原因]\n例如：取消 12 孩子生病了" }]);
  });
});
