import { withTx, isUniqueViolation, type Db, type Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { charLength, foldWidth } from "../lib/text.ts";
import { DomainError } from "../domain/errors.ts";
import type { Deps, DomainSettings } from "../domain/deps.ts";
import { resolveSender, type SenderProfile } from "../domain/identities.ts";
import { clearPendingAction, findPendingAction, savePendingAction } from "../domain/pending.ts";
import { insertOutboxRows, insertProcessedMessage, type OutboxInsert } from "../db/hot.ts";
import { ROLE_WORDS, bindingInstructionsText, domainErrorText, friendGreetingText, routerText, whoAmIText } from "../messages/zh.ts";
import { findCodeInText } from "../lib/codes.ts";
import { allowed, type CommandRegistry } from "./registry.ts";
import type { CommandContext, CommandSpec, Incoming } from "./types.ts";

export interface RouterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: DomainSettings;
  registry: CommandRegistry;
  /** Longest text handled, in characters (default 2000). */
  maxMessageChars: number;
}

/** What the router did with a message. */
export type HandleOutcome = "handled" | "duplicate" | "error";

/** Replies collected while handling one message, written to the outbox at the end. */
class Replies {
  readonly texts: string[] = [];
  add(text: string): void {
    this.texts.push(text);
  }

  /**
   * Writes the replies. Private chat: to the sender. Group chat: a bound sender gets them
   * privately and the group gets one short note (a child's data never goes into a group); an
   * unbound sender's replies (which carry no child data) go to the group.
   */
  async flush(tx: Tx, inc: Incoming, sender: SenderProfile | null, now: Date): Promise<void> {
    const bound = sender !== null && !sender.roles.has("unbound");
    const rows: OutboxInsert[] = this.texts.map((text, n) =>
      inc.roomId && !bound
        ? { dedupeKey: `reply:${inc.messageId}:${n}`, kind: "ROOM", conversationId: inc.roomId, text: `@${inc.contactName} ${text}` }
        : { dedupeKey: `reply:${inc.messageId}:${n}`, kind: "CONTACT", conversationId: inc.contactId, text },
    );
    if (inc.roomId && bound && this.texts.length > 0) {
      rows.push({ dedupeKey: `reply:${inc.messageId}:group-note`, kind: "ROOM", conversationId: inc.roomId, text: routerText.repliedPrivately(inc.contactName) });
    }
    if (rows.length > 0) await insertOutboxRows(tx, rows, now);
  }
}

/**
 * Handles inbound messages: one transaction per message holds the ProcessedMessage claim,
 * every change and every reply, so a message is handled once or not at all, even across a
 * crash, a redelivery, or two deliveries at once. Order inside: duplicate check, sender
 * resolution, pending exchange, command word, role check, handler; a DomainError rolls the
 * work back and answers with messages/zh.ts's text; any other error is logged with the message
 * id and answered with a short apology.
 */
export class Router {
  constructor(readonly deps: RouterDeps) {}

