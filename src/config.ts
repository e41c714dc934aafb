import { z } from "zod";
import type { DomainSettings } from "./domain/deps.ts";
import { CONFIG_REASON, configProblemText } from "./messages/cli.ts";
import { HolidaysFileError } from "./lib/holidays-file.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
/** A time of day `HH:mm` (24 h), e.g. 07:30. */
const hhmm = (def: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, CONFIG_REASON.timeOfDay).default(def);
const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
/** A SQLite URL (`file:...`): this build has no other database driver. */
const sqliteUrl = (def: string) => z.string().refine((v) => v.startsWith("file:"), CONFIG_REASON.sqliteUrl).default(def);

/**
 * Every setting, read once from the environment (see .env.example for the documented list).
 * Durations carry their unit in the name (_MS, _MIN, _DAYS). {@link loadConfig} throws a
 * {@link ConfigError} naming each bad variable at start, so a typo never runs with a silent default.
 */
export const configSchema = z.object({
  DATABASE_URL: sqliteUrl("file:./data/qinqing.db"),
  SIMULATOR_DATABASE_URL: sqliteUrl("file:./data/simulator.db"),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().optional(),
  /** The bot's display name, used to notice a mention typed by hand in a group. */
  BOT_NAME: z.string().default("家校助手"),
  LOG_LEVEL: logLevel.default("info"),
  /** The simulator's log level; errors are shown even when silent. */
  SIM_LOG_LEVEL: logLevel.default("silent"),
  AUTO_ACCEPT_FRIENDS: bool.default(true),
  BINDING_CODE_TTL_DAYS: int(30, 1),
  BINDING_CODE_LENGTH: int(8, 8),
  BINDING_MAX_FAILURES: int(5, 1),
  BINDING_FAILURE_WINDOW_MIN: int(60, 1),
  BINDING_LOCKOUT_MIN: int(60, 1),
  OUTBOX_MIN_INTERVAL_MS: int(2000),
  OUTBOX_JITTER_MS: int(1000),
  OUTBOX_MAX_PER_MINUTE: int(20, 1),
  OUTBOX_MAX_ATTEMPTS: int(6, 1),
  OUTBOX_BACKOFF_BASE_MS: int(5000, 1),
  OUTBOX_BACKOFF_MAX_MS: int(15 * 60_000, 1),
  OUTBOX_THROTTLE_PAUSE_MS: int(60_000, 1),
  OUTBOX_THROTTLE_PAUSE_MAX_MS: int(30 * 60_000, 1),
  OUTBOX_SEND_TIMEOUT_MS: int(30_000, 1),
  OUTBOX_LEASE_MS: int(120_000, 1),
  OUTBOX_POLL_MS: int(1000, 10),
  PROCESSED_MESSAGE_RETENTION_DAYS: int(30, 1),
  PENDING_ACTION_TTL_MIN: int(30, 1),
  MAX_MESSAGE_CHARS: int(2000, 10),
  /** Keep children's full ID numbers (身份证号); by default only the last 4 characters are stored. */
  ROSTER_STORE_FULL_ID_NUMBER: bool.default(false),
  /** Show guardians' phones in full to coordinators in chat (teachers always see them masked). */
  COORDINATORS_SEE_FULL_PHONES: bool.default(true),
  /** Where inbound voice notes, pictures and files are kept for relaying (created when missing). */
  ATTACHMENT_DIR: z.string().default("./data/attachments"),
  /** Voice notes, pictures and files are deleted this many days after they came (children's data: keep no longer than useful). */
  ATTACHMENT_RETENTION_DAYS: int(365, 1),
  /** School working hours (Asia/Shanghai, HH:mm) on China's working days: response targets count only these. */
  SCHOOL_DAY_START: hhmm("07:30"),
  SCHOOL_DAY_END: hhmm("17:30"),
  /** A JSON file adding or correcting holidays and adjusted working days (调休) beyond chinese-days' data. */
  HOLIDAYS_FILE: z.string().optional(),
  /** First answer to a hotline request due within this many school working hours. */
  HOTLINE_RESPONSE_HOURS: int(4, 1),
  /** The assignee is reminded this many working minutes before the response target. */
  HOTLINE_REMINDER_BEFORE_MIN: int(60, 1),
  /** A family message within this many days of closing reopens the request instead of starting a new one. */
  HOTLINE_REOPEN_DAYS: int(7, 0),
  /** Follow-up messages of one request are relayed to the teacher at most once per this many minutes. */
  HOTLINE_MERGE_WINDOW_MIN: int(2, 0),
  /** A staff answer also goes to the child's other bound guardians. */
  HOTLINE_ANSWER_ALL_GUARDIANS: bool.default(false),
  /** Longest family message kept in full (characters); longer ones are cut and the family told. */
  HOTLINE_MAX_CHARS: int(6000, 100),
  /** `失联` lists children whose parents have had no contact with the school for more than this many days. */
  LOST_CONTACT_DAYS: int(30, 1),
  /** Talk duty period: one calendar month or one Monday-to-Sunday week (Asia/Shanghai). */
  TALK_PERIOD: z.enum(["month", "week"]).default("month"),
  /** Talks each left-behind child needs from the homeroom teacher per period. */
  TALK_REQUIRED: int(1, 1),
  /** A child admitted during a period is due that period (`admission`) or from the next one (`next`). */
  TALK_FIRST_PERIOD: z.enum(["admission", "next"]).default("admission"),
  /** The daily talk digest goes out at this time (Asia/Shanghai) on school working days. */
  TALK_DIGEST_TIME: hhmm("08:00"),
  /** A mentor is reminded when a paired child has had no growth-diary entry for this many days. */
  MENTOR_DIARY_DAYS: int(30, 1),
  /** A mentor is reminded when a paired child has had no home visit this many days into the term. */
  HOME_VISIT_REMIND_AFTER_DAYS: int(60, 1),
  /** Term start dates (MM-DD, comma-separated); a term runs until the next one starts. */
  SCHOOL_TERMS: z.string().regex(/^\s*(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(\s*,\s*(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))*\s*$/, CONFIG_REASON.termDates).default("03-01,09-01"),
  /** A care plan without a review date is reviewed this many days after it is recorded. */
  CARE_PLAN_REVIEW_DAYS: int(30, 1),
  /** Reunion video sessions: default and longest length (minutes). */
  REUNION_DEFAULT_MIN: int(30, 5),
  REUNION_MAX_MIN: int(60, 5),
  /** Gap kept between two sessions in one room (minutes). */
  REUNION_BUFFER_MIN: int(5, 0),
  /** A session must be booked at least this many minutes ahead. */
  REUNION_MIN_NOTICE_MIN: int(120, 0),
  /** A session may be booked at most this many days ahead. */
  REUNION_HORIZON_DAYS: int(30, 1),
  /** Sessions per child per Monday-Sunday week. */
  REUNION_PER_CHILD_WEEK: int(1, 1),
  /** When coordinators get the day's sessions nobody marked (完成/未接通/缺席), `HH:mm` Asia/Shanghai. */
  REUNION_UNMARKED_TIME: hhmm("20:30"),
  /** Roster files larger than this are refused before reading (megabytes). */
  ROSTER_MAX_FILE_MB: int(10, 1),
  RECONNECT_BASE_MS: int(1000, 10),
  RECONNECT_MAX_MS: int(60_000, 10),
  PUPPET_KEEPALIVE_MS: int(20_000, 100),
  LOGIN_TIMEOUT_MS: int(10 * 60_000, 1000),
  /** Cron expression (Asia/Shanghai); node-cron checks it fully when the scheduler starts. */
  HOUSEKEEPING_CRON: z
    .string()
    .refine((v) => {
      const fields = v.trim().split(/\s+/);
      return [5, 6].includes(fields.length) && fields.every((f) => /^[\d*/,-]+$|^[A-Za-z]{3}(?:[-,][A-Za-z]{3})*$/.test(f));
    }, CONFIG_REASON.cronFields)
    .default("17 * * * *"),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Bad settings: one line per problem, naming the variable (`设置错误 KEY: 原因（当前值 "x"）`),
 * so an operator sees what to fix without a stack trace.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** Parses `env` (default: process.env) into a {@link Config}; throws {@link ConfigError} on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const value = cleaned[key];
    return configProblemText(key, reasonOf(issue), value === undefined ? undefined : hideUrlPassword(value));
  });
  throw new ConfigError([...new Set(problems)]);
}

