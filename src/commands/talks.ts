import { z } from "zod";
import { findStudentsInScope, scopeOf } from "../domain/students.ts";
import { checkTalk, logTalk, type TalkRefusal } from "../domain/talks/log.ts";
import { listTalks, pickFromDigest } from "../domain/talks/log-query.ts";
import { DomainError } from "../domain/errors.ts";
import type { StaffBinding } from "../domain/identities.ts";
import type { TalkMood } from "../generated/prisma/enums.ts";
import { parseLeadingDate } from "../lib/past-date.ts";
import { foldWidth } from "../lib/text.ts";
import { shanghaiDateOf } from "../lib/work-calendar.ts";
import { bindText, studentLookupText } from "../messages/zh.ts";
import { TALK_HELP, talkText } from "../messages/talks.ts";
import type { CommandRegistry, CommandMatch } from "../router/registry.ts";
import { STAFF, type CommandContext, type CommandModule } from "../router/types.ts";
import { splitTarget } from "./updates.ts";

const FORM = "talks.form";
const CHOOSE = "talks.choose";
const AGAIN = "talks.again";
const mood = z.enum(["GOOD", "FAIR", "CONCERN"]).nullable();
/** A talk being logged; `ready` when every answer is in (confirming a duplicate then logs it). */
const place = z.string().nullable().default(null);
const draftSchema = z.object({ studentId: z.number().int(), name: z.string(), date: z.string().nullable(), content: z.string().nullable(), place, mood, followUp: z.string().nullable(), ready: z.boolean(), again: z.boolean() });
type Draft = z.infer<typeof draftSchema>;
const formSchema = z.object({ draft: draftSchema, step: z.enum(["content", "mood", "followUp"]) });
const chooseSchema = z.object({ choices: z.array(z.object({ id: z.number().int() })), history: z.boolean(), date: z.string().nullable(), content: z.string().nullable(), place, mood });

/** Answers, width-folded and lower-cased, trailing punctuation dropped. */
const answer = (text: string) => foldWidth(text).toLowerCase().replace(/[\s.!?。！？~～]+$/u, "");
const MOOD_ANSWERS: Record<string, TalkMood> = { "1": "GOOD", 好: "GOOD", 很好: "GOOD", 良好: "GOOD", 较好: "GOOD", "2": "FAIR", 一般: "FAIR", 还行: "FAIR", 还可以: "FAIR", "3": "CONCERN", 需关注: "CONCERN", 需要关注: "CONCERN", 关注: "CONCERN", 不好: "CONCERN", 差: "CONCERN" };
const NO_FOLLOW_UP = new Set(["无", "没有", "不需要", "不用", "否", "暂无", "无需", "不需要跟进", "无需跟进", "没", "不", "no", "none"]);
const CONFIRM = new Set(["确认", "确定", "添加", "再添加", "是", "是的", "好", "好的", "对", "ok", "yes"]);
/** Commands that start a new talk: typed in the middle of a form, they replace it. */
const START_WORDS = new Set(["谈心", "已谈"]);

/** A mood word ending a one-message talk: `… 好`, `…，一般`, `… 状态：好`, or `需关注` even glued (but not `不需关注`). */
export function splitMood(text: string): { content: string; mood: TalkMood | null } {
  const m = /^([\s\S]*?)[\s\u3000,，。;；、]*(?:状态[:：]?)?需关注[。.!！]*$/u.exec(text) ?? /^([\s\S]*?\S)[\s\u3000,，。;；、]+(?:状态[:：]?)?(好|一般)[。.!！]*$/u.exec(text);
  if (!m || !m[1]!.trim()) return { content: text.trim(), mood: null };
  if (!m[2] && /[不无没毋勿]$/u.test(m[1]!)) return { content: text.trim(), mood: null }; // 不需关注 is no concern
  return { content: m[1]!.trim(), mood: m[2] === "好" ? "GOOD" : m[2] === "一般" ? "FAIR" : "CONCERN" };
}

/** The record card's place written anywhere in the content as `地点：操场` (full- or half-width colon). */
export function splitPlace(text: string): { content: string; place: string | null } {
  const m = /(^|[\s\u3000，,；;。])地点[:：][\s\u3000]*([^\s\u3000，,；;。]{1,30})/u.exec(text);
  if (!m) return { content: text.trim(), place: null };
  const content = (text.slice(0, m.index) + m[1] + text.slice(m.index + m[0].length)).replace(/^[\s\u3000，,；;。]+|[\s\u3000，,；;]+$/gu, "");
  return { content, place: m[2]! };
}

/** `<学生> [日期] [内容] [地点：…] [状态]` -> its parts, or the date phrase that names no real day. */
function parseArgs(args: string, now: Date): { target: string; date: string | null; content: string | null; place: string | null; mood: TalkMood | null } | { invalid: string } {
  const { target, content: rest } = splitTarget(args);
  const d = parseLeadingDate(rest, now);
  if (d?.kind === "invalid") return { invalid: d.phrase };
  const withMood = splitMood(d ? d.rest : rest);
  const { content, place } = splitPlace(withMood.content);
  const today = shanghaiDateOf(now);
  return { target, date: d && d.date !== today ? d.date : null, content: content || null, place, mood: content ? withMood.mood : null };
}

