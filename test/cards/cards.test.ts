import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "../../src/db/client.ts";
import { loadContactCards, type ContactCard } from "../../src/domain/cards.ts";
import { cardRow, cardsHtml, cardsWorkbook } from "../../src/cli/cards.ts";
import { escapeHtml } from "../../src/cli/print.ts";
import { classId, givenDemoSchool, guardianOf } from "./demo.ts";

let db: Db | undefined;
afterEach(async () => {
  await db?.$disconnect();
  db = undefined;
});

async function ids(database: Db, child: string) {
  return withTx(database, async (tx) => {
    const rel = async (r: "FATHER" | "MOTHER" | "GRANDMOTHER") => (await guardianOf(tx, child, r)).id;
    return { father: await rel("FATHER"), mother: await rel("MOTHER"), grandmother: child.startsWith("张") ? await rel("GRANDMOTHER") : 0 };
  });
}

describe("loadContactCards", () => {
  it("gives a sibling the shared family: parents away with work places and phones, the grandmother caring", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const g = await ids(db, "张小红");
    const [card] = await withTx(db, async (tx) => loadContactCards(tx, { schoolId: demo.schoolId, classId: await classId(tx, "五年级1班") }));
    expect(card).toEqual({
      studentId: expect.any(Number),
      studentName: "张小红",
      studentNo: "2026021",
      classId: expect.any(Number),
      className: "五年级1班",
      gender: "女",
      status: "ACTIVE",
      leftBehindType: "BOTH_AWAY",
      homeAddress: "青山镇柳塘村4组",
      homeroomTeacher: { name: "刘芳", phone: "13907310004" },
      people: [
        { guardianId: g.father, role: "FATHER", isCaregiver: false, name: "张伟", relationLabel: "爸爸", phone: "13807311010", worksAway: true, workCity: "广东省东莞市", employer: "东莞建筑工地", bound: false },
        { guardianId: g.mother, role: "MOTHER", isCaregiver: false, name: "刘丽", relationLabel: "妈妈", phone: "13807311011", worksAway: true, workCity: "广东省东莞市", employer: "东莞建筑工地", bound: false },
        { guardianId: g.grandmother, role: "CAREGIVER", isCaregiver: true, name: "张桂兰", relationLabel: "奶奶", phone: "13807311012", worksAway: false, workCity: null, employer: null, bound: false },
      ],
      missing: [],
    } satisfies ContactCard);
    // The brother in 三年级1班 has the very same adults.
    const [brother] = await withTx(db, async (tx) => loadContactCards(tx, { schoolId: demo.schoolId, studentIds: [(await tx.student.findFirstOrThrow({ where: { name: "张小明" } })).id] }));
    expect(brother!.people).toEqual(card!.people);
  });

  it("marks the parent at home as the caregiver, keeps a written relation word, shows bindings and gaps", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const g = await ids(db, "李娜");
    await withTx(db, async (tx) => {
      await tx.wechatIdentity.create({ data: { contactId: "wx-lijun", guardianId: g.father, boundAt: demo.clock.now() } });
      await tx.guardian.update({ where: { id: g.father }, data: { workCity: null } });
      const uncle = await tx.guardian.create({
        data: { schoolId: demo.schoolId, name: "王大山", relation: "UNCLE", relationLabel: "舅舅", phone: "0566-8125908", createdAt: demo.clock.now(), updatedAt: demo.clock.now() },
      });
      const lina = await tx.student.findFirstOrThrow({ where: { name: "李娜" } });
      await tx.studentGuardian.create({ data: { studentId: lina.id, guardianId: uncle.id } });
    });
    const cards = await withTx(db, async (tx) => loadContactCards(tx, { schoolId: demo.schoolId, classId: await classId(tx, "三年级1班") }));
    expect(cards.map((c) => c.studentName)).toEqual(["张小明", "李娜", "王浩然", "刘欣怡", "陈宇轩", "杨梓涵", "赵子豪", "黄诗琪", "周俊杰", "吴雨桐"]);
    const lina = cards[1]!;
    expect(lina.leftBehindType).toBe("FATHER_AWAY");
    expect(lina.people.map((p) => [p.role, p.isCaregiver, p.name, p.relationLabel, p.phone, p.worksAway, p.workCity, p.employer, p.bound])).toEqual([
      ["FATHER", false, "李军", "爸爸", "13807311020", true, null, "宁波服装厂", true],
      ["MOTHER", true, "王芳", "妈妈", "13807311021", false, null, null, false],
      ["OTHER", false, "王大山", "舅舅", "0566-8125908", false, null, null, false],
    ]);
    expect(lina.missing).toEqual(["父亲务工地点"]);
    expect(cardRow(lina)).toEqual([
      "2026002", "李娜", "女", "父亲外出", "青山镇青山村3组",
      "李军", "13807311020", "宁波服装厂",
      "王芳", "13807311021", "在家",
      "王芳（妈妈）", "13807311021",
      "王大山（舅舅） 0566-8125908",
      "李春梅", "13907310002",
      "父亲务工地点",
    ]);
  });

  it("lists only ACTIVE children unless asked, sorted by class then student number", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    await withTx(db, (tx) => tx.student.updateMany({ where: { name: "张小明" }, data: { status: "TRANSFERRED" } }));
    const active = await withTx(db, (tx) => loadContactCards(tx, { schoolId: demo.schoolId }));
    expect(active).toHaveLength(29);
    expect(active[0]!.studentName).toBe("李娜");
    expect(active.map((c) => c.className).indexOf("五年级1班")).toBe(19);
    const all = await withTx(db, (tx) => loadContactCards(tx, { schoolId: demo.schoolId, includeInactive: true }));
    expect(all.map((c) => [c.studentName, c.status]).slice(0, 2)).toEqual([
      ["张小明", "TRANSFERRED"],
      ["李娜", "ACTIVE"],
    ]);
  });
});

