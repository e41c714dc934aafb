import type { Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";

/** Settings the domain rules read (a subset of Config, so tests can build it by hand). */
export interface DomainSettings {
  bindingCodeTtlDays: number;
  bindingCodeLength: number;
  bindingMaxFailures: number;
  bindingFailureWindowMin: number;
  bindingLockoutMin: number;
  pendingActionTtlMin: number;
  /** ROSTER_STORE_FULL_ID_NUMBER: keep full ID numbers instead of the last 4 characters. */
  storeFullIdNumber: boolean;
  /** COORDINATORS_SEE_FULL_PHONES: coordinators see phones unmasked in chat; teachers never do. */
  coordinatorsSeeFullPhones: boolean;
  /** SCHOOL_DAY_START / SCHOOL_DAY_END: working hours, `HH:mm` in Asia/Shanghai. */
  schoolDayStart: string;
  schoolDayEnd: string;
  /** HOLIDAYS_FILE: extra holidays and adjusted working days (lib/work-calendar.ts), or null. */
  holidaysFile: string | null;
  /** HOTLINE_RESPONSE_HOURS: response target, in school working hours. */
  hotlineResponseHours: number;
  /** HOTLINE_REMINDER_BEFORE_MIN: reminder lead before the target, in working minutes. */
  hotlineReminderBeforeMin: number;
  /** HOTLINE_REOPEN_DAYS: a family message this many days after closing still reopens. */
  hotlineReopenDays: number;
  /** HOTLINE_MERGE_WINDOW_MIN: follow-ups are relayed at most once per this many minutes. */
  hotlineMergeWindowMin: number;
  /** HOTLINE_ANSWER_ALL_GUARDIANS: answers also go to the child's other bound guardians. */
  hotlineAnswerAllGuardians: boolean;
  /** HOTLINE_MAX_CHARS: longest family message kept, in characters. */
  hotlineMaxChars: number;
  /** LOST_CONTACT_DAYS: the 失联 threshold, in days. */
  lostContactDays: number;
  /** TALK_PERIOD: one talk duty period is a calendar month or a Monday-Sunday week (Asia/Shanghai). */
  talkPeriod: "month" | "week";
  /** TALK_REQUIRED: talks needed per child per period. */
  talkRequired: number;
  /** TALK_FIRST_PERIOD: a child admitted mid-period is due that period or from the next. */
  talkFirstPeriod: "admission" | "next";
  /** TALK_DIGEST_TIME: `HH:mm` Asia/Shanghai of the daily digest on school working days. */
  talkDigestTime: string;
  /** MENTOR_DIARY_DAYS: days without a growth-diary entry before the mentor is reminded. */
  mentorDiaryDays: number;
  /** HOME_VISIT_REMIND_AFTER_DAYS: days into a term without a home visit before the mentor is reminded. */
  homeVisitRemindAfterDays: number;
  /** SCHOOL_TERMS: term start dates `MM-DD`, sorted or not; a term runs until the next starts. */
  schoolTerms: string[];
  /** CARE_PLAN_REVIEW_DAYS: default review date of a care plan, days after it is recorded. */
  carePlanReviewDays: number;
  /** REUNION_DEFAULT_MIN / REUNION_MAX_MIN: session length, minutes. */
  reunionDefaultMin: number;
  reunionMaxMin: number;
  /** REUNION_BUFFER_MIN: gap between two sessions in one room, minutes. */
  reunionBufferMin: number;
  /** REUNION_MIN_NOTICE_MIN: booking at least this many minutes ahead. */
  reunionMinNoticeMin: number;
  /** REUNION_HORIZON_DAYS: booking at most this many days ahead. */
  reunionHorizonDays: number;
  /** REUNION_PER_CHILD_WEEK: sessions per child per Monday-Sunday week (Asia/Shanghai). */
  reunionPerChildWeek: number;
  /** REUNION_UNMARKED_TIME: `HH:mm` Asia/Shanghai, every day, when coordinators get the sessions nobody marked. */
  reunionUnmarkedTime: string;
  /** ATTACHMENT_RETENTION_DAYS: families' and teachers' files are deleted this many days after they came. */
  attachmentRetentionDays: number;
}

/**
 * What every domain function receives first: the transaction of the current unit of work,
 * the clock, settings and a logger. Built once per unit of work by router/ or scheduler/.
 */
export interface Deps {
  db: Tx;
  clock: Clock;
  settings: DomainSettings;
  logger: Logger;
}

/** Default settings (the same defaults as config.ts). */
export const defaultDomainSettings: DomainSettings = {
  bindingCodeTtlDays: 30,
  bindingCodeLength: 8,
  bindingMaxFailures: 5,
  bindingFailureWindowMin: 60,
  bindingLockoutMin: 60,
  pendingActionTtlMin: 30,
  storeFullIdNumber: false,
  coordinatorsSeeFullPhones: true,
  schoolDayStart: "07:30",
  schoolDayEnd: "17:30",
  holidaysFile: null,
  hotlineResponseHours: 4,
  hotlineReminderBeforeMin: 60,
  hotlineReopenDays: 7,
  hotlineMergeWindowMin: 2,
  hotlineAnswerAllGuardians: false,
  hotlineMaxChars: 6000,
  lostContactDays: 30,
  talkPeriod: "month",
  talkRequired: 1,
  talkFirstPeriod: "admission",
  talkDigestTime: "08:00",
  mentorDiaryDays: 30,
  homeVisitRemindAfterDays: 60,
  schoolTerms: ["03-01", "09-01"],
  carePlanReviewDays: 30,
  reunionDefaultMin: 30,
  reunionMaxMin: 60,
  reunionBufferMin: 5,
  reunionMinNoticeMin: 120,
  reunionHorizonDays: 30,
  reunionPerChildWeek: 1,
  reunionUnmarkedTime: "20:30",
  attachmentRetentionDays: 365,
};
