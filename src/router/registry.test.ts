import { describe, expect, it } from "vitest";
import { buildRegistry } from "../commands/index.ts";
import type { Role } from "../domain/identities.ts";
import { CommandRegistry } from "./registry.ts";
import { COORDINATORS, EVERYONE, STAFF, type CommandModule, type CommandSpec, type PendingHandler } from "./types.ts";

/** A command declaration with a no-op handler. */
function cmd(name: string, usage: string, extra: Partial<CommandSpec> = {}): CommandSpec {
  return { name, usage, roles: EVERYONE, summary: `${name} summary`, example: usage, run: async () => {}, ...extra };
}

const noopPending: PendingHandler = async () => "done";

const general: CommandModule = {
  commands: [
    cmd("帮助", "帮助 [命令]", { aliases: ["help", "?", "菜单"] }),
    cmd("我是谁", "我是谁", { aliases: ["whoami"] }),
  ],
};
const binding: CommandModule = {
  commands: [
    cmd("绑定", "绑定 <绑定码>", { aliases: ["bind"] }),
    cmd("绑定码", "绑定码 <姓名>", { roles: COORDINATORS, otherwise: { command: "绑定", when: () => true } }),
  ],
  pending: { "bind-confirm": noopPending },
};
const notes: CommandModule = {
  commands: [cmd("备注", "备注 <内容>", { roles: STAFF }), cmd("重发", "重发 <编号>", { roles: COORDINATORS })],
};

function registry(): CommandRegistry {
  return new CommandRegistry([general, binding, notes]);
}

const roles = (...r: Role[]): ReadonlySet<Role> => new Set(r);

describe("CommandRegistry construction", () => {
  it("keeps every command in module order and every pending kind", () => {
    const reg = registry();
    expect(reg.commands.map((c) => c.name)).toEqual(["帮助", "我是谁", "绑定", "绑定码", "备注", "重发"]);
    expect([...reg.pending.keys()]).toEqual(["bind-confirm"]);
  });

  it("throws on a duplicate name across modules", () => {
    const other: CommandModule = { commands: [cmd("绑定", "绑定")] };
    expect(() => new CommandRegistry([binding, other])).toThrow('command word "绑定" of 绑定 is already used by 绑定');
  });

  it("throws on an alias that repeats another command's name or alias", () => {
    const aliasName: CommandModule = { commands: [cmd("菜单栏", "菜单栏", { aliases: ["我是谁"] })] };
    expect(() => new CommandRegistry([general, aliasName])).toThrow('command word "我是谁" of 菜单栏 is already used by 我是谁');
    const aliasAlias: CommandModule = { commands: [cmd("求助", "求助", { aliases: ["菜单"] })] };
    expect(() => new CommandRegistry([general, aliasAlias])).toThrow('command word "菜单" of 求助 is already used by 帮助');
  });

  it("throws on a duplicate only visible after width folding or lower-casing", () => {
    const fullWidth: CommandModule = { commands: [cmd("说明", "说明", { aliases: ["ｈｅｌｐ"] })] };
    expect(() => new CommandRegistry([general, fullWidth])).toThrow('command word "ｈｅｌｐ" of 说明 is already used by 帮助');
    const upper: CommandModule = { commands: [cmd("身份", "身份", { aliases: ["WhoAmI"] })] };
    expect(() => new CommandRegistry([general, upper])).toThrow(/WhoAmI.*already used by 我是谁/);
    const spaced: CommandModule = { commands: [cmd("　绑定 ", "绑定")] };
    expect(() => new CommandRegistry([binding, spaced])).toThrow(/already used by 绑定/);
  });

  it("throws on a duplicate within one command", () => {
    const self: CommandModule = { commands: [cmd("帮助", "帮助", { aliases: ["帮助"] })] };
    expect(() => new CommandRegistry([self])).toThrow(/already used by 帮助/);
  });

  it("throws on an empty command word", () => {
    const empty: CommandModule = { commands: [cmd("帮助", "帮助", { aliases: ["　"] })] };
    expect(() => new CommandRegistry([empty])).toThrow("empty command word in 帮助");
  });

  it("throws on a pending kind declared twice", () => {
    const again: CommandModule = { commands: [], pending: { "bind-confirm": noopPending } };
    expect(() => new CommandRegistry([binding, again])).toThrow('pending kind "bind-confirm" declared twice');
  });
});

