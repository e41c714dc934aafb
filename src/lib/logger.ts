import { pino, type Logger } from "pino";
import { maskPhone } from "./mask.ts";

export type { Logger };

/**
 * Creates the root logger: one JSON line per event (pino). Children carry a `module` tag
 * (`logger.child({ module: "outbox" })`). Rule: message bodies and children's details only at
 * debug level; a `phone` field is masked to its last 4 digits wherever it is logged.
 * @param level pino level name (`fatal`..`trace`, or `silent`).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["phone", "*.phone"], censor: (value) => maskPhone(typeof value === "string" ? value : null) },
    },
    destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
