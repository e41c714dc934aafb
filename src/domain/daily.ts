/**
 * Once-a-day work (talk digests, mentor and care-plan reminders; issue #6 point 8). The minute
 * job asks {@link dailySlot} whether today's slot is open and {@link claimDay} whether the day's
 * run is still to do: the claim is a BotState row written in the same transaction as the run's
 * outbox rows, so a stall across the slot time, a process down at that time (the run happens
 * when it is back, until the school day ends), a second login or a second process all yield
 * exactly one run per day. node-cron only wakes the check; nothing depends on it firing on time.
 */
import type { Deps } from "./deps.ts";
import { calendarOf } from "./hotline/common.ts";
import { dateOfDayNumber, dayNumberOf, shanghaiDateOf } from "../lib/work-calendar.ts";

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Today's Asia/Shanghai date (`YYYY-MM-DD`) when today is a school working day (chinese-days,
 * HOLIDAYS_FILE; adjusted working Saturdays count) and now is at or after `time` (`HH:mm`,
 * Asia/Shanghai) and before SCHOOL_DAY_END; otherwise null (nothing is sent at night or on
 * holidays; a day missed entirely is not sent late).
 */
export function dailySlot(deps: Deps, time: string): string | null {
  const now = deps.clock.now();
  const day = shanghaiDateOf(now);
  if (!calendarOf(deps).isWorkday(day)) return null;
  const minuteOfDay = Math.floor(((now.getTime() + 8 * 3_600_000) % 86_400_000) / 60_000);
  const end = Math.max(minutes(deps.settings.schoolDayEnd), minutes(time) + 1);
  return minuteOfDay >= minutes(time) && minuteOfDay < end ? day : null;
}

/**
 * Claims job `job`'s run for Shanghai date `day`: true the first time (a BotState row
 * `daily:<job>:<day>` is written in the caller's transaction), false when already claimed.
 * Two processes racing: the loser's transaction fails on the key and rolls back its rows.
 */
export async function claimDay({ db }: Deps, job: string, day: string): Promise<boolean> {
  const key = `daily:${job}:${day}`;
  if (await db.botState.findUnique({ where: { key } })) return false;
  await db.botState.create({ data: { key, value: "done" } });
  return true;
}

/**
 * The first instant at or after now inside a daily slot: now when {@link dailySlot} is open,
 * else `time` (`HH:mm`, Asia/Shanghai) on the next school working day (today when it is a
 * working day and `time` is still ahead). Looks at most 60 days ahead (holidays are shorter).
 */
export function nextDailySlot(deps: Deps, time: string): Date {
  const now = deps.clock.now();
  if (dailySlot(deps, time)) return now;
  const cal = calendarOf(deps);
  const today = dayNumberOf(shanghaiDateOf(now));
  for (let n = today; n < today + 60; n++) {
    const day = dateOfDayNumber(n);
    const at = new Date(n * 86_400_000 - 8 * 3_600_000 + minutes(time) * 60_000);
    if (cal.isWorkday(day) && at >= now) return at;
  }
  return now;
}
