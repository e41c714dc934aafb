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
