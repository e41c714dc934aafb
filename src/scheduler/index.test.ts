import { describe, expect, it } from "vitest";
import { startScheduler, type SchedulerDeps } from "./index.ts";
import { ManualClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { defaultDomainSettings } from "../domain/deps.ts";

function deps(housekeepingCron: string): SchedulerDeps {
  // The database is only touched when a job fires; none fires in these tests.
  return { db: {} as SchedulerDeps["db"], clock: new ManualClock("2026-12-01T09:00:00+08:00"), logger: silentLogger(), settings: defaultDomainSettings, housekeepingCron, processedRetentionDays: 30 };
}

describe("startScheduler", () => {
  it("refuses a cron expression node-cron cannot run, naming HOUSEKEEPING_CRON", () => {
    expect(() => startScheduler(deps("99 * * * *"))).toThrow(/HOUSEKEEPING_CRON.*"99 \* \* \* \*"/);
    expect(() => startScheduler(deps("every hour"))).toThrow(/HOUSEKEEPING_CRON/);
  });

  it("starts with a 5- or 6-field expression and stops", () => {
    for (const expr of ["17 * * * *", "0 17 * * * *"]) {
      const stop = startScheduler(deps(expr));
      stop();
    }
  });
});
