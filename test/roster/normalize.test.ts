import { describe, expect, it } from "vitest";
import { fieldOfHeader, groupPrefix, headerKey } from "../../src/domain/roster/columns.ts";
import {
  classKey,
  formatHealth,
  formatRosterDate,
  normalizeName,
  parseBirthYear,
  parseClassName,
  parseDate,
  parseHealth,
  parseIdNumber,
  parsePhone,
  parseRelation,
  parseStatus,
  parseYesNo,
  sameIdNumber,
} from "../../src/domain/roster/normalize.ts";

const NOW = new Date("2026-09-01T02:00:00Z");
const day = (v: Parameters<typeof parseDate>[0]) => {
  const r = parseDate(v, NOW);
  return r.ok ? formatRosterDate(r.value) : r.reason;
};

describe("parseDate", () => {
  it("reads every common form as an Asia/Shanghai calendar date", () => {
    expect(day("2015-06-08")).toBe("2015-06-08");
    expect(day("2015/6/8")).toBe("2015-06-08");
    expect(day("2015.6.8")).toBe("2015-06-08");
    expect(day("2015年6月8日")).toBe("2015-06-08");
    expect(day("２０１５年６月８日")).toBe("2015-06-08");
    expect(day("20150608")).toBe("2015-06-08");
    expect(day("2015-06-08 00:00:00")).toBe("2015-06-08");
    // Year and month only: the first of the month.
    expect(day("2015.06")).toBe("2015-06-01");
    expect(day("2017.07")).toBe("2017-07-01");
    expect(day("2015年6月")).toBe("2015-06-01");
    expect(day("2015-06")).toBe("2015-06-01");
    expect(day(2015.12)).toBe("2015-12-01");
    // Excel serial numbers, as numbers or text (1900 date system).
    expect(day(42163)).toBe("2015-06-08");
    expect(day("42163")).toBe("2015-06-08");
  });

  it("takes an Excel date cell's calendar date from its UTC fields, never shifted by a zone", () => {
    const r = parseDate(new Date(Date.UTC(2018, 6, 13)), NOW);
    expect(r).toEqual({ ok: true, value: new Date("2018-07-12T16:00:00.000Z") }); // 2018-07-13 00:00 in Shanghai
  });

  it("refuses impossible, ambiguous and future dates with the reason", () => {
    expect(day("2015-02-30")).toBe("日期看不懂：2015-02-30（可写成 2015-06-08、2015/6/8、2015.06 或 2015年6月8日）");
    expect(day("去年")).toBe("日期看不懂：去年（可写成 2015-06-08、2015/6/8、2015.06 或 2015年6月8日）");
    expect(day("2015")).toBe("日期看不懂：2015（可写成 2015-06-08、2015/6/8、2015.06 或 2015年6月8日）");
    expect(day(2015.1)).toBe("2015.1 看不出是 1 月还是 10 月（Excel 把 2015.10 存成了 2015.1）：请写成 2015-01 或 2015-10");
    expect(day("2026-09-02")).toBe("出生日期在今天之后：2026-09-02");
    expect(day("2026-09-01")).toBe("2026-09-01");
  });
});

describe("names and classes", () => {
  it("trims, removes the spaces that align two-character names, and unifies middle dots", () => {
    expect(normalizeName("　王　芳 ")).toBe("王芳");
    for (const dot of ["·", "・", "•", "‧", "∙", "⋅", "．", ".", "･"]) expect(normalizeName(`阿依古丽${dot}买买提`)).toBe("阿依古丽\u00B7买买提");
    expect(normalizeName("阿依古丽 · 买买提")).toBe("阿依古丽\u00B7买买提");
  });

  it("keeps rare characters (CJK Extension A and B, compatibility ideographs) exactly, and long names", () => {
    expect(normalizeName("王㐀㐁")).toBe("王㐀㐁"); // Extension A
    expect(normalizeName("李𠀀𪚥")).toBe("李𠀀𪚥"); // Extension B (surrogate pairs)
    expect(normalizeName("金\uF900")).toBe("金\uF900"); // not folded to U+8C48
    expect(normalizeName("欧阳娜娜娜娜")).toBe("欧阳娜娜娜娜");
  });

  it("matches class names however the brackets and numerals are written", () => {
    const keys = ["三年级(1)班", "三年级（1）班", "三年级1班", "3年级1班", "三年级一班", " 三年级 (1) 班"].map(classKey);
    expect(new Set(keys)).toEqual(new Set(["G3C1"]));
    expect(classKey("四年级(2)班")).not.toBe(classKey("四年级1班"));
    expect(parseClassName("初二(3)班")).toEqual({ grade: 8, number: 3 });
    expect(parseClassName("十二年级十一班")).toEqual({ grade: 12, number: 11 });
    expect(classKey("幼儿园大班")).toBe("幼儿园大班");
  });
});

