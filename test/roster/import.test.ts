import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "../../src/db/client.ts";
import { exportRoster } from "../../src/domain/roster/export.ts";
import { seedDemoSchool } from "../../prisma/seed-demo.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { encodeGb18030, importFile, givenSchool, SAMPLE_CSV, SAMPLE_XLSX, tempDir, writeText, type RosterWorld } from "./helpers.ts";

let world: RosterWorld | undefined;
afterEach(async () => {
  await world?.db.$disconnect();
  world = undefined;
});

/** Shanghai midnight of a calendar date. */
const d = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** The school's children with their guardians, without ids or timestamps, in student-number order. */
async function snapshot(db: Db) {
  return withTx(db, async (tx) => {
    const students = await tx.student.findMany({
      include: { class: { select: { name: true } }, guardians: { include: { guardian: true } } },
      orderBy: [{ studentNo: "asc" }, { id: "asc" }],
    });
    return students.map(({ id: _i, classId: _c, schoolId: _s, createdAt: _a, updatedAt: _u, guardians, ...s }) => ({
      ...s,
      guardians: guardians
        .map(({ guardian: { id: _gi, schoolId: _gs, createdAt: _ga, updatedAt: _gu, ...g } }) => g)
        .sort((a, b) => a.relation.localeCompare(b.relation) || a.name.localeCompare(b.name)),
    }));
  });
}

const counts = (db: Db) =>
  withTx(db, async (tx) => ({
    students: await tx.student.count(),
    guardians: await tx.guardian.count(),
    links: await tx.studentGuardian.count(),
    audits: await tx.auditLog.count(),
  }));

describe("importing the sample roster", () => {
  it("adds the 39 children of the xlsx with their parents and caregivers, exactly", async () => {
    world = await givenSchool();
    const r = await importFile(world, SAMPLE_XLSX);
    expect(r.text).toBe(
      [
        "文件 roster-school.xlsx，工作表“留守儿童花名册”，表头在第2行，学生 39 行",
        "新增 39，更新 0，未变 0，有问题 0",
        "提示：",
        "  第14行 [监护人联系电话] 监护人就是父亲，但电话与父亲联系电话不同：保留了父亲联系电话",
        "名单上没有的在读学生 0",
        "已写入数据库",
      ].join("\n"),
    );
    // 39 fathers, 39 mothers, 17 caregivers who are not a parent; one audit row per record.
    expect(await counts(world.db)).toEqual({ students: 39, guardians: 95, links: 95, audits: 134 });
    const all = await snapshot(world.db);
    const chen = all.find((s) => s.name === "陈一诺")!;
    expect(chen).toEqual({
      name: "陈一诺",
      studentNo: "20260300",
      class: { name: "三年级1班" },
      gender: "女",
      birthDate: d("2015-06-08"),
      leftBehindType: "BOTH_AWAY",
      status: "ACTIVE",
      statusReason: null,
      statusDate: null,
      admittedAt: null,
      ethnicity: null,
      idNumber: null,
      homeAddress: "安徽省池州市某县某镇新塘村5组",
      boarding: null,
      health: "HEALTHY",
      healthNote: null,
      guardianship: null,
      priorityCare: false,
      notes: null,
      incomeSources: null,
      lastParentContactAt: null,
      aidReceived: null,
      guardians: [
        { name: "陈建国", relation: "FATHER", relationLabel: null, isCaregiver: false, worksAway: true, phone: "13800001000", workCity: "浙江省义乌市", employer: "服装厂", birthYear: null, age: null, occupation: null, address: null, health: null },
        { name: "陈秀英", relation: "MOTHER", relationLabel: null, isCaregiver: false, worksAway: true, phone: "13800001001", workCity: "江苏省昆山市", employer: "快递站", birthYear: null, age: null, occupation: null, address: null, health: null },
        { name: "陈德福", relation: "UNCLE", relationLabel: "舅舅", isCaregiver: true, worksAway: false, phone: "13800001100", workCity: null, employer: null, birthYear: null, age: 66, occupation: "务农", address: null, health: "良好" },
      ],
    });
    // The father at home is the caregiver: one record (在家务农 -> not away), with the caregiver columns.
    expect(all.find((s) => s.name === "黄俊杰")!.guardians).toEqual([
      { name: "黄建国", relation: "FATHER", relationLabel: null, isCaregiver: true, worksAway: false, phone: "13800001006", workCity: null, employer: null, birthYear: null, age: 41, occupation: "务农", address: null, health: "高血压" },
      { name: "李美玲", relation: "MOTHER", relationLabel: null, isCaregiver: false, worksAway: true, phone: "13800001007", workCity: "江苏省昆山市", employer: "服装厂", birthYear: null, age: null, occupation: null, address: null, health: null },
    ]);
    // 赵宇航's caregiver is his father, whose second number (a landline) is reported, not stored.
    expect(all.find((s) => s.name === "赵宇航")!.guardians.map((g) => [g.name, g.phone, g.isCaregiver])).toEqual([
      ["赵国强", "13800001022", true],
      ["孙春梅", "13800001023", false],
    ]);
    // Two children named 郭浩然, kept apart by their student numbers.
    expect(all.filter((s) => s.name === "郭浩然").map((s) => [s.studentNo, s.class.name, s.birthDate, s.guardians.map((g) => g.name)])).toEqual([
      ["20260322", "四年级2班", d("2016-07-01"), ["郭永刚", "郭秀兰", "周丽娟"]],
      ["20260324", "三年级1班", d("2016-10-08"), ["郭海波", "赵秀英"]],
    ]);
    // Dates in every form of the file; health words; the name with a middle dot; notes.
    expect(all.map((s) => s.birthDate!.toISOString().slice(0, 10)).slice(0, 4)).toEqual(["2015-06-07", "2018-08-23", "2017-06-30", "2017-12-20"]);
    expect(all.find((s) => s.name === "徐若曦")!.birthDate).toEqual(d("2018-07-13"));
    expect(all.find((s) => s.name === "赵博文")).toMatchObject({ health: "ILL", healthNote: "哮喘" });
    expect(all.find((s) => s.studentNo === "20260323")!.name).toBe("阿依古丽\u00B7买买提");
    expect(all.find((s) => s.name === "吴博文")!.notes).toBe("重点帮扶对象");
    expect(all.find((s) => s.name === "马可馨")!.guardians.find((g) => g.relation === "MOTHER")).toMatchObject({ name: "陈春梅", worksAway: false, isCaregiver: true, health: "腿脚不便" });

    // Audit: who (CLI), when (the clock), what; phones masked.
    const audit = await withTx(world.db, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "roster.guardian-created", detail: { contains: "陈建国" } } }));
    expect(audit).toMatchObject({ at: world.clock.now(), actorType: "CLI", actorId: null, entity: "Guardian" });
    expect(JSON.parse(audit.detail!)).toEqual({
      row: 3,
      fields: { name: "陈建国", relation: "FATHER", isCaregiver: false, worksAway: true, phone: "138****1000", workCity: "浙江省义乌市", employer: "服装厂" },
    });
  });

  it("reads the CSV twin to the same records, and re-importing either changes nothing", async () => {
    world = await givenSchool();
    await importFile(world, SAMPLE_XLSX);
    const fromXlsx = await snapshot(world.db);
    const csvWorld = await givenSchool();
    try {
      const r = await importFile(csvWorld, SAMPLE_CSV);
      expect(r.report).toMatchObject({ added: 39, updated: 0, unchanged: 0, rejected: 0, headerRow: 1, sheetName: null });
      expect(await snapshot(csvWorld.db)).toEqual(fromXlsx);
      // The same file as Excel on Chinese Windows saves it: GB18030, no BOM.
      const gbText = readFileSync(SAMPLE_CSV, "utf8").replace(/^\uFEFF/, "");
      const gb = writeText(tempDir(), "gb18030.csv", encodeGb18030(gbText));
      expect((await importFile(csvWorld, gb)).report).toMatchObject({ added: 0, updated: 0, unchanged: 39, rejected: 0 });
    } finally {
      await csvWorld.db.$disconnect();
    }
    const before = await counts(world.db);
    const again = await importFile(world, SAMPLE_CSV);
    expect(again.report).toMatchObject({ added: 0, updated: 0, unchanged: 39, rejected: 0, written: false });
    expect(again.text.split("\n").at(-1)).toBe("没有需要写入的改动");
    expect(await counts(world.db)).toEqual(before);
  });
});

