import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "../../src/db/client.ts";
import { insertRows, insertRowsReturningIds } from "../../src/db/bulk.ts";
import { freshDb } from "../helpers/db.ts";

let db: Db | undefined;
afterEach(async () => {
  await db?.$disconnect();
  db = undefined;
});

describe("bulk inserts", () => {
  it("write rows Prisma reads back unchanged, on the SQLite JSON path and the portable VALUES path, with ids in row order", async () => {
    ({ db } = await freshDb());
    const at = new Date("2026-09-01T02:00:00.000Z");
    const rows = await withTx(db, async (tx) => {
      const school = await tx.school.create({ data: { name: "某某镇中心小学", createdAt: at } });
      const guardian = (i: number) => ({
        schoolId: school.id,
        name: i % 2 ? "李𠀀" : "阿依古丽\u00B7买买提",
        relation: "FATHER",
        relationLabel: i === 3 ? "继父" : null,
        isCaregiver: i % 3 === 0,
        worksAway: true,
        phone: `138000010${String(i).padStart(2, "0")}`,
        workCity: '广东省"东莞"市',
        birthYear: 1980 + i,
        createdAt: at,
        updatedAt: at,
      });
      const jsonIds = await insertRowsReturningIds(tx, "Guardian", Array.from({ length: 600 }, (_, i) => guardian(i)), ["name", "phone"]);
      const valuesIds = await insertRowsReturningIds(tx, "Guardian", Array.from({ length: 120 }, (_, i) => guardian(i)), ["name", "phone"], "values");
      await insertRows(tx, "AuditLog", [{ at, actorType: "CLI", actorId: null, action: "test", entity: "Guardian", entityId: String(jsonIds[0]), detail: '{"a":"\\"x\\""}' }]);
      return { jsonIds, valuesIds, all: await tx.guardian.findMany({ orderBy: { id: "asc" } }), audit: await tx.auditLog.findFirstOrThrow() };
    });
    expect(rows.jsonIds).toEqual(rows.all.slice(0, 600).map((g) => g.id));
    expect(rows.valuesIds).toEqual(rows.all.slice(600).map((g) => g.id));
    const strip = ({ id: _id, ...g }: (typeof rows.all)[number]) => g;
    expect(rows.all.slice(600).map(strip)).toEqual(rows.all.slice(0, 120).map(strip));
    expect(strip(rows.all[3]!)).toEqual({
      schoolId: rows.all[3]!.schoolId,
      name: "李𠀀",
      relation: "FATHER",
      relationLabel: "继父",
      isCaregiver: true,
      worksAway: true,
      phone: "13800001003",
      workCity: '广东省"东莞"市',
      employer: null,
      birthYear: 1983,
      age: null,
      occupation: null,
      address: null,
      health: null,
      createdAt: at,
      updatedAt: at,
    });
    expect(rows.audit).toMatchObject({ at, actorId: null, detail: '{"a":"\\"x\\""}' });
  });
});
