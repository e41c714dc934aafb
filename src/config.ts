import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/**
 * Every setting, read once from the environment (see .env.example for the documented list).
 * Durations carry their unit in the name (_MS, _MIN, _DAYS). Throws a ZodError naming the bad
 * variable at start, so a typo never runs with a silent default.
 */
export const configSchema = z.object({
  DATABASE_URL: z.string().default("file:./data/qinqing.db"),
  SIMULATOR_DATABASE_URL: z.string().default("file:./data/simulator.db"),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().optional(),
  /** The bot's display name, used to notice a mention typed by hand in a group. */
  BOT_NAME: z.string().default("家校助手"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  RECONNECT_BASE_MS: int(1000, 10),
  RECONNECT_MAX_MS: int(60_000, 10),
  PUPPET_KEEPALIVE_MS: int(20_000, 100),
  LOGIN_TIMEOUT_MS: int(10 * 60_000, 1000),
  HOUSEKEEPING_CRON: z.string().default("17 * * * *"),
});

export type Config = z.infer<typeof configSchema>;

/** Parses `env` (default: process.env) into a {@link Config}; throws ZodError on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  return configSchema.parse(cleaned);
}
