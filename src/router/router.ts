import { withTx, isUniqueViolation, type Db, type Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { charLength, foldWidth } from "../lib/text.ts";
import { DomainError } from "../domain/errors.ts";
import type { Deps, DomainSettings } from "../domain/deps.ts";
import { resolveSender, type SenderProfile } from "../domain/identities.ts";
import { clearPendingAction, findPendingAction, savePendingAction } from "../domain/pending.ts";
import { insertOutboxRows, insertProcessedMessage, type OutboxInsert } from "../db/hot.ts";
import { ROLE_WORDS, bindText, bindingInstructionsText, domainErrorText, friendGreetingText, routerText, whoAmIText } from "../messages/zh.ts";
import { findCodeCandidates, findCodeInText, normalizeCode } from "../lib/codes.ts";
import { isIssuedCode, revokeExposedCodes } from "../domain/bindings.ts";
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
  readonly groupTexts: string[] = [];
  add(text: string): void {
    this.texts.push(text);
  }

  /** A text for the group itself (never a child's data), addressed to the sender with @. */
  toGroup(text: string): void {
    this.groupTexts.push(text);
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
    if (inc.roomId) {
      this.groupTexts.forEach((text, n) => rows.push({ dedupeKey: `reply:${inc.messageId}:group-${n}`, kind: "ROOM", conversationId: inc.roomId!, text: `@${inc.contactName} ${text}` }));
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

    // Free text and files from a bound sender in private chat may be a feature's (a hotline
    // message, a picture after an update): each module's fallback is asked in turn.
    const tryFallbacks = async (suggestion: string | null): Promise<boolean> => {
      if (inGroup || unbound) return false;
      for (const fallback of registry.fallbacks) if (await fallback(makeCtx(inc.text.trim()), suggestion)) return true;
      return false;
    };

    if (inc.kind !== "text") {
      if (inc.kind === "emoticon" || inGroup) return sender; // stickers: nothing to answer
      if (await tryFallbacks(null)) return sender;
      replies.add(unbound ? bindingInstructionsText() : sender.roles.has("guardian") ? routerText.nonTextGuardian : routerText.nonText);
      return sender;
    }
    const text = inc.text.trim();
    if (!text) {
      if (inGroup) replies.add(routerText.emptyMention);
      return sender;
    }
    const length = charLength(text);
    if (length > maxMessageChars && (registry.match(text) || inGroup || unbound || sender.hasPendingAction)) {
      replies.add(routerText.tooLong(length, maxMessageChars));
      return sender;
    }

    let match = registry.matchLoose(text);
    const folded = foldWidth(text).toLowerCase();

    // A binding code shown in a group can be read by everyone there: void it (the 绑定 command
    // says so itself when it is used in a group).
    if (inGroup && match?.spec.name !== "绑定" && (await this.#voidExposedCode(deps, inc, text))) {
      replies.toGroup(bindText.exposedInGroup);
      return sender;
    }

    if (!inGroup && sender.hasPendingAction) {
      const pending = await findPendingAction(deps, inc.contactId);
      if (pending) {
        const handler = registry.pending.get(pending.kind);
        if (folded === "取消" || folded === "cancel" || !handler) {
          if (!handler) logger.warn({ module: "router", kind: pending.kind }, "pending action of unknown kind dropped");
          await clearPendingAction(deps, inc.contactId);
          if (handler) {
            replies.add(routerText.cancelled);
            return sender;
          }
        } else {
          await clearPendingAction(deps, inc.contactId);
          const outcome = await handler(makeCtx(text), pending.payload);
          if (outcome === "done") return sender;
          // Not an answer: the exchange stays open, and a command in between is run as usual.
          await savePendingAction(deps, { contactId: inc.contactId, kind: pending.kind, payload: pending.payload });
          if (!match) {
            replies.add(routerText.chooseNumber(pendingChoices(pending.payload)));
            return sender;
          }
        }
      } else if (!match && sender.staff && sender.guardians.length === 0) {
        // The exchange expired since (its row was still there): say so rather than "not understood".
        // Not for guardians: their free text is a message to the school (hotline) and must be kept.
        replies.add(routerText.pendingExpired(deps.settings.pendingActionTtlMin));
        return sender;
      }
    }

    if (!match && unbound) {
      // A bare code, or a sentence about the binding code (`我的绑定码是ATE8C94M`), is a bind attempt;
      // an all-letter word counts only when the school issued such a code (no lockout for "HAHAHAHA").
      const code = findCodeInText(text);
      const bare = looksLikeBareCode(text);
      if (code && (/绑定/.test(text) || (bare && (/\d/.test(code) || (await isIssuedCode(deps, code)))))) {
        match = { spec: registry.find("绑定")!, word: "", args: code };
      }
    }
    if (!match && inGroup && sender.roles.has("guardian")) {
      // A family's message belongs in private chat: everyone in the group would read it.
      replies.add(routerText.familyMessageInGroup);
      return sender;
    }
    if (!match) {
      const suggestion = unbound ? null : registry.suggest(text, sender.roles);
      if (!unbound && !/^\d{1,3}$/.test(folded) && (await tryFallbacks(suggestion))) return sender;
      if (length > maxMessageChars) replies.add(routerText.tooLong(length, maxMessageChars));
      else if (unbound) replies.add(bindingInstructionsText());
      else if (/^\d{1,3}$/.test(folded)) replies.add(routerText.nothingToChoose);
      else {
        replies.add(routerText.unknownCommand(text, suggestion));
      }
      return sender;
    }
    let spec: CommandSpec = match.spec;
    // A family's sentence that starts with an everyday command word (`同意，谢谢老师`,
    // `确认一下放学时间`) is a message to the school: the fallbacks (the hotline) keep it.
    const familyText = !inGroup && !sender.staff && sender.roles.has("guardian") && spec.guardianArgs !== undefined && !spec.guardianArgs(match.args);
    if (familyText && (await tryFallbacks(null))) return sender;
    if (!allowed(spec, sender.roles)) {
      const alt = spec.otherwise && spec.otherwise.when(match.args) ? registry.find(spec.otherwise.command) : null;
      if (alt && allowed(alt, sender.roles)) {
        spec = alt;
      } else {
        replies.add(unbound ? bindingInstructionsText() : routerText.forbiddenFor(spec.name, roleWordsFor(spec)));
        return sender;
      }
    }
    if (inGroup && spec.privateOnly) {
      replies.add(routerText.privateOnly(spec.name));
      return sender;
    }
    logger.debug({ module: "router", messageId: inc.messageId, command: spec.name }, "command");
    await spec.run(makeCtx(match.args));
    return sender;
  }

  /** Voids a live binding code found in a group message's text; true when one was voided. */
  async #voidExposedCode(deps: Deps, inc: Incoming, text: string): Promise<boolean> {
    const candidates = findCodeCandidates(text);
    return candidates.length > 0 && (await revokeExposedCodes(deps, { candidates, contactId: inc.contactId })) > 0;
  }

  /**
   * A group message that does not mention the bot is not read, except for one thing: a binding
   * code in it is voided (anyone in the group could use it) and the group is told. Nothing else
   * is stored. Idempotent per message id.
   */
  async screenGroupText(inc: Incoming): Promise<HandleOutcome> {
    if (!inc.roomId || findCodeCandidates(inc.text).length === 0) return "handled";
    try {
      return await withTx(this.deps.db, async (tx) => {
        const now = this.deps.clock.now();
        if (!(await claimMessage(tx, inc, now))) return "duplicate";
        if (await this.#voidExposedCode(this.#domainDeps(tx), inc, inc.text)) {
          const replies = new Replies();
          replies.toGroup(bindText.exposedInGroup);
          await replies.flush(tx, inc, null, now);
        }
        return "handled";
      });
    } catch (err) {
      if (isUniqueViolation(err)) return "duplicate";
      this.deps.logger.error({ module: "router", messageId: inc.messageId, err }, "group screening failed");
      return "error";
    }
  }
}

/** Who may use `spec`, in words: the broadest staff role named, then guardians. */
function roleWordsFor(spec: CommandSpec): string {
  const r = new Set(spec.roles);
  const staff = r.has("teacher") ? ROLE_WORDS.teacher : r.has("coordinator") ? ROLE_WORDS.coordinator : r.has("admin") ? ROLE_WORDS.admin : null;
  return [staff, r.has("guardian") ? ROLE_WORDS.guardian : null].filter(Boolean).join("、");
}

/** A message that is nothing but a binding code (8 symbols of the code alphabet, trailing punctuation allowed). */
function looksLikeBareCode(text: string): boolean {
  const code = normalizeCode(text.normalize("NFKC").replace(/[。.!！,，~～]+$/u, ""));
  return code !== null && code.length === 8;
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
