import { WechatyBuilder, log, type Wechaty } from "wechaty";
import type * as PUPPET from "wechaty-puppet";

export type { Wechaty };

/**
 * Builds the Wechaty instance on `puppet`. No `name` is given, so Wechaty keeps its memory card
 * in memory and writes no `*.memory-card.json` file into the working directory.
 */
export function createWechaty(puppet: PUPPET.impls.PuppetInterface): Wechaty {
  return WechatyBuilder.build({ puppet: puppet as any });
}


/**
 * Wechaty, its puppets and the puppet service share one logger (brolog) that prints to the
 * console; ours is pino. Silenced unless WECHATY_LOG names a level (`WECHATY_LOG=verbose`).
 */
export function quietWechatyLogs(): void {
  if (!process.env.WECHATY_LOG) log.level("silent");
}