/**
 * The text to print for an error at start: the lines of a {@link ConfigError} or of a bad
 * HOLIDAYS_FILE (HolidaysFileError), else null (the caller prints the error as it is). Entry
 * points print it, without a stack, and exit 1.
 */
export function formatConfigError(err: unknown): string | null {
  return err instanceof ConfigError || err instanceof HolidaysFileError ? err.message : null;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return CONFIG_REASON.integer;
    case "too_small":
      return CONFIG_REASON.atLeast(issue.minimum);
    case "too_big":
      return CONFIG_REASON.atMost(issue.maximum);
    case "invalid_value":
      return CONFIG_REASON.oneOf(issue.values);
    case "custom":
      return issue.message;
    default:
      return CONFIG_REASON.invalid;
  }
}

/** `postgresql://user:secret@host/db` -> `postgresql://***@host/db`: never echo a password. */
function hideUrlPassword(value: string): string {
  return value.replace(/\/\/[^/@\s]*@/, "//***@");
}

/** Domain settings from the validated config (kept here so CLI commands need not load wechaty through app.ts). */
export function domainSettings(c: Config): DomainSettings {
  return {
    bindingCodeTtlDays: c.BINDING_CODE_TTL_DAYS,
    bindingCodeLength: c.BINDING_CODE_LENGTH,
    bindingMaxFailures: c.BINDING_MAX_FAILURES,
    bindingFailureWindowMin: c.BINDING_FAILURE_WINDOW_MIN,
    bindingLockoutMin: c.BINDING_LOCKOUT_MIN,
    pendingActionTtlMin: c.PENDING_ACTION_TTL_MIN,
    storeFullIdNumber: c.ROSTER_STORE_FULL_ID_NUMBER,
    coordinatorsSeeFullPhones: c.COORDINATORS_SEE_FULL_PHONES,
    schoolDayStart: c.SCHOOL_DAY_START,
    schoolDayEnd: c.SCHOOL_DAY_END,
    holidaysFile: c.HOLIDAYS_FILE ?? null,
    hotlineResponseHours: c.HOTLINE_RESPONSE_HOURS,
    hotlineReminderBeforeMin: c.HOTLINE_REMINDER_BEFORE_MIN,
    hotlineReopenDays: c.HOTLINE_REOPEN_DAYS,
    hotlineMergeWindowMin: c.HOTLINE_MERGE_WINDOW_MIN,
    hotlineAnswerAllGuardians: c.HOTLINE_ANSWER_ALL_GUARDIANS,
    hotlineMaxChars: c.HOTLINE_MAX_CHARS,
    lostContactDays: c.LOST_CONTACT_DAYS,
    talkPeriod: c.TALK_PERIOD,
    talkRequired: c.TALK_REQUIRED,
    talkFirstPeriod: c.TALK_FIRST_PERIOD,
    talkDigestTime: c.TALK_DIGEST_TIME,
    mentorDiaryDays: c.MENTOR_DIARY_DAYS,
    homeVisitRemindAfterDays: c.HOME_VISIT_REMIND_AFTER_DAYS,
    schoolTerms: c.SCHOOL_TERMS.split(",").map((t) => t.trim()),
    carePlanReviewDays: c.CARE_PLAN_REVIEW_DAYS,
    reunionDefaultMin: c.REUNION_DEFAULT_MIN,
    reunionMaxMin: c.REUNION_MAX_MIN,
    reunionBufferMin: c.REUNION_BUFFER_MIN,
    reunionMinNoticeMin: c.REUNION_MIN_NOTICE_MIN,
    reunionHorizonDays: c.REUNION_HORIZON_DAYS,
    reunionPerChildWeek: c.REUNION_PER_CHILD_WEEK,
    reunionUnmarkedTime: c.REUNION_UNMARKED_TIME,
    attachmentRetentionDays: c.ATTACHMENT_RETENTION_DAYS,
  };
}
