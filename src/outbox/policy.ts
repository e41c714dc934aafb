/**
 * The outbox's delivery policy, as named settings (shared/style.md rule 9). WeChat gives no
 * retry-after signal and bursts risk the bot account, so we throttle ourselves.
 */
export interface OutboxPolicy {
  /** Least gap between two sends of one bot account, ms (default 2000). */
  minIntervalMs: number;
  /** Random extra gap added to minIntervalMs, 0..jitterMs ms (default 1000). */
  jitterMs: number;
  /** Most messages per rolling 60 s per bot account (default 20). */
  maxPerMinute: number;
  /** Attempts before a message is FAILED (default 6). Throttled attempts do not count. */
  maxAttempts: number;
  /** First retry delay after a failure, ms; doubles per attempt (default 5000). */
  backoffBaseMs: number;
  /** Cap of the retry delay, ms (default 15 min). */
  backoffMaxMs: number;
  /** First pause of the whole worker after a throttling signal, ms; doubles per signal (default 60 s). */
  throttlePauseMs: number;
  /** Cap of that pause, ms (default 30 min). */
  throttlePauseMaxMs: number;
  /** A send that takes longer is treated as failed (retryable), ms (default 30 s). */
  sendTimeoutMs: number;
  /** A SENDING row older than this is taken back (its worker died), ms (default 120 s). */
  leaseMs: number;
}

export const defaultOutboxPolicy: OutboxPolicy = {
  minIntervalMs: 2000,
  jitterMs: 1000,
  maxPerMinute: 20,
  maxAttempts: 6,
  backoffBaseMs: 5000,
  backoffMaxMs: 15 * 60_000,
  throttlePauseMs: 60_000,
  throttlePauseMaxMs: 30 * 60_000,
  sendTimeoutMs: 30_000,
  leaseMs: 120_000,
};

/** How a send failure is handled. */
export type FailureKind = "THROTTLED" | "PERMANENT" | "RETRYABLE";

const THROTTLE_RE = /频繁|频率|过快|too (?:many|frequent)|rate.?limit|throttl/i;
const PERMANENT_RE = /not (?:a )?friend|非好友|不是好友|contact not found|not exist|blocked|拉黑|被删除|invalid (?:contact|conversation)|attachment missing/i;

/**
 * Thrown by a Sender when a row's attachment file is not on disk (deleted, or ATTACHMENT_DIR
 * moved): retrying cannot help, so {@link classifySendError} calls it PERMANENT. Its message
 * starts `attachment missing:` so a logged lastError says what happened.
 */
export class AttachmentMissingError extends Error {
  override readonly name = "AttachmentMissingError";
  constructor(readonly path: string) {
    super(`attachment missing: ${path}`);
  }
}

/**
 * Classifies a send error by its message: throttling ("发送消息过于频繁", "too frequent", ...)
 * pauses the whole worker; a recipient that cannot receive (not a friend, unknown contact) or an
 * attachment file that is gone ({@link AttachmentMissingError}) is permanent; anything else
 * (network, timeout, puppet restart) is retried with back-off.
 */
export function classifySendError(err: unknown): FailureKind {
  if (err instanceof AttachmentMissingError) return "PERMANENT";
  const text = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  if (THROTTLE_RE.test(text)) return "THROTTLED";
  if (PERMANENT_RE.test(text)) return "PERMANENT";
  return "RETRYABLE";
}

/**
 * Delay before retry number `attempt` (1-based: the first failure gives attempt 1), ms:
 * backoffBaseMs * 2^(attempt-1), capped at backoffMaxMs, times a random factor in [0.5, 1)
 * ("equal jitter") so many failed rows do not retry in lockstep. `random` returns [0, 1).
 */
export function retryDelayMs(policy: OutboxPolicy, attempt: number, random: () => number): number {
  const exp = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(exp / 2 + (exp / 2) * random()); // floor: never reaches exp itself
}

/** Pause of the whole worker after the `level`-th consecutive throttling signal (1-based), ms. */
export function throttlePauseMs(policy: OutboxPolicy, level: number): number {
  return Math.min(policy.throttlePauseMaxMs, policy.throttlePauseMs * 2 ** Math.max(0, level - 1));
}

/** Gap before the next send, ms: minIntervalMs plus 0..jitterMs. */
export function sendGapMs(policy: OutboxPolicy, random: () => number): number {
  return policy.minIntervalMs + Math.floor(policy.jitterMs * random());
}
