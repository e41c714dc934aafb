/**
 * The domain's time-driven work, run every minute by scheduler/ and after every step by the
 * simulator (whose clock jumps). Each job finds its due work in the database, so a run missed
 * while the bot was down is caught up by the next one, and running twice does nothing twice.
 */
import type { Deps } from "./deps.ts";
import { runHotlineTimers, type HotlineTimerResult } from "./hotline/timers.ts";
import { runTalkSweep, type TalkSweepResult } from "./talks/sweep.ts";
import { closeEndedPeriods, type CloseResult } from "./talks/close.ts";
import { runCareReminders, type CareReminderResult } from "./care/reminders.ts";
import { expireRequests } from "./reunions/request-review.ts";
import { runUnconfirmedAlerts, type UnconfirmedAlertResult } from "./reunions/unconfirmed.ts";
import { runUnmarkedList, type UnmarkedResult } from "./reunions/unmarked.ts";

/** What one run of the minute jobs did, by job. */
export interface MinuteJobsResult {
  hotline: HotlineTimerResult;
  /** Talk periods closed (DUE -> MISSED) since the last run; the lists go out at the next daily slot. */
  talkClose: CloseResult;
  /** The daily talk sweep (digests, month close); null on every minute but the day's first in its slot. */
  talks: TalkSweepResult;
  /** Daily mentor and care-plan reminders (domain/care/reminders.ts). */
  care: CareReminderResult;
  /** The coordinators' end-of-day list of unmarked reunion sessions (domain/reunions/unmarked.ts). */
  reunionUnmarked: UnmarkedResult;
  /** Coordinators told of parents who have not confirmed a reunion session 2 h before (domain/reunions/unconfirmed.ts). */
  reunionUnconfirmed: UnconfirmedAlertResult;
  /** Parents' video requests rejected as no longer approvable in time (domain/reunions/request-review.ts). */
  reunionRequestsExpired: number;
}

/** Runs every minute job in the caller's transaction (deps.db) at deps.clock.now(). */
export async function runMinuteJobs(deps: Deps): Promise<MinuteJobsResult> {
  return { hotline: await runHotlineTimers(deps), talkClose: await closeEndedPeriods(deps), talks: await runTalkSweep(deps), care: await runCareReminders(deps), reunionUnmarked: await runUnmarkedList(deps), reunionRequestsExpired: await expireRequests(deps), reunionUnconfirmed: await runUnconfirmedAlerts(deps) };
}
