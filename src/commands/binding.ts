import { z } from "zod";
import { findCodeCandidates, findCodeInText, normalizeCode } from "../lib/codes.ts";
import { bindContact, issueBindingCode, revokeExposedCodes } from "../domain/bindings.ts";
import { findPeopleByName, targetOf, type Person } from "../domain/directory.ts";
import { resolveSender } from "../domain/identities.ts";
import { DomainError } from "../domain/errors.ts";
import { bindText, codeText, describePerson } from "../messages/zh.ts";
import { EVERYONE, STAFF, type CommandContext, type CommandModule } from "../router/types.ts";

const CHOOSE_PERSON = "binding.choose-person";
const choosePayload = z.object({ choices: z.array(z.object({ kind: z.enum(["guardian", "staff"]), id: z.number().int(), label: z.string() })) });

async function issueFor(ctx: CommandContext, person: { kind: "guardian" | "staff"; id: number; label: string; bound: boolean }): Promise<void> {
  const issued = await issueBindingCode(ctx.deps, { target: { kind: person.kind, id: person.id }, issuer: { type: "STAFF", id: ctx.sender.staff!.id } });
  ctx.reply(codeText.issued(person.label, issued.code, issued.expiresAt) + (person.bound ? `\n${codeText.alreadyBoundNote}` : ""));
}

/**
 * The code in what a person typed after 绑定: the whole text when it is a code written with
 * spaces or dashes (`ate8 c94m`, `ATE8-C94M`), else the first code-looking token, so
 * `绑定：ATE8C94M`, `绑定 “ATE8C94M”。` and `绑定 ATE8C94M 谢谢老师` all work.
 */
function extractCode(args: string): string {
  const cleaned = args.normalize("NFKC").replace(/^[\s:：,，]+|[\s。.!！,，"“”'‘’「」]+$/gu, "").replace(/^["“”'‘’「」]+/u, "");
  if (normalizeCode(cleaned)) return cleaned;
  return findCodeInText(args) ?? cleaned;
}

/** 绑定 (everyone) and 绑定码 (staff, within their scope). */
export const bindingCommands: CommandModule = {
  commands: [
    {
      name: "绑定",
      aliases: ["bind", "/bind"],
      roles: EVERYONE,
      usage: "绑定 <绑定码>",
      summary: "用学校发的绑定码绑定身份",
      example: "绑定 ABCD2345",
      detail: "绑定码只能用一次，有效期 30 天。换了手机或微信，请找班主任领新的绑定码重新绑定，旧微信会自动解除。",
      async run(ctx) {
        const raw = ctx.args;
        if (ctx.inGroup) {
          const exposed = await revokeExposedCodes(ctx.deps, { candidates: [extractCode(raw), ...findCodeCandidates(raw)], contactId: ctx.incoming.contactId });
          return ctx.reply(exposed > 0 ? bindText.exposedInGroup : bindText.notInGroup);
        }
        if (!raw) return ctx.reply(bindText.missingCode);
        const r = await bindContact(ctx.deps, { contactId: ctx.incoming.contactId, rawCode: extractCode(raw) });
        switch (r.status) {
          case "BOUND": {
            ctx.reply(bindText.bound(r.target));
            const now = await resolveSender(ctx.deps, ctx.incoming.contactId, ctx.incoming.contactName);
            const count = now.guardians.length + (now.staff ? 1 : 0);
            if (count > 1) ctx.reply(bindText.alsoBound(count));
            return;
          }
          case "ALREADY_BOUND":
            return ctx.reply(bindText.alreadyBound(r.target));
          case "WRONG_CODE":
            return ctx.reply(bindText.wrongCode(r.triesLeft));
          case "LOCKED":
            return ctx.reply(bindText.locked(r.until));
          case "USED":
            return ctx.reply(bindText.used);
          case "EXPIRED":
            return ctx.reply(bindText.expired);
          case "EXPOSED":
            return ctx.reply(bindText.exposed);
          case "REVOKED":
            return ctx.reply(bindText.revoked);
        }
      },
    },
    {
      name: "绑定码",
      aliases: ["发绑定码"],
      roles: STAFF,
      otherwise: { command: "绑定", when: (args) => /^[\s:：]*[0-9a-zA-Z０-９ａ-ｚＡ-Ｚ\s\-－]{6,20}[。.!！\s]*$/u.test(args) },
      usage: "绑定码 <姓名>",
      summary: "为家长（负责人也可为老师）生成新的绑定码",
      example: "绑定码 张小明妈妈",
      detail: "姓名可以是家长的名字，也可以是“学生姓名+关系”（张小明妈妈、李娜奶奶）。老师可为自己任教班级的家长生成；负责人可为全校家长和老师生成。新码生成后，此人旧的未用绑定码自动作废。",
      async run(ctx) {
        const query = ctx.args;
        if (!query) throw new DomainError("INVALID_INPUT", { usage: codeText.usage });
        const staff = ctx.sender.staff!;
        const wholeSchool = ctx.sender.roles.has("coordinator");
        const people: Person[] = await findPeopleByName(ctx.deps, {
          schoolId: staff.schoolId,
          query,
          scope: wholeSchool ? "school" : { teacherId: staff.id },
        });
        if (people.length === 0) return ctx.reply(wholeSchool ? codeText.notFound(query) : codeText.notFoundInScope(query));
        if (people.length === 1) {
          const p = people[0]!;
          return issueFor(ctx, { ...targetOf(p), label: describePerson({ ...p, bound: false }), bound: p.bound });
        }
        const choices = people.map((p) => ({ ...targetOf(p), label: describePerson(p) }));
        await ctx.setPending(CHOOSE_PERSON, { choices });
        ctx.reply(codeText.choose(choices.map((c) => c.label)));
      },
    },
  ],
  pending: {
    async [CHOOSE_PERSON](ctx, payload) {
      const { choices } = choosePayload.parse(payload);
      // The choice was offered to a staff member; this contact may have lost that binding since.
      if (!ctx.sender.staff) {
        ctx.reply(bindText.choiceGone);
        return "done";
      }
      const n = Number(ctx.args.normalize("NFKC").trim());
      if (!Number.isInteger(n) || n < 1 || n > choices.length) return "not-mine";
      const c = choices[n - 1]!;
      const bound = c.label.endsWith("，已绑定");
      await issueFor(ctx, { kind: c.kind, id: c.id, label: bound ? c.label.slice(0, -"，已绑定".length) : c.label, bound });
      return "done";
    },
  },
};
