/**
 * Text helpers for untrusted chat input. Pure functions, no I/O.
 */

/**
 * Replaces puppets' emoji markup (`[emoji1f49e]`, as some WeChat puppets send it) with the
 * emoji itself. Invalid code points are left as they are.
 */
export function decodeEmojiMarkup(text: string): string {
  return text.replace(/\[emoji([0-9a-f]{4,6})\]/gi, (whole, hex: string) => {
    const cp = Number.parseInt(hex, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/**
 * Folds full-width forms to half-width (NFKC: `ＡＢＣ１２３` -> `ABC123`, U+3000 -> space,
 * `？` -> `?`), turns every run of white space (including U+2005, the separator WeChat puts
 * after a mention) into one space, and trims. Used for command words and codes, not for
 * names shown back to people.
 */
export function foldWidth(text: string): string {
  return text.normalize("NFKC").replace(/[\s\u2005\u200b\u3000]+/gu, " ").trim();
}

/** Collapses white space (incl. U+2005/U+3000) and trims, keeping the characters as typed. */
export function tidySpaces(text: string): string {
  return text.replace(/[\s\u2005\u200b\u3000]+/gu, " ").trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Removes every @-mention from a group message's text. `names` are the display names that
 * can follow an `@` (the bot's name, its group nickname, the mentioned members' names); the
 * longest are tried first, so back-to-back mentions without separators are stripped too:
 * `@家校助手@王老师明天下午3点视频` with names [家校助手, 王老师] -> `明天下午3点视频`.
 * An `@word` ended by WeChat's U+2005 separator is removed even if its name is unknown.
 */
export function stripMentions(text: string, names: readonly string[]): string {
  const sorted = [...new Set(names.filter((n) => n.trim().length > 0))].sort((a, b) => b.length - a.length);
  let out = text;
  if (sorted.length > 0) {
    const known = new RegExp(`[@＠](?:${sorted.map(escapeRegExp).join("|")})[\\u2005\\u0020\\u3000]?`, "gu");
    out = out.replace(known, " ");
  }
  out = out.replace(/[@＠][^\s@＠\u2005]{1,32}\u2005/gu, " ");
  return tidySpaces(out);
}

/** True when the text contains `@name` (typed by hand or inserted by WeChat) for one of `names`. */
export function mentionsByName(text: string, names: readonly string[]): boolean {
  return names.some((n) => n.trim().length > 0 && (text.includes(`@${n}`) || text.includes(`＠${n}`)));
}

/** Counts characters as people do (code points, so an emoji or a rare CJK character is one). */
export function charLength(text: string): number {
  return [...text].length;
}

/** Cuts `text` to at most `max` code points, adding `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