describe("phones, ID numbers, coded words", () => {
  it("normalises phones through lib/phone.ts and refuses 12 digits or letters with the text", () => {
    expect(parsePhone("１３８００００１００３")).toEqual({ ok: true, value: "13800001003" });
    expect(parsePhone("+86 13800001005")).toEqual({ ok: true, value: "13800001005" });
    expect(parsePhone("138-0000-1001")).toEqual({ ok: true, value: "13800001001" });
    expect(parsePhone(13800001000)).toEqual({ ok: true, value: "13800001000" });
    expect(parsePhone("0566-8125001")).toEqual({ ok: true, value: "0566-8125001" });
    expect(parsePhone("138000010081")).toEqual({ ok: false, reason: "手机号码位数不对：138000010081（手机号是 1 开头的 11 位数字）" });
    expect(parsePhone("1380000abcd")).toEqual({ ok: false, reason: "电话号码里有数字以外的字符：1380000abcd" });
  });

  it("checks ID numbers, keeps masked ones, and refuses numbers Excel rounded", () => {
    expect(parseIdNumber("11010519491231002x")).toEqual({ ok: true, value: "11010519491231002X" });
    expect(parseIdNumber("110105194912310021")).toEqual({ ok: false, reason: "身份证号校验位不对：110105194912310021，请核对" });
    expect(parseIdNumber("**************002X")).toEqual({ ok: true, value: "**************002X" });
    expect(parseIdNumber("1101**********002X")).toEqual({ ok: true, value: "**************002X" });
    expect(parseIdNumber(110105194912310020)).toEqual({ ok: false, reason: "身份证号被 Excel 存成了数字（110105194912310016），后几位已经丢失：请把这一列设为“文本”后重新填写" });
    expect(parseIdNumber("12345")).toEqual({ ok: false, reason: "身份证号不对：12345（应为 18 位，最后一位可以是 X）" });
    expect(sameIdNumber("**************002X", "11010519491231002X")).toBe(true);
    expect(sameIdNumber("**************002X", "11010519491231003X")).toBe(false);
  });

  it("reads health, relations, yes/no, status and birth years", () => {
    expect(parseHealth("健康")).toEqual({ health: "HEALTHY", note: null });
    expect(parseHealth("良好")).toEqual({ health: "HEALTHY", note: null });
    expect(parseHealth("哮喘")).toEqual({ health: "ILL", note: "哮喘" });
    expect(parseHealth("腿脚不便")).toEqual({ health: "DISABLED", note: "腿脚不便" });
    expect(parseHealth("肢体残疾二级")).toEqual({ health: "DISABLED", note: "肢体残疾二级" });
    expect(parseHealth("残疾（哮喘）")).toEqual({ health: "DISABLED", note: "哮喘" });
    // Exported text reads back as the same status and note.
    for (const [h, n] of [["ILL", "哮喘"], ["DISABLED", "腿脚不便"], ["DISABLED", "哮喘"], ["ILL", "腿脚不便"], ["HEALTHY", null], ["ILL", null]] as const) {
      expect(parseHealth(formatHealth(h, n))).toEqual({ health: h, note: n });
    }
    expect(parseRelation("舅舅")).toEqual({ relation: "UNCLE", label: "舅舅" });
    expect(parseRelation("叔叔")).toEqual({ relation: "UNCLE", label: null });
    expect(parseRelation("外祖母")).toEqual({ relation: "MATERNAL_GRANDMOTHER", label: null });
    expect(parseRelation("奶奶")).toEqual({ relation: "GRANDMOTHER", label: "奶奶" });
    expect(parseRelation("邻居")).toEqual({ relation: "OTHER", label: "邻居" });
    expect(parseYesNo("√")).toEqual({ ok: true, value: true });
    expect(parseYesNo("走读")).toEqual({ ok: true, value: false });
    expect(parseYesNo("也许")).toEqual({ ok: false, reason: "看不懂“也许”，可填：是、否" });
    expect(parseStatus("辍学")).toEqual({ ok: true, value: { status: "EXITED", word: "辍学" } });
    expect(parseBirthYear("1985年", NOW)).toEqual({ ok: true, value: 1985 });
    expect(parseBirthYear("1985.03", NOW)).toEqual({ ok: true, value: 1985 });
    expect(parseBirthYear("85", NOW)).toEqual({ ok: false, reason: "出生年份不对：85（例如 1985）" });
  });
});

describe("headers", () => {
  it("ignores （必填）, (必填), *, spaces and full-width forms, and knows the aliases", () => {
    expect(headerKey("父亲联系电话（必填）*")).toBe("父亲联系电话");
    expect(fieldOfHeader("父亲手机")).toBe("fatherPhone");
    expect(fieldOfHeader("父亲联系电话(必填)")).toBe("fatherPhone");
    expect(fieldOfHeader("出生年月")).toBe("birthDate");
    expect(fieldOfHeader("所在班级")).toBe("className");
    expect(fieldOfHeader("委托监护人姓名")).toBe("caregiverName");
    expect(fieldOfHeader("与儿童关系")).toBe("caregiverRelation");
    expect(fieldOfHeader("＊学 号")).toBe("studentNo");
    expect(fieldOfHeader("身份证号码")).toBe("idNumber");
    expect(fieldOfHeader("爱好")).toBeNull();
    expect(groupPrefix("父亲情况")).toBe("父亲");
    expect(groupPrefix("委托监护人基本情况")).toBe("监护人");
    expect(groupPrefix("学生信息")).toBeNull();
  });
});