describe("printed contact cards", () => {
  const card = (over: Partial<ContactCard> = {}): ContactCard => ({
    studentId: 1,
    studentName: "<script>alert('x')</script>",
    studentNo: "A&B",
    classId: 7,
    className: "三年级\"1\"班",
    gender: "男",
    status: "ACTIVE",
    leftBehindType: "BOTH_AWAY",
    homeAddress: "青山镇<b>石桥</b>村",
    homeroomTeacher: { name: "李春梅", phone: "13907310002" },
    people: [
      { guardianId: 1, role: "FATHER", isCaregiver: false, name: "张&伟", relationLabel: "爸爸", phone: "13807311010", worksAway: true, workCity: "广东省东莞市", employer: "<厂>", bound: false },
      { guardianId: 3, role: "CAREGIVER", isCaregiver: true, name: "张桂兰", relationLabel: "奶奶", phone: null, worksAway: false, workCity: null, employer: null, bound: false },
    ],
    missing: ["母亲信息", "监护人电话"],
    ...over,
  });

  it("escapes every value in the HTML page, which prints on A4 with the confidentiality line", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
    const html = cardsHtml([card()], "2026-12-01");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<厂>");
    expect(html).toContain("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;");
    expect(html).toContain("学号 A&#38;B");
    expect(html).toContain("三年级&#34;1&#34;班 留守儿童联系卡");
    expect(html).toContain("<td>张&#38;伟</td><td>13807311010</td><td>广东省东莞市（&#60;厂&#62;）</td>");
    expect(html).toContain("<td>奶奶</td><td>张桂兰</td><td></td><td></td><td>监护人</td>");
    expect(html).toContain("待补充：母亲信息、监护人电话");
    expect(html).toContain('<div class="confidential">内部资料，注意保密</div>');
    expect(html).toContain("@page { size: A4 portrait;");
    expect(html).toContain("page-break-inside: avoid");
    expect(html).not.toMatch(/<link|<script|src=|url\(/);
  });

  it("writes an Excel workbook, one sheet per class, that reads back with the exact values and A4 setup", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const cards = await withTx(db, (tx) => loadContactCards(tx, { schoolId: demo.schoolId }));
    const buffer = await cardsWorkbook(cards, "2026-12-01").xlsx.writeBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["三年级1班", "四年级1班", "五年级1班"]);
    const ws = wb.getWorksheet("五年级1班")!;
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(ws.getCell("A1").value).toBe("五年级1班 留守儿童联系卡");
    expect(ws.getCell("A2").value).toBe("内部资料，注意保密　打印日期：2026-12-01");
    expect(values(3)).toEqual(["学号", "姓名", "性别", "留守类型", "家庭住址", "父亲", "父亲电话", "父亲务工地点/单位", "母亲", "母亲电话", "母亲务工地点/单位", "监护人", "监护人电话", "其他联系人", "班主任", "班主任电话", "待补充"]);
    expect(values(4)).toEqual([
      "2026021", "张小红", "女", "父母均外出", "青山镇柳塘村4组",
      "张伟", "13807311010", "广东省东莞市（东莞建筑工地）",
      "刘丽", "13807311011", "广东省东莞市（东莞建筑工地）",
      "张桂兰（奶奶）", "13807311012",
      undefined, // no other contact: an empty cell
      "刘芳", "13907310004",
    ]);
    expect(ws.rowCount).toBe(13);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printArea: "A1:Q13", printTitlesRow: "3:3" });
    expect(ws.headerFooter.oddHeader).toBe("&C内部资料，注意保密");
    expect(ws.getColumn(8).width).toBe(30); // 广东省东莞市（东莞建筑工地）: 14 wide characters + 2
    const fourth = wb.getWorksheet("四年级1班")!;
    expect(fourth.getCell("J6").value).toBeNull(); // 马天佑's mother has no phone
    expect(fourth.getCell("Q6").value).toBe("母亲电话");
  });
});
