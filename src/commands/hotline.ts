import { z } from "zod";
import { DomainError } from "../domain/errors.ts";
import { findPendingAction } from "../domain/pending.ts";
import { findStudentsInScope, scopeOf } from "../domain/students.ts";
import { childInConversation, childNamedIn, childrenOf, fileFamilyMessages, type ChildChoice, type FamilyMessage } from "../domain/hotline/intake.ts";
import { answerRequest, closeRequest, logCall, noteRequest, transferRequest } from "../domain/hotline/staff.ts";
import { workDayMinutes } from "../domain/hotline/common.ts";
import { familyRequests, myOpenRequests, requestThread, schoolOpenRequests } from "../domain/hotline/queries.ts";
import { hotlineListText, hotlineText, threadText } from "../messages/hotline.ts";
import { studentLookupText } from "../messages/zh.ts";
import { parseQuotedReply } from "../lib/quote.ts";
import { BOUND, STAFF, type CommandContext, type CommandModule } from "../router/types.ts";
import type { CommandRegistry } from "../router/registry.ts";

const CHOOSE_CHILD = "hotline.choose-child";
/** What a family can leave as a message (issue #4 point 1); locations, links and cards are not relayed. */
const FILED_KINDS = new Set(["text", "voice", "image", "video", "file"]);
const CHOOSE_CALL = "hotline.call-student";
const attachment = z.union([z.object({ path: z.string(), name: z.string() }), z.object({ error: z.string() })]);
const familyMessage = z.object({ kind: z.string(), text: z.string(), attachment: attachment.optional() });
const child = z.object({ studentId: z.number().int(), guardianId: z.number().int(), name: z.string(), className: z.string(), who: z.string().optional() });
const chooseChildPayload = z.object({ choices: z.array(child), messages: z.array(familyMessage) });
const callPayload = z.object({ choices: z.array(z.object({ id: z.number().int() })), text: z.string() });

/** The message the sender is sending now, as a family message. */
function messageOf(ctx: CommandContext): FamilyMessage {
  const inc = ctx.incoming;
  // A family quoting the teacher's answer in WeChat: the reply is the message, not the quote.
  const text = inc.kind === "text" ? (parseQuotedReply(inc.text)?.reply || inc.text).trim() : "";
  return { kind: inc.kind, text, ...(inc.attachment ? { attachment: inc.attachment } : {}) };
}

/** Files `messages` about `c` and replies with the receipt (or nothing inside an acknowledged burst). */
async function file(ctx: CommandContext, c: ChildChoice, messages: FamilyMessage[]): Promise<void> {
  const r = await fileFamilyMessages(ctx.deps, c, messages);
  if (!r.acknowledge) return;
  const now = ctx.deps.clock.now();
  const hours = { start: ctx.deps.settings.schoolDayStart, end: ctx.deps.settings.schoolDayEnd };
  ctx.reply(r.newWait ? hotlineText.receipt({ ...r, now, hours }) : hotlineText.appended(r.id, r.cut));
}

/** A guardian's non-command message: filed for the child it concerns, or the child is asked for. */
async function intake(ctx: CommandContext): Promise<void> {
  const children = childrenOf(ctx.sender);
  if (children.length === 0) return ctx.reply(hotlineText.noChild);
  const msg = messageOf(ctx);
  const pending = ctx.sender.hasPendingAction ? await findPendingAction(ctx.deps, ctx.incoming.contactId) : null;
  if (pending?.kind === CHOOSE_CHILD) {
    // A voice note or picture while the child question is open: kept with the others.
    const p = chooseChildPayload.parse(pending.payload);
    await ctx.setPending(CHOOSE_CHILD, { ...p, messages: [...p.messages, msg] });
    return ctx.reply(hotlineText.chooseChildAgain(p.choices.length));
  }
  const chosen = children.length === 1 ? children[0]! : (childNamedIn(msg.text, children) ?? (await childInConversation(ctx.deps, children)));
  if (chosen) return file(ctx, chosen, [msg]);
  await ctx.setPending(CHOOSE_CHILD, { choices: children, messages: [msg] });
  ctx.reply(hotlineText.chooseChild(children));
}

/** `<编号> <rest>` -> [id, rest]; null without a leading number. */
function splitId(args: string): [string, string] | null {
  const m = /^[\s:：,，]*[#＃]?([0-9０-９]+)(?:[\s\u3000,，:：]+|$)([\s\S]*)$/u.exec(args.trim());
  return m ? [m[1]!.normalize("NFKC"), m[2]!.trim()] : null;
}

/** Runs a staff action on a request, turning "not yours / no such number" and "closed" into replies. */
async function onRequest(ctx: CommandContext, idText: string, fn: () => Promise<void>, family = false): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DomainError && err.code === "NOT_FOUND" && err.details.what === "request") return ctx.reply(family ? hotlineText.familyRequestNotFound(idText) : hotlineText.requestNotFound(idText));
    if (err instanceof DomainError && err.code === "INVALID_INPUT" && typeof err.details.closed === "number") return ctx.reply(hotlineText.alreadyClosed(err.details.closed));
    throw err;
  }
}

