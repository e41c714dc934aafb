import { afterEach, describe, expect, it } from "vitest";
import { withTx } from "../../src/db/client.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { importRoster } from "../../src/domain/roster/import.ts";
import { readRosterFile } from "../../src/domain/roster/read.ts";
import { parseRosterFile } from "../../src/domain/roster/rows.ts";
import { importFile, givenSchool, SAMPLE_CSV, tempDir, writeText, type RosterWorld } from "./helpers.ts";

let world: RosterWorld | undefined;
afterEach(async () => {
  await world?.db.$disconnect();
  world = undefined;
});

const HEAD = "班级,学号,姓名,性别,出生日期,留守类型,父亲姓名,父亲务工地点,父亲务工单位,父亲联系电话,母亲姓名,母亲联系电话,身份证号";
const csv = (...rows: string[]) => [HEAD, ...rows].join("\r\n");
const counts = (w: RosterWorld) => withTx(w.db, async (tx) => [await tx.student.count(), await tx.guardian.count(), await tx.auditLog.count()]);

describe("bad rows", () => {
  const BAD = csv(
    "三年级1班,A001,张三,男,2016-01-02,父母均外出,张大,广东省东莞市,电子厂,13800002001,李大,13800002002,",
    "三年级1班,A001,李四,男,2016-03-04,父母均外出,李二,广东省东莞市,,13800002003,王二,13800002004,",
    "三年级1班,A003,王五,女,2016-05-06,父亲外出,王大,浙江省义乌市,,138000020031,,,",
    "三年级1班,A004,赵六,女,2016-07-08,父亲外出,赵大,浙江省义乌市,,1380000abcd,,,",
    "三年级1班,A005,钱七,男,2027-01-01,父亲外出,钱大,浙江省义乌市,,13800002005,,,",
    "五年级(3)班,A006,孙八,男,2016-09-10,母亲外出,,,,,孙妈,13800002006,",
    "四年级2班,A007,周九,男,2016/13/01,母亲外出,,,,,周妈,13800002007,",
  );
  const PROBLEMS = [
    "有问题的行：",
    "  第3行 [学号] 学号 A001 与第2行重复",
    "  第4行 [父亲联系电话] 手机号码位数不对：138000020031（手机号是 1 开头的 11 位数字）",
    "  第5行 [父亲联系电话] 电话号码里有数字以外的字符：1380000abcd",
    "  第6行 [出生日期] 出生日期在今天之后：2027-01-01",
    "  第7行 [班级] 班级不存在：五年级(3)班；加 --create-classes 可新建",
    "  第8行 [出生日期] 日期看不懂：2016/13/01（可写成 2015-06-08、2015/6/8、2015.06 或 2015年6月8日）",
  ];

  it("names row, column and reason; a real run with any bad row writes nothing; a dry run says so", async () => {
    world = await givenSchool();
    const file = writeText(tempDir(), "bad.csv", BAD);
    const real = await importFile(world, file);
    expect(real.text).toBe(
      [
        "文件 bad.csv，表头在第1行，学生 7 行",
        "新增 1，更新 0，未变 0，有问题 6",
        ...PROBLEMS,
        "名单上没有的在读学生 0",
        "有 6 行有问题，数据库没有改动：请改正后重新导入，或加 --accept-partial 只导入没有问题的行",
      ].join("\n"),
    );
    expect(await counts(world)).toEqual([0, 0, 0]);

    const dry = await importFile(world, file, { dryRun: true, acceptPartial: true, createClasses: true });
    expect(dry.text).toBe(
      [
        "文件 bad.csv，表头在第1行，学生 7 行",
        "新增 2，更新 0，未变 0，有问题 5",
        ...PROBLEMS.filter((l) => !l.includes("第7行")),
        "将新建班级：五年级(3)班",
        "名单上没有的在读学生 0",
        "这是试运行，数据库没有改动",
      ].join("\n"),
    );
    expect(await counts(world)).toEqual([0, 0, 0]);
  });

  it("--accept-partial writes the good rows only; --create-classes makes the missing class", async () => {
    world = await givenSchool();
    const r = await importFile(world, writeText(tempDir(), "bad.csv", BAD), { acceptPartial: true, createClasses: true });
    expect(r.report).toMatchObject({ added: 2, rejected: 5, newClasses: ["五年级(3)班"], written: true });
    expect(r.text.split("\n").at(-1)).toBe("已写入数据库；有问题的 5 行没有导入");
    await withTx(world.db, async (tx) => {
      expect((await tx.student.findMany({ orderBy: { id: "asc" }, include: { class: true } })).map((s) => [s.studentNo, s.name, s.class.name, s.class.grade])).toEqual([
        ["A001", "张三", "三年级1班", 3],
        ["A006", "孙八", "五年级(3)班", 5],
      ]);
      expect(await tx.auditLog.count({ where: { action: "roster.class-created" } })).toBe(1);
    });
  });

  it("refuses a student number that belongs to another child, and a row naming a child twice", async () => {
    world = await givenSchool();
    await importFile(world, SAMPLE_CSV);
    const r = await importFile(
      world,
      writeText(tempDir(), "names.csv", csv("三年级1班,20260300,陈一鸣,女,2015-06-08,父母均外出,,,,,,,", "三年级1班,,陈一诺,女,2015-06-08,父母均外出,,,,,,,", "三年级1班,20260300,陈一诺,女,2015-06-08,父母均外出,,,,,,,")),
    );
    expect(r.report.problems).toEqual([
      { row: 2, column: "姓名", reason: "学号 20260300 在系统里是“陈一诺”，与这一行的姓名不一致" },
      { row: 4, column: "学号", reason: "学号 20260300 与第2行重复" },
      { row: 4, column: "姓名", reason: "与第3行是系统里的同一名学生" },
    ]);
    expect(r.report).toMatchObject({ added: 0, updated: 0, unchanged: 1, rejected: 2 });
  });
});