/** A command typed as one (the word alone, or followed by a space): `帮助他…` is content, `帮助 谈心` a command. */
export function commandIn(registry: CommandRegistry, text: string): CommandMatch | null {
  const m = registry.match(text);
  const after = m ? text.trim().slice(m.word.length) : "";
  return m && /^(?:[\s\u3000]|[?？!！。.]*$)/u.test(after) ? m : null;
}

function refusalText(r: TalkRefusal): string {
  if (r.kind === "future") return talkText.future(r.date);
  if (r.kind === "before-admission") return talkText.beforeAdmission(r.childName, r.date, r.admission);
  return talkText.inactive(r.childName, r.status, r.reason);
}

/** Runs a step for the bound staff member; a child that left the scope meanwhile ends it with `gone`. */
async function asStaff(ctx: CommandContext, step: (staff: StaffBinding) => Promise<"done" | "not-mine" | void>): Promise<"done" | "not-mine"> {
  if (!ctx.sender.staff) {
    ctx.reply(bindText.choiceGone);
    return "done";
  }
  try {
    return (await step(ctx.sender.staff)) ?? "done";
  } catch (err) {
    if (!(err instanceof DomainError && err.code === "NOT_FOUND")) throw err;
    ctx.reply(talkText.gone);
    return "done";
  }
}

/** Logs a complete draft; a same-day talk already logged asks for 确认 first. */
async function logDraft(ctx: CommandContext, staff: StaffBinding, d: Draft): Promise<void> {
  const r = await logTalk(ctx.deps, { staff, studentId: d.studentId, date: d.date, content: d.content ?? "", place: d.place, mood: d.mood, followUp: d.followUp, again: d.again });
  if (r.kind === "logged") return ctx.reply(talkText.logged(r.card, r.due, r.watched, r.earlierPeriod && { period: r.earlierPeriod, status: r.earlierStatus }));
  if (r.kind !== "duplicate") return ctx.reply(refusalText(r));
  await ctx.setPending(AGAIN, { ...d, name: r.childName, ready: true });
  ctx.reply(talkText.duplicate(r.childName, r.date, shanghaiDateOf(ctx.deps.clock.now()), r.count));
}

/** Checks the talk, then asks a same-day duplicate's 确认 or opens the form at its first question. */
async function openForm(ctx: CommandContext, staff: StaffBinding, d: Draft): Promise<void> {
  const c = await checkTalk(ctx.deps, { staff, studentId: d.studentId, date: d.date });
  if (c.kind !== "ok") return ctx.reply(refusalText(c));
  const draft = { ...d, name: c.childName };
  if (c.sameDay > 0 && !d.again) {
    await ctx.setPending(AGAIN, draft);
    return ctx.reply(talkText.duplicate(c.childName, c.date, shanghaiDateOf(ctx.deps.clock.now()), c.sameDay));
  }
  await ctx.setPending(FORM, { draft, step: "content" });
  ctx.reply(talkText.askContent(c.childName, c.className, d.date));
}

type Request = { date: string | null; content: string | null; place: string | null; mood: TalkMood | null };

/** A talk with one child: logged at once when the content is there, else the form. */
function startTalk(ctx: CommandContext, staff: StaffBinding, studentId: number, req: Request): Promise<void> {
  const d: Draft = { studentId, name: "", date: req.date, content: req.content, place: req.place, mood: req.mood, followUp: null, ready: req.content !== null, again: false };
  return d.ready ? logDraft(ctx, staff, d) : openForm(ctx, staff, d);
}

/** The child a typed name or number means in the sender's scope; several ask which (numbered). */
async function withChild(ctx: CommandContext, staff: StaffBinding, target: string, history: boolean, req: Request, go: (id: number) => Promise<void>): Promise<void> {
  const scope = scopeOf(staff);
  const found = await findStudentsInScope(ctx.deps, { scope, query: target });
  if (found.length === 0) return ctx.reply(talkText.notFound(target, scope.teacherId === null));
  if (found.length === 1) return go(found[0]!.id);
  await ctx.setPending(CHOOSE, { choices: found.map((s) => ({ id: s.id })), history, ...req });
  ctx.reply(studentLookupText.choose(found));
}

async function showHistory(ctx: CommandContext, staff: StaffBinding, studentId: number): Promise<void> {
  ctx.reply(talkText.history(await listTalks(ctx.deps, { staff, studentId })));
}