async function answer(ctx: CommandContext, idText: string, text: string): Promise<void> {
  await onRequest(ctx, idText, async () => {
    const r = await answerRequest(ctx.deps, ctx.sender.staff!, idText, text);
    ctx.reply(hotlineText.answered(r.id, r.to, r.unreachable, r.phone));
  });
}

/** Staff list: a teacher's own, or (coordinators, `请求`) the school's. */
async function staffList(ctx: CommandContext, school: boolean): Promise<void> {
  const staff = ctx.sender.staff!;
  const r = school ? await schoolOpenRequests(ctx.deps, staff) : await myOpenRequests(ctx.deps, staff);
  ctx.reply(hotlineListText.staff(school ? "全校亲情电话请求" : "您的亲情电话请求", r.lines, school, r.answered, workDayMinutes(ctx.deps)));
}

async function lists(ctx: CommandContext, school: boolean): Promise<void> {
  if (ctx.sender.staff) await staffList(ctx, school && ctx.sender.roles.has("coordinator"));
  if (ctx.sender.guardians.length > 0) ctx.reply(hotlineListText.family(await familyRequests(ctx.deps, ctx.sender)));
}

/**
 * Family hotline (亲情电话): family messages become requests; staff answer, hand on, note, close,
 * log calls. `registry` tells a command sent during the child question from a message to file.
 */
