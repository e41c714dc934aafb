import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { loadConfig, type Config } from "../../src/config.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { sqlitePath, withTx, type Tx } from "../../src/db/client.ts";
import { Simulator, type SimLine } from "../../src/cli/simulator.ts";
import type { SimContent } from "../../src/bot/sim.ts";
import { freshDbUrl } from "./db.ts";

/** Tuesday 2026-12-01 09:00 in Asia/Shanghai, the default start of test time. */
export const T0 = "2026-12-01T09:00:00+08:00";

/**
 * The demo school on a simulated WeChat with a manual clock, for end-to-end chats. Wraps the
 * simulator (the same one `npm start` and transcripts use) with scenario helpers.
 */
export class TestWorld {
  private constructor(
    public sim: Simulator,
    readonly clock: ManualClock,
    readonly dbUrl: string,
    readonly config: Config,
    /** A temp ATTACHMENT_DIR made for this world (removed on close); null when env gave one. */
    readonly ownAttachmentDir: string | null = null,
  ) {}

  /** `env` is read as the config; ATTACHMENT_DIR defaults to a fresh temp dir, never ./data. */
  static async create(opts: { start?: string; env?: Record<string, string> } = {}): Promise<TestWorld> {
    const clock = new ManualClock(opts.start ?? T0);
    const ownAttachmentDir = opts.env?.ATTACHMENT_DIR ? null : mkdtempSync(join(tmpdir(), "qinqing-att-"));
    const config: Config = loadConfig({ ...(ownAttachmentDir ? { ATTACHMENT_DIR: ownAttachmentDir } : {}), ...opts.env });
    const dbUrl = freshDbUrl();
    const sim = await Simulator.open({ dbUrl, fresh: false, migrate: false, clock, config, logger: silentLogger() });
    return new TestWorld(sim, clock, dbUrl, config, ownAttachmentDir);
  }

  /** Stops the bot and starts a new one on the same database (a restart). */
  async restart(): Promise<void> {
    const codes = this.sim.seededCodes;
    await this.sim.close();
    this.sim = await Simulator.open({ dbUrl: this.dbUrl, fresh: false, migrate: false, clock: this.clock, config: this.config, logger: silentLogger() });
    this.sim.seededCodes = codes;
  }

  /** The demo binding code of `label` (as seeded). */
  code(label: string): string {
    const p = this.sim.seededCodes.find((x) => x.label === label);
    if (!p) throw new Error(`no demo person ${label}`);
    return p.code;
  }

  /** `label` sends `content`; returns what the bot sent to anyone. */
  say(label: string, content: SimContent, group?: string): Promise<SimLine[]> {
    return this.sim.say(label, content, group);
  }

  /** Binds `label` with its demo code and checks it worked. */
  async givenBound(label: string): Promise<void> {
    const out = await this.say(label, `绑定 ${this.code(label)}`);
    expect(out.at(-1)?.text).toMatch(/^绑定成功/);
  }

  /** Texts `out` holds for `label`, in order. */
  static textsTo(out: SimLine[], label: string): string[] {
    return out.filter((l) => l.to === label).map((l) => l.text);
  }

  /** Reads the database (after the bot is idle). */
  query<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withTx(this.sim.db, fn);
  }

  async close(): Promise<void> {
    await this.sim.close();
    const path = sqlitePath(this.dbUrl);
    if (path) rmSync(dirname(path), { recursive: true, force: true });
    if (this.ownAttachmentDir) rmSync(this.ownAttachmentDir, { recursive: true, force: true });
  }
}
