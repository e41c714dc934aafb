import { z } from "zod";
import { findStudentsInScope, scopeOf } from "../domain/students.ts";
import { findUpdateClass, postClassUpdate, postStudentUpdate, previewClassUpdate } from "../domain/updates.ts";
import { attachToRecentUpdate, type MediaKind } from "../domain/updates-media.ts";
import { listNewsForGuardian } from "../domain/updates-query.ts";
import { listLostContact } from "../domain/contact.ts";
import { findPendingAction } from "../domain/pending.ts";
import { DomainError } from "../domain/errors.ts";
import type { StaffBinding } from "../domain/identities.ts";
import { foldWidth } from "../lib/text.ts";
import { bindText, studentLookupText } from "../messages/zh.ts";
import { attachText, lostContactText, newsForStaffText, newsText, updateText } from "../messages/updates.ts";
import type { CommandRegistry } from "../router/registry.ts";
import { BOUND, STAFF, type CommandContext, type CommandModule } from "../router/types.ts";

const CHOOSE_STUDENT = "updates.choose-student";
const CONFIRM_CLASS = "updates.class";
const chooseStudent = z.object({ text: z.string(), choices: z.array(z.object({ id: z.number().int() })) });
const confirmClass = z.object({ classId: z.number().int(), text: z.string() });

/** Words that send a class update waiting for confirmation (width-folded, trailing punctuation dropped). */
const CONFIRM_WORDS = new Set(["确认", "确定", "确认发送", "发送", "是", "是的", "好", "好的", "对", "ok", "yes"]);
const folded = (text: string) => foldWidth(text).toLowerCase().replace(/[\s.!?。！？~～]+$/u, "");
const isConfirm = (text: string) => CONFIRM_WORDS.has(folded(text));
/** Bare words that can only mean "send it" (answered even when nothing waits for confirmation). */
const STRICT_CONFIRM = new Set(["确认", "确定", "确认发送"]);

/** The command words that always ask for news (a guardian's query), never post. */
const QUERY_WORDS = ["孩子近况", "孩子最近怎么样", "最近怎么样"];
const MEDIA: ReadonlySet<string> = new Set(["voice", "image", "video", "file"]);

/**
 * `<学生或班级> <内容>` -> target and content. The target ends at the first space, comma or
 * colon (names and class names hold none); content may be empty.
 */
export function splitTarget(args: string): { target: string; content: string } {
  const m = /^([^\s\u3000,，:：、]+)[\s\u3000,，:：、]*([\s\S]*)$/u.exec(args.trim());
  return m ? { target: m[1]!, content: m[2]!.trim() } : { target: "", content: "" };
}

/** Posts to one child and replies with exactly who received it. */
async function postToChild(ctx: CommandContext, staff: StaffBinding, studentId: number, text: string): Promise<void> {
  const r = await postStudentUpdate(ctx.deps, { staff, studentId, text });
  if (r.kind === "inactive") return ctx.reply(updateText.inactive(r.childName, r.status, r.reason));
  ctx.reply(r.delivered.length > 0 ? updateText.posted(r.childName, r.delivered, r.unbound) : updateText.nobodyBound(r.childName, r.unbound));
}

/**
 * Staff posting `近况 <学生或班级> <内容>`. A target that names a class of the school (as the
 * roster writes it, or `三年级1班` for `三年级(1)班`) is the class: class names and children's
 * names do not overlap in practice, and a class is checked first so a class update is never
 * sent to a child by mistake (it needs a confirmation anyway). Otherwise a child by name or
 * student number; a name shared by several children offers a numbered choice.
 */
async function post(ctx: CommandContext, staff: StaffBinding): Promise<void> {
  if (ctx.inGroup) return ctx.reply(updateText.notInGroup);
  const { target, content } = splitTarget(ctx.args);
  if (!target || !content) return ctx.reply(updateText.usage);
  const scope = scopeOf(staff);
  const cls = await findUpdateClass(ctx.deps, { scope, query: target });
  if (cls) {
    if (!cls.inScope) return ctx.reply(updateText.classNotMine(cls.name));
    const audience = await previewClassUpdate(ctx.deps, { staff, classId: cls.id });
    await ctx.setPending(CONFIRM_CLASS, { classId: cls.id, text: content });
    return ctx.reply(updateText.classConfirm(audience, content));
  }
  const found = await findStudentsInScope(ctx.deps, { scope, query: target });
  if (found.length === 0) return ctx.reply(updateText.notFound(target, scope.teacherId === null));
  if (found.length === 1) return postToChild(ctx, staff, found[0]!.id, content);
  await ctx.setPending(CHOOSE_STUDENT, { text: content, choices: found.map((s) => ({ id: s.id })) });
  ctx.reply(studentLookupText.choose(found));
}

/** A guardian's news of their own children; a staff member with no children is told how to post. */
async function query(ctx: CommandContext, asked: boolean): Promise<void> {
  if (ctx.sender.guardians.length === 0) return ctx.reply(asked ? newsForStaffText : updateText.usage);
  ctx.reply(newsText(await listNewsForGuardian(ctx.deps, { guardianIds: ctx.sender.guardians.map((g) => g.id) })));
}

