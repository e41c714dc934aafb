/**
 * Typed domain error codes. Each carries no user text: messages/zh.ts maps a code to Chinese.
 * - NOT_FOUND: the record named does not exist or is outside the sender's scope (the two are
 *   not told apart, so a probe learns nothing about other families).
 * - FORBIDDEN: the sender's role may not do this.
 * - INVALID_INPUT: the arguments do not fit the command's usage; `details.usage` says how.
 * - AMBIGUOUS: a name matched several records; the caller offers a numbered choice.
 * - OUTBOX_NOT_FAILED: a retry was asked for a message that is not FAILED.
 */
export type DomainErrorCode = "NOT_FOUND" | "FORBIDDEN" | "INVALID_INPUT" | "AMBIGUOUS" | "OUTBOX_NOT_FAILED";

/** An expected refusal of a domain rule. Thrown by domain/, turned into a reply by router/. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}
