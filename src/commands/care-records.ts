/**
 * 日记 (growth diary) and 走访 (home visit) for staff with the child in scope: issue #6 point 5.
 * Both take an optional leading past date (`走访 张小明 昨天 …`). Without content, 日记 asks for
 * the text and 走访 asks one question at a time (见到了谁 / 家庭情况 / 监护人意见 / 后续跟进);
 * while a form is open every message is its answer (a visit's text may well start with a
 * command word such as 近况), `取消` ends it (router), and it expires after PENDING_ACTION_TTL_MIN
 * of silence (a PendingAction row: it survives a restart).
 */
import { z } from "zod";
import { addDiaryEntry } from "../domain/care/diary.ts";
import { parseVisitText, recordHomeVisit, visitValue, VISIT_FIELDS, type VisitParts } from "../domain/care/visits.ts";
import { getChildInScope } from "../domain/care/common.ts";
import type { StaffBinding } from "../domain/identities.ts";
import { diaryText, inactiveText, visitText } from "../messages/care.ts";
import { STAFF, type CommandContext, type CommandModule, type CommandSpec } from "../router/types.ts";
import { splitTarget } from "./updates.ts";
import { leadingDay, careStep, withChild, type ChildOp } from "./care-common.ts";
import { commandIn } from "./talks.ts";
import type { CommandRegistry } from "../router/registry.ts";

const DIARY_TEXT = "care.diary-text";
const VISIT_FORM = "care.visit-form";
const diaryPayload = z.object({ studentId: z.number().int(), day: z.string() });
const nullableText = z.string().nullable();
const visitPayload = z.object({
  studentId: z.number().int(),
  day: z.string(),
  parts: z.object({ metWith: nullableText, situation: nullableText, guardianViews: nullableText, followUp: nullableText }),
  ask: z.array(z.enum(VISIT_FIELDS)).min(1),
});

async function writeDiary(ctx: CommandContext, staff: StaffBinding, studentId: number, day: string, content: string): Promise<void> {
  const r = await addDiaryEntry(ctx.deps, { staff, studentId, content, day });
  ctx.reply(r.kind === "inactive" ? inactiveText(r.child) : diaryText.added(r.child, r.day));
}

const DIARY: ChildOp = {
  name: "diary",
  command: "日记",
  async run(ctx, staff, studentId, rest) {
    const dated = leadingDay(ctx, String(rest.text ?? ""));
    if (!dated) return;
    if (dated.rest) return writeDiary(ctx, staff, studentId, dated.day, dated.rest);
    const child = await getChildInScope(ctx.deps, staff, studentId);
    if (child.status !== "ACTIVE") return ctx.reply(inactiveText(child));
    await ctx.setPending(DIARY_TEXT, { studentId, day: dated.day });
    ctx.reply(diaryText.ask(child));
  },
};

async function saveVisit(ctx: CommandContext, staff: StaffBinding, studentId: number, day: string, parts: VisitParts): Promise<void> {
  const r = await recordHomeVisit(ctx.deps, { staff, studentId, day, parts });
  ctx.reply(r.kind === "inactive" ? inactiveText(r.child) : visitText.added(r.child, day, r.parts));
}

const VISIT: ChildOp = {
  name: "visit",
  command: "走访",
  async run(ctx, staff, studentId, rest) {
    const dated = leadingDay(ctx, String(rest.text ?? ""));
    if (!dated) return;
    const parts: VisitParts = dated.rest ? parseVisitText(dated.rest) : { metWith: null, situation: null, guardianViews: null, followUp: null };
    if (parts.situation) return saveVisit(ctx, staff, studentId, dated.day, parts);
    const child = await getChildInScope(ctx.deps, staff, studentId);
    if (child.status !== "ACTIVE") return ctx.reply(inactiveText(child));
    // No text: the whole form. Labelled parts without the situation: only the situation is asked.
    const ask = dated.rest ? (["situation"] as const) : VISIT_FIELDS;
    await ctx.setPending(VISIT_FORM, { studentId, day: dated.day, parts, ask });
    ctx.reply(visitText.start(child, dated.day, visitText.questions[ask[0]]));
  },
};

/** The child steps of this file, for the shared choice handler (commands/care.ts). */
export const recordOps: ChildOp[] = [DIARY, VISIT];

const commands: CommandSpec[] = [
  {
    name: "日记",
    aliases: ["成长日记", "写日记"],
    roles: STAFF,
    privateOnly: true,
    usage: "日记 <学生> [日期] [内容]",
    summary: "为结对的孩子写成长日记",
    example: "日记 张小明 这周主动举手回答问题，笑容多了",
    detail: "结对老师、任教老师和负责人都可以写。内容前可写日期（昨天、上周五、12月28日），不写就是今天。只写姓名，我会请您发送内容。日记只有老师能看到，家长看不到。",
    async run(ctx) {
      const { target, content } = splitTarget(ctx.args);
      if (!target) return ctx.reply(diaryText.usage);
      return withChild(ctx, ctx.sender.staff!, DIARY, target, { text: content });
    },
  },
  {
    name: "走访",
    aliases: ["家访", "记录走访"],
    roles: STAFF,
    privateOnly: true,
    usage: "走访 <学生> [日期] [内容]",
    summary: "记录家访：见到了谁、家庭情况、监护人意见、后续跟进",
    example: "走访 张小明 见到：奶奶 情况：家里整洁，作业按时完成 意见：希望多和父母视频 跟进：下月再访",
    detail:
      "内容可以分项写：见到：… 情况：… 意见：… 跟进：…（冒号全角半角都可以）；不分项就全部记为家庭情况。内容前可写日期（昨天、12月28日），不写就是今天。只写“走访 张小明”，我会一项一项问您，随时发送“取消”放弃。走访记录只有老师能看到。",
    async run(ctx) {
      const { target, content } = splitTarget(ctx.args);
      if (!target) return ctx.reply(visitText.usage);
      return withChild(ctx, ctx.sender.staff!, VISIT, target, { text: content });
    },
  },
];

/**
 * Diary and visit commands with their forms. A command typed while a form waits (the word
 * alone or followed by a space, e.g. `谈心 李娜 …`, `帮助`) runs as usual and the form stays
 * open: it is never stored as the answer. `registry` is read lazily.
 */
export function recordsModule(registry: () => CommandRegistry): CommandModule {
  return {
    commands,
    pending: {
      async [DIARY_TEXT](ctx, payload) {
        if (commandIn(registry(), ctx.args)) return "not-mine";
        const { studentId, day } = diaryPayload.parse(payload);
        return careStep(ctx, "日记", async (staff) => {
          await writeDiary(ctx, staff, studentId, day, ctx.args);
          return "done";
        });
      },
      async [VISIT_FORM](ctx, payload) {
        if (commandIn(registry(), ctx.args)) return "not-mine";
        const p = visitPayload.parse(payload);
        return careStep(ctx, "走访", async (staff) => {
          const [field, ...ask] = p.ask;
          const value = visitValue(ctx.args, field !== "situation");
          if (field === "situation" && !value) {
            await ctx.setPending(VISIT_FORM, p);
            ctx.reply(visitText.questions.situation);
            return "done";
          }
          const parts = { ...p.parts, [field!]: value };
          if (ask.length === 0) {
            await saveVisit(ctx, staff, p.studentId, p.day, parts);
            return "done";
          }
          await ctx.setPending(VISIT_FORM, { ...p, parts, ask });
          ctx.reply(visitText.questions[ask[0]!]);
          return "done";
        });
      },
    },
  };
}
