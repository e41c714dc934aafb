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
};
