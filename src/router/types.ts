import type { Deps } from "../domain/deps.ts";
import type { Role, SenderProfile } from "../domain/identities.ts";

/** What kind of WeChat message came in (bot/ maps Wechaty's types onto these). */
export type MessageKind = "text" | "voice" | "image" | "video" | "file" | "location" | "link" | "miniprogram" | "contact-card" | "emoticon" | "unknown";

/**
 * One inbound message as a plain object: what bot/ hands the router, and what a test can
 * build by hand (shared/style.md rule 4). `text` is already stripped of @-mentions.
 */
export interface Incoming {
  /** The puppet's message id: the dedupe key (ProcessedMessage). */
  messageId: string;
  contactId: string;
  /** Display name as shown by WeChat; never used for identity. */
  contactName: string;
  /** Set for group messages (the bot only sees those that mention it). */
  roomId?: string;
  kind: MessageKind;
  text: string;
  /** When the sender sent it (puppet timestamp). Relative times are read against this. */
  sentAt: Date;
  /**
   * The file of a voice, picture, video or file message, saved by bot/ before routing (a path
   * under ATTACHMENT_DIR), or why it could not be saved. Absent for text and for kinds without a file.
   */
  attachment?: IncomingAttachment;
}

/** A saved inbound file (`path`, shown to receivers as `name`), or the download's failure. */
export type IncomingAttachment = { path: string; name: string } | { error: string };

/** The per-message context a command handler receives (shared/style.md rule 5). */
export interface CommandContext {
  incoming: Incoming;
  sender: SenderProfile;
  /** Everything after the command word, trimmed, as typed. */
  args: string;
  /** `args` split on white space. */
  argv: string[];
  /** Domain dependencies bound to this message's transaction. */
  deps: Deps;
  /** True in a group chat: replies go privately to bound senders. */
  inGroup: boolean;
  /** Queues a reply to the sender (written to the outbox with this message's transaction). */
  reply(text: string): void;
  /** Starts (or replaces) the sender's multi-step exchange; expires after settings.pendingActionTtlMin. */
  setPending(kind: string, payload: unknown): Promise<void>;
}

/** A command, declared once as data; help and the role check derive from it. */
export interface CommandSpec {
  name: string;
  aliases?: string[];
  /** Who may use it. */
  roles: readonly Role[];
  /** `绑定 <绑定码>`: `<x>` required, `[x]` optional. A usage without arguments must be sent alone. */
  usage: string;
  summary: string;
  example: string;
  /** Longer explanation for `帮助 <命令>`. */
  detail?: string;
  /**
   * Not listed by `帮助` (still explained by `帮助 <命令>`): `true` for everyone, or the roles
   * whose list leaves it out (`预约` is listed to guardians as `想和孩子视频`).
   */
  hidden?: boolean | readonly Role[];
  /** `帮助 <命令>` for a role this command is hidden from explains this other command instead (`预约` for guardians: `想和孩子视频`). */
  helpAs?: string;
  /**
   * Refused in group chats, with a request to send it privately: the message itself carries a
   * family's matters (an answer to a parent, an internal note, a logged call).
   */
  privateOnly?: boolean;
  /**
   * When the sender may not use this command, treat the message as this other command instead
   * (`绑定码 ABCD2345` from a parent means `绑定 ABCD2345`).
   */
  /**
   * For an everyday word used as a command: whether `args` from a family member (a guardian who
   * is not staff, in private chat) are this command's (`取消 12`) rather than a sentence that
   * starts with the word (`取消了明天的视频吧`, `同意，谢谢老师`). When false, the text goes to
   * the modules' fallbacks (the hotline keeps it as a message to the school) instead of the
   * command or its refusal. Unset: the command (or the refusal) as usual. Staff always get it.
   */
  guardianArgs?: (args: string) => boolean;
  otherwise?: { command: string; when(args: string): boolean };
  run(ctx: CommandContext): Promise<void>;
}

/** Handles the next message of a pending exchange; "not-mine" lets the router treat it as a command. */
export type PendingHandler = (ctx: CommandContext, payload: unknown) => Promise<"done" | "not-mine">;

/**
 * Handles a private-chat message from a bound sender that is not a command: free text (also
 * longer than MAX_MESSAGE_CHARS) and voice, pictures, video and files. Returns true when it
 * took the message; the router then replies nothing more. `suggestion` is the nearest command
 * word the sender may use, if any (a typo rather than a message).
 */
export type FallbackHandler = (ctx: CommandContext, suggestion: string | null) => Promise<boolean>;

/** A feature's commands and the pending-exchange kinds it owns. */
export interface CommandModule {
  commands: CommandSpec[];
  pending?: Record<string, PendingHandler>;
  /** Tried in module order for messages that are not commands (see {@link FallbackHandler}). */
  fallback?: FallbackHandler;
}

export const EVERYONE: readonly Role[] = ["unbound", "guardian", "teacher", "coordinator", "admin"];
export const BOUND: readonly Role[] = ["guardian", "teacher", "coordinator", "admin"];
export const STAFF: readonly Role[] = ["teacher", "coordinator", "admin"];
export const COORDINATORS: readonly Role[] = ["coordinator", "admin"];
