import { distance } from "fastest-levenshtein";
import { foldWidth } from "../lib/text.ts";
import type { Role } from "../domain/identities.ts";
import type { CommandModule, CommandSpec, FallbackHandler, PendingHandler } from "./types.ts";

/** A command found at the start of a message. */
export interface CommandMatch {
  spec: CommandSpec;
  /** The command word as the sender wrote it. */
  word: string;
  /** The rest of the message, as typed (full-width punctuation kept), trimmed. */
  args: string;
}

const TRAILING_PUNCT = /^[\s?？!！。.,，~～…]*$/u;
const ASCII_WORD = /[a-z0-9]/i;

function takesArgs(spec: CommandSpec): boolean {
  return /[<[]/.test(spec.usage);
}

/**
 * The command table: built once from every module, refusing duplicate names or aliases
 * (after width folding and lower-casing), so two features can never claim one word.
 */
export class CommandRegistry {
  readonly commands: readonly CommandSpec[];
  readonly pending: ReadonlyMap<string, PendingHandler>;
  /** Non-command handlers, in module order. */
  readonly fallbacks: readonly FallbackHandler[];
  readonly #keys: { key: string; spec: CommandSpec }[] = [];

  /** Throws Error naming the clash on a duplicate command word or pending kind. */
  constructor(modules: readonly CommandModule[]) {
    const commands: CommandSpec[] = [];
    const pending = new Map<string, PendingHandler>();
    const seen = new Map<string, string>();
    const fallbacks: FallbackHandler[] = [];
    for (const m of modules) {
      if (m.fallback) fallbacks.push(m.fallback);
      for (const spec of m.commands) {
        for (const word of [spec.name, ...(spec.aliases ?? [])]) {
          const key = foldWidth(word).toLowerCase();
          if (!key) throw new Error(`empty command word in ${spec.name}`);
          const owner = seen.get(key);
          if (owner) throw new Error(`command word "${word}" of ${spec.name} is already used by ${owner}`);
          seen.set(key, spec.name);
          this.#keys.push({ key, spec });
        }
        commands.push(spec);
      }
      for (const [kind, handler] of Object.entries(m.pending ?? {})) {
        if (pending.has(kind)) throw new Error(`pending kind "${kind}" declared twice`);
        pending.set(kind, handler);
      }
    }
    this.#keys.sort((a, b) => b.key.length - a.key.length);
    this.commands = commands;
    this.pending = pending;
    this.fallbacks = fallbacks;
  }

  /**
   * Finds the command word at the start of `text` (width-folded, case-insensitive; surrounding
   * spaces ignored). The word may be glued to its arguments (`绑定ABCD2345`) when the command
   * takes arguments; a command without arguments must stand alone (trailing `？！。` allowed),
   * so `我是谁的家长` is not `我是谁`. Returns null when no command word starts the text.
   */
  match(text: string): CommandMatch | null {
    const folded = foldWidth(text).toLowerCase();
    for (const { key, spec } of this.#keys) {
      if (!folded.startsWith(key)) continue;
      const rest = folded.slice(key.length);
      const last = key.at(-1)!;
      if (rest.length > 0 && ASCII_WORD.test(last) && ASCII_WORD.test(rest[0]!)) continue; // "help" in "helpful"
      if (!takesArgs(spec)) {
        if (!TRAILING_PUNCT.test(rest)) continue;
        return { spec, word: originalPrefix(text, key).word, args: "" };
      }
      const { word, rest: originalRest } = originalPrefix(text, key);
      return { spec, word, args: originalRest.trim() };
    }
    return null;
  }

  /**
   * {@link match}, and failing that a command word typed with spaces inside (`我的  请求`,
   * `帮 助`), accepted only when the whole message is that word.
   */
  matchLoose(text: string): CommandMatch | null {
    const exact = this.match(text);
    if (exact || !/[\s\u3000]/u.test(text.trim())) return exact;
    const compact = this.match(text.replace(/[\s\u3000]+/gu, ""));
    return compact && !compact.args ? compact : null;
  }

  /** Looks a command up by name or alias (folded); null when unknown. */
  find(word: string): CommandSpec | null {
    const key = foldWidth(word).toLowerCase();
    return this.#keys.find((k) => k.key === key)?.spec ?? null;
  }

  /**
   * The command name nearest to `word` (Levenshtein distance over names and aliases) among the
   * commands `roles` may use, or null when nothing is close (distance more than a third of the
   * word's length, at least 1).
   */
  suggest(word: string, roles: ReadonlySet<Role>): string | null {
    const w = foldWidth(word).toLowerCase().split(" ")[0] ?? "";
    if (!w || [...w].length > 12) return null;
    let best: { d: number; name: string } | null = null;
    for (const { key, spec } of this.#keys) {
      if (!allowed(spec, roles)) continue;
      const d = distance(w, key);
      if (!best || d < best.d) best = { d, name: spec.name };
    }
    const limit = Math.max(1, Math.floor([...w].length / 3));
    return best && best.d <= limit ? best.name : null;
  }
}

/** True when any of `roles` may use `spec`. */
export function allowed(spec: CommandSpec, roles: ReadonlySet<Role>): boolean {
  return spec.roles.some((r) => roles.has(r));
}

/** Whether `帮助` lists `spec` to a sender with `roles`: allowed through a role it is not hidden from. */
export function listedFor(spec: CommandSpec, roles: ReadonlySet<Role>): boolean {
  if (spec.hidden === true) return false;
  const hiddenFor = spec.hidden || [];
  return spec.roles.some((r) => roles.has(r) && !hiddenFor.includes(r));
}

/** Splits the original text after the characters that fold to `key`. */
function originalPrefix(text: string, key: string): { word: string; rest: string } {
  const start = text.length - text.trimStart().length;
  const trimmed = text.slice(start);
  for (let i = 1; i <= trimmed.length; i++) {
    if (foldWidth(trimmed.slice(0, i)).toLowerCase() === key) return { word: trimmed.slice(0, i), rest: trimmed.slice(i) };
  }
  return { word: trimmed, rest: "" };
}
