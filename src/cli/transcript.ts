import { dayjs, SCHOOL_TZ, parseDuration } from "../lib/time.ts";
import type { SimContent } from "../bot/sim.ts";

/** One line of a simulator transcript (format documented in the README). */
export type Step =
  | { kind: "say"; person: string; group?: string; content: SimContent }
  | { kind: "clock"; at: Date }
  | { kind: "advance"; ms: number }
  | { kind: "friend"; person: string; hello: string }
  | { kind: "replay" }
  | { kind: "expect"; pattern: RegExp; negate: boolean };

const NON_TEXT: Record<string, Exclude<SimContent, string>["kind"]> = {
  "[语音]": "voice",
  "[图片]": "image",
  "[视频]": "video",
  "[文件]": "file",
  "[位置]": "location",
  "[小程序]": "miniprogram",
  "[表情]": "emoticon",
  "[撤回]": "recall",
};

/** Parses a time for `/clock`: ISO-8601; without an offset it is read as Asia/Shanghai. */
export function parseClock(text: string): Date {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?([zZ]|[+-]\d\d:?\d\d)?$/.exec(t);
  const d = !m ? null : m[7] ? dayjs(t) : dayjs.tz(t, SCHOOL_TZ);
  // Strict: the wall time read back must be the one written (2026-13-45 must not roll over into 2027).
  const written = m ? `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? "00"}:${m[5] ?? "00"}` : "";
  const readBack = d?.isValid() ? (m![7] ? dayjs(t.slice(0, 16).replace("T", " ")).format("YYYY-MM-DD HH:mm") : d.tz(SCHOOL_TZ).format("YYYY-MM-DD HH:mm")) : "";
  if (!m || !d || readBack !== written) throw new RangeError(`invalid time: ${text} (use ISO-8601, e.g. 2026-12-01T09:00)`);
  return d.toDate();
}

/** The non-text token a whole line stands for (`[语音]`), or null. */
export function nonTextKind(line: string): Exclude<SimContent, string>["kind"] | null {
  return NON_TEXT[line.trim()] ?? null;
}

/**
 * Parses one transcript line; null for blank lines and `#` comments. Throws SyntaxError with
 * the reason for a line that fits no form.
 */
export function parseStep(line: string): Step | null {
  const t = line.trim();
  if (!t || t.startsWith("#")) return null;
  if (t.startsWith("/")) {
    const [cmd, ...rest] = t.split(/\s+/);
    const arg = t.slice(cmd!.length).trim();
    switch (cmd) {
      case "/clock":
        return { kind: "clock", at: parseClock(arg) };
      case "/advance":
        return { kind: "advance", ms: parseDuration(arg) };
      case "/friend":
        if (!rest[0]) throw new SyntaxError("/friend needs a person: /friend <person> [hello]");
        return { kind: "friend", person: rest[0], hello: rest.slice(1).join(" ") };
      case "/replay":
        return { kind: "replay" };
      case "/expect":
      case "/expect-not":
        if (!arg) throw new SyntaxError(`${cmd} needs a pattern`);
        return { kind: "expect", pattern: new RegExp(arg, "u"), negate: cmd === "/expect-not" };
      default:
        throw new SyntaxError(`unknown directive ${cmd}`);
    }
  }
  const m = /^(?:\[([^\]]+)\]\s*)?([^:：]+?)\s*[:：]\s?(.*)$/u.exec(t);
  if (!m) throw new SyntaxError("expected `<person>: <message>`, `[<group>] <person>: <message>` or a /directive");
  const body = m[3]!;
  const nonText = NON_TEXT[body.trim()];
  return { kind: "say", person: m[2]!.trim(), ...(m[1] ? { group: m[1].trim() } : {}), content: nonText ? { kind: nonText } : body };
}
