/**
 * 结对 / 取消结对 (coordinators), 学习帮手 and 我的结对 (staff): issue #6 point 5. Rules live in
 * domain/care/pairing.ts, buddies.ts and pairing-list.ts.
 */
import { z } from "zod";
import { endPairing, findMentors, pairMentor } from "../domain/care/pairing.ts";
import { addStudyBuddy, findClassmates } from "../domain/care/buddies.ts";
import { listPairings } from "../domain/care/pairing-list.ts";
import { buddyText, inactiveText, myPairsText, pairText } from "../messages/care.ts";
import { COORDINATORS, STAFF, type CommandModule, type CommandSpec } from "../router/types.ts";
import { splitTarget } from "./updates.ts";
import { careStep, childCommand, choiceOf, withChild, type ChildOp } from "./care-common.ts";

const CHOOSE_TEACHER = "care.choose-teacher";
const chooseTeacher = z.object({ choices: z.array(z.object({ id: z.number().int() })), query: z.string() });

const PAIR: ChildOp = {
  name: "pair",
  command: "结对",
  async run(ctx, staff, studentId, rest) {
    const r = await pairMentor(ctx.deps, { coordinator: staff, staffId: Number(rest.staffId), studentId });
    if (r.kind === "inactive") return ctx.reply(inactiveText(r.child));
    if (r.kind === "same") return ctx.reply(pairText.same(r.child, r.mentorName));
    ctx.reply(pairText.paired(r.child, r.mentorName, r.mentorNotified, r.replaced));
  },
};

const UNPAIR: ChildOp = {
  name: "unpair",
  command: "取消结对",
  async run(ctx, staff, studentId) {
    const r = await endPairing(ctx.deps, { coordinator: staff, studentId });
    ctx.reply(r.kind === "none" ? pairText.noPairing(r.child) : pairText.ended(r.child, r.mentorName, r.notified));
  },
};

const BUDDY: ChildOp = {
  name: "buddy",
  command: "学习帮手",
  async run(ctx, staff, studentId, rest) {
    const query = String(rest.query);
    const { child, matches } = await findClassmates(ctx.deps, { staff, studentId, query });
    if (matches.length === 0) return ctx.reply(buddyText.noClassmate(child, query));
    if (matches.length > 1) return ctx.reply(buddyText.chooseClassmate(matches.length));
    const r = await addStudyBuddy(ctx.deps, { staff, studentId, buddyId: matches[0]!.id });
    if (r.kind === "inactive") return ctx.reply(inactiveText(r.child));
    ctx.reply(r.kind === "exists" ? buddyText.exists(r.child, r.buddyName) : buddyText.added(r.child, r.buddyName));
  },
};

/** The child steps of this file, for the shared choice handler (commands/care.ts). */
export const pairingOps: ChildOp[] = [PAIR, UNPAIR, BUDDY];

const commands: CommandSpec[] = [
  {
    name: "结对",
    aliases: ["结对帮扶", "安排结对"],
    roles: COORDINATORS,
    privateOnly: true,
    usage: "结对 <教师> <学生>",
    summary: "安排老师与留守儿童一对一结对帮扶",
    example: "结对 陈志强 张小明",
    detail:
      "先写老师姓名，再写学生姓名或学号。每个孩子同时只有一位结对老师，再次结对会替换原来的老师（两位老师都会收到通知）；一位老师可以结对多个孩子。结对老师可以查看孩子的档案、写成长日记、记录走访。",
    async run(ctx) {
      const staff = ctx.sender.staff!;
      let { target, content } = splitTarget(ctx.args);
      if (!target || !content) return ctx.reply(pairText.usage);
      let mentors = await findMentors(ctx.deps, { schoolId: staff.schoolId, query: target });
      if (mentors.length === 0 && !/\s/u.test(content)) {
        // `结对 张小明 陈志强`: the teacher written second.
        mentors = await findMentors(ctx.deps, { schoolId: staff.schoolId, query: content });
        if (mentors.length > 0) [target, content] = [content, target];
      }
      if (mentors.length === 0) return ctx.reply(pairText.unknownTeacher(target));
      if (mentors.length === 1) return withChild(ctx, staff, PAIR, content, { staffId: mentors[0]!.id });
      await ctx.setPending(CHOOSE_TEACHER, { choices: mentors.map((m) => ({ id: m.id })), query: content });
      ctx.reply(pairText.chooseTeacher(mentors));
    },
  },
  childCommand({ name: "取消结对", aliases: ["解除结对"], roles: COORDINATORS, usage: "取消结对 <学生>", summary: "解除孩子的结对帮扶", example: "取消结对 张小明" }, pairText.unpairUsage, UNPAIR),
  {
    name: "学习帮手",
    aliases: ["学习伙伴"],
    roles: STAFF,
    privateOnly: true,
    usage: "学习帮手 <学生> <同学>",
    summary: "记录帮助孩子学习的同班同学",
    example: "学习帮手 张小明 李娜",
    detail: "学习帮手是孩子的同班同学，写姓名或学号。记录后在“我的结对”里显示。老师可以为自己任教班级和结对的孩子记录。",
    async run(ctx) {
      const { target, content } = splitTarget(ctx.args);
      if (!target || !content) return ctx.reply(buddyText.usage);
      return withChild(ctx, ctx.sender.staff!, BUDDY, target, { query: content });
    },
  },
  {
    name: "我的结对",
    aliases: ["结对名单", "结对情况"],
    roles: STAFF,
    privateOnly: true,
    usage: "我的结对 [全校]",
    summary: "查看结对帮扶的孩子、最近的日记和走访",
    example: "我的结对",
    detail: "老师看自己结对的孩子；负责人自己没有结对的孩子时看全校的结对，有时发送“我的结对 全校”查看全校。",
    async run(ctx) {
      const staff = ctx.sender.staff!;
      const coordinator = staff.role !== "TEACHER";
      if (coordinator && /^全校/u.test(ctx.args)) return ctx.reply(myPairsText.school(await listPairings(ctx.deps, { schoolId: staff.schoolId })));
      const mine = await listPairings(ctx.deps, { schoolId: staff.schoolId, mentorId: staff.id });
      if (coordinator && mine.length === 0) return ctx.reply(myPairsText.school(await listPairings(ctx.deps, { schoolId: staff.schoolId })));
      ctx.reply(myPairsText.mine(mine, coordinator));
    },
  },
];

/** Pairing commands and the teacher choice of `结对`. */
export const pairingModule: CommandModule = {
  commands,
  pending: {
    async [CHOOSE_TEACHER](ctx, payload) {
      const { choices, query } = chooseTeacher.parse(payload);
      return careStep(ctx, "结对", async (staff) => {
        const n = choiceOf(ctx.args, choices.length);
        if (n === null) return "not-mine";
        await withChild(ctx, staff, PAIR, query, { staffId: choices[n]!.id });
        return "done";
      });
    },
  },
};