describe("round trip", () => {
  it("export -> import reports nothing added or updated, for the sample school and the demo school", async () => {
    world = await givenSchool();
    await importFile(world, SAMPLE_XLSX);
    const dir = tempDir();
    const w = world;
    const exported = await withTx(w.db, (tx) => exportRoster(w.deps(tx), { schoolId: w.schoolId, actor: { type: "CLI" } }));
    expect(exported.children).toBe(39);
    await exported.workbook.xlsx.writeFile(join(dir, "sample-export.xlsx"));
    const before = await snapshot(w.db);
    const r = await importFile(w, join(dir, "sample-export.xlsx"));
    expect(r.text).toBe(
      ["文件 sample-export.xlsx，工作表“留守儿童花名册”，表头在第2行，学生 39 行", "新增 0，更新 0，未变 39，有问题 0", "名单上没有的在读学生 0", "没有需要写入的改动"].join("\n"),
    );
    expect(await snapshot(w.db)).toEqual(before);

    // The demo school: masked ID numbers, ill and disabled children, a parent without a phone,
    // siblings sharing parents, grandparents, every national-form field.
    const demo = await givenSchool([]);
    try {
      await withTx(demo.db, (tx) => tx.school.deleteMany());
      await seedDemoSchool(demo.db, demo.clock, silentLogger());
      const schoolId = await withTx(demo.db, async (tx) => (await tx.school.findFirstOrThrow()).id);
      const file = join(dir, "demo-export.xlsx");
      const out = await withTx(demo.db, (tx) => exportRoster(demo.deps(tx), { schoolId, actor: { type: "CLI" } }));
      await out.workbook.xlsx.writeFile(file);
      const demoBefore = await snapshot(demo.db);
      const back = await importFile(demo, file);
      expect(back.report).toMatchObject({ added: 0, updated: 0, unchanged: 30, rejected: 0, missing: [], written: false });
      expect(await snapshot(demo.db)).toEqual(demoBefore);
    } finally {
      await demo.db.$disconnect();
    }
  });
});
