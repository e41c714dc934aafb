import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "../../src/db/client.ts";
import { computeCoverage, formatRate } from "../../src/domain/coverage.ts";
import { coverageText } from "../../src/cli/cards.ts";
import { classId, givenDemoSchool, guardianOf } from "./demo.ts";

let db: Db | undefined;
afterEach(async () => {
  await db?.$disconnect();
  db = undefined;
});

describe("formatRate", () => {
  it("prints a percentage with one decimal", () => {
    expect([formatRate(0), formatRate(1), formatRate(27 / 30), formatRate(28 / 30), formatRate(1 / 75), formatRate(0.0005)]).toEqual([
      "0.0%",
      "100.0%",
      "90.0%",
      "93.3%",
      "1.3%",
      "0.1%",
    ]);
  });
});

describe("computeCoverage on the demo school", () => {
  it("counts files, cards and bindings exactly, per class, and lists each child's gaps", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const report = await withTx(db, (tx) => computeCoverage(tx, { schoolId: demo.schoolId }));
    expect(report).toEqual({
      children: 30,
      withFile: 27,
      fileRate: 27 / 30,
      cardComplete: 28,
      cardRate: 28 / 30,
      guardians: 75,
      guardiansBound: 0,
      bindingRate: 0,
      classes: [
        { classId: expect.any(Number), className: "三年级1班", children: 10, withFile: 9, cardComplete: 10, guardians: 26, guardiansBound: 0 },
        { classId: expect.any(Number), className: "四年级1班", children: 10, withFile: 9, cardComplete: 8, guardians: 26, guardiansBound: 0 },
        { classId: expect.any(Number), className: "五年级1班", children: 10, withFile: 9, cardComplete: 10, guardians: 26, guardiansBound: 0 },
      ],
      gaps: [
        { studentId: expect.any(Number), name: "周俊杰", studentNo: "2026009", className: "三年级1班", missing: ["家庭住址"] },
        { studentId: expect.any(Number), name: "马天佑", studentNo: "2026013", className: "四年级1班", missing: ["母亲电话"] },
        { studentId: expect.any(Number), name: "郭思雨", studentNo: "2026016", className: "四年级1班", missing: ["父亲务工地点"] },
        { studentId: expect.any(Number), name: "何俊熙", studentNo: "2026017", className: "四年级1班", missing: ["家庭住址"] },
        { studentId: expect.any(Number), name: "谢文博", studentNo: "2026024", className: "五年级1班", missing: ["出生日期"] },
      ],
    });
  });

  it("follows edits: a removed phone, work city, caregiver, parent or homeroom teacher shows up as exact gaps", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    await withTx(db, async (tx) => {
      // 李娜's mother is at home and cares for her: without a phone there is no caregiver phone.
      await tx.guardian.update({ where: { id: (await guardianOf(tx, "李娜", "MOTHER")).id }, data: { phone: null } });
      // The siblings' father: both children's cards lack his work city.
      await tx.guardian.update({ where: { id: (await guardianOf(tx, "张小明", "FATHER")).id }, data: { workCity: null, phone: "" } });
      // 王浩然 (both parents away) loses his grandfather: no caregiver on file or card.
      const grandpa = await guardianOf(tx, "王浩然", "GRANDFATHER");
      await tx.studentGuardian.deleteMany({ where: { guardianId: grandpa.id } });
      // 刘欣怡 (mother away): her mother's record is gone.
      const mother = await guardianOf(tx, "刘欣怡", "MOTHER");
      await tx.studentGuardian.deleteMany({ where: { guardianId: mother.id } });
      // 五年级1班 has no homeroom teacher for now; 邓明杰 has transferred (not counted).
      await tx.class.update({ where: { id: await classId(tx, "五年级1班") }, data: { homeroomTeacherId: null } });
      await tx.student.updateMany({ where: { name: "邓明杰" }, data: { status: "TRANSFERRED" } });
      // Two guardians bind.
      await tx.wechatIdentity.create({ data: { contactId: "wx-a", guardianId: (await guardianOf(tx, "张小明", "MOTHER")).id, boundAt: new Date(demo.clock.now()) } });
      await tx.wechatIdentity.create({ data: { contactId: "wx-b", guardianId: (await guardianOf(tx, "马天佑", "GRANDMOTHER")).id, boundAt: new Date(demo.clock.now()) } });
    });
    const r = await withTx(db, (tx) => computeCoverage(tx, { schoolId: demo.schoolId }));
    expect(r.gaps.map((g) => `${g.name}：${g.missing.join("、")}`)).toEqual([
      "张小明：父亲电话、父亲务工地点",
      "李娜：监护人电话",
      "王浩然：监护人",
      "刘欣怡：母亲信息",
      "周俊杰：家庭住址",
      "马天佑：母亲电话",
      "郭思雨：父亲务工地点",
      "何俊熙：家庭住址",
      "张小红：父亲电话、父亲务工地点、班主任",
      "郑凯文：班主任",
      "梁雨萱：班主任",
      "谢文博：出生日期、班主任",
      "宋佳琪：班主任",
      "唐浩：班主任",
      "许静怡：班主任",
      "韩宇航：班主任",
      "冯可馨：班主任",
    ]);
    expect({ children: r.children, withFile: r.withFile, cardComplete: r.cardComplete, guardians: r.guardians, guardiansBound: r.guardiansBound }).toEqual({
      children: 29,
      withFile: 25, // 29 less 王浩然 (no caregiver), 周俊杰, 何俊熙, 谢文博
      cardComplete: 14, // 3rd grade: 10 - 4; 4th: 10 - 2; 5th: 0 of 9
      guardians: 75 - 1 - 1 - 2, // grandpa and 刘欣怡's mother unlinked, 邓明杰's parents not counted
      guardiansBound: 2,
    });
    expect(formatRate(r.bindingRate)).toBe("2.8%");
    expect(r.classes.map((c) => [c.className, c.children, c.withFile, c.cardComplete, c.guardians, c.guardiansBound])).toEqual([
      ["三年级1班", 10, 8, 6, 24, 1],
      ["四年级1班", 10, 9, 8, 26, 1],
      ["五年级1班", 9, 8, 0, 24, 1],
    ]);
  });

  it("scopes to some classes, keeps a class with no children, and says rates are 0 for no children", async () => {
    const demo = await givenDemoSchool();
    db = demo.db;
    const empty = await withTx(db, async (tx) => {
      const cls = await tx.class.create({ data: { schoolId: demo.schoolId, name: "一年级1班", grade: 1, createdAt: demo.clock.now() } });
      return cls.id;
    });
    const r = await withTx(db, async (tx) => computeCoverage(tx, { schoolId: demo.schoolId, classIds: [await classId(tx, "四年级1班"), empty] }));
    expect(r.classes.map((c) => [c.className, c.children])).toEqual([
      ["一年级1班", 0],
      ["四年级1班", 10],
    ]);
    expect([r.children, r.withFile, r.cardComplete, r.guardians]).toEqual([10, 9, 8, 26]);
    expect(r.gaps.map((g) => g.name)).toEqual(["马天佑", "郭思雨", "何俊熙"]);

    const none = await withTx(db, (tx) => computeCoverage(tx, { schoolId: demo.schoolId, classIds: [empty] }));
    expect(none).toEqual({
      children: 0, withFile: 0, fileRate: 0, cardComplete: 0, cardRate: 0, guardians: 0, guardiansBound: 0, bindingRate: 0,
      classes: [{ classId: empty, className: "一年级1班", children: 0, withFile: 0, cardComplete: 0, guardians: 0, guardiansBound: 0 }],
      gaps: [],
    });
    expect(coverageText(none, "一年级1班", "2026-12-01")).toBe(
      [
        "一年级1班 留守儿童建档情况（2026-12-01）",
        "在读留守儿童：0 人",
        "没有在读的留守儿童，以下比率都按 0 计。",
        "建档率：0.0%（0 人中 0 人档案完整）",
        "联系卡完整率：0.0%（0 人中 0 人）",
        "绑定率：0.0%（家长和监护人 0 人中 0 人已绑定微信）",
        "",
        "各班情况：",
        "· 一年级1班：没有在读的留守儿童",
      ].join("\n"),
    );
  });
});
