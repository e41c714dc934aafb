import type { Wechaty } from "wechaty";
import type { Conversation } from "../outbox/enqueue.ts";
import type { Sender } from "../outbox/worker.ts";

/**
 * The outbox's {@link Sender} over a Wechaty instance: sends through the puppet directly (no
 * contact lookup), ready only while logged in. Errors from the puppet propagate as they are,
 * so outbox/policy.ts can tell throttling from other failures.
 */
export function wechatySender(bot: Wechaty): Sender {
  return {
    async sendText(to: Conversation, text: string) {
      await bot.puppet.messageSendText(to.id, text);
    },
    isReady() {
      try {
        return bot.puppet.isLoggedIn;
      } catch {
        return false; // not started yet (reading bot.isLoggedIn then would emit an error)
      }
    },
  };
}
