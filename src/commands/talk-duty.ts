import { z } from "zod";
import { findMyDueChild, snoozeDuty } from "../domain/talks/snooze.ts";
import { decideExcuse, findExcusableChild, findRequestedChild, requestExcuse } from "../domain/talks/excuse.ts";
import { talkStats } from "../domain/talks/report.ts";
import type { DutyMatch } from "../domain/talks/current.ts";
import { monthKeyFromText, parseSmallNumber, periodFromKey, periodOf } from "../lib/talk-period.ts";
import { shanghaiDateOf } from "../lib/work-calendar.ts";
import { excuseText, periodLabel, snoozeText, statsHelp, statsText } from "../messages/talk-duty.ts";
import { studentLookupText } from "../messages/zh.ts";
import { COORDINATORS, STAFF, type CommandContext, type CommandModule } from "../router/types.ts";
import type { CommandRegistry } from "../router/registry.ts";

const CHOOSE = "talk-duty.choose";
/** A hidden guardians' command: staff-only words a parent may start a sentence with (请假, 稍后) are filed as a family message. */
const FAMILY_MESSAGE = "给老师留言";
const toFamilyMessage = { command: FAMILY_MESSAGE, when: () => true };
type Action = "snooze" | "excuse" | "approve" | "reject";
const choosePayload = z.object({ action: z.enum(["snooze", "excuse", "approve", "reject"]), choices: z.array(z.object({ id: z.number().int() })), arg: z.union([z.string(), z.number()]) });

/** Runs `action` on duty `dutyId` with its argument (days, reason) and replies. */
async function act(ctx: CommandContext, action: Action, dutyId: number, arg: string | number): Promise<void> {
  const staff = ctx.sender.staff!;
  if (action === "snooze") {
    const r = await snoozeDuty(ctx.deps, staff, dutyId, Number(arg));
    return ctx.reply(r.ok ? snoozeText.done(r.name, r.days, r.until, r.period) : snoozeText.tooLate(r.name, r.maxDays, r.period));
  }
  if (action === "excuse") {
    const r = await requestExcuse(ctx.deps, staff, dutyId, String(arg));
    if (r.kind === "already-requested") return ctx.reply(excuseText.alreadyRequested(r.name));
    return ctx.reply(r.kind === "requested" ? excuseText.requested(r.name, r.reason, r.coordinatorsTold) : excuseText.excused(r.name, r.className, r.period, r.reason));
  }
  const approve = action === "approve";
  const r = await decideExcuse(ctx.deps, staff, { dutyId, approve, reason: String(arg) });
  ctx.reply(approve ? excuseText.approved(r.name, r.period, r.teacherTold) : excuseText.rejected(r.name, r.teacherTold));
}

/** One match: act on it; several: a numbered choice; none: `none` is the reply. */
async function pick(ctx: CommandContext, matches: DutyMatch[], action: Action, arg: string | number, none: string): Promise<void> {
  if (matches.length === 0) return ctx.reply(none);
  if (matches.length === 1) return act(ctx, action, matches[0]!.dutyId, arg);
  await ctx.setPending(CHOOSE, { action, choices: matches.map((m) => ({ id: m.dutyId })), arg });
  ctx.reply(studentLookupText.choose(matches.map((m) => ({ ...m, status: "ACTIVE" as const }))));
}

/** `稍后 张小明 3`: the days are the last word (`3`, `3天`, `三`); refused before any lookup when not a whole number >= 1. */
async function snooze(ctx: CommandContext): Promise<void> {
  if (ctx.argv.length < 2) return ctx.reply(snoozeText.help());
  const dayWord = ctx.argv.at(-1)!;
  const days = parseDays(dayWord);
  if (days === null) return ctx.reply(snoozeText.help(dayWord));
  const query = ctx.argv.slice(0, -1).join(" ");
  const { period, matches } = await findMyDueChild(ctx.deps, ctx.sender.staff!, query);
  await pick(ctx, matches, "snooze", days, snoozeText.notInList(query, period));
}

/** A snooze length: a whole number of days >= 1, Chinese numerals allowed; null otherwise. */
function parseDays(word: string): number | null {
  const n = parseSmallNumber(word.replace(/天$/u, ""));
  return n !== null && n >= 1 ? n : null;
}

async function excuse(ctx: CommandContext): Promise<void> {
  const [query, ...rest] = ctx.argv;
  const reason = rest.join(" ").trim();
  if (!query || !reason) return ctx.reply(excuseText.help(ctx.incoming.text.trim().startsWith("请假") ? "请假" : "免谈"));
  const staff = ctx.sender.staff!;
  const { period, matches } = await findExcusableChild(ctx.deps, staff, query);
  await pick(ctx, matches, "excuse", reason, excuseText.notInList(query, period, staff.role !== "TEACHER"));
}

