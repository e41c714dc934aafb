import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db } from "../db/client.ts";
import { ManualClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { freshDb } from "../../test/helpers/db.ts";
import { defaultDomainSettings } from "./deps.ts";
import { listCodeRecipients } from "./directory.ts";

let db: Db;
afterEach(async () => db?.$disconnect());

describe("listCodeRecipients", () => {
  it("offers a live code for reuse only when it has more than a week left", async () => {
    ({ db } = await freshDb());
    const now = new Date("2026-12-01T01:00:00Z");
    const clock = new ManualClock(now);
    const rows = await withTx(db, async (tx) => {
      const school = await tx.school.create({ data: { name: "S", createdAt: now } });
      const cls = await tx.class.create({ data: { schoolId: school.id, name: "一年级1班", createdAt: now } });
      const st = await tx.student.create({ data: { schoolId: school.id, classId: cls.id, name: "小A", leftBehindType: "BOTH_AWAY", createdAt: now, updatedAt: now } });
      for (const [name, days] of [["甲", 1], ["乙", 20]] as const) {
        const g = await tx.guardian.create({ data: { schoolId: school.id, name, relation: "MOTHER", createdAt: now, updatedAt: now } });
        await tx.studentGuardian.create({ data: { studentId: st.id, guardianId: g.id } });
        await tx.bindingCode.create({ data: { code: `CODE${name === "甲" ? "2222" : "3333"}`, guardianId: g.id, issuedAt: now, expiresAt: new Date(now.getTime() + days * 86_400_000) } });
      }
      return listCodeRecipients({ db: tx, clock, logger: silentLogger(), settings: defaultDomainSettings }, { schoolId: school.id, className: null });
    });
    expect(rows.map((r) => [r.personName, r.liveCode?.code ?? null])).toEqual([
      ["甲", null],
      ["乙", "CODE3333"],
    ]);
  });
});
