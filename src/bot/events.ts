import * as PUPPET from "wechaty-puppet";
import type { Wechaty } from "wechaty";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { shortId } from "../lib/mask.ts";
import { findCodeCandidates } from "../lib/codes.ts";
import type { Router } from "../router/router.ts";
import { carriesFile, saveAttachment } from "./attachments.ts";
import { toIncoming } from "./incoming.ts";

export interface BotEventOptions {
  router: Router;
  clock: Clock;
  logger: Logger;
  /** Typed-mention name in groups (config BOT_NAME). */
  botName: string;
  autoAcceptFriends: boolean;
  /**
   * Messages older than this are dropped (ms): beyond it the processed-id record may be purged,
   * so a replay could not be recognised. Anything younger is handled however late it arrives.
   */
  replayWindowMs: number;
  /** Where inbound voice notes, pictures, videos and files are saved (config ATTACHMENT_DIR). */
  attachmentDir: string;
  /** Bound on one attachment download, ms (default attachments.ts ATTACHMENT_TIMEOUT_MS). */
  attachmentTimeoutMs?: number;
  /** Called after a message or friend request was committed (wakes the outbox worker). */
  onCommitted(): void;
  /** Called with each handled message's id and outcome (benchmarks measure latency here). */
  onHandled?(messageId: string, outcome: string): void;
  onLogin?(userId: string): void;
  onLogout?(): void;
  onScan?(qrcode: string, status: PUPPET.types.ScanStatus): void;
}

/** What the bot has done so far; useful to tests and the simulator for waiting on work. */
export interface BotActivity {
  /** Inbound events whose handling has finished (handled, duplicate, dropped or failed). */
  settled: number;
  /** Promise that resolves when every inbound event seen so far has settled. */
  idle(): Promise<void>;
}

/**
 * Registers the bot's event handlers on `bot`, once (never inside `login`, so a second `login`
 * without `logout` sets nothing up twice). The message handler is a column of guard clauses
 * (own message, not a person's message, not mentioned in a group, too old), then one dispatch.
 * A voice, picture, video or file message has its file saved under `attachmentDir` first
 * (Incoming.attachment; a failed download is noted there and the message is still routed).
 * Never throws into Wechaty: every handler catches and logs with the message id.
 */
export function attachBotEvents(bot: Wechaty, o: BotEventOptions): BotActivity {
  const log = o.logger.child({ module: "bot" });
  const inFlight = new Set<Promise<void>>();
  const activity: BotActivity = {
    settled: 0,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => {
      inFlight.delete(p);
      activity.settled++;
    });
  };

  bot.on("message", (message) => {
    track(
      (async () => {
        try {
          const inc = await toIncoming(bot, message, o.botName);
          if (inc === "not-mentioned") {
            // Not read, except that a binding code posted in the group is voided.
            const room = message.room();
            const talker = message.talker();
            if (room && talker && findCodeCandidates(message.text()).length > 0) {
              await o.router.screenGroupText({ messageId: message.id, contactId: talker.id, contactName: talker.name(), roomId: room.id, kind: "text", text: message.text(), sentAt: message.date() });
              o.onCommitted();
            }
            return;
          }
          if (typeof inc === "string") {
            log.debug({ messageId: message.id, reason: inc }, "message dropped");
            return;
          }
          if (o.clock.now().getTime() - inc.sentAt.getTime() > o.replayWindowMs) {
            log.warn({ messageId: inc.messageId, sentAt: inc.sentAt }, "message older than the replay window dropped");
            return;
          }
          if (carriesFile(inc.kind)) {
            const at = o.clock.now();
            const timeout = o.attachmentTimeoutMs ? { timeoutMs: o.attachmentTimeoutMs } : {};
            inc.attachment = await saveAttachment(() => message.toFileBox(), { dir: o.attachmentDir, messageId: inc.messageId, kind: inc.kind, at, ...timeout });
            if ("error" in inc.attachment) log.warn({ messageId: inc.messageId, kind: inc.kind, reason: inc.attachment.error }, "attachment not saved");
          }
          const outcome = await o.router.handle(inc);
          log.debug({ messageId: inc.messageId, outcome }, "message settled");
          o.onHandled?.(inc.messageId, outcome);
          o.onCommitted();
        } catch (err) {
          log.error({ messageId: message.id, err }, "message handler failed");
        }
      })(),
    );
  });

  bot.on("friendship", (friendship) => {
    track(
      (async () => {
        try {
          if (friendship.type() !== PUPPET.types.Friendship.Receive) return;
          if (!o.autoAcceptFriends) {
            log.info({ friendshipId: friendship.id }, "friend request left for a person to accept");
            return;
          }
          await friendship.accept();
          const contact = friendship.contact();
          log.info({ friendshipId: friendship.id, contact: shortId(contact.id) }, "friend request accepted");
          await o.router.handleFriendRequest({
            requestId: friendship.id,
            contactId: contact.id,
            contactName: contact.name(),
            hello: friendship.hello(),
          });
          o.onCommitted();
        } catch (err) {
          log.error({ friendshipId: friendship.id, err }, "friend request handling failed");
        }
      })(),
    );
  });

  bot.on("scan", (qrcode, status) => {
    log.info({ status: PUPPET.types.ScanStatus[status] }, "scan");
    o.onScan?.(qrcode, status);
  });
  bot.on("login", (user) => {
    log.info({ user: shortId(user.id) }, "logged in");
    o.onLogin?.(user.id);
  });
  bot.on("logout", (user, reason) => {
    log.warn({ user: shortId(user.id), reason }, "logged out");
    o.onLogout?.();
  });
  bot.on("error", (err) => {
    log.error({ err: err instanceof Error ? err.message : String(err) }, "wechaty error");
  });
  return activity;
}
