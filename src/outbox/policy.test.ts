import { describe, expect, it } from "vitest";
import { classifySendError, defaultOutboxPolicy, retryDelayMs, sendGapMs, throttlePauseMs, type OutboxPolicy } from "./policy.ts";

const policy: OutboxPolicy = {
  ...defaultOutboxPolicy,
  backoffBaseMs: 1000,
  backoffMaxMs: 20_000,
  throttlePauseMs: 60_000,
  throttlePauseMaxMs: 300_000,
  minIntervalMs: 2000,
  jitterMs: 1000,
};

describe("classifySendError", () => {
  it.each(["发送消息过于频繁", "操作太频繁，请稍后再试", "Error: send too frequent", "too many requests", "rate limit exceeded", "throttled"])(
    "%j -> THROTTLED",
    (message) => {
      expect(classifySendError(new Error(message))).toBe("THROTTLED");
    },
  );

  it.each(["contact not found", "Contact not found: wxid_abc", "not friend", "target is not a friend", "对方不是好友", "消息已发出，但被对方拒收了（被拉黑）"])(
    "%j -> PERMANENT",
    (message) => {
      expect(classifySendError(new Error(message))).toBe("PERMANENT");
    },
  );

  it.each(["read ECONNRESET", "ETIMEDOUT", "send timed out after 30000 ms", "puppet restarting", ""])("%j -> RETRYABLE", (message) => {
    expect(classifySendError(new Error(message))).toBe("RETRYABLE");
  });

  it("reads non-Error values and the error's name", () => {
    expect(classifySendError("发送消息过于频繁")).toBe("THROTTLED");
    expect(classifySendError("contact not found")).toBe("PERMANENT");
    expect(classifySendError(undefined)).toBe("RETRYABLE");
    const err = new Error("rejected");
    err.name = "RateLimitError";
    expect(classifySendError(err)).toBe("THROTTLED");
  });

  it("prefers THROTTLED when a message mentions both", () => {
    expect(classifySendError(new Error("too frequent: contact not found"))).toBe("THROTTLED");
  });
});

describe("retryDelayMs", () => {
  it("doubles per attempt from backoffBaseMs, halved at random 0", () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(policy, a, () => 0))).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it("uses the whole exponential delay as random approaches 1", () => {
    expect([1, 2, 3].map((a) => retryDelayMs(policy, a, () => 0.5))).toEqual([750, 1500, 3000]);
    expect(retryDelayMs(policy, 3, () => 0.9999)).toBe(3999); // just below exp, never exp itself
  });

  it("caps at backoffMaxMs", () => {
    expect(retryDelayMs(policy, 6, () => 0)).toBe(10_000); // 1000 * 32 = 32000 -> capped at 20000
    expect(retryDelayMs(policy, 50, () => 0)).toBe(10_000);
    expect(retryDelayMs(policy, 1000, () => 0.5)).toBe(15_000);
  });

  it("stays within [exp/2, exp) for every attempt", () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const exp = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]) {
        const d = retryDelayMs(policy, attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(exp / 2);
        expect(d).toBeLessThan(exp);
      }
    }
  });

  it("treats attempt 0 like attempt 1", () => {
    expect(retryDelayMs(policy, 0, () => 0)).toBe(500);
  });

  it("gives 2.5 s for the first retry with the default policy at random 0", () => {
    expect(retryDelayMs(defaultOutboxPolicy, 1, () => 0)).toBe(2500);
  });
});

describe("throttlePauseMs", () => {
  it("doubles per consecutive signal and caps", () => {
    expect([1, 2, 3, 4, 5, 6].map((l) => throttlePauseMs(policy, l))).toEqual([60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  });

  it("uses the first pause for level 0 or 1", () => {
    expect(throttlePauseMs(policy, 0)).toBe(60_000);
    expect(throttlePauseMs(defaultOutboxPolicy, 1)).toBe(60_000);
    expect(throttlePauseMs(defaultOutboxPolicy, 20)).toBe(30 * 60_000);
  });
});

describe("sendGapMs", () => {
  it("is minIntervalMs plus a whole number of ms of jitter below jitterMs", () => {
    expect(sendGapMs(policy, () => 0)).toBe(2000);
    expect(sendGapMs(policy, () => 0.5)).toBe(2500);
    expect(sendGapMs(policy, () => 0.9999)).toBe(2999);
  });

  it("is exactly minIntervalMs without jitter", () => {
    expect(sendGapMs({ ...policy, jitterMs: 0 }, () => 0.7)).toBe(2000);
    expect(sendGapMs({ ...policy, minIntervalMs: 0, jitterMs: 0 }, () => 0.7)).toBe(0);
  });
});
