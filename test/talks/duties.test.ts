import { afterEach, describe, expect, it } from "vitest";
import { withTx, type Db, type Tx } from "../../src/db/client.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { defaultDomainSettings, type Deps, type DomainSettings } from "../../src/domain/deps.ts";
import { ensureDuties, recountTalkDuty } from "../../src/domain/talks/duties.ts";
import { periodFromKey, periodOf } from "../../src/lib/talk-period.ts";
import { freshDb } from "../helpers/db.ts";

let db: Db;
afterEach(async () => db?.$disconnect());
const at = (iso: string) => new Date(iso);

/** A school with two classes (homeroom 甲老师, 乙老师) and children admitted at the given instants. */
async function givenSchool(children: { name: string; cls: 0 | 1; admittedAt?: string }[]) {
  ({ db } = await freshDb());
  const now = at("2026-11-01T09:00:00+08:00");
  return withTx(db, async (tx) => {
    const school = await tx.school.create({ data: { name: "测试小学", createdAt: now } });
    const staff = await Promise.all(["甲老师", "乙老师", "丙老师"].map((name) => tx.staff.create({ data: { schoolId: school.id, name, role: "TEACHER", createdAt: now } })));
    const classes = await Promise.all([0, 1].map((i) => tx.class.create({ data: { schoolId: school.id, name: `三年级${i + 1}班`, grade: 3, homeroomTeacherId: staff[i]!.id, createdAt: now } })));
    const ids: Record<string, number> = {};
    for (const c of children) {
      const s = await tx.student.create({ data: { schoolId: school.id, classId: classes[c.cls]!.id, name: c.name, leftBehindType: "BOTH_AWAY", admittedAt: c.admittedAt ? at(c.admittedAt) : null, createdAt: now, updatedAt: now } });
      ids[c.name] = s.id;
    }
    return { schoolId: school.id, staff: staff.map((s) => s.id), classes: classes.map((c) => c.id), ids };
  });
}

function run<T>(clockAt: string, settings: Partial<DomainSettings>, fn: (deps: Deps, tx: Tx) => Promise<T>): Promise<T> {
  const clock = new ManualClock(clockAt);
  return withTx(db, (tx) => fn({ db: tx, clock, logger: silentLogger(), settings: { ...defaultDomainSettings, ...settings } }, tx));
}

const duties = (period: string) => withTx(db, (tx) => tx.talkDuty.findMany({ where: { period }, orderBy: { studentId: "asc" }, select: { studentId: true, classId: true, teacherId: true, status: true, done: true, required: true } }));

