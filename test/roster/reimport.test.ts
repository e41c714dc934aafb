import { afterEach, describe, expect, it } from "vitest";
import { withTx } from "../../src/db/client.ts";
import { importFile, givenSchool, SAMPLE_XLSX, sampleLines, tempDir, writeText, type RosterWorld } from "./helpers.ts";

let world: RosterWorld | undefined;
afterEach(async () => {
  await world?.db.$disconnect();
  world = undefined;
});

/** The sample's CSV with `edit(cells)` applied to the line of student number `no`. */
function editLine(lines: string[], no: string, edit: (cells: string[]) => void): void {
  const i = lines.findIndex((l) => l.split(",")[2] === no);
  const cells = lines[i]!.split(",");
  edit(cells);
  lines[i] = cells.join(",");
}

describe("re-importing an edited roster", () => {
  it("updates exactly the edited fields, keeps what blank cells hide, replaces a caregiver, and reports who is gone", async () => {
    world = await givenSchool();
    const w = world;
    await importFile(w, SAMPLE_XLSX);
    const auditsBefore = await withTx(w.db, (tx) => tx.auditLog.count());
    w.clock.advance(86_400_000);

    const lines = await sampleLines();
    // Columns: 0 序号, 1 班级, 2 学号, 3 姓名, ..., 7 家庭详细住址, 11 父亲联系电话, 15 母亲联系电话, 16 监护人姓名, 17 与学生关系, 18 年龄, 20 监护人联系电话, 22 学生身体状况
    editLine(lines, "20260300", (c) => {
      c[7] = "安徽省池州市某县某镇新塘村6组";
      c[11] = "139 0000 1000";
    });
    editLine(lines, "20260301", (c) => (c[22] = "健康"));
    editLine(lines, "20260302", (c) => {
      c[7] = ""; // blank cells never erase
      c[15] = "";
    });
    editLine(lines, "20260303", (c) => (c[1] = "四年级（2）班"));
    editLine(lines, "20260304", (c) => {
      c[16] = "孙德旺";
      c[17] = "祖父";
      c[18] = "70";
      c[20] = "13800001199";
    });
    const edited = lines.filter((l) => l.split(",")[2] !== "20260339");
    const r = await importFile(w, writeText(tempDir(), "edited.csv", edited.join("\r\n")));
    expect(r.text).toBe(
      [
        "文件 edited.csv，表头在第1行，学生 38 行",
        "新增 0，更新 4，未变 34，有问题 0",
        "更新：",
        "  第2行 陈一诺（学号 20260300）：家庭详细住址 安徽省池州市某县某镇新塘村5组 → 安徽省池州市某县某镇新塘村6组；父亲联系电话 138****1000 → 139****1000",
        "  第3行 赵博文（学号 20260301）：学生身体状况 哮喘 → 健康",
        "  第5行 黄俊杰（学号 20260303）：班级 三年级1班 → 四年级2班",
        "  第6行 孙嘉豪（学号 20260304）：监护人姓名 周桂香 → 孙德旺",
        "提示：",
        "  第13行 [监护人联系电话] 监护人就是父亲，但电话与父亲联系电话不同：保留了父亲联系电话",
        "名单上没有的在读学生 1：三年级1班 徐若曦（学号 20260339）（没有删除；转学、毕业请另行登记）",
        "已写入数据库",
      ].join("\n"),
    );

    await withTx(w.db, async (tx) => {
      const child = (no: string) =>
        tx.student.findFirstOrThrow({ where: { studentNo: no }, include: { class: true, guardians: { include: { guardian: true }, orderBy: { guardianId: "asc" } } } });
      const chen = await child("20260300");
      expect([chen.homeAddress, chen.guardians[0]!.guardian.phone]).toEqual(["安徽省池州市某县某镇新塘村6组", "13900001000"]);
      const zhao = await child("20260301");
      expect([zhao.health, zhao.healthNote]).toEqual(["HEALTHY", null]);
      const hu = await child("20260302");
      expect([hu.homeAddress, hu.guardians[1]!.guardian.phone]).toEqual(["安徽省池州市某县某镇桃园村2组", "13800001005"]);
      const huang = await child("20260303");
      expect(huang.class.name).toBe("四年级2班");
      const sun = await child("20260304");
      expect(sun.guardians.map((g) => [g.guardian.name, g.guardian.relation, g.guardian.isCaregiver, g.guardian.age, g.guardian.phone])).toEqual([
        ["孙国强", "FATHER", false, null, "13800001008"],
        ["孙桂兰", "MOTHER", false, null, "13800001009"],
        ["孙德旺", "GRANDFATHER", true, 70, "13800001199"],
      ]);
      // The replaced caregiver is unlinked from the child, not deleted; 徐若曦 is still there.
      expect(await tx.guardian.count({ where: { name: "周桂香" } })).toBe(1);
      expect(await tx.student.count({ where: { studentNo: "20260339", status: "ACTIVE" } })).toBe(1);

      const audits = await tx.auditLog.findMany({ where: { id: { gt: auditsBefore } }, orderBy: { id: "asc" } });
      const ids = { 三年级1班: (await tx.class.findFirstOrThrow({ where: { name: "三年级1班" } })).id, 四年级2班: (await tx.class.findFirstOrThrow({ where: { name: "四年级2班" } })).id };
      const zhouId = (await tx.guardian.findFirstOrThrow({ where: { name: "周桂香" } })).id;
      const newId = sun.guardians[2]!.guardianId;
      expect(audits.map((a) => [a.action, a.entity, a.entityId, JSON.parse(a.detail!), a.actorType, a.at])).toEqual([
        ["roster.guardian-created", "Guardian", String(newId), { row: 6, fields: { name: "孙德旺", relation: "GRANDFATHER", isCaregiver: true, worksAway: false, phone: "138****1199", age: 70, occupation: "务农", health: "高血压" } }, "CLI", w.clock.now()],
        ["roster.student-updated", "Student", String(chen.id), { row: 2, changes: { homeAddress: { old: "安徽省池州市某县某镇新塘村5组", new: "安徽省池州市某县某镇新塘村6组" } } }, "CLI", w.clock.now()],
        ["roster.student-updated", "Student", String(zhao.id), { row: 3, changes: { health: { old: "ILL", new: "HEALTHY" }, healthNote: { old: "哮喘", new: null } } }, "CLI", w.clock.now()],
        ["roster.student-updated", "Student", String(huang.id), { row: 5, changes: { classId: { old: ids.三年级1班, new: ids.四年级2班 } } }, "CLI", w.clock.now()],
        ["roster.guardian-updated", "Guardian", String(chen.guardians[0]!.guardianId), { rows: [2], changes: { phone: { old: "138****1000", new: "139****1000" } } }, "CLI", w.clock.now()],
        ["roster.guardian-unlinked", "Student", String(sun.id), { row: 6, guardianId: zhouId }, "CLI", w.clock.now()],
        ["roster.guardian-linked", "Student", String(sun.id), { row: 6, guardianId: newId }, "CLI", w.clock.now()],
      ]);
      expect((await tx.student.findFirstOrThrow({ where: { studentNo: "20260300" } })).updatedAt).toEqual(w.clock.now());
    });

    // The same file again: nothing left to change.
    const again = await importFile(w, writeText(tempDir(), "edited.csv", edited.join("\r\n")));
    expect(again.report).toMatchObject({ added: 0, updated: 0, unchanged: 38, written: false });
  });
});
