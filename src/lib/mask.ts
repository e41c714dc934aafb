/** Masks a phone number for logs and lists: all but the last 4 digits become `*` (`138****5678` style). */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 4) return "****";
  return `${"*".repeat(Math.min(7, digits.length - 4))}${digits.slice(-4)}`;
}

/** Shortens an opaque id (WeChat contact id) for logs: first 4 characters and a hash-like tail. */
export function shortId(id: string): string {
  return id.length <= 10 ? id : `${id.slice(0, 6)}…${id.slice(-3)}`;
}

/**
 * Masks a normalised phone for people who may not see it in full (teachers in chat, audit
 * rows): a mobile keeps its first 3 and last 4 digits (`138****5678`), a landline its area
 * code and the last 4 digits (`0566-***5908`); anything else all but the last 4 characters.
 */
export function maskPhoneMiddle(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const landline = /^(0\d{2,3})-(\d{7,8})$/.exec(phone);
  if (landline) return `${landline[1]}-${"*".repeat(landline[2]!.length - 4)}${landline[2]!.slice(-4)}`;
  return phone.length <= 4 ? "****" : `${"*".repeat(phone.length - 4)}${phone.slice(-4)}`;
}
