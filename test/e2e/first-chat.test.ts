import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

describe("first chat", () => {
  it("a stranger gets binding instructions and nothing about any child", async () => {
    w = await TestWorld.create();
    const out = await w.say("路人甲", "张小明最近怎么样");
    expect(out).toHaveLength(1);
    expect(out[0]!.to).toBe("路人甲");
    expect(out[0]!.text).toContain("请先绑定身份");
    expect(out[0]!.text).not.toContain("张小明");
  });
});