describe("talk duties: who owes a talk in which period", () => {
  it("a child admitted mid-month owes that month (TALK_FIRST_PERIOD=admission) or from the next (=next)", async () => {
    const s = await givenSchool([{ name: "早到", cls: 0, admittedAt: "2026-11-20T00:00:00+08:00" }, { name: "月中", cls: 0, admittedAt: "2026-12-15T00:00:00+08:00" }, { name: "下月", cls: 0, admittedAt: "2027-01-04T00:00:00+08:00" }]);
    const dec = periodFromKey("2026-12")!;
    expect(await run("2026-12-16T08:00:00+08:00", { talkFirstPeriod: "admission" }, (d) => ensureDuties(d, { period: dec }))).toEqual({ created: 2, moved: 0, dropped: 0 });
    expect((await duties("2026-12")).map((d) => d.studentId)).toEqual([s.ids["早到"], s.ids["月中"]]);

    // =next: the mid-December child's duty (DUE, no talk yet) is dropped; 早到 (November) stays.
    expect(await run("2026-12-16T09:00:00+08:00", { talkFirstPeriod: "next" }, (d) => ensureDuties(d, { period: dec }))).toEqual({ created: 0, moved: 0, dropped: 1 });
    expect((await duties("2026-12")).map((d) => d.studentId)).toEqual([s.ids["早到"]]);
    expect(await run("2027-01-04T08:00:00+08:00", { talkFirstPeriod: "next" }, (d) => ensureDuties(d, { period: periodFromKey("2027-01")! }))).toEqual({ created: 2, moved: 0, dropped: 0 });
    expect((await duties("2027-01")).map((d) => d.studentId)).toEqual([s.ids["早到"], s.ids["月中"]]);
  });

  it("a child who left is dropped (a DONE duty stays); a child who changed class, or whose class changed teacher, follows", async () => {
    const s = await givenSchool([{ name: "转走", cls: 0 }, { name: "谈过", cls: 0 }, { name: "换班", cls: 0 }, { name: "留下", cls: 1 }]);
    const dec = periodFromKey("2026-12")!;
    await withTx(db, (tx) => tx.talkRecord.create({ data: { schoolId: s.schoolId, studentId: s.ids["谈过"]!, classId: s.classes[0]!, teacherId: s.staff[0]!, talkedAt: at("2026-12-01T10:00:00+08:00"), period: "2026-12", content: "聊学习", createdAt: at("2026-12-01T10:00:00+08:00") } }));
    expect(await run("2026-12-02T08:00:00+08:00", {}, (d) => ensureDuties(d, { period: dec }))).toEqual({ created: 4, moved: 0, dropped: 0 });
    expect((await duties("2026-12")).map((d) => [d.status, d.done])).toEqual([["DUE", 0], ["DONE", 1], ["DUE", 0], ["DUE", 0]]);

    await withTx(db, async (tx) => {
      await tx.student.updateMany({ where: { id: { in: [s.ids["转走"]!, s.ids["谈过"]!] } }, data: { status: "TRANSFERRED" } });
      await tx.student.update({ where: { id: s.ids["换班"] }, data: { classId: s.classes[1]! } });
      await tx.class.update({ where: { id: s.classes[1] }, data: { homeroomTeacherId: s.staff[2]! } });
    });
    expect(await run("2026-12-03T08:00:00+08:00", {}, (d) => ensureDuties(d, { period: dec }))).toEqual({ created: 0, moved: 2, dropped: 1 });
    expect(await duties("2026-12")).toEqual([
      { studentId: s.ids["谈过"], classId: s.classes[0], teacherId: s.staff[0], status: "DONE", done: 1, required: 1 },
      { studentId: s.ids["换班"], classId: s.classes[1], teacherId: s.staff[2], status: "DUE", done: 0, required: 1 },
      { studentId: s.ids["留下"], classId: s.classes[1], teacherId: s.staff[2], status: "DUE", done: 0, required: 1 },
    ]);
    expect(await run("2026-12-03T09:00:00+08:00", {}, (d) => ensureDuties(d, { period: dec }))).toEqual({ created: 0, moved: 0, dropped: 0 });
  });

  it("weekly cadence with TALK_REQUIRED=3: ISO-week keys, talks counted, DONE at the third", async () => {
    const s = await givenSchool([{ name: "小周", cls: 0 }, { name: "小王", cls: 1 }]);
    const settings = { talkPeriod: "week" as const, talkRequired: 3 };
    const week = periodOf("week", at("2026-12-02T08:00:00+08:00"));
    expect(week.key).toBe("2026-W49");
    const talk = (name: string, day: string) =>
      withTx(db, (tx) => tx.talkRecord.create({ data: { schoolId: s.schoolId, studentId: s.ids[name]!, classId: s.classes[0]!, teacherId: s.staff[0]!, talkedAt: at(`${day}T10:00:00+08:00`), period: "2026-W49", content: "谈心", createdAt: at(`${day}T10:00:00+08:00`) } }));
    for (const day of ["2026-11-30", "2026-12-01", "2026-12-02"]) await talk("小王", day);
    await talk("小周", "2026-11-30");
    expect(await run("2026-12-02T08:00:00+08:00", settings, (d) => ensureDuties(d, { period: week }))).toEqual({ created: 2, moved: 0, dropped: 0 });
    expect((await duties("2026-W49")).map((d) => [d.status, d.done, d.required])).toEqual([["DUE", 1, 3], ["DONE", 3, 3]]);
    await talk("小周", "2026-12-02");
    expect(await run("2026-12-02T12:00:00+08:00", settings, (d) => recountTalkDuty(d, { studentId: s.ids["小周"]!, periodKey: "2026-W49" }))).toBe("DUE");
    await talk("小周", "2026-12-03");
    expect(await run("2026-12-03T12:00:00+08:00", settings, (d) => recountTalkDuty(d, { studentId: s.ids["小周"]!, periodKey: "2026-W49" }))).toBe("DONE");
    expect((await duties("2026-W49")).map((d) => [d.status, d.done])).toEqual([["DONE", 3], ["DONE", 3]]);
    // The next week starts from zero.
    expect(await run("2026-12-07T08:00:00+08:00", settings, (d) => ensureDuties(d, { period: periodOf("week", d.clock.now()) }))).toEqual({ created: 2, moved: 0, dropped: 0 });
    expect((await duties("2026-W50")).map((d) => [d.status, d.done])).toEqual([["DUE", 0], ["DUE", 0]]);
  });
});
