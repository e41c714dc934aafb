import { domainSettings } from "../../src/config.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { recountTalkDuty } from "../../src/domain/talks/duties.ts";
import { periodOf } from "../../src/lib/talk-period.ts";
import type { Deps } from "../../src/domain/deps.ts";
import type { Tx } from "../../src/db/client.ts";
import { TestWorld } from "../helpers/world.ts";

export const at = (iso: string): Date => new Date(iso);

/** Domain deps on the world's database, clock and settings, for a scenario step done without chat. */
export function depsOf(w: TestWorld, tx: Tx): Deps {
  return { db: tx, clock: w.clock, logger: silentLogger(), settings: domainSettings(w.config) };
}

/** Ids of the demo children named, in that order. */
export async function idsOf(w: TestWorld, names: string[]): Promise<number[]> {
  const rows = await w.query((tx) => tx.student.findMany({ where: { name: { in: names } }, select: { id: true, name: true } }));
  return names.map((n) => rows.find((r) => r.name === n)!.id);
}

/**
 * The homeroom teacher has talked with each child named at `when` (what logging a talk writes:
 * a TalkRecord and the recount of the child's duty), without going through the chat form.
 */
export async function givenTalked(w: TestWorld, names: string[], when: string): Promise<void> {
  const talkedAt = at(when);
  const period = periodOf(domainSettings(w.config).talkPeriod, talkedAt).key;
  await w.query(async (tx) => {
    for (const name of names) {
      const s = await tx.student.findFirstOrThrow({ where: { name }, select: { id: true, schoolId: true, classId: true, class: { select: { homeroomTeacherId: true } } } });
      await tx.talkRecord.create({ data: { schoolId: s.schoolId, studentId: s.id, classId: s.classId, teacherId: s.class.homeroomTeacherId!, talkedAt, period, content: "聊了学习和生活", createdAt: talkedAt } });
      await recountTalkDuty(depsOf(w, tx), { studentId: s.id, periodKey: period });
    }
  });
}

/** The demo's 三年级1班 children, in student-number order (李春梅's class). */
export const CLASS3 = ["张小明", "李娜", "王浩然", "刘欣怡", "陈宇轩", "杨梓涵", "赵子豪", "黄诗琪", "周俊杰", "吴雨桐"];

/** The numbered lines of a digest listing `names` of 三年级1班. */
export const numbered = (names: string[], cls = "三年级1班"): string => names.map((n, i) => `${i + 1}. ${n}（${cls}）`).join("\n");

/** The two closing lines every digest of a month ends with. */
export const DIGEST_TAIL = (first: string) => `谈完后发送：谈心 ${first} <谈话内容>，或回复“已谈 1”按编号填写记录。\n暂缓提醒：稍后 <学生> <天数>；整月不在校：免谈 <学生> <原因>`;
