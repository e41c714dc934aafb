/**
 * The free-slot engine of reunion video rooms (issue #5 points 1-2): pure and fast, no I/O.
 * Instants are epoch milliseconds (or Dates); calendar logic is Asia/Shanghai whatever the
 * process TZ. Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so the engine uses
 * that fixed offset directly (no dayjs in the hot loop).
 *
 * Grid: candidate starts are every `gridMin` minutes (default 5) of the Shanghai wall clock
 * (16:30, 16:35, ...) inside an opening range; 5 matches the default buffer, so the start right
 * after a session plus its buffer is offered (17:00-17:30 booked -> 17:35).
 */
import type { OpeningHours } from "./hours.ts";
import { minutesOf } from "./hours.ts";

const MIN = 60_000;
const DAY = 86_400_000;
const SHANGHAI_OFFSET = 8 * 3_600_000;

/** Statuses that hold a place in a room (and in a child's time): asked for or booked. */
export const TAKING_STATUSES = ["BOOKED", "REQUESTED"] as const;

/** A session as the engine sees it: `[startAt, endAt)`; only TAKING_STATUSES count. */
export interface SlotSession {
  id?: number;
  startAt: Date | number;
  endAt: Date | number;
  status: string;
}

/** The rules in minutes/days (DomainSettings reunion*: buffer, min notice, horizon, max length). */
export interface SlotRules {
  bufferMin: number;
  minNoticeMin: number;
  horizonDays: number;
  maxMin: number;
  /** Grid step of offered starts, minutes (default 5). */
  gridMin?: number;
}

/**
 * Why a start is refused: PAST (before now); SHORT_NOTICE (less than minNoticeMin ahead);
 * BEYOND_HORIZON (after the end of the Shanghai day horizonDays after today); BAD_LENGTH (minutes
 * not 1..maxMin); OUTSIDE_HOURS (the whole session is not inside one opening range of its
 * Shanghai day); ROOM_INACTIVE; ROOM_FULL (capacity sessions already run at some moment of
 * `[start, end + buffer)`, each existing session counting over `[its start, its end + buffer)`).
 */
export type SlotReason = "PAST" | "SHORT_NOTICE" | "BEYOND_HORIZON" | "BAD_LENGTH" | "OUTSIDE_HOURS" | "ROOM_INACTIVE" | "ROOM_FULL";

export type SlotCheck = { ok: true } | { ok: false; reasons: SlotReason[] };

/** What the engine needs of a room. */
export interface SlotRoom {
  capacity: number;
  active: boolean;
  hours: OpeningHours;
}

/** Shanghai day number (days since 1970-01-01 in Asia/Shanghai) of an instant. */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET) / DAY);
}

