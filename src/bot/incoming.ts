import * as PUPPET from "wechaty-puppet";
import type { Message, Wechaty } from "wechaty";
import { decodeEmojiMarkup, mentionsByName, stripMentions } from "../lib/text.ts";
import type { Incoming, MessageKind } from "../router/types.ts";

const T = PUPPET.types.Message;

/** Wechaty message type -> the router's kind; null for what is not a person's message. */
export function kindOf(type: PUPPET.types.Message): MessageKind | null {
  switch (type) {
    case T.Text:
      return "text";
    case T.Audio:
      return "voice";
    case T.Image:
      return "image";
    case T.Video:
      return "video";
    case T.Attachment:
      return "file";
    case T.Location:
      return "location";
    case T.Url:
    case T.ChatHistory:
      return "link";
    case T.MiniProgram:
      return "miniprogram";
    case T.Contact:
      return "contact-card";
    case T.Emoticon:
      return "emoticon";
    case T.Recalled: // a recall notice: the person withdrew a message, nothing to answer
    case T.GroupNote:
    case T.Post:
    case T.Transfer:
    case T.RedEnvelope:
      return null;
    default:
      return "unknown";
  }
}

/** Why a message was not handed to the router (logged at debug level). */
export type DropReason = "self" | "not-a-person-message" | "not-mentioned" | "no-talker";

/**
 * Turns a Wechaty message into the router's plain {@link Incoming}, or says why it is dropped:
 * the bot's own messages (its replies echo back, and so does what staff type on the bot's
 * phone), recall notices and system notes, and group messages that do not mention the bot (by
 * id in the mention list, or `@name` typed by hand with its name or its group nickname).
 * Mentions are stripped from the text; puppets' `[emojiXXXX]` markup becomes the emoji.
 */
export async function toIncoming(bot: Wechaty, message: Message, botName: string): Promise<Incoming | DropReason> {
  if (message.self()) return "self";
  const kind = kindOf(message.type());
  if (kind === null) return "not-a-person-message";
  const talker = message.talker();
  if (!talker) return "no-talker";
  const room = message.room();
  let text = kind === "text" ? message.text() : "";
  if (room) {
    const self = bot.currentUser;
    const selfAlias = (await room.alias(self).catch(() => undefined)) ?? "";
    const names = [self.name(), botName, selfAlias].filter(Boolean);
    const mentioned = (await message.mentionSelf().catch(() => false)) || mentionsByName(text, names);
    if (!mentioned) return "not-mentioned";
    const others = await message.mentionList().catch(() => []);
    const otherNames: string[] = [];
    for (const c of others) {
      otherNames.push(c.name());
      const alias = await room.alias(c).catch(() => undefined);
      if (alias) otherNames.push(alias);
    }
    text = stripMentions(text, [...names, ...otherNames]);
  }
  return {
    messageId: message.id,
    contactId: talker.id,
    contactName: talker.name(),
    ...(room ? { roomId: room.id } : {}),
    kind,
    text: decodeEmojiMarkup(text),
    sentAt: message.date(),
  };
}
