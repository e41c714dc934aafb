import { describe, expect, it } from "vitest";
import { parseQuotedReply } from "./quote.ts";

describe("parseQuotedReply", () => {
  it("reads the quote-first form and the request number", () => {
    const text = "「家校助手：【亲情电话 #12】张小明（三年级1班）的妈妈刘丽（外出务工）留言：\n孩子最近怎么样」\n- - - - - - - - - - - - - - -\n孩子很好，请放心";
    expect(parseQuotedReply(text)).toEqual({ quoted: "家校助手：【亲情电话 #12】张小明（三年级1班）的妈妈刘丽（外出务工）留言：\n孩子最近怎么样", reply: "孩子很好，请放心", requestId: 12 });
  });

  it("reads the reply-first form", () => {
    expect(parseQuotedReply("好的，明天回电\n- - - - -\n「家校助手：【亲情电话 #7】...」")).toMatchObject({ reply: "好的，明天回电", requestId: 7 });
  });

  it("a quote of something else has no request number; plain text is not a quote", () => {
    expect(parseQuotedReply("「张三：开会」\n- - - - - -\n收到")).toMatchObject({ requestId: null, reply: "收到" });
    expect(parseQuotedReply("回复 12 好的")).toBeNull();
    expect(parseQuotedReply("「没有分隔线」 好的")).toBeNull();
  });
});
