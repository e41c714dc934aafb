import { afterEach, describe, expect, it } from "vitest";
import { withTx } from "../../src/db/client.ts";
import { importFile, givenSchool, tempDir, writeXlsx, type RosterWorld } from "./helpers.ts";

let world: RosterWorld | undefined;
afterEach(async () => {
  await world?.db.$disconnect();
  world = undefined;
});

const HEADER = ["序号", "所在班级（必填）", "学 号", "学生姓名*", "性别", "出生年月", "留守情况", "家庭住址", "父亲姓名", "父亲手机", "父亲务工地点", "母亲姓名", "母亲联系电话(必填)", "委托监护人姓名", "与儿童关系", "监护人电话", "爱好"];

/** A roster as schools send it: title row merged over the sheet, a gap, decorated headers, odd cells, footer lines. */
async function messyFile(dir: string): Promise<string> {
  return writeXlsx(
    dir,
    "messy.xlsx",
    [
      ["青山镇中心小学2026年秋季留守儿童登记表"],
      [],
      HEADER,
      [1, "三年级（1）班", "M01", "　王　芳 ", "女", "2016年3月5日", "父母均外出", "青山镇石桥村1组", "王大海", "１３８ ００００ ４００１", "广东省深圳市", "李小红", "+86 138-0000-4002", "王桂英", "奶奶", "(+86)13800004003", "画画"],
      [2, "三年级1班", "M02", "阿依古丽・买买提", "女", new Date(Date.UTC(2016, 6, 8)), "父亲外出", "青山镇柳塘村2组", "买买提•艾力", "13800004004", "新疆乌鲁木齐市", "古丽‧热依木", 13800004005, "古丽∙热依木", "母亲", "13800004005", null],
      [3, "3年级1班", "M03", "欧阳娜娜娜娜", "女", 42163, "母亲外出", "青山镇青山村3组", "欧阳大", "13800004006", "在家", "陈丽", "13800004007", "欧阳大", "父亲", "13800004006", null],
      [4, "三年级1班", "M04", "刘㐀", "男", "2016.05", "父母均外出", "青山镇河口村4组", "刘大", "138000040089", "浙江省宁波市", "孙小", "13800004010", "刘奶奶", "祖母", "13800004011", null],
      [],
      ["填表人：张老师", null, null, "审核人：李校长"],
      ["填表日期：2026年9月1日"],
    ],
    (ws) => ws.mergeCells(1, 1, 1, HEADER.length),
  );
}

describe("a messy roster", () => {
  it("finds the header under the title, reads full-width phones and every dot, skips footers, and reports the bad row", async () => {
    world = await givenSchool();
    const file = await messyFile(tempDir());
    const r = await importFile(world, file);
    expect(r.text).toBe(
      [
        "文件 messy.xlsx，工作表“Sheet1”，表头在第3行，学生 4 行",
        "没有导入的列：爱好",
        "新增 3，更新 0，未变 0，有问题 1",
        "有问题的行：",
        "  第7行 [父亲手机] 手机号码位数不对：138000040089（手机号是 1 开头的 11 位数字）",
        "名单上没有的在读学生 0",
        "有 1 行有问题，数据库没有改动：请改正后重新导入，或加 --accept-partial 只导入没有问题的行",
      ].join("\n"),
    );
    expect(await withTx(world.db, (tx) => tx.student.count())).toBe(0);

    const partial = await importFile(world, file, { acceptPartial: true });
    expect(partial.text.split("\n").slice(2, 3).concat(partial.text.split("\n").at(-1)!)).toEqual(["新增 3，更新 0，未变 0，有问题 1", "已写入数据库；有问题的 1 行没有导入"]);
    const kids = await withTx(world.db, (tx) =>
      tx.student.findMany({ orderBy: { studentNo: "asc" }, include: { class: true, guardians: { include: { guardian: true }, orderBy: { guardianId: "asc" } } } }),
    );
    expect(
      kids.map((k) => [k.studentNo, k.name, k.class.name, k.birthDate!.toISOString(), k.leftBehindType, k.guardians.map(({ guardian: g }) => [g.name, g.relation, g.relationLabel, g.phone, g.worksAway, g.workCity, g.isCaregiver])]),
    ).toEqual([
      [
        "M01",
        "王芳",
        "三年级1班",
        "2016-03-04T16:00:00.000Z",
        "BOTH_AWAY",
        [
          ["王大海", "FATHER", null, "13800004001", true, "广东省深圳市", false],
          ["李小红", "MOTHER", null, "13800004002", true, null, false],
          ["王桂英", "GRANDMOTHER", "奶奶", "13800004003", false, null, true],
        ],
      ],
      [
        "M02",
        "阿依古丽\u00B7买买提",
        "三年级1班",
        "2016-07-07T16:00:00.000Z",
        "FATHER_AWAY",
        [
          ["买买提\u00B7艾力", "FATHER", null, "13800004004", true, "新疆乌鲁木齐市", false],
          ["古丽\u00B7热依木", "MOTHER", null, "13800004005", false, null, true],
        ],
      ],
      [
        "M03",
        "欧阳娜娜娜娜",
        "三年级1班",
        "2015-06-07T16:00:00.000Z",
        "MOTHER_AWAY",
        [
          ["欧阳大", "FATHER", null, "13800004006", false, null, true],
          ["陈丽", "MOTHER", null, "13800004007", true, null, false],
        ],
      ],
    ]);
  });
});
