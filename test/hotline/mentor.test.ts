import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";

let w: TestWorld;
afterEach(async () => w?.close());

/** Pairs demo staff `mentor` with child `child` directly in the database (what 结对 writes). */
async function pair(mentor: string, child: string): Promise<void> {
  await w.query(async (tx) => {
    const staff = await tx.staff.findFirstOrThrow({ where: { name: mentor } });
    const student = await tx.student.findFirstOrThrow({ where: { name: child } });
    await tx.pairing.create({ data: { schoolId: student.schoolId, staffId: staff.id, studentId: student.id, createdById: staff.id, createdAt: new Date() } });
  });
}

describe("hotline: a mentor teacher stands in for an unbound homeroom teacher", () => {
  it("routes to the bound mentor, who may answer; the coordinator is not needed", async () => {
    w = await TestWorld.create();
    for (const label of ["陈志强", "王建国", "李娜妈妈"]) await w.givenBound(label);
    await pair("陈志强", "李娜");
    const out = await w.say("李娜妈妈", "李娜最近晚上睡不好");
    expect(out.map((l) => l.to)).toEqual(["陈志强", "李娜妈妈"]);
    expect(out[0]!.text).toMatch(/^【亲情电话 #1】李娜（三年级1班）的妈妈王芳（监护人）留言：\n李娜最近晚上睡不好\n/);
    expect(out[1]!.text).toContain("已转给李娜的陈志强老师。");
    const answer = await w.say("陈志强", "回复 1 我明天找她聊聊");
    expect(answer).toEqual([
      { to: "李娜妈妈", text: "【老师回复 #1】陈志强老师（李娜）：\n我明天找她聊聊\n——\n如还有问题，直接在这里回复即可。" },
      { to: "陈志强", text: "已回复 李娜妈妈王芳（#1）。需要结束时发送：关闭 1" },
    ]);
  });

  it("without a pairing the same message goes to the coordinator, and the other teacher cannot answer it", async () => {
    w = await TestWorld.create();
    for (const label of ["陈志强", "王建国", "李娜妈妈"]) await w.givenBound(label);
    const out = await w.say("李娜妈妈", "李娜最近晚上睡不好");
    expect(out.map((l) => l.to)).toEqual(["王建国", "李娜妈妈"]);
    const refused = await w.say("陈志强", "回复 1 我明天找她聊聊");
    expect(refused.map((l) => l.to)).toEqual(["陈志强"]);
    expect(refused[0]!.text).not.toContain("已回复");
  });
});