/** 谈心 and 已谈 (a digest number allowed for 已谈): the child, then the talk. */
async function talk(ctx: CommandContext, byNumber: boolean): Promise<void> {
  await asStaff(ctx, async (staff) => {
    const p = parseArgs(ctx.args, ctx.deps.clock.now());
    if ("invalid" in p) return ctx.reply(talkText.invalidDate(p.invalid));
    if (!p.target) return ctx.reply(byNumber ? talkText.doneUsage : talkText.usage);
    const number = p.target.normalize("NFKC").replace(/^#/, "");
    if (byNumber && /^\d{1,3}$/.test(number)) {
      if (p.content && /^[\d\s\u3000,，、.。和及]+$/u.test(p.content.normalize("NFKC"))) return ctx.reply(talkText.oneAtATime);
      const pick = await pickFromDigest(ctx.deps, { staffId: staff.id, n: Number(number) });
      if (pick.kind === "no-digest") return ctx.reply(talkText.noDigest);
      if (pick.kind === "out-of-range") return ctx.reply(talkText.outOfRange(number, pick.size, pick.day));
      return startTalk(ctx, staff, pick.studentId, p);
    }
    return withChild(ctx, staff, p.target, false, p, (id) => startTalk(ctx, staff, id, p));
  });
}

/**
 * 谈心 (log a talk at once or step by step), 已谈 (the same from a digest, by name or number),
 * 谈心记录 (a child's last talks). Staff only and private chat only: talk contents never go to
 * groups or guardians. `registry` is read lazily to tell commands from answers in the form.
 */
export function talkCommands(registry: () => CommandRegistry): CommandModule {
  return {
    commands: [
      {
        name: "谈心",
        aliases: ["记谈心"],
        roles: STAFF,
        privateOnly: true,
        usage: "谈心 <学生> [日期] [内容]",
        summary: "记录和学生的谈心（谈心记录卡）",
        example: "谈心 张小明 聊了期中考试和想妈妈的事 好",
        detail: TALK_HELP,
        run: (ctx) => talk(ctx, false),
      },
      {
        name: "已谈",
        roles: STAFF,
        privateOnly: true,
        usage: "已谈 <学生或编号>",
        summary: "回复谈心提醒：已经谈过，开始记录",
        example: "已谈 2",
        detail: "收到谈心提醒清单后，回复“已谈 编号”（清单里的编号）或“已谈 学生姓名”，我会一步步问您谈话内容、孩子的状态和后续跟进，和“谈心”一样。",
        run: (ctx) => talk(ctx, true),
      },
      {
        name: "谈心记录",
        aliases: ["谈心历史"],
        roles: STAFF,
        privateOnly: true,
        usage: "谈心记录 <学生>",
        summary: "查看学生最近 5 次谈心记录",
        example: "谈心记录 张小明",
        async run(ctx) {
          await asStaff(ctx, async (staff) => {
            const { target } = splitTarget(ctx.args);
            if (!target) return ctx.reply(talkText.historyUsage);
            await withChild(ctx, staff, target, true, { date: null, content: null, place: null, mood: null }, (id) => showHistory(ctx, staff, id));
          });
        },
      },
    ],
    pending: {
      async [CHOOSE](ctx, payload) {
        const p = chooseSchema.parse(payload);
        const n = Number(ctx.args.normalize("NFKC").trim());
        if (!Number.isInteger(n) || n < 1 || n > p.choices.length) return "not-mine";
        const id = p.choices[n - 1]!.id;
        return asStaff(ctx, (staff) => (p.history ? showHistory(ctx, staff, id) : startTalk(ctx, staff, id, p)));
      },
      async [AGAIN](ctx, payload) {
        const d = draftSchema.parse(payload);
        if (!CONFIRM.has(answer(ctx.args))) {
          if (commandIn(registry(), ctx.args)) return "not-mine";
          await ctx.setPending(AGAIN, d);
          ctx.reply(talkText.confirmAgain);
          return "done";
        }
        return asStaff(ctx, (staff) => (d.ready ? logDraft(ctx, staff, { ...d, again: true }) : openForm(ctx, staff, { ...d, again: true })));
      },
      async [FORM](ctx, payload) {
        const { draft, step } = formSchema.parse(payload);
        const text = ctx.args;
        const mood = step === "mood" ? (MOOD_ANSWERS[answer(text)] ?? null) : null;
        const cmd = mood ? null : commandIn(registry(), text);
        if (cmd && START_WORDS.has(cmd.spec.name)) {
          ctx.reply(talkText.abandoned(draft.name));
          await cmd.spec.run({ ...ctx, args: cmd.args, argv: cmd.args ? cmd.args.split(/[\s\u3000]+/u) : [] });
          return "done";
        }
        if (cmd) return "not-mine"; // the command runs; the form stays open
        if (step === "content") {
          const { content, place: where } = splitPlace(text);
          await ctx.setPending(FORM, { draft: { ...draft, content: content || text, place: where ?? draft.place }, step: "mood" });
          ctx.reply(talkText.askMood);
        } else if (step === "mood") {
          await ctx.setPending(FORM, mood ? { draft: { ...draft, mood }, step: "followUp" } : { draft, step });
          ctx.reply(mood ? talkText.askFollowUp : talkText.askMoodAgain);
        } else {
          return asStaff(ctx, (staff) => logDraft(ctx, staff, { ...draft, followUp: NO_FOLLOW_UP.has(answer(text)) ? null : text, ready: true }));
        }
        return "done";
      },
    },
  };
}