describe("CommandRegistry.match", () => {
  const reg = registry();
  const m = (text: string) => {
    const r = reg.match(text);
    return r && { name: r.spec.name, word: r.word, args: r.args };
  };

  it("matches a command word with its arguments", () => {
    expect(m("绑定 ABCD2345")).toEqual({ name: "绑定", word: "绑定", args: "ABCD2345" });
    expect(m("帮助")).toEqual({ name: "帮助", word: "帮助", args: "" });
  });

  it("ignores surrounding spaces, including U+3000 and U+2005", () => {
    expect(m("  绑定   ABCD2345  ")).toEqual({ name: "绑定", word: "绑定", args: "ABCD2345" });
    expect(m("\u3000帮助\u3000绑定\u2005")).toEqual({ name: "帮助", word: "帮助", args: "绑定" });
  });

  it("matches full-width and upper-case command words, reporting the word as written", () => {
    expect(m("ｈｅｌｐ")).toEqual({ name: "帮助", word: "ｈｅｌｐ", args: "" });
    expect(m("ＢＩＮＤ　ABCD2345")).toEqual({ name: "绑定", word: "ＢＩＮＤ", args: "ABCD2345" });
    expect(m("Help 绑定")).toEqual({ name: "帮助", word: "Help", args: "绑定" });
    expect(m("？")).toEqual({ name: "帮助", word: "？", args: "" });
  });

  it("accepts arguments glued to the word of a command that takes arguments", () => {
    expect(m("绑定ABCD2345")).toEqual({ name: "绑定", word: "绑定", args: "ABCD2345" });
    expect(m("备注孩子今天很开心")).toEqual({ name: "备注", word: "备注", args: "孩子今天很开心" });
  });

  it("requires a command without arguments to stand alone (trailing punctuation allowed)", () => {
    expect(m("我是谁")).toEqual({ name: "我是谁", word: "我是谁", args: "" });
    expect(m("我是谁？")).toEqual({ name: "我是谁", word: "我是谁", args: "" });
    expect(m("我是谁?!。")).toEqual({ name: "我是谁", word: "我是谁", args: "" });
    expect(m("我是谁的家长")).toBeNull();
    expect(m("我是谁 张三")).toBeNull();
    expect(m("whoami please")).toBeNull();
  });

  it("does not match an ASCII word inside a longer word", () => {
    expect(m("helpful")).toBeNull();
    expect(m("binding ABCD2345")).toBeNull();
    expect(m("help me")).toEqual({ name: "帮助", word: "help", args: "me" });
    // A Chinese argument may be glued to an ASCII word.
    expect(m("help绑定")).toEqual({ name: "帮助", word: "help", args: "绑定" });
  });

  it("prefers the longest command word", () => {
    expect(m("绑定码 张三")).toEqual({ name: "绑定码", word: "绑定码", args: "张三" });
    expect(m("绑定码张三")).toEqual({ name: "绑定码", word: "绑定码", args: "张三" });
    expect(m("绑定 张三")).toEqual({ name: "绑定", word: "绑定", args: "张三" });
  });

  it("keeps the arguments as typed: full-width punctuation, letters and inner spaces", () => {
    expect(m("备注 你好，世界")).toEqual({ name: "备注", word: "备注", args: "你好，世界" });
    expect(m("备注　ＡＢＣ！  第二句？")).toEqual({ name: "备注", word: "备注", args: "ＡＢＣ！  第二句？" });
  });

  it("returns null when no command word starts the text", () => {
    expect(m("张小明最近怎么样")).toBeNull();
    expect(m("请问怎么绑定")).toBeNull();
    expect(m("")).toBeNull();
    expect(m("   ")).toBeNull();
  });
});

describe("CommandRegistry.find", () => {
  it("looks a command up by name or alias, folded", () => {
    const reg = registry();
    expect(reg.find("ＨＥＬＰ")?.name).toBe("帮助");
    expect(reg.find(" 绑定码 ")?.name).toBe("绑定码");
    expect(reg.find("绑")).toBeNull();
  });
});

describe("CommandRegistry.suggest", () => {
  const reg = registry();

  it("returns the nearest command the roles may use for a typo", () => {
    expect(reg.suggest("帮主", roles("guardian"))).toBe("帮助");
    expect(reg.suggest("我是水", roles("unbound"))).toBe("我是谁");
    expect(reg.suggest("halp", roles("guardian"))).toBe("帮助");
    expect(reg.suggest("重法 12", roles("coordinator"))).toBe("重发");
  });

  it("returns null for a sentence", () => {
    expect(reg.suggest("孩子今天吃饭了吗", roles("guardian"))).toBeNull();
    expect(reg.suggest("老师您好我想问一下孩子最近在学校的情况", roles("guardian"))).toBeNull();
    expect(reg.suggest("", roles("guardian"))).toBeNull();
  });

  it("ignores commands the roles may not use", () => {
    expect(reg.suggest("重法", roles("guardian"))).toBeNull();
    expect(reg.suggest("备住", roles("guardian", "unbound"))).toBeNull();
    expect(reg.suggest("备住", roles("teacher"))).toBe("备注");
  });
});

describe("buildRegistry", () => {
  it("builds the real command table without clashes", () => {
    const reg = buildRegistry();
    const names = reg.commands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["帮助", "我是谁", "绑定", "绑定码"]));
    expect(new Set(names).size).toBe(names.length);
    expect(reg.match("绑定ABCD2345")?.spec.name).toBe("绑定");
    expect(reg.match("绑定码 张三")?.spec.name).toBe("绑定码");
    // Every `otherwise` names a real command.
    for (const spec of reg.commands) if (spec.otherwise) expect(reg.find(spec.otherwise.command), spec.name).not.toBeNull();
  });
});
