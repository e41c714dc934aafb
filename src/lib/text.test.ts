import { describe, expect, it } from "vitest";
import { charLength, decodeEmojiMarkup, foldWidth, mentionsByName, stripMentions, tidySpaces, truncate } from "./text.ts";

const BOT = "家校助手";

describe("stripMentions", () => {
  it("strips back-to-back mentions without separators, longest names first", () => {
    expect(stripMentions("@家校助手@王老师明天下午3点视频", [BOT, "王老师"])).toBe("明天下午3点视频");
    // The order of `names` must not matter: a shorter name that prefixes a longer one loses.
    expect(stripMentions("@王老师好@家校助手 在吗", ["王老师", "王老师好", BOT])).toBe("在吗");
  });

  it("strips a mention followed by WeChat's U+2005 separator", () => {
    expect(stripMentions(`@${BOT}\u2005明天几点开家长会？`, [BOT])).toBe("明天几点开家长会？");
    expect(stripMentions(`@${BOT}\u2005@王老师\u2005请假一天`, [BOT, "王老师"])).toBe("请假一天");
  });

  it("strips a mention at the end of the message", () => {
    expect(stripMentions(`明天几点开家长会？@${BOT}`, [BOT])).toBe("明天几点开家长会？");
    expect(stripMentions(`明天几点开家长会？ @${BOT}\u2005`, [BOT])).toBe("明天几点开家长会？");
  });

  it("strips an unknown @name only when WeChat's U+2005 separator ends it", () => {
    expect(stripMentions("@李四\u2005你好", [BOT])).toBe("你好");
    expect(stripMentions("@李四\u2005你好", [])).toBe("你好");
    // Without the separator an unknown @word is ordinary text (an e-mail address, say).
    expect(stripMentions("请发到 a@b.com 谢谢", [BOT])).toBe("请发到 a@b.com 谢谢");
    expect(stripMentions("@李四你好", [BOT])).toBe("@李四你好");
  });

  it("strips a mention typed with a full-width ＠", () => {
    expect(stripMentions(`＠${BOT} 你好`, [BOT])).toBe("你好");
    expect(stripMentions(`＠${BOT}＠王老师你好`, [BOT, "王老师"])).toBe("你好");
  });

  it("handles names with spaces and regex characters literally", () => {
    expect(stripMentions("@家校 助手 你好", ["家校 助手"])).toBe("你好");
    expect(stripMentions("@a.b 你好 @axb", ["a.b"])).toBe("你好 @axb");
  });

  it("keeps a message without mentions as typed, spaces tidied", () => {
    expect(stripMentions("  你好，　世界  ", [BOT])).toBe("你好， 世界");
    expect(stripMentions("", [BOT])).toBe("");
  });

  it("ignores blank names", () => {
    expect(stripMentions("@ 你好", ["", "  "])).toBe("@ 你好");
  });
});

describe("mentionsByName", () => {
  it("finds @name with a half- or full-width @", () => {
    expect(mentionsByName(`@${BOT}\u2005在吗`, [BOT])).toBe(true);
    expect(mentionsByName(`在吗＠${BOT}`, ["别人", BOT])).toBe(true);
  });

  it("is false without the @ or for other names", () => {
    expect(mentionsByName(`${BOT}在吗`, [BOT])).toBe(false);
    expect(mentionsByName("@王老师 在吗", [BOT])).toBe(false);
    expect(mentionsByName("@ 在吗", ["", " "])).toBe(false);
    expect(mentionsByName(`@${BOT}`, [])).toBe(false);
  });
});

describe("decodeEmojiMarkup", () => {
  it("replaces emoji markup with the emoji", () => {
    expect(decodeEmojiMarkup("[emoji1f49e]")).toBe("💞");
    expect(decodeEmojiMarkup("谢谢老师[emoji1F64F][emoji2764]")).toBe("谢谢老师🙏❤");
  });

  it("leaves invalid markup alone", () => {
    expect(decodeEmojiMarkup("[emoji110000]")).toBe("[emoji110000]");
    expect(decodeEmojiMarkup("[emojizz] [emoji12] [emoji1f49e")).toBe("[emojizz] [emoji12] [emoji1f49e");
    expect(decodeEmojiMarkup("[微笑]")).toBe("[微笑]");
  });
});

describe("foldWidth", () => {
  it("folds full-width letters, digits and punctuation to ASCII", () => {
    expect(foldWidth("ＡＢＣ１２３ｘｙｚ")).toBe("ABC123xyz");
    expect(foldWidth("帮助？")).toBe("帮助?");
  });

  it("turns U+3000, U+2005 and runs of white space into one space and trims", () => {
    expect(foldWidth("　绑定　　ＡＢＣＤ\u2005\t2345 ")).toBe("绑定 ABCD 2345");
    expect(foldWidth("\u200b你好\u200b")).toBe("你好");
  });

  it("keeps Chinese characters as they are", () => {
    expect(foldWidth("我是谁")).toBe("我是谁");
  });
});

describe("tidySpaces", () => {
  it("collapses white space but keeps full-width characters", () => {
    expect(tidySpaces("　你好，\u2005\u2005ＡＢＣ ")).toBe("你好， ＡＢＣ");
  });
});

describe("charLength", () => {
  it("counts code points, so an emoji or a CJK Extension B character is one", () => {
    expect("😀".length).toBe(2);
    expect(charLength("😀")).toBe(1);
    expect(charLength("𠀀")).toBe(1); // U+20000, CJK Extension B
    expect(charLength("张𠀀明😀a")).toBe(5);
    expect(charLength("")).toBe(0);
  });
});

describe("truncate", () => {
  it("returns short text unchanged", () => {
    expect(truncate("你好世界", 4)).toBe("你好世界");
    expect(truncate("你好", 10)).toBe("你好");
  });

  it("cuts to max code points including the ellipsis", () => {
    expect(truncate("你好世界朋友", 4)).toBe("你好世…");
    expect(charLength(truncate("你好世界朋友", 4))).toBe(4);
  });

  it("never splits a surrogate pair", () => {
    expect(truncate("😀😀😀😀", 3)).toBe("😀😀…");
    expect(truncate("𠀀𠀀𠀀", 2)).toBe("𠀀…");
  });
});