describe("people", () => {
  it("siblings' parents with the same name and phone are one guardian; differing rows about them are refused", async () => {
    world = await givenSchool();
    const first = "三年级1班,S1,林小一,男,2016-01-02,父母均外出,林大山,广东省东莞市,电子厂,13800003001,何小花,13800003002,";
    const second = "五年级1班,S2,林小二,女,2014-03-04,父母均外出,林大山,,,138 0000 3001,何小花,13800003002,";
    const r = await importFile(world, writeText(tempDir(), "siblings.csv", csv(first, second, "五年级1班,S3,林小三,女,2014-03-04,父母均外出,林大山,,鞋厂,13800003001,何小花,13800003099,")));
    expect(r.report.problems).toEqual([{ row: 4, column: "父亲务工单位", reason: "与第2行的父亲“林大山”是同一人，但“父亲务工单位”不同：请两行填写一致" }]);
    expect(r.report).toMatchObject({ added: 2, rejected: 1, written: false });

    expect((await importFile(world, writeText(tempDir(), "siblings.csv", csv(first, second)))).report).toMatchObject({ added: 2, rejected: 0, written: true });
    await withTx(world.db, async (tx) => {
      const guardians = await tx.guardian.findMany({ include: { students: { include: { student: true } } }, orderBy: { id: "asc" } });
      expect(guardians.map((g) => [g.name, g.workCity, g.employer, g.students.map((s) => s.student.name)])).toEqual([
        ["林大山", "广东省东莞市", "电子厂", ["林小一", "林小二"]],
        ["何小花", null, null, ["林小一", "林小二"]],
      ]);
    });
  });

  it("stores ID numbers masked unless the setting keeps them, and a masked value is no change against the full number", async () => {
    world = await givenSchool();
    const file = writeText(tempDir(), "id.csv", csv("三年级1班,I1,郑一,男,2016-01-02,父亲外出,郑大,,,,,,11010519491231002x"));
    expect((await importFile(world, file)).report.added).toBe(1);
    const stored = () => withTx(world!.db, async (tx) => (await tx.student.findFirstOrThrow()).idNumber);
    expect(await stored()).toBe("**************002X");
    expect((await importFile(world, file)).report).toMatchObject({ unchanged: 1, updated: 0 });

    const full = await givenSchool(undefined, { storeFullIdNumber: true });
    try {
      await importFile(full, file);
      expect(await withTx(full.db, async (tx) => (await tx.student.findFirstOrThrow()).idNumber)).toBe("11010519491231002X");
      const masked = writeText(tempDir(), "masked.csv", csv("三年级1班,I1,郑一,男,2016-01-02,父亲外出,郑大,,,,,,**************002X"));
      expect((await importFile(full, masked)).report).toMatchObject({ unchanged: 1, updated: 0 });
    } finally {
      await full.db.$disconnect();
    }
  });

  it("only the CLI operator or a coordinator may import", async () => {
    world = await givenSchool();
    const w = world;
    const teacherId = await withTx(w.db, async (tx) => (await tx.staff.create({ data: { schoolId: w.schoolId, name: "李老师", role: "TEACHER", createdAt: w.clock.now() } })).id);
    const table = parseRosterFile(await readRosterFile(SAMPLE_CSV, { maxFileMb: 10 }), w.clock.now());
    await expect(
      withTx(w.db, (tx) => importRoster(w.deps(tx), { table, actor: { type: "STAFF", id: teacherId }, dryRun: true, acceptPartial: false, createClasses: false })),
    ).rejects.toEqual(new DomainError("FORBIDDEN"));
  });
});
