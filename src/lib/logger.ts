import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Creates the root logger: one JSON line per event (pino). Children carry a `module` tag
 * (`logger.child({ module: "outbox" })`). Rule: message bodies and children's details only at
 * debug level; phone numbers masked (lib/mask.ts).
 * @param level pino level name (`fatal`..`trace`, or `silent`).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["phone", "*.phone"], censor: "[redacted]" },
    },
    destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