async function decide(ctx: CommandContext, approve: boolean): Promise<void> {
  const [query, ...rest] = ctx.argv;
  if (!query) return ctx.reply(`用法：${approve ? "同意免谈 <学生>" : "不同意免谈 <学生> [原因]"}`);
  const matches = await findRequestedChild(ctx.deps, ctx.sender.staff!, query);
  await pick(ctx, matches, approve ? "approve" : "reject", rest.join(" ").trim(), excuseText.noRequest(query));
}

async function stats(ctx: CommandContext): Promise<void> {
  const staff = ctx.sender.staff!;
  const now = ctx.deps.clock.now();
  const key = monthKeyFromText(ctx.args, shanghaiDateOf(now));
  const month = key ? periodFromKey(key) : null;
  if (!key || !month) return ctx.reply(statsHelp.badMonth(ctx.args));
  if (key > periodOf("month", now).key) return ctx.reply(statsHelp.future(periodLabel(month)));
  const school = staff.role !== "TEACHER";
  const v = await talkStats(ctx.deps, { schoolId: staff.schoolId, monthKey: key, ...(school ? {} : { teacherId: staff.id }) });
  ctx.reply(statsText(v, school ? "全校" : "您的班级"));
}

/**
 * Talk duties (谈心, issue #6 points 3 and 7): 稍后, 免谈 / 请假, 同意免谈, 不同意免谈, 谈心统计.
 * `registry` hands a parent's 请假 / 稍后 sentence to the family-message fallbacks.
 */
export const talkDutyCommands = (registry: () => CommandRegistry): CommandModule => ({
  commands: [
    {
      name: "稍后",
      privateOnly: true,
      roles: STAFF,
      usage: snoozeText.usage,
      summary: "谈心提醒里暂时不列某个学生，过几天再提醒",
      example: snoozeText.example,
      detail: "天数是 1 以上的整数（也可写 三 这样的汉字）。到期那天起学生重新出现在每日提醒里；不能推迟到本月结束以后。",
      otherwise: toFamilyMessage,
      run: snooze,
    },
    {
      name: "免谈",
      aliases: ["请假"],
      privateOnly: true,
      roles: STAFF,
      usage: excuseText.usage,
      summary: "学生整月不在校（随父母外出、住院等），申请本月免谈心",
      example: "免谈 张小明 随父母外出，整月不在校",
      detail: "班主任提交后由学校负责人审批（同意免谈 / 不同意免谈）；负责人发送则直接免谈。免谈的学生不再出现在谈心提醒里，也不计入应谈。必须写原因。",
      otherwise: toFamilyMessage,
      run: excuse,
    },
    {
      name: "同意免谈",
      privateOnly: true,
      roles: COORDINATORS,
      usage: "同意免谈 <学生>",
      summary: "同意班主任的免谈申请",
      example: "同意免谈 张小明",
      run: (ctx) => decide(ctx, true),
    },
    {
      name: "不同意免谈",
      privateOnly: true,
      roles: COORDINATORS,
      usage: "不同意免谈 <学生> [原因]",
      summary: "不同意班主任的免谈申请（学生仍需谈心）",
      example: "不同意免谈 张小明 下周就回校了",
      run: (ctx) => decide(ctx, false),
    },
    {
      name: "谈心统计",
      aliases: ["谈心情况"],
      roles: STAFF,
      usage: statsHelp.usage,
      summary: "按班级和班主任统计谈心完成情况",
      example: "谈心统计 上月",
      detail: statsHelp.detail,
      run: stats,
    },
    {
      name: FAMILY_MESSAGE,
      hidden: true,
      roles: ["guardian"],
      usage: `${FAMILY_MESSAGE} <内容>`,
      summary: "给老师留言（亲情电话）",
      example: `${FAMILY_MESSAGE} 孩子今天发烧，请假一天`,
      async run(ctx) {
        const text = ctx.incoming.text.trim();
        const whole = { ...ctx, args: text, argv: text.split(/[\s\u3000]+/u) };
        for (const fallback of registry().fallbacks) if (await fallback(whole, null)) return;
      },
    },
  ],
  pending: {
    async [CHOOSE](ctx, payload) {
      const p = choosePayload.parse(payload);
      const n = Number(ctx.args.normalize("NFKC").trim());
      if (!Number.isInteger(n) || n < 1 || n > p.choices.length || !ctx.sender.staff) return "not-mine";
      await act(ctx, p.action, p.choices[n - 1]!.id, p.arg);
      return "done";
    },
  },
});
