/**
 * WeChat quoted replies (引用回复) as puppets deliver them: a text message holding the quoted
 * message and the reply. The usual form (wechaty puppets over the PC and iPad protocols) is
 *
 *   「张三：原来的消息」
 *   - - - - - - - - - - - - - - -
 *   回复的内容
 *
 * and some puppets put the reply first and the quote after it. The bot's relays start with
 * `【亲情电话 #12】`, so a quote of one names its request.
 */

/** A parsed quoted reply: the quoted text, the reply, and the hotline request number quoted, if any. */
export interface QuotedReply {
  quoted: string;
  reply: string;
  requestId: number | null;
}

const QUOTE_FIRST = /^\s*「([\s\S]*?)」\s*\n\s*(?:-\s*){3,}\s*\n?([\s\S]*)$/u;
const REPLY_FIRST = /^([\s\S]*?)\n\s*(?:-\s*){3,}\s*\n\s*「([\s\S]*?)」\s*$/u;

/** Parses `text` as a quoted reply; null when it is not one. Never throws. */
export function parseQuotedReply(text: string): QuotedReply | null {
  let quoted: string;
  let reply: string;
  const a = QUOTE_FIRST.exec(text);
  if (a) {
    quoted = a[1]!;
    reply = a[2]!;
  } else {
    const b = REPLY_FIRST.exec(text);
    if (!b) return null;
    reply = b[1]!;
    quoted = b[2]!;
  }
  const id = /亲情电话\s*[#＃]\s*([0-9]+)/u.exec(quoted.normalize("NFKC"));
  return { quoted, reply: reply.trim(), requestId: id ? Number(id[1]) : null };
}
