import { stat } from "node:fs/promises";
import { FileBox } from "file-box";
import type { Wechaty } from "wechaty";
import type { Conversation } from "../outbox/enqueue.ts";
import { AttachmentMissingError } from "../outbox/policy.ts";
import type { Sender } from "../outbox/worker.ts";

/**
 * The outbox's {@link Sender} over a Wechaty instance: sends through the puppet directly (no
 * contact lookup), ready only while logged in. Errors from the puppet propagate as they are,
 * so outbox/policy.ts can tell throttling from other failures; a file that is not on disk
 * throws {@link AttachmentMissingError} (permanent) before the puppet is asked.
 */
export function wechatySender(bot: Wechaty): Sender {
  return {
    async sendText(to: Conversation, text: string) {
      await bot.puppet.messageSendText(to.id, text);
    },
    async sendFile(to: Conversation, path: string, name: string) {
      const found = await stat(path).catch(() => null);
      if (!found?.isFile()) throw new AttachmentMissingError(path);
      await bot.puppet.messageSendFile(to.id, FileBox.fromFile(path, name));
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