export const hotlineCommands = (registry: () => CommandRegistry): CommandModule => ({
  commands: [
    {
      name: "回复",
      privateOnly: true,
      aliases: ["答复"],
      roles: STAFF,
      usage: "回复 <编号> <内容>",
      summary: "回复家长的留言（亲情电话）",
      example: "回复 12 孩子今天很好，请放心",
      detail: "编号是转给您的留言开头的 #号码。回复会发给留言的家长。也可以在微信里直接引用那条转发的留言来回复。",
      async run(ctx) {
        const parts = splitId(ctx.args);
        if (!parts) return ctx.reply(`请写上请求编号和回复内容。用法：${hotlineText.usage.answer}`);
        if (!parts[1]) return ctx.reply(`请在编号后面写上回复内容。用法：${hotlineText.usage.answer}`);
        await answer(ctx, parts[0], parts[1]);
      },
    },
    {
      name: "转给",
      privateOnly: true,
      aliases: ["转交"],
      roles: STAFF,
      usage: "转给 <编号> <老师>",
      summary: "把家长的留言转给另一位老师处理",
      example: "转给 12 刘芳",
      async run(ctx) {
        const parts = splitId(ctx.args);
        if (!parts || !parts[1]) return ctx.reply(`用法：${hotlineText.usage.transfer}`);
        await onRequest(ctx, parts[0], async () => {
          try {
            const r = await transferRequest(ctx.deps, ctx.sender.staff!, parts[0], parts[1].replace(/老师$/u, ""));
            ctx.reply(r.self ? hotlineText.transferToSelf(r.id) : hotlineText.transferred(r.id, r.to, r.bound));
          } catch (err) {
            if (err instanceof DomainError && err.details.what === "staff") return ctx.reply(hotlineText.staffNotFound(parts[1]));
            throw err;
          }
        });
      },
    },
    {
      name: "备注",
      privateOnly: true,
      roles: STAFF,
      usage: "备注 <编号> <内容>",
      summary: "给留言加内部备注（家长看不到）",
      example: "备注 12 已电话联系奶奶",
      async run(ctx) {
        const parts = splitId(ctx.args);
        if (!parts || !parts[1]) return ctx.reply(`用法：${hotlineText.usage.note}`);
        await onRequest(ctx, parts[0], async () => ctx.reply(hotlineText.noted(await noteRequest(ctx.deps, ctx.sender.staff!, parts[0], parts[1]))));
      },
    },
    {
      name: "关闭",
      privateOnly: true,
      aliases: ["结束"],
      roles: STAFF,
      usage: "关闭 <编号>",
      summary: "结束一个留言请求（会告诉家长）",
      example: "关闭 12",
      async run(ctx) {
        // `关闭 12`, or several: `关闭 12 13`.
        const ids = ctx.args.replace(/^[\s:：]+/u, "").split(/[\s\u3000,，、]+/u).filter(Boolean);
        if (ids.length === 0 || ids.some((id) => !/^[#＃]?[0-9０-９]+$/u.test(id))) return ctx.reply(`用法：${hotlineText.usage.close}`);
        for (const id of ids) {
          const idText = id.replace(/^[#＃]/u, "").normalize("NFKC");
          await onRequest(ctx, idText, async () => {
            const r = await closeRequest(ctx.deps, ctx.sender.staff!, idText);
            ctx.reply(hotlineText.closed(r.id, r.told));
          });
        }
      },
    },
    {
      name: "来电",
      privateOnly: true,
      aliases: ["登记来电"],
      roles: STAFF,
      usage: "来电 <学生> <内容>",
      summary: "登记家长打来的亲情电话",
      example: "来电 张小明 妈妈问期末考试时间",
      detail: "把打到亲情电话的来电记成一个请求，和微信留言在同一个列表里跟进。",
      async run(ctx) {
        const [query, ...rest] = ctx.argv;
        const text = rest.join(" ").trim();
        if (!query || !text) return ctx.reply(`用法：${hotlineText.usage.call}`);
        const scope = scopeOf(ctx.sender.staff!);
        const found = await findStudentsInScope(ctx.deps, { scope, query });
        if (found.length === 0) return ctx.reply(studentLookupText.notFound("来电", query, scope.teacherId === null));
        if (found.length > 1) {
          await ctx.setPending(CHOOSE_CALL, { choices: found.map((s) => ({ id: s.id })), text });
          return ctx.reply(studentLookupText.choose(found));
        }
        const r = await logCall(ctx.deps, ctx.sender.staff!, found[0]!.id, text);
        ctx.reply(hotlineText.callLogged(r.id, found[0]!.name, r.assignee, r.self));
      },
    },
    {
      name: "我的请求",
      aliases: ["我的留言"],
      roles: BOUND,
      usage: "我的请求",
      summary: "查看留言（亲情电话）请求",
      example: "我的请求",
      detail: "老师：列出转给您、还在等回复的留言，等得最久的在前。家长：列出您的留言和处理情况。",
      run: (ctx) => lists(ctx, false),
    },
    {
      name: "请求",
      aliases: ["留言"],
      roles: BOUND,
      usage: "请求 [编号]",
      summary: "查看一个留言的全部记录；负责人不带编号时看全校未回复的请求",
      example: "请求 12",
      async run(ctx) {
        if (!ctx.args) return lists(ctx, true);
        const id = ctx.args.replace(/^[#＃]/u, "").trim();
        await onRequest(ctx, id, async () => ctx.reply(threadText(await requestThread(ctx.deps, ctx.sender, id))), !ctx.sender.staff);
      },
    },
  ],
  pending: {
    async [CHOOSE_CHILD](ctx, payload) {
      const p = chooseChildPayload.parse(payload);
      const text = ctx.args;
      const n = Number(text.normalize("NFKC").trim());
      const pick = Number.isInteger(n) && n >= 1 && n <= p.choices.length ? p.choices[n - 1]! : childNamedIn(text, p.choices);
      if (pick) {
        const named = Number.isInteger(n) || [...text].length <= [...pick.name].length + 2 ? [] : [messageOf(ctx)];
        await file(ctx, pick, [...p.messages, ...named]);
        return "done";
      }
      if (/^\d{1,3}$/.test(text.normalize("NFKC").trim()) || registry().matchLoose(text)) return "not-mine";
      await ctx.setPending(CHOOSE_CHILD, { ...p, messages: [...p.messages, messageOf(ctx)] });
      ctx.reply(hotlineText.chooseChildAgain(p.choices.length));
      return "done";
    },
    async [CHOOSE_CALL](ctx, payload) {
      const p = callPayload.parse(payload);
      const n = Number(ctx.args.normalize("NFKC").trim());
      if (!Number.isInteger(n) || n < 1 || n > p.choices.length || !ctx.sender.staff) return "not-mine";
      const r = await logCall(ctx.deps, ctx.sender.staff, p.choices[n - 1]!.id, p.text);
      ctx.reply(hotlineText.callLogged(r.id, r.childName, r.assignee, r.self));
      return "done";
    },
  },
  async fallback(ctx, suggestion) {
    const { sender, incoming } = ctx;
    if (sender.staff && incoming.kind === "text") {
      const q = parseQuotedReply(incoming.text);
      if (q?.requestId) {
        if (!q.reply) ctx.reply(`请在引用的留言下面写上回复内容。也可以发送：${hotlineText.usage.answer}`);
        else await answer(ctx, String(q.requestId), q.reply);
        return true;
      }
    }
    if (!sender.roles.has("guardian") || !FILED_KINDS.has(incoming.kind)) return false;
    // A staff member who is also a parent, typing something close to a command word: a typo.
    if (incoming.kind === "text" && suggestion && (sender.staff || [...incoming.text.trim()].length <= 6)) return false;
    await intake(ctx);
    return true;
  },
});
