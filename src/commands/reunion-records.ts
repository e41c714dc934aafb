/**
 * After reunion sessions and their records (issue #5 point 7): `完成`/`未接通`/`缺席 <编号>`
 * (supervising teacher, homeroom teacher, coordinator), `日程 [今天|明天|本周|下周|<日期>]`
 * (staff: per room; guardians: their children's coming sessions) and `视频记录 <学生>` (staff in
 * scope; guardians their own children). Rules live in domain/reunions/attendance.ts and views.ts.
 */
import { z } from "zod";
import { markSession, type MarkStatus } from "../domain/reunions/attendance.ts";
import { childHistory, staffSchedule, upcomingForFamily, weekOf, type DayRange } from "../domain/reunions/views.ts";
import { findStudentsInScope, normalizeNameQuery, scopeOf } from "../domain/students.ts";
import { parseSessionTime } from "../lib/session-time.ts";
import { dateOfDayNumber, dayNumberOf, shanghaiDateOf } from "../lib/work-calendar.ts";
import { dayjs, SCHOOL_TZ } from "../lib/time.ts";
import { studentLookupText } from "../messages/zh.ts";
import { historyText, markText, MARK_WORDS, scheduleText } from "../messages/reunion-records.ts";
import { BOUND, STAFF, type CommandContext, type CommandModule, type CommandSpec } from "../router/types.ts";
import { choiceOf } from "./care-common.ts";
import { staffStep } from "./updates.ts";

const CHOOSE = "reunion-records.choose-child";
const chooseSchema = z.object({ choices: z.array(z.object({ id: z.number().int(), name: z.string() })) });

