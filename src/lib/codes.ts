import { randomInt } from "node:crypto";

/**
 * Binding-code alphabet: digits and capitals without look-alikes (no 0/O, 1/I/L), so a code
 * read aloud over the phone or copied from a printed card survives. 31 symbols; 8 of them
 * give ~8.5e11 codes.
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** Returns a random code of `length` symbols from {@link CODE_ALPHABET} (crypto-strength). */
export function randomCode(length: number, pick: (n: number) => number = randomInt): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return out;
}

/**
 * Normalises what a person typed as a code: full-width folded, upper-cased, spaces and dashes
 * removed. Returns null when the result holds a character outside the alphabet or has fewer
 * than 6 symbols (so obvious garbage never reaches the database).
 */
export function normalizeCode(input: string): string | null {
  const s = input.normalize("NFKC").toUpperCase().replace(/[\s\-_·.]/g, "");
  if (s.length < 6 || s.length > 16) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

const RUN = new RegExp(`(?<![${CODE_ALPHABET}])[${CODE_ALPHABET}](?:[ \\-]?[${CODE_ALPHABET}]){7,19}(?![${CODE_ALPHABET}])`, "g");

/**
 * Every code-looking string in free text (a friend request's hello, a group message): runs of
 * 8-20 alphabet symbols, a single space or dash allowed between symbols (`433W ZCFW`,
 * `ate8-c94m`, full-width folded), separators removed; a run longer than 8 also yields each of
 * its 8-symbol windows, so `ABCD2345 WT2P4YSX` without a separator word still finds both codes.
 * In order of appearance, without duplicates.
 */
export function findCodeCandidates(text: string): string[] {
  const folded = text.normalize("NFKC").toUpperCase();
  const out: string[] = [];
  for (const m of folded.matchAll(RUN)) {
    const run = m[0].replace(/[ -]/g, "");
    if (run.length <= 16) out.push(run);
    for (let i = 0; i + 8 <= run.length && run.length > 8; i++) out.push(run.slice(i, i + 8));
  }
  return [...new Set(out)];
}

/**
 * The first whole code-looking run in free text (8-16 symbols, separators removed; see
 * {@link findCodeCandidates}), or null. No windows: for reading a code someone means to use.
 */
export function findCodeInText(text: string): string | null {
  for (const m of text.normalize("NFKC").toUpperCase().matchAll(RUN)) {
    const run = m[0].replace(/[ -]/g, "");
    if (run.length <= 16) return run;
  }
  return null;
}

/**
 * Deterministic pseudo-random integers in [0, n) from a 32-bit seed (mulberry32). For the demo
 * seed only: real codes come from {@link randomCode} with crypto randomness.
 */
export function seededPicker(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(r * n);
  };
}