/** A file from staff right after their update joins it (see domain/updates-media.ts). */
async function attachFile(ctx: CommandContext, staff: StaffBinding, media: MediaKind): Promise<boolean> {
  if (ctx.sender.hasPendingAction && (await findPendingAction(ctx.deps, ctx.incoming.contactId))?.kind === CONFIRM_CLASS) {
    ctx.reply(attachText.confirmFirst(media));
    return true;
  }
  const r = await attachToRecentUpdate(ctx.deps, { staff, media, attachment: ctx.incoming.attachment });
  if (r.kind === "no-recent-update") return false;
  if (r.kind === "failed") ctx.reply(attachText.failed(media));
  else if (r.contacts === 0) ctx.reply(attachText.keptOnly(media, r.childName ?? r.className ?? ""));
  else if (r.childName !== null) ctx.reply(attachText.relayedToChild(media, r.childName, r.delivered));
  else ctx.reply(attachText.relayedToClass(media, r.className ?? "", r.contacts));
  return true;
}

/**
 * Runs the next step of a staff member's pending exchange: when the staff binding is gone the
 * choice is over; a child or class that left the sender's scope meanwhile (DomainError
 * NOT_FOUND) is answered with `gone`.
 */
export async function staffStep(ctx: CommandContext, gone: string, step: (staff: StaffBinding) => Promise<"done" | "not-mine">): Promise<"done" | "not-mine"> {
  const staff = ctx.sender.staff;
  if (!staff) {
    ctx.reply(bindText.choiceGone);
    return "done";
  }
  try {
    return await step(staff);
  } catch (err) {
    if (!(err instanceof DomainError && err.code === "NOT_FOUND")) throw err;
    ctx.reply(gone);
    return "done";
  }
}

/**
 * 近况 (guardians read, staff post), 失联 (staff). `registry` is read lazily: while a class
 * update waits for 确认, a command in between runs as usual and anything else is asked again.
 */
export function updateCommands(registry: () => CommandRegistry): CommandModule {
  return {
    commands: [
      {
        name: "近况",
        aliases: ["孩子近况", "孩子最近怎么样", "最近怎么样", "发近况"],
        roles: BOUND,
        usage: "近况 [学生或班级] [内容]",
        summary: "孩子的近况：家长查看老师发来的近况，老师把孩子的近况发给家长",
        example: "孩子近况（老师：近况 张小明 今天数学测验得了95分）",
        detail: [
          "家长：发送“孩子近况”或“近况”，查看老师最近发来的每个孩子的近况（最多 3 条）。",
          "老师：近况 学生姓名（或学号） 内容，发给这个孩子所有已绑定微信的家长，并记入档案；外出务工的家长还会看到孩子目前由谁照看。紧接着（10 分钟内）发来的图片、语音、视频或文件会一起转给这些家长。",
          "发给全班：近况 班级 内容（例如 近况 三年级1班 明天下午开家长会），会先告诉您有多少家庭、多少家长能收到，回复“确认”才发送。",
          "老师可以给自己任教的班级和学生发，负责人可以给任何班级和学生发（全校通知以后由“通知”功能发送）。",
        ].join("\n"),
        async run(ctx) {
          const asked = QUERY_WORDS.some((w) => foldWidth(ctx.incoming.text).startsWith(w));
          const staff = ctx.sender.staff;
          if (!staff || asked || !ctx.args) return query(ctx, asked);
          return post(ctx, staff);
        },
      },
      {
        name: "失联",
        aliases: ["失联名单", "失联学生"],
        roles: STAFF,
        usage: "失联",
        summary: "查看长时间没有家长联系的学生",
        example: "失联",
        detail: "列出超过规定天数（默认 30 天）没有家长联系的在读学生，从没有记录的和最久的开始。家长的留言、老师的回复、发给家长的孩子近况都算联系。老师看自己任教的班级，负责人看全校。",
        async run(ctx) {
          const scope = scopeOf(ctx.sender.staff!);
          const list = await listLostContact(ctx.deps, scope, ctx.deps.clock.now());
          ctx.reply(lostContactText(list, ctx.deps.settings.lostContactDays, scope.teacherId === null));
        },
      },
    ],
    pending: {
      async [CHOOSE_STUDENT](ctx, payload) {
        const { text, choices } = chooseStudent.parse(payload);
        return staffStep(ctx, studentLookupText.gone("近况"), async (staff) => {
          const n = Number(ctx.args.normalize("NFKC").trim());
          if (!Number.isInteger(n) || n < 1 || n > choices.length) return "not-mine";
          await postToChild(ctx, staff, choices[n - 1]!.id, text);
          return "done";
        });
      },
      async [CONFIRM_CLASS](ctx, payload) {
        const { classId, text } = confirmClass.parse(payload);
        return staffStep(ctx, updateText.classGone, async (staff) => {
          if (!isConfirm(ctx.args)) {
            if (registry().match(ctx.args)) return "not-mine";
            await ctx.setPending(CONFIRM_CLASS, payload);
            ctx.reply(updateText.confirmPrompt);
            return "done";
          }
          ctx.reply(updateText.classPosted(await postClassUpdate(ctx.deps, { staff, classId, text })));
          return "done";
        });
      },
    },
    async fallback(ctx) {
      const staff = ctx.sender.staff;
      if (!staff) return false;
      if (MEDIA.has(ctx.incoming.kind)) return attachFile(ctx, staff, ctx.incoming.kind as MediaKind);
      if (ctx.incoming.kind === "text" && STRICT_CONFIRM.has(folded(ctx.incoming.text))) {
        ctx.reply(updateText.nothingToConfirm);
        return true;
      }
      return false;
    },
  };
}