/** The instant of 00:00 Asia/Shanghai of day number `n`. */
export function shanghaiDayStart(n: number): number {
  return n * DAY - SHANGHAI_OFFSET;
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of Shanghai day number `n` (day 0 was a Thursday). */
export function isoWeekdayOf(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

const ms = (t: Date | number): number => (typeof t === "number" ? t : t.getTime());

/**
 * A room's schedule prepared once for many questions. `sessions` may hold any statuses and
 * overlap freely; `ignoreSessionId` leaves one session out (moving it). `now` is deps.clock.now().
 */
export class SlotEngine {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly maxLen: number;
  /** ISO weekday -> opening ranges in minutes since midnight. */
  private readonly ranges: [number, number][][];
  private readonly now: number;
  private readonly grid: number;
  private readonly buffer: number;

  constructor(
    private readonly room: SlotRoom,
    sessions: readonly SlotSession[],
    private readonly rules: SlotRules,
    now: Date | number,
    ignoreSessionId?: number,
  ) {
    const taken = sessions
      .filter((s) => (TAKING_STATUSES as readonly string[]).includes(s.status) && (ignoreSessionId === undefined || s.id !== ignoreSessionId))
      .map((s) => [ms(s.startAt), ms(s.endAt)] as const)
      .sort((a, b) => a[0] - b[0]);
    this.starts = Float64Array.from(taken, (t) => t[0]);
    this.ends = Float64Array.from(taken, (t) => t[1]);
    this.maxLen = taken.reduce((m, t) => Math.max(m, t[1] - t[0]), 0);
    this.ranges = [[]];
    for (let d = 1; d <= 7; d++) this.ranges.push((room.hours[String(d) as keyof OpeningHours] ?? []).map(([s, e]) => [minutesOf(s)!, minutesOf(e)!]));
    this.now = ms(now);
    this.grid = (rules.gridMin ?? 5) * MIN;
    this.buffer = rules.bufferMin * MIN;
  }

  /** Earliest allowed start: now + minimum notice. */
  get earliest(): number {
    return this.now + this.rules.minNoticeMin * MIN;
  }

  /** Latest allowed start (exclusive): the end of the Shanghai day `horizonDays` after today. */
  get horizonEnd(): number {
    return shanghaiDayStart(shanghaiDayNumber(this.now) + this.rules.horizonDays + 1);
  }

  /**
   * Every rule for a session of `minutes` starting at `start` (any minute, not only the grid's);
   * all failing reasons, in the SlotReason order. The child's rules are children.ts checkChildRules.
   */
  checkSlot(start: Date | number, minutes: number): SlotCheck {
    const a = ms(start);
    const reasons: SlotReason[] = [];
    if (a < this.now) reasons.push("PAST");
    else if (a < this.earliest) reasons.push("SHORT_NOTICE");
    if (a >= this.horizonEnd) reasons.push("BEYOND_HORIZON");
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > this.rules.maxMin) reasons.push("BAD_LENGTH");
    else if (!this.inHours(a, a + minutes * MIN)) reasons.push("OUTSIDE_HOURS");
    if (!this.room.active) reasons.push("ROOM_INACTIVE");
    else if (!reasons.includes("BAD_LENGTH") && !this.hasRoom(a, a + minutes * MIN)) reasons.push("ROOM_FULL");
    return reasons.length ? { ok: false, reasons } : { ok: true };
  }

  /** True when `[a, b)` lies inside one opening range of a's Shanghai day. */
  private inHours(a: number, b: number): boolean {
    const day = shanghaiDayNumber(a);
    const base = shanghaiDayStart(day);
    return this.ranges[isoWeekdayOf(day)]!.some(([s, e]) => a >= base + s * MIN && b <= base + e * MIN);
  }

  /** True when fewer than `capacity` sessions run at once anywhere in `[a, b + buffer)`. */
  private hasRoom(a: number, b: number): boolean {
    const hi = b + this.buffer;
    const lo = a - this.buffer;
    // Sessions starting before `hi`: the first index with start >= hi, by binary search.
    let l = 0;
    let r = this.starts.length;
    while (l < r) {
      const mid = (l + r) >> 1;
      if (this.starts[mid]! < hi) l = mid + 1;
      else r = mid;
    }
    const points: number[] = [];
    const ends: number[] = [];
    for (let i = l - 1; i >= 0 && this.starts[i]! > lo - this.maxLen; i--) {
      if (this.ends[i]! > lo) {
        points.push(Math.max(this.starts[i]!, a));
        ends.push(this.ends[i]! + this.buffer);
      }
    }
    if (points.length < this.room.capacity) return true;
    // Most sessions at once: the load is highest at some session's (clipped) start.
    for (const p of points) {
      let load = 0;
      for (let j = 0; j < points.length; j++) if (points[j]! <= p && ends[j]! > p) load++;
      if (load >= this.room.capacity) return false;
    }
    return true;
  }

  /** True when a session of `len` ms at `a` passes every rule (a is on the grid and in hours). */
  private free(a: number, len: number, accept?: SlotFilter): boolean {
    return a >= this.earliest && a < this.horizonEnd && this.hasRoom(a, a + len) && (!accept || accept(a, a + len));
  }

  /** Grid starts of one Shanghai day whose session of `len` ms fits an opening range, ascending. */
  private dayStarts(day: number, len: number): number[] {
    const base = shanghaiDayStart(day);
    const out: number[] = [];
    for (const [s, e] of this.ranges[isoWeekdayOf(day)]!) {
      const first = base + Math.ceil((s * MIN) / this.grid) * this.grid;
      for (let t = first; t + len <= base + e * MIN; t += this.grid) out.push(t);
    }
    return out;
  }

  /**
   * Every free start (on the grid) of a `minutes` session in `[from, to)`, ascending, as epoch ms.
   * `accept` adds a caller's rule (a child's, see children.ts). Empty for an inactive room.
   */
  listFreeSlots(from: Date | number, to: Date | number, minutes: number, accept?: SlotFilter): number[] {
    if (!this.room.active || minutes < 1 || minutes > this.rules.maxMin) return [];
    const len = minutes * MIN;
    const lo = Math.max(ms(from), this.earliest);
    const hi = Math.min(ms(to), this.horizonEnd);
    const out: number[] = [];
    for (let day = shanghaiDayNumber(lo); shanghaiDayStart(day) < hi; day++) {
      for (const t of this.dayStarts(day, len)) if (t >= lo && t < hi && this.free(t, len, accept)) out.push(t);
    }
    return out;
  }

  /**
   * The `count` free starts nearest to `desired` (epoch ms), before and after it (before only
   * down to the earliest allowed start), sorted by time; on equal distance the earlier wins.
   * Without `desired`, the first free starts from the earliest allowed one. Offers never overlap
   * one another (at least `minutes` apart), so each is a real choice.
   */
  nearestFreeSlots(desired: Date | number | null, minutes: number, count = 3, accept?: SlotFilter): number[] {
    if (!this.room.active || minutes < 1 || minutes > this.rules.maxMin || count < 1) return [];
    const len = minutes * MIN;
    const want = desired === null ? this.earliest : Math.max(ms(desired), this.earliest);
    const after = this.walk(want, len, 1, count, accept);
    const before = desired === null ? [] : this.walk(want, len, -1, count, accept);
    const picked: number[] = [];
    let i = 0;
    let j = 0;
    while (picked.length < count && (i < after.length || j < before.length)) {
      const useBefore = j < before.length && (i >= after.length || want - before[j]! <= after[i]! - want);
      const t = useBefore ? before[j++]! : after[i++]!;
      if (picked.every((p) => Math.abs(p - t) >= len)) picked.push(t);
    }
    return picked.sort((x, y) => x - y);
  }

  /** Up to `count` free starts from `want` going forward (dir 1: >= want) or backward (dir -1: < want). */
  private walk(want: number, len: number, dir: 1 | -1, count: number, accept?: SlotFilter): number[] {
    const out: number[] = [];
    const firstDay = shanghaiDayNumber(want);
    const lastDay = dir === 1 ? shanghaiDayNumber(this.horizonEnd - 1) : shanghaiDayNumber(this.earliest);
    for (let day = firstDay; dir === 1 ? day <= lastDay : day >= lastDay; day += dir) {
      const starts = this.dayStarts(day, len);
      if (dir === -1) starts.reverse();
      for (const t of starts) {
        if (dir === 1 ? t < want : t >= want) continue;
        // Offers do not overlap one another: three starts 5 minutes apart are one choice, not three.
        if (this.free(t, len, accept) && (out.length === 0 || Math.abs(t - out[out.length - 1]!) >= len)) out.push(t);
        if (out.length >= count) return out;
      }
    }
    return out;
  }
}

/** A caller's extra rule on a candidate `[start, end)` (epoch ms): true to keep it. */
export type SlotFilter = (start: number, end: number) => boolean;
