/**
 * Phone numbers as schools write them in rosters (issue #3): full-width digits, spaces, dashes,
 * dots, `+86`, `(+86)`, `0086` prefixes. Pure functions.
 */

/** Why a phone was rejected: not digits, wrong length for a mobile, or an unknown shape. */
export type PhoneProblem = "NOT_DIGITS" | "BAD_MOBILE" | "BAD_LANDLINE" | "UNKNOWN_SHAPE";

export type PhoneResult = { ok: true; phone: string; kind: "mobile" | "landline" } | { ok: false; problem: PhoneProblem };

/** Area codes of three digits (Beijing 010, the 02x cities); every other area code has four. */
const THREE_DIGIT_AREA = /^0(?:10|2\d)/;

/**
 * Normalises a phone: mainland mobiles to 11 digits (`13800001005`, any current prefix 13x-19x),
 * landlines to `area-local` (`0566-8125908`, `010-12345678`). Returns a problem code for
 * anything else (12 digits, letters, a mobile not starting 1[3-9]).
 */
export function normalizePhone(input: string): PhoneResult {
  let s = input.normalize("NFKC").trim();
  s = s.replace(/^\(\+?86\)|^\+86|^0086/, "");
  const compact = s.replace(/[\s\-–—.·()（）]/g, "");
  if (!/^\d+$/.test(compact)) return { ok: false, problem: "NOT_DIGITS" };
  let digits = compact;
  if (digits.length === 13 && digits.startsWith("86") && digits[2] === "1") digits = digits.slice(2);
  if (digits.startsWith("1")) {
    return digits.length === 11 && /^1[3-9]/.test(digits) ? { ok: true, phone: digits, kind: "mobile" } : { ok: false, problem: "BAD_MOBILE" };
  }
  if (digits.startsWith("0")) {
    const areaLength = THREE_DIGIT_AREA.test(digits) ? 3 : 4;
    const area = digits.slice(0, areaLength);
    const local = digits.slice(areaLength);
    if (local.length < 7 || local.length > 8 || local.startsWith("0")) return { ok: false, problem: "BAD_LANDLINE" };
    return { ok: true, phone: `${area}-${local}`, kind: "landline" };
  }
  return { ok: false, problem: "UNKNOWN_SHAPE" };
}
