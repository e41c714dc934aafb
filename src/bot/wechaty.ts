import { WechatyBuilder, type Wechaty } from "wechaty";
import type * as PUPPET from "wechaty-puppet";
import { PuppetService } from "wechaty-puppet-service";

export type { Wechaty };

/**
 * Builds the Wechaty instance on `puppet`. No `name` is given, so Wechaty keeps its memory card
 * in memory and writes no `*.memory-card.json` file into the working directory.
 */
export function createWechaty(puppet: PUPPET.impls.PuppetInterface): Wechaty {
  return WechatyBuilder.build({ puppet: puppet as any });
}

/**
 * The production puppet: wechaty-puppet-service with the school's token. With `endpoint`
 * (`host:port`) the token discovery service is skipped; a token starting with `insecure_`
 * connects without TLS (loopback tests, a service in the same LAN).
 */
export function createServicePuppet(token: string, endpoint?: string): PuppetService {
  return new PuppetService({ token, ...(endpoint ? { endpoint } : {}) });
}
