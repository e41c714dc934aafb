import { helpText, ROLE_WORDS, whoAmIText, bindingInstructionsText, routerText } from "../messages/zh.ts";
import type { Role } from "../domain/identities.ts";
import { allowed, listedFor, type CommandRegistry } from "../router/registry.ts";
import { EVERYONE, type CommandModule } from "../router/types.ts";
import { cancelCommand, sessionRef } from "./reunion-changes.ts";

const ROLE_ORDER: Role[] = ["admin", "coordinator", "teacher", "guardian", "unbound"];

function roleWords(roles: ReadonlySet<Role>): string {
  const words = ROLE_ORDER.filter((r) => roles.has(r)).map((r) => ROLE_WORDS[r]);
  // A coordinator is also a teacher: name the higher role only.
  const staffWord = words.find((w) => w === ROLE_WORDS.admin || w === ROLE_WORDS.coordinator || w === ROLE_WORDS.teacher);
  const rest = words.filter((w) => w !== ROLE_WORDS.admin && w !== ROLE_WORDS.coordinator && w !== ROLE_WORDS.teacher);
  return [staffWord, ...rest].filter(Boolean).join("、");
}

/** 帮助 and 我是谁. `registry` is read lazily because help lists every module's commands. */
export function generalCommands(registry: () => CommandRegistry): CommandModule {
  return {
    commands: [
      {
        name: "帮助",
        aliases: ["help", "?", "菜单", "帮忙", "/help"],
        roles: EVERYONE,
        usage: "帮助 [命令]",
        summary: "查看您可以使用的功能",
        example: "帮助 绑定",
        async run(ctx) {
          const reg = registry();
          const roles = ctx.sender.roles;
          if (ctx.args) {
            const asked = reg.find(ctx.args.split(/\s+/)[0]!);
            const spec = asked && asked.helpAs && !listedFor(asked, roles) ? (reg.find(asked.helpAs) ?? asked) : asked;
            if (!spec) return ctx.reply(helpText.unknownTopic(ctx.args));
            if (!allowed(spec, roles)) return ctx.reply(helpText.notForYou(spec.name));
            return ctx.reply(helpText.detail(spec.name, spec.aliases ?? [], spec.usage, spec.summary, spec.detail, spec.example));
          }
          const lines = [helpText.header(roleWords(roles))];
          if (roles.has("guardian")) lines.push(helpText.guardianMessage);
          for (const spec of reg.commands) {
            if (!listedFor(spec, roles)) continue;
            lines.push(helpText.line(spec.name, spec.summary, spec.example));
          }
          lines.push(helpText.footer);
          if (roles.has("unbound")) {
            lines.unshift(bindingInstructionsText().split("\n")[0]!);
            lines.push(helpText.unboundFooter);
          }
          ctx.reply(lines.join("\n"));
        },
      },
      {
        name: "取消",
        aliases: ["cancel"],
        roles: EVERYONE,
        usage: "取消 [<编号> [以后全部] [原因]]",
        summary: "取消正在进行的操作（比如回复编号的选择）；取消 编号：取消一次亲情视频",
        example: "取消",
        hidden: true,
        guardianArgs: (args) => args === "" || sessionRef(args) !== null,
        async run(ctx) {
          if (ctx.args) return cancelCommand(ctx); // `取消 12 原因`: a reunion session (commands/reunion-changes.ts)
          ctx.reply(routerText.nothingToCancel); // with a pending exchange the router cancels it before commands run
        },
      },
      {
        name: "我是谁",
        aliases: ["whoami", "我的身份"],
        roles: EVERYONE,
        usage: "我是谁",
        summary: "查看您绑定的身份和孩子",
        example: "我是谁",
        async run(ctx) {
          ctx.reply(whoAmIText(ctx.sender));
        },
      },
    ],
  };
}
