/**
 * The only source of "now" in the application (shared/style.md rule 10). Production uses
 * {@link systemClock}; tests and the simulator use {@link ManualClock}. Dates are absolute
 * instants (UTC inside a Date); the school's zone is applied only when formatting (lib/time.ts).
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Wall-clock time of this machine. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that moves only when told: `set` jumps to an instant, `advance` moves forward by
 * milliseconds. Never goes backwards through `advance` (negative values throw RangeError).
 */
export class ManualClock implements AdjustableClock {
  #ms: number;

  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
    if (Number.isNaN(this.#ms)) throw new RangeError(`invalid start time: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  /** Jumps to `at` (may be earlier than now: the simulator's `/clock` allows it). */
  set(at: Date): void {
    this.#ms = at.getTime();
  }

  /** Moves forward by `ms` milliseconds (>= 0). */
  advance(ms: number): void {
    if (ms < 0 || !Number.isFinite(ms)) throw new RangeError(`cannot advance by ${ms} ms`);
    this.#ms += ms;
  }
}

/** A clock that can be moved by hand: the simulator's and the tests'. */
export interface AdjustableClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

/**
 * Wall-clock time shifted by an offset: flows like real time, and `set`/`advance` move the
 * offset (the interactive simulator's `/clock` and `/advance`).
 */
export class OffsetClock implements AdjustableClock {
  #offsetMs = 0;

  constructor(start?: Date) {
    if (start) this.set(start);
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  set(at: Date): void {
    this.#offsetMs = at.getTime() - Date.now();
  }

  advance(ms: number): void {
    if (ms < 0 || !Number.isFinite(ms)) throw new RangeError(`cannot advance by ${ms} ms`);
    this.#offsetMs += ms;
  }
}