/** `12`, `#12`, `＃１２` at the start of `args`, and the text after it. */
export function parseSessionRef(args: string): { id: number; rest: string } | null {
  const m = /^[#＃]?[\s\u3000]*([0-9０-９]{1,9})(?![0-9０-９])/u.exec(args.trim());
  if (!m) return null;
  return { id: Number(m[1]!.normalize("NFKC")), rest: args.trim().slice(m[0].length).replace(/^[\s\u3000,，:：、]+/u, "").trim() };
}

/** `完成`/`未接通`/`缺席 <编号> [备注]`. */
const mark = (status: MarkStatus) => async (ctx: CommandContext) => {
  const staff = ctx.sender.staff!;
  const ref = parseSessionRef(ctx.args);
  if (!ref) return ctx.reply(markText.badId(status));
  const r = await markSession(ctx.deps, staff, ref.id, status, ref.rest);
  if (r.kind === "not-found") return ctx.reply(markText.notFound(ref.id));
  if (r.kind === "not-booked") return ctx.reply(markText.notBooked(ref.id, r.session, r.session.status));
  if (r.kind === "not-started") return ctx.reply(markText.notStarted(ref.id, r.session));
  if (r.kind === "already") return ctx.reply(markText.already(ref.id, r.status, r.by, r.at, staff.role !== "TEACHER"));
  ctx.reply(markText.marked(ref.id, r.session, r.status, r.previous, ref.rest, r.notified));
};

const markSpec = (status: MarkStatus): CommandSpec => ({
  name: MARK_WORDS[status],
  roles: STAFF,
  guardianArgs: () => false, // a family's `完成了作业` is a message to the school
  privateOnly: true,
  usage: markText.usage(status),
  summary: markText.summary[status],
  example: markText.example(status),
  detail: markText.detail,
  run: mark(status),
});

const md = (date: string) => dayjs.tz(`${date} 12:00`, SCHOOL_TZ).format("M月D日");
const WEEK_WORDS: Record<string, [number, string]> = { 本周: [0, "本周"], 这周: [0, "本周"], 这星期: [0, "本周"], 本星期: [0, "本周"], 下周: [1, "下周"], 下星期: [1, "下周"], 上周: [-1, "上周"], 上星期: [-1, "上周"] };

/** The day or week `args` names as seen at `now` (default today), with its title; null when not read. */
export function scheduleRange(args: string, now: Date): { range: DayRange; title: string; week: boolean } | null {
  const today = shanghaiDateOf(now);
  const text = args.trim();
  const week = WEEK_WORDS[text];
  if (week) {
    const range = weekOf(today, week[0]);
    return { range, title: `${week[1]}（${md(range.from)}–${md(dateOfDayNumber(dayNumberOf(range.from) + 6))}）`, week: true };
  }
  let date = today;
  if (text) {
    const t = parseSessionTime(text, now, { allowPast: true });
    if (!t || t.rest || t.kind === "invalid") return null;
    date = t.kind === "date-only" ? t.date : shanghaiDateOf(t.kind === "bare-hour" ? t.candidates[0]! : t.start);
  }
  const d = dayjs.tz(`${date} 12:00`, SCHOOL_TZ);
  return { range: { from: date, days: 1 }, title: `${d.format("M月D日")}（周${"日一二三四五六"[d.day()]}）`, week: false };
}

/** `日程`: staff see the rooms' sessions for a day or week; guardians their children's coming sessions. */
async function schedule(ctx: CommandContext): Promise<void> {
  const staff = ctx.sender.staff;
  if (!staff) {
    const children = ctx.sender.guardians.flatMap((g) => g.children);
    const coming = await upcomingForFamily(ctx.deps, children);
    if (!ctx.args) return ctx.reply(scheduleText.family(coming));
    const r = scheduleRange(ctx.args, ctx.deps.clock.now());
    if (!r) return ctx.reply(scheduleText.bad(ctx.args));
    const first = dayNumberOf(r.range.from);
    const inRange = coming.filter((s) => {
      const n = dayNumberOf(shanghaiDateOf(new Date(s.start))) - first;
      return n >= 0 && n < r.range.days;
    });
    return ctx.reply(scheduleText.familyOn(r.title, inRange));
  }
  const r = scheduleRange(ctx.args, ctx.deps.clock.now());
  if (!r) return ctx.reply(scheduleText.bad(ctx.args));
  ctx.reply(scheduleText.staff(r.title, await staffSchedule(ctx.deps, staff, r.range), r.week));
}

/** Replies child `id`'s history; `staffView` adds notes, who changed it and reasons. */
async function showHistory(ctx: CommandContext, child: { id: number; name: string }, staffView: boolean): Promise<string> {
  const h = await childHistory(ctx.deps, child.id, child.name);
  return historyText.list(child.name, h.items, h.total, h.held, staffView);
}

/** `视频记录 <学生>`: staff within their scope (numbered choice when several); guardians their own children. */
async function history(ctx: CommandContext): Promise<void> {
  const staff = ctx.sender.staff;
  if (!staff) {
    const all = [...new Map(ctx.sender.guardians.flatMap((g) => g.children).map((c) => [c.id, c])).values()];
    const query = normalizeNameQuery(ctx.args);
    const children = query ? all.filter((c) => c.name === query) : all;
    if (children.length === 0) return ctx.reply(historyText.notYours(ctx.args));
    const blocks = [];
    for (const c of children) blocks.push(await showHistory(ctx, c, false));
    return ctx.reply(blocks.join("\n\n"));
  }
  if (!ctx.args) return ctx.reply(studentLookupText.usage("视频记录"));
  const scope = scopeOf(staff);
  const found = await findStudentsInScope(ctx.deps, { scope, query: ctx.args });
  if (found.length === 0) return ctx.reply(studentLookupText.notFound("视频记录", ctx.args, scope.teacherId === null));
  if (found.length === 1) return ctx.reply(await showHistory(ctx, found[0]!, true));
  await ctx.setPending(CHOOSE, { choices: found.map((s) => ({ id: s.id, name: s.name })) });
  ctx.reply(studentLookupText.choose(found));
}

/** `完成`, `未接通`, `缺席` (staff), `日程` and `视频记录` (staff and guardians). */
export const reunionRecordCommands: CommandModule = {
  commands: [
    markSpec("HELD"),
    markSpec("NO_ANSWER"),
    markSpec("ABSENT"),
    { name: "日程", aliases: ["视频日程", "亲情视频日程"], roles: BOUND, privateOnly: true, usage: scheduleText.usage, summary: scheduleText.summary, example: scheduleText.example, detail: scheduleText.detail, run: schedule },
    { name: "视频记录", aliases: ["亲情视频记录"], roles: BOUND, privateOnly: true, usage: historyText.usage, summary: historyText.summary, example: historyText.example, detail: historyText.detail, run: history },
  ],
  pending: {
    async [CHOOSE](ctx, payload) {
      const p = chooseSchema.parse(payload);
      return staffStep(ctx, studentLookupText.gone("视频记录"), async (staff) => {
        const n = choiceOf(ctx.args, p.choices.length);
        if (n === null) return "not-mine";
        const found = await findStudentsInScope(ctx.deps, { scope: scopeOf(staff), query: p.choices[n]!.name });
        const child = found.find((s) => s.id === p.choices[n]!.id);
        if (!child) return (ctx.reply(studentLookupText.gone("视频记录")), "done");
        ctx.reply(await showHistory(ctx, child, true));
        return "done";
      });
    },
  },
};
