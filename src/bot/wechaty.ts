import { WechatyBuilder, log, type Wechaty } from "wechaty";
import * as PUPPET from "wechaty-puppet";
import qrcode from "qrcode-terminal";

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

/** The puppet type the app is built on (PuppetService in production, the mock in the simulator). */
export type Puppet = PUPPET.impls.PuppetInterface;
/** Wechaty's scan status (waiting, scanned, confirmed, timeout...). */
export type ScanStatus = PUPPET.types.ScanStatus;

/**
 * Prints the login QR code in the terminal while a scan is awaited (status Waiting or Timeout),
 * for the school's WeChat account to scan.
 */
export function printLoginQr(qr: string, status: ScanStatus): void {
  if (status === PUPPET.types.ScanStatus.Waiting || status === PUPPET.types.ScanStatus.Timeout) {
    console.log("请用学校的微信号扫码登录 (scan with the school's WeChat account):");
    qrcode.generate(qr, { small: true });
  }
}
