import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, findCodeCandidates, findCodeInText, normalizeCode, randomCode, seededPicker } from "./codes.ts";

describe("CODE_ALPHABET", () => {
  it("has 31 distinct digits and capitals without look-alikes", () => {
    expect(CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
    for (const ch of "0O1IL") expect(CODE_ALPHABET).not.toContain(ch);
    expect(CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
  });
});

describe("randomCode", () => {
  it("has the requested length and only alphabet symbols", () => {
    for (const length of [6, 8, 12]) {
      for (let i = 0; i < 50; i++) {
        const code = randomCode(length);
        expect(code).toHaveLength(length);
        for (const ch of code) expect(CODE_ALPHABET).toContain(ch);
      }
    }
  });

  it("maps the picker's numbers onto the alphabet, asking for the alphabet size", () => {
    const asked: number[] = [];
    const picks = [0, 30, 1, 8];
    const code = randomCode(4, (n) => {
      asked.push(n);
      return picks[asked.length - 1]!;
    });
    expect(code).toBe("2Z3A");
    expect(asked).toEqual([31, 31, 31, 31]);
  });

  it("returns an empty string for length 0", () => {
    expect(randomCode(0)).toBe("");
  });
});

describe("normalizeCode", () => {
  it("upper-cases and removes spaces and dashes", () => {
    expect(normalizeCode("ate8c94m")).toBe("ATE8C94M");
    expect(normalizeCode(" ate8-c94m ")).toBe("ATE8C94M");
    expect(normalizeCode("ATE8 C94M")).toBe("ATE8C94M");
  });

  it("folds full-width letters, digits, dashes and spaces", () => {
    expect(normalizeCode("ＡＴＥ８　Ｃ９４Ｍ")).toBe("ATE8C94M");
    expect(normalizeCode("ａｔｅ８－ｃ９４ｍ")).toBe("ATE8C94M");
  });

  it("rejects look-alike characters outside the alphabet", () => {
    expect(normalizeCode("ATE8C94O")).toBeNull(); // letter O
    expect(normalizeCode("ATE8C940")).toBeNull(); // digit 0
    expect(normalizeCode("ATE8C941")).toBeNull(); // digit 1
    expect(normalizeCode("ATE8C94I")).toBeNull();
    expect(normalizeCode("ATE8C94L")).toBeNull();
    expect(normalizeCode("绑定码ATE8C94M")).toBeNull();
  });

  it("rejects codes that are too short or too long", () => {
    expect(normalizeCode("ABC23")).toBeNull();
    expect(normalizeCode("AB-C2-3")).toBeNull(); // 5 symbols once dashes are gone
    expect(normalizeCode("ABC234")).toBe("ABC234");
    expect(normalizeCode("A".repeat(16))).toBe("A".repeat(16));
    expect(normalizeCode("A".repeat(17))).toBeNull();
    expect(normalizeCode("")).toBeNull();
  });
});

describe("findCodeInText", () => {
  it("finds a code in a friend request's hello", () => {
    expect(findCodeInText("我是张小明妈妈 绑定码ate8c94m")).toBe("ATE8C94M");
    expect(findCodeInText("绑定码：ＡＴＥ８Ｃ９４Ｍ，我是张小明爸爸")).toBe("ATE8C94M");
    expect(findCodeInText("ATE8C94M")).toBe("ATE8C94M");
  });

  it("finds nothing in plain Chinese", () => {
    expect(findCodeInText("我是张小明妈妈")).toBeNull();
    expect(findCodeInText("你好，我想加入亲情桥，请通过")).toBeNull();
    expect(findCodeInText("")).toBeNull();
  });

  it("ignores tokens that are too short or run into other letters", () => {
    expect(findCodeInText("我的电话尾号 2345")).toBeNull();
    expect(findCodeInText("ABC2345")).toBeNull(); // 7 symbols
    expect(findCodeInText("我是WANGXIAOMING的爸爸")).toBeNull(); // I and O break every run below 8
    expect(findCodeInText("ABCD2345ABCD2345A")).toBeNull(); // 17 symbols: not a code
  });
});

describe("seededPicker", () => {
  it("gives the same sequence for the same seed", () => {
    const a = seededPicker(42);
    const b = seededPicker(42);
    const seqA = Array.from({ length: 20 }, () => a(31));
    const seqB = Array.from({ length: 20 }, () => b(31));
    expect(seqA).toEqual(seqB);
    expect(seqA.slice(0, 4)).toEqual([18, 13, 26, 20]);
    expect(randomCode(8, seededPicker(7))).toBe("23ZQJEG9");
  });

  it("differs between seeds and stays in [0, n)", () => {
    const p1 = seededPicker(1);
    const p2 = seededPicker(2);
    const a = Array.from({ length: 20 }, () => p1(31));
    const b = Array.from({ length: 20 }, () => p2(31));
    expect(a).not.toEqual(b);
    const p = seededPicker(3);
    for (let i = 0; i < 1000; i++) {
      const v = p(7);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
    }
  });
});

describe("findCodeCandidates", () => {
  it("finds every code, spaced, dashed or full-width, and the 8-symbol windows of longer runs", () => {
    expect(findCodeCandidates("李娜家的码：pxwd w6gu 和 WT2P-4YSX")).toEqual(["PXWDW6GU", "WT2P4YSX"]);
    expect(findCodeCandidates("ＦＰＥＧ　ＣＥ７Ｓ")).toEqual(["FPEGCE7S"]);
    expect(findCodeCandidates("ABCD2345WT2P4YSX")).toContain("WT2P4YSX");
    expect(findCodeCandidates("大家好")).toEqual([]);
  });
});
