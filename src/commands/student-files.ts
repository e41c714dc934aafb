import { z } from "zod";
import { findStudentsInScope, getCoverage, getStudentCard, getStudentFile, scopeOf, seesFullPhones, type StudentMatch } from "../domain/students.ts";
import { getOwnInfo, updateOwnPhone, updateOwnWorkCity } from "../domain/guardian-self.ts";
import { formatRate } from "../domain/coverage.ts";
import { fileReunions } from "../domain/reunions/views.ts";
import { fileReunionLine } from "../messages/reunion-records.ts";
import { DomainError } from "../domain/errors.ts";
import { bindText, contactCardText, coverageText, ownInfoText, selfUpdateText, studentFileText, studentLookupText } from "../messages/zh.ts";
import { STAFF, type CommandContext, type CommandModule } from "../router/types.ts";

const CHOOSE_STUDENT = "students.choose-student";
type View = "file" | "card";
const COMMAND_OF: Record<View, string> = { file: "档案", card: "联系卡" };
const choosePayload = z.object({ view: z.enum(["file", "card"]), choices: z.array(z.object({ id: z.number().int() })) });

/** Replies with the file or card of `studentId`, scope checked again (the domain throws NOT_FOUND outside it). */
async function show(ctx: CommandContext, view: View, studentId: number): Promise<void> {
  const staff = ctx.sender.staff!;
  const scope = scopeOf(staff);
  const full = seesFullPhones(ctx.deps, staff);
  if (view === "file") {
    const text = studentFileText(await getStudentFile(ctx.deps, { scope, studentId }), full);
    const reunions = await fileReunions(ctx.deps, studentId); // after the scope check above
    ctx.reply(reunions ? `${text}\n${fileReunionLine(reunions)}` : text);
  } else ctx.reply(contactCardText(await getStudentCard(ctx.deps, { scope, studentId }), full));
}

/** 档案 / 联系卡 <姓名或学号>: one match is shown, several are offered by number, none is told how to write it. */
async function lookup(ctx: CommandContext, view: View): Promise<void> {
  const command = COMMAND_OF[view];
  if (!ctx.args) return ctx.reply(studentLookupText.usage(command));
  const staff = ctx.sender.staff!;
  const scope = scopeOf(staff);
  const found: StudentMatch[] = await findStudentsInScope(ctx.deps, { scope, query: ctx.args });
  if (found.length === 0) return ctx.reply(studentLookupText.notFound(command, ctx.args, scope.teacherId === null));
  if (found.length === 1) return show(ctx, view, found[0]!.id);
  await ctx.setPending(CHOOSE_STUDENT, { view, choices: found.map((s) => ({ id: s.id })) });
  ctx.reply(studentLookupText.choose(found));
}

/** 档案, 联系卡, 建档 (staff, within their scope); 我的信息, 更新电话, 更新工作地 (guardians, their own data). */
export const studentFileCommands: CommandModule = {
  commands: [
    {
      name: "档案",
      aliases: ["查档案", "学生档案"],
      roles: STAFF,
      usage: "档案 <姓名或学号>",
      summary: "查看学生档案",
      example: "档案 张小明",
      detail: "写学生的完整姓名或学号。老师可查看自己任教班级的学生，负责人可查看全校。同名的学生会列出班级和学号供选择。",
      run: (ctx) => lookup(ctx, "file"),
    },
    {
      name: "联系卡",
      aliases: ["查联系卡"],
      roles: STAFF,
      usage: "联系卡 <姓名或学号>",
      summary: "查看学生的联系卡（家长电话、务工地、监护人）",
      example: "联系卡 张小明",
      detail: "列出父母和监护人的电话、务工地点、是否已绑定微信，以及班主任和缺少的信息。老师看到的电话中间几位会隐藏。",
      run: (ctx) => lookup(ctx, "card"),
    },
    {
      name: "建档",
      aliases: ["建档率", "建档情况"],
      roles: STAFF,
      usage: "建档",
      summary: "查看建档率、联系卡完整率和绑定率",
      example: "建档",
      detail: "负责人看全校，老师看自己任教的班级；列出各班数字和缺少信息的学生（最多 10 名）。",
      async run(ctx) {
        const scope = scopeOf(ctx.sender.staff!);
        ctx.reply(coverageText(await getCoverage(ctx.deps, scope), formatRate, scope.teacherId === null));
      },
    },
    {
      name: "我的信息",
      aliases: ["我的资料"],
      roles: ["guardian"],
      usage: "我的信息",
      summary: "查看学校登记的您和孩子的信息",
      example: "我的信息",
      async run(ctx) {
        ctx.reply(ownInfoText(await getOwnInfo(ctx.deps, { contactId: ctx.incoming.contactId })));
      },
    },
    {
      name: "更新电话",
      aliases: ["修改电话", "更改电话", "更新手机号", "修改手机号"],
      roles: ["guardian"],
      usage: "更新电话 <号码>",
      summary: "更正学校登记的您的电话",
      example: "更新电话 13812345678",
      detail: "写 11 位手机号或带区号的座机号。更新后会告诉孩子的班主任。",
      async run(ctx) {
        if (!ctx.args) return ctx.reply(selfUpdateText.phoneInvalid);
        const r = await updateOwnPhone(ctx.deps, { contactId: ctx.incoming.contactId, raw: ctx.args, requestId: ctx.incoming.messageId });
        if (r.status === "INVALID") return ctx.reply(selfUpdateText.phoneInvalid);
        ctx.reply(r.status === "UPDATED" ? selfUpdateText.phoneUpdated(r.phone!, r.teachers) : selfUpdateText.phoneUnchanged(r.phone!));
      },
    },
    {
      name: "更新工作地",
      aliases: ["更新工作地点", "修改工作地", "更新务工地", "修改务工地", "更新务工地点"],
      roles: ["guardian"],
      usage: "更新工作地 <城市>",
      summary: "更正您外出务工的地方（回家了就写“在家”）",
      example: "更新工作地 浙江省杭州市",
      detail: "写省和市，在国外的写国家和城市；已经回家或在本地做事的，请发送：更新工作地 在家。更新后会告诉孩子的班主任。",
      async run(ctx) {
        if (!ctx.args) return ctx.reply(selfUpdateText.cityInvalid);
        const r = await updateOwnWorkCity(ctx.deps, { contactId: ctx.incoming.contactId, raw: ctx.args, requestId: ctx.incoming.messageId });
        if (r.status === "INVALID") return ctx.reply(selfUpdateText.cityInvalid);
        if (r.status === "UNCHANGED") return ctx.reply(selfUpdateText.unchanged);
        ctx.reply(r.atHome ? selfUpdateText.homeUpdated(r.teachers) : selfUpdateText.cityUpdated(r.city!, r.teachers));
      },
    },
  ],
  pending: {
    async [CHOOSE_STUDENT](ctx, payload) {
      const { view, choices } = choosePayload.parse(payload);
      if (!ctx.sender.staff) {
        ctx.reply(bindText.choiceGone);
        return "done";
      }
      const n = Number(ctx.args.normalize("NFKC").trim());
      if (!Number.isInteger(n) || n < 1 || n > choices.length) return "not-mine";
      try {
        await show(ctx, view, choices[n - 1]!.id);
      } catch (err) {
        // Moved out of the sender's scope since the list was offered: the usual not-found words.
        if (!(err instanceof DomainError && err.code === "NOT_FOUND")) throw err;
        ctx.reply(studentLookupText.gone(COMMAND_OF[view]));
      }
      return "done";
    },
  },
};