  async handle(inc: Incoming): Promise<HandleOutcome> {
    const { db, clock, logger } = this.deps;
    const log = logger.child({ module: "router", messageId: inc.messageId });
    try {
      return await withTx(db, async (tx) => {
        const now = clock.now();
        if (!(await claimMessage(tx, inc, now))) return "duplicate";
        const replies = new Replies();
        const sender = await this.#dispatch(tx, inc, replies);
        await replies.flush(tx, inc, sender, now);
        return "handled";
      });
    } catch (err) {
      if (isUniqueViolation(err)) return "duplicate";
      const text = err instanceof DomainError ? domainErrorText(err.code, err.details) : routerText.internalError;
      if (err instanceof DomainError) log.debug({ code: err.code }, "domain refusal");
      else log.error({ err }, "message handling failed");
      try {
        return await withTx(db, async (tx) => {
          const now = clock.now();
          if (!(await claimMessage(tx, inc, now))) return "duplicate";
          const replies = new Replies();
          replies.add(text);
          const sender = await resolveSender(this.#domainDeps(tx), inc.contactId, inc.contactName);
          await replies.flush(tx, inc, sender, now);
          return err instanceof DomainError ? "handled" : "error";
        });
      } catch (err2) {
        if (isUniqueViolation(err2)) return "duplicate";
        log.error({ err: err2 }, "could not record the error reply");
        return "error";
      }
    }
  }

  /**
   * Greets a newly accepted friend with binding instructions, or, when the request's text
   * holds a binding code, binds at once (as if they had sent `绑定 <code>`). Idempotent per
   * request id.
   */
  async handleFriendRequest(req: FriendRequest): Promise<HandleOutcome> {
    const code = findCodeInText(req.hello ?? "");
    const sentAt = this.deps.clock.now();
    if (code) {
      return this.handle({ messageId: `friendship:${req.requestId}`, contactId: req.contactId, contactName: req.contactName, kind: "text", text: `绑定 ${code}`, sentAt });
    }
    return withTx(this.deps.db, async (tx) => {
      const now = this.deps.clock.now();
      const inc: Incoming = { messageId: `friendship:${req.requestId}`, contactId: req.contactId, contactName: req.contactName, kind: "text", text: "", sentAt };
      if (!(await claimMessage(tx, inc, now))) return "duplicate";
      const sender = await resolveSender(this.#domainDeps(tx), req.contactId, req.contactName);
      const replies = new Replies();
      replies.add(sender.roles.has("unbound") ? friendGreetingText() : whoAmIText(sender));
      await replies.flush(tx, inc, sender, now);
      return "handled";
    });
  }

  #domainDeps(tx: Tx): Deps {
    const { clock, settings, logger } = this.deps;
    return { db: tx, clock, settings, logger };
  }

  async #dispatch(tx: Tx, inc: Incoming, replies: Replies): Promise<SenderProfile> {
    const { registry, maxMessageChars, logger } = this.deps;
    const deps = this.#domainDeps(tx);
    const sender = await resolveSender(deps, inc.contactId, inc.contactName);
    const unbound = sender.roles.has("unbound");
    const inGroup = inc.roomId !== undefined;

    if (inc.kind !== "text") {
      if (inc.kind === "emoticon" || inGroup) return sender; // stickers: nothing to answer
      replies.add(unbound ? bindingInstructionsText() : routerText.nonText);
      return sender;
    }
    const text = inc.text.trim();
    if (!text) {
      if (inGroup) replies.add(routerText.emptyMention);
      return sender;
    }
    const length = charLength(text);
    if (length > maxMessageChars) {
      replies.add(routerText.tooLong(length, maxMessageChars));
      return sender;
    }

    const makeCtx = (args: string): CommandContext => ({
      incoming: inc,
      sender,
      args,
      argv: args ? args.split(/[\s\u3000]+/u) : [],
      deps,
      inGroup,
      reply: (t) => replies.add(t),
      setPending: (kind, payload) => savePendingAction(deps, { contactId: inc.contactId, kind, payload }),
    });

    const match = registry.match(text);
    const folded = foldWidth(text).toLowerCase();
    if (!inGroup) {
      const pending = sender.hasPendingAction ? await findPendingAction(deps, inc.contactId) : null;
      if (pending) {
        if (folded === "取消" || folded === "cancel") {
          await clearPendingAction(deps, inc.contactId);
          replies.add(routerText.cancelled);
          return sender;
        }
        const handler = registry.pending.get(pending.kind);
        if (!handler) {
          logger.warn({ module: "router", kind: pending.kind }, "pending action of unknown kind dropped");
          await clearPendingAction(deps, inc.contactId);
        } else {
          await clearPendingAction(deps, inc.contactId);
          const outcome = await handler(makeCtx(text), pending.payload);
          if (outcome === "done") return sender;
          if (!match) {
            await savePendingAction(deps, { contactId: inc.contactId, kind: pending.kind, payload: pending.payload });
            replies.add(routerText.chooseNumber(pendingChoices(pending.payload)));
            return sender;
          }
        }
      } else if (folded === "取消" || folded === "cancel") {
        replies.add(routerText.nothingToCancel);
        return sender;
      }
    }

    if (!match) {
      replies.add(unbound ? bindingInstructionsText() : routerText.unknownCommand(text, registry.suggest(text, sender.roles)));
      return sender;
    }
    let spec: CommandSpec = match.spec;
    if (!allowed(spec, sender.roles)) {
      const alt = spec.otherwise ? registry.find(spec.otherwise) : null;
      if (alt && allowed(alt, sender.roles)) {
        spec = alt;
      } else {
        const who = spec.roles.filter((r) => r !== "unbound").map((r) => ROLE_WORDS[r]);
        replies.add(unbound ? bindingInstructionsText() : routerText.forbiddenFor(spec.name, who.join("、")));
        return sender;
      }
    }
    logger.debug({ module: "router", messageId: inc.messageId, command: spec.name }, "command");
    await spec.run(makeCtx(match.args));
    return sender;
  }
}

/** Number of choices a pending payload offers (payload.choices array), at least 1. */
function pendingChoices(payload: unknown): number {
  const choices = (payload as { choices?: unknown[] } | null)?.choices;
  return Array.isArray(choices) && choices.length > 0 ? choices.length : 1;
}

/** Records `inc` as processed; false when it already was (a redelivery). */
function claimMessage(tx: Tx, inc: Incoming, now: Date): Promise<boolean> {
  return insertProcessedMessage(tx, inc.messageId, now, inc.sentAt);
}

/** A friend request the bot accepted. */
export interface FriendRequest {
  requestId: string;
  contactId: string;
  contactName: string;
  /** The request's text; a binding code in it binds at once. */
  hello: string;
}
