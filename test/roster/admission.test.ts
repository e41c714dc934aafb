import { afterEach, describe, expect, it } from "vitest";
import { withTx } from "../../src/db/client.ts";
import { ensureDuties } from "../../src/domain/talks/duties.ts";
import { periodFromKey } from "../../src/lib/talk-period.ts";
import { importFile, givenSchool, tempDir, writeXlsx, type RosterWorld } from "./helpers.ts";

let world: RosterWorld | undefined;
afterEach(async () => {
  await world?.db.$disconnect();
  world = undefined;
});

const HEADER = ["班级", "学号", "姓名", "留守类型", "母亲姓名", "母亲务工地点", "入学日期"];

describe("roster: 入学日期 (admission) decides the first talk period", () => {
  it("stores the admission date as Asia/Shanghai midnight; an empty cell keeps the file's creation", async () => {
    world = await givenSchool(undefined, { talkFirstPeriod: "next" });
    const path = await writeXlsx(tempDir(), "admission.xlsx", [
      HEADER,
      ["三年级1班", "A01", "早入学", "母亲外出", "母一", "浙江省义乌市", "2024-09-01"],
      ["三年级1班", "A02", "月中转入", "母亲外出", "母二", "浙江省义乌市", "2026年9月15日"],
      ["三年级1班", "A03", "没写日期", "母亲外出", "母三", "浙江省义乌市", null],
    ]);
    const result = await importFile(world, path);
    expect(result.applied).not.toBeNull();
    const rows = await withTx(world.db, (tx) => tx.student.findMany({ select: { name: true, admittedAt: true }, orderBy: { studentNo: "asc" } }));
    expect(rows).toEqual([
      { name: "早入学", admittedAt: new Date("2024-09-01T00:00:00+08:00") },
      { name: "月中转入", admittedAt: new Date("2026-09-15T00:00:00+08:00") },
      { name: "没写日期", admittedAt: null },
    ]);
    // TALK_FIRST_PERIOD=next: September 2026 is owed only by the child admitted before it; the file
    // created on 2026-09-01 10:00 (no date) counts from its creation, mid-month too.
    const w = world;
    await withTx(w.db, (tx) => ensureDuties(w.deps(tx), { period: periodFromKey("2026-09")! }));
    const duties = await withTx(w.db, (tx) => tx.talkDuty.findMany({ select: { student: { select: { name: true } } } }));
    expect(duties.map((d) => d.student.name)).toEqual(["早入学"]);
  });
});
