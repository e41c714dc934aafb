import { TestWorld } from "../helpers/world.ts";

/** Scenario helpers for the talk-logging tests (test/talks/log*.test.ts). */
export class TalkScenario {
  constructor(readonly w: TestWorld) {}

  /** The demo world with `bound` people bound, the clock then set to `at` (Asia/Shanghai ISO). */
  static async create(at: string, ...bound: string[]): Promise<TalkScenario> {
    const w = await TestWorld.create();
    for (const label of bound) await w.givenBound(label);
    await w.sim.setClock(new Date(at));
    return new TalkScenario(w);
  }

  /** What `label` alone received after sending `text`. */
  async say(label: string, text: string): Promise<string[]> {
    return TestWorld.textsTo(await this.w.say(label, text), label);
  }

  async studentId(name: string): Promise<number> {
    return (await this.w.query((tx) => tx.student.findFirstOrThrow({ where: { name }, orderBy: { id: "asc" } }))).id;
  }

  async staffId(name: string): Promise<number> {
    return (await this.w.query((tx) => tx.staff.findFirstOrThrow({ where: { name } }))).id;
  }

  /** Every TalkRecord, oldest first. */
  talks() {
    return this.w.query((tx) => tx.talkRecord.findMany({ orderBy: { id: "asc" } }));
  }

  duty(studentId: number, period: string) {
    return this.w.query((tx) => tx.talkDuty.findUnique({ where: { studentId_period: { studentId, period } } }));
  }

  pending() {
    return this.w.query((tx) => tx.pendingAction.findMany());
  }
}

/** The reply after a talk is logged, as talkText.logged builds it. */
export function loggedText(o: { time: string; teacher: string; child: string; cls?: string; content: string; state?: string; followUp?: string; watched?: boolean; earlier?: string; due?: string | null }): string {
  return [
    "已记录谈心。",
    "【谈心记录卡】",
    `时间：${o.time}`,
    `谈心教师：${o.teacher}`,
    `学生：${o.child}（${o.cls ?? "三年级1班"}）`,
    `谈心内容：${o.content}`,
    `状态/效果：${o.state ?? "未填写"}`,
    `后续跟进：${o.followUp ?? "无"}`,
    ...(o.watched ? [`已把${o.child}列入重点关注名单（发送“关注名单”查看）。`] : []),
    ...(o.earlier ? [o.earlier] : []),
    ...(o.due === null ? [] : [o.due ?? "本月还需谈心：9 人"]),
  ].join("\n");
}
