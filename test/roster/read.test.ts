import { closeSync, openSync, ftruncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRosterFile } from "../../src/domain/roster/read.ts";
import { parseRosterFile } from "../../src/domain/roster/rows.ts";
import { RosterError } from "../../src/domain/roster/types.ts";
import { rosterErrorText } from "../../src/messages/roster.ts";
import { encodeGb18030, SAMPLE_XLSX, tempDir, writeText, writeXlsx } from "./helpers.ts";

const NOW = new Date("2026-09-01T02:00:00Z");

/** The Chinese text of the refusal of `path`, or "ok". */
async function refusal(path: string, maxFileMb = 10): Promise<string> {
  try {
    parseRosterFile(await readRosterFile(path, { maxFileMb }), NOW);
    return "ok";
  } catch (err) {
    if (err instanceof RosterError) return rosterErrorText(err.code, err.details);
    throw err;
  }
}

const CSV = "班级,学号,姓名,性别,留守类型,父亲姓名,父亲联系电话\r\n三年级1班,1,阿依古丽·买买提,女,父母均外出,买买提,13800001000\r\n";

describe("reading roster files", () => {
  it("decodes CSV in UTF-8 with and without BOM and in GB18030 to the same rows", async () => {
    const dir = tempDir();
    const files = [writeText(dir, "bom.csv", CSV), writeText(dir, "plain.csv", Buffer.from(CSV, "utf8")), writeText(dir, "gb.csv", encodeGb18030(CSV))];
    expect(encodeGb18030("阿依古丽·买买提").toString("hex")).toBe("b0a2d2c0b9c5c0f6a1a4c2f2c2f2cce1"); // GBK bytes, not UTF-8
    for (const f of files) {
      const table = parseRosterFile(await readRosterFile(f, { maxFileMb: 10 }), NOW);
      expect(table.header.rowNumber).toBe(1);
      expect(table.rows.map((r) => [r.rowNumber, r.student.name, r.student.studentNo, r.guardians.map((g) => [g.slot, g.name, g.phone])])).toEqual([
        [2, "阿依古丽\u00B7买买提", "1", [["father", "买买提", "13800001000"]]],
      ]);
    }
  });

  it("reads tab-separated UTF-16 text as Excel's “Unicode text” saves it", async () => {
    const dir = tempDir();
    const tsv = CSV.replace(/,/g, "\t");
    const path = writeText(dir, "unicode.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]));
    const table = parseRosterFile(await readRosterFile(path, { maxFileMb: 10 }), NOW);
    expect(table.rows[0]!.student.name).toBe("阿依古丽\u00B7买买提");
  });

  it("refuses a file over ROSTER_MAX_FILE_MB before reading it", async () => {
    const dir = tempDir();
    const path = join(dir, "big.xlsx");
    const fd = openSync(path, "w");
    ftruncateSync(fd, 20 * 1024 * 1024); // 20 MB of zeros: not even a zip, but the size is checked first
    closeSync(fd);
    expect(await refusal(path)).toBe("文件太大：big.xlsx 有 20 MB，上限是 10 MB（设置 ROSTER_MAX_FILE_MB）。请只保留花名册这一张表，删去图片后再导入");
    expect(await refusal(path, 25)).toBe("big.xlsx 的内容不是 Excel（.xlsx）文件（可能只是改了扩展名）：请在 Excel 里“另存为” .xlsx 后再导入");
  });

  it("refuses wrong types, old .xls, renamed files, missing and empty files, and sheets without a header", async () => {
    const dir = tempDir();
    expect(await refusal(writeText(dir, "名单.pdf", "%PDF-1.4"))).toBe("只能导入 Excel（.xlsx）或 CSV 文件：名单.pdf（.pdf）");
    expect(await refusal(writeText(dir, "名单", "x"))).toBe("只能导入 Excel（.xlsx）或 CSV 文件：名单（没有扩展名）");
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(await refusal(writeText(dir, "old.xls", ole))).toBe("old.xls 是旧版 Excel（.xls）或设了密码的文件：请在 Excel 里“另存为” .xlsx（不设密码）后再导入");
    expect(await refusal(writeText(dir, "locked.xlsx", ole))).toBe("locked.xlsx 是旧版 Excel（.xls）或设了密码的文件：请在 Excel 里“另存为” .xlsx（不设密码）后再导入");
    expect(await refusal(writeText(dir, "text.xlsx", CSV))).toBe("text.xlsx 的内容不是 Excel（.xlsx）文件（可能只是改了扩展名）：请在 Excel 里“另存为” .xlsx 后再导入");
    const zip = join(dir, "zip.csv");
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(await refusal(zip)).toBe("zip.csv 的内容不是 CSV 文本（可能是 Excel 文件改了扩展名）：请用 .xlsx 扩展名，或在 Excel 里“另存为” CSV");
    expect(await refusal(join(dir, "nothing.xlsx"))).toBe(`找不到文件：${join(dir, "nothing.xlsx")}`);
    expect(await refusal(await writeXlsx(dir, "empty.xlsx", []))).toBe("empty.xlsx 是空的：没有任何数据");
    expect(await refusal(writeText(dir, "empty.csv", "\r\n,,\r\n"))).toBe("empty.csv 是空的：没有任何数据");
    expect(await refusal(await writeXlsx(dir, "noheader.xlsx", [["成绩单"], ["张三", 98], ["李四", 87]]))).toBe(
      "noheader.xlsx 里没有找到表头：前 20 行里没有一行同时有“姓名”和“班级”“学号”“性别”等列名",
    );
  });

  it("keeps every Chinese character of a large workbook whole (exceljs's streaming reader cuts them at chunk boundaries)", async () => {
    const dir = tempDir();
    const CHARS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤𠀀";
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const name = [...CHARS].slice(i % 90, (i % 90) + 2 + (i % 3)).join("");
      return ["三年级1班", `N${i}`, name, "男", "父母均外出", `安徽省池州市某县某镇${name}村${i}组`];
    });
    const path = await writeXlsx(dir, "big-chinese.xlsx", [["班级", "学号", "姓名", "性别", "留守类型", "家庭住址"], ...rows]);
    const table = parseRosterFile(await readRosterFile(path, { maxFileMb: 10 }), NOW);
    expect(table.rows.map((r) => [r.student.name, r.student.homeAddress])).toEqual(rows.map((r) => [r[2], r[5]]));
  });

  it("finds the sample's header under its merged title row and skips the blank row and the footer", async () => {
    const table = parseRosterFile(await readRosterFile(SAMPLE_XLSX, { maxFileMb: 10 }), NOW);
    expect([table.sheetName, table.header.rowNumber, table.rows.length, table.skippedRows, table.header.unknown]).toEqual(["留守儿童花名册", 2, 39, 1, []]);
    expect(table.rows.map((r) => r.rowNumber).slice(16, 19)).toEqual([19, 21, 22]);
  });

  it("reads a two-row header: groups (父亲情况, 委托监护人) over 姓名 / 联系电话 / 与儿童关系", async () => {
    const dir = tempDir();
    const path = await writeXlsx(
      dir,
      "national.xlsx",
      [
        ["农村留守儿童基本情况登记表"],
        ["序号", "姓名", "性别", "出生年月", "班级", "留守类型", "父亲情况", null, null, "母亲情况", null, null, "委托监护人", null, null, "身份证号码"],
        [null, null, null, null, null, null, "姓名", "联系电话", "务工地址", "姓名", "联系电话", "务工地址", "姓名", "与儿童关系", "联系电话", null],
        [1, "刘子涵", "女", "2018.08", "三年级1班", "父母均外出", "刘国强", "13800001036", "江苏省苏州市", "周丽娟", "13800001037", "浙江省宁波市", "刘德福", "爷爷", "13800001100", "11010519491231002X"],
      ],
      (ws) => {
        ws.mergeCells("A1:P1");
        ws.mergeCells("G2:I2");
        ws.mergeCells("J2:L2");
        ws.mergeCells("M2:O2");
        for (const c of ["A", "B", "C", "D", "E", "F", "P"]) ws.mergeCells(`${c}2:${c}3`);
      },
    );
    const table = parseRosterFile(await readRosterFile(path, { maxFileMb: 10 }), NOW);
    expect(table.header.rowNumber).toBe(3);
    expect([...table.header.columns.keys()].sort()).toEqual(
      ["seq", "name", "gender", "birthDate", "className", "leftBehindType", "fatherName", "fatherPhone", "fatherWorkCity", "motherName", "motherPhone", "motherWorkCity", "caregiverName", "caregiverRelation", "caregiverPhone", "idNumber"].sort(),
    );
    const row = table.rows[0]!;
    expect(row.problems).toEqual([]);
    expect(row.student).toMatchObject({ name: "刘子涵", idNumber: "11010519491231002X", leftBehindType: "BOTH_AWAY" });
    expect(row.guardians).toEqual([
      { slot: "father", name: "刘国强", workCity: "江苏省苏州市", phone: "13800001036" },
      { slot: "mother", name: "周丽娟", workCity: "浙江省宁波市", phone: "13800001037" },
      { slot: "caregiver", name: "刘德福", isCaregiver: true, relation: { relation: "GRANDFATHER", label: "爷爷" }, phone: "13800001100" },
    ]);
  });
});
