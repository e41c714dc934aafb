/**
 * The daily talk sweep (issue #6 points 3 and 8), called by the minute jobs (domain/jobs.ts).
 * node-cron only wakes it: what is due comes from database rows each time, and the day's run is
 * claimed once (daily.ts), so a stall across TALK_DIGEST_TIME, a process down at that time
 * (the run happens when it is back, the same school day), a second login or a second process
 * all yield each digest exactly once per day. Nothing runs at night or on holidays; an adjusted
 * working Saturday (调休) is a working day.
 */
import type { Deps } from "../deps.ts";
import { claimDay, dailySlot } from "../daily.ts";
import { ensureDuties, type EnsureDutiesResult } from "./duties.ts";
import { sendLastWorkdayLists, sendTeacherDigests, type DigestResult } from "./digest.ts";
import { currentPeriod } from "./current.ts";
import { shanghaiMidnight } from "../../lib/talk-period.ts";

/** What one sweep did; null when it did not run (not the slot, or already run today). */
export type TalkSweepResult = {
  day: string;
  duties: EnsureDutiesResult;
  digests: DigestResult;
  /** Messages of the last-working-day list to coordinators. */
  lastDayLists: number;
} | null;

/** `HH:mm` as milliseconds after midnight. */
const msOfDay = (hhmm: string) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;

/**
 * Runs the day's talk work once, in the caller's transaction, when today (Asia/Shanghai) is a
 * school working day and now is in [TALK_DIGEST_TIME, SCHOOL_DAY_END): (a) creates this period's
 * duties (ensureDuties), (b) sends the teachers' digests, (c) on the period's last working day,
 * the coordinators' still-due list. Ended periods are closed apart (close.ts, every minute).
 */
export async function runTalkSweep(deps: Deps): Promise<TalkSweepResult> {
  const day = dailySlot(deps, deps.settings.talkDigestTime);
  if (!day) return null;
  if (!(await claimDay(deps, "talks", day))) return null;
  const period = currentPeriod(deps);
  const duties = await ensureDuties(deps, { period });
  const slotAt = new Date(shanghaiMidnight(day).getTime() + msOfDay(deps.settings.talkDigestTime));
  const digests = await sendTeacherDigests(deps, { period, day, slotAt });
  const lastDayLists = await sendLastWorkdayLists(deps, { period, day });
  return { day, duties, digests, lastDayLists };
}
