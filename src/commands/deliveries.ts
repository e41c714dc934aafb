import { listFailedDeliveries, retryFailedDelivery } from "../domain/deliveries.ts";
import { deliveryText } from "../messages/zh.ts";
import { DomainError } from "../domain/errors.ts";
import { COORDINATORS, type CommandModule } from "../router/types.ts";

/** 发送失败 and 重发: the outbox's dead letters, for coordinators. */
export const deliveryCommands: CommandModule = {
  commands: [
    {
      name: "发送失败",
      aliases: ["失败消息"],
      roles: COORDINATORS,
      usage: "发送失败",
      summary: "查看没有发出去的消息",
      example: "发送失败",
      async run(ctx) {
        const { total, items } = await listFailedDeliveries(ctx.deps, ctx.sender);
        ctx.reply(total === 0 ? deliveryText.none : deliveryText.list(total, items));
      },
    },
    {
      name: "重发",
      roles: COORDINATORS,
      usage: "重发 <编号>",
      summary: "重新发送一条发送失败的消息",
      example: "重发 12",
      async run(ctx) {
        const raw = ctx.args.normalize("NFKC").replace(/^#/, "").trim();
        if (!/^\d+$/.test(raw)) return ctx.reply(deliveryText.retryUsage);
        const id = Number(raw);
        if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return ctx.reply(deliveryText.notFound(raw));
        try {
          await retryFailedDelivery(ctx.deps, ctx.sender, id);
        } catch (err) {
          if (err instanceof DomainError && err.code === "NOT_FOUND") return ctx.reply(deliveryText.notFound(raw));
          throw err;
        }
        ctx.reply(deliveryText.retried(id));
      },
    },
  ],
};
