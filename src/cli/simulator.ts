import { rmSync } from "node:fs";
import type { Config } from "../config.ts";
import { openDb, sqlitePath, withTx, type Db } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import type { AdjustableClock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { formatIsoShanghai } from "../lib/time.ts";
import { createApp, type App } from "../app.ts";
import { SimWorld, type SimContent } from "../bot/sim.ts";
import { listDemoPeople, seedDemoSchool, hasSchool, type DemoPerson } from "../../prisma/seed-demo.ts";

/** One message the bot sent, as the simulator prints it. */
export interface SimLine {
  /** The person's label, or `[group topic]` for a group. */
  to: string;
  text: string;
}

type Known = { label: string; contactId: string; name: string; kind: "staff" | "guardian" | "stranger" };

/**
 * The demo school in a simulated WeChat: the real bot (same app, router, outbox) on
 * wechaty-puppet-mock, people addressed by label (`张小明妈妈`, `李春梅`; any other label is a new
 * stranger), every message the bot sends collected in order. After each input the outbox is
 * drained at once: the simulated clock jumps over rate-limit gaps instead of waiting.
 */
export class Simulator {
  readonly #known = new Map<string, Known>();
  readonly #byContact = new Map<string, Known>();
  readonly #groups = new Map<string, string>();
  #outbox: SimLine[] = [];
  #lastMessage: { label: string; id: string; content: SimContent; group?: string } | null = null;
  seededCodes: DemoPerson[] = [];

  private constructor(
    readonly db: Db,
    readonly app: App,
    readonly world: SimWorld,
    readonly clock: AdjustableClock,
    readonly config: Config,
  ) {}

  /**
   * Opens (and migrates) the database at `dbUrl`, seeds the demo school when it has none
   * (`fresh` deletes the file first; `migrate: false` skips migrating an already migrated copy), starts the bot on the simulated WeChat and logs it in.
   */
  static async open(o: { dbUrl: string; fresh: boolean; clock: AdjustableClock; config: Config; logger: Logger; migrate?: boolean }): Promise<Simulator> {
    const path = sqlitePath(o.dbUrl);
    if (o.fresh && path) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
    if (o.migrate ?? true) await migrateDatabase(o.dbUrl);
    const db = await openDb(o.dbUrl);
    const world = new SimWorld(o.config.BOT_NAME);
    const app = createApp({ config: o.config, db, clock: o.clock, logger: o.logger, puppet: world.puppet, random: () => 0.5, runWorkerLoop: false });
    const sim = new Simulator(db, app, world, o.clock, o.config);
    if (!(await hasSchool(db))) sim.seededCodes = await seedDemoSchool(db, o.clock, o.logger, { codeTtlDays: o.config.BINDING_CODE_TTL_DAYS });
    // Simulated time resumes where the last session on this database left it, never before.
    const last = await withTx(db, (tx) => tx.processedMessage.findFirst({ orderBy: { processedAt: "desc" }, select: { processedAt: true } }));
    if (last && last.processedAt > o.clock.now()) o.clock.set(new Date(last.processedAt.getTime() + 60_000));
    await sim.#loadPeople();
    world.puppet.onSend = (sent) => {
      const who = sent.conversationId.includes("@") ? `[${sim.#groups.get(sent.conversationId) ?? sent.conversationId}]` : (sim.#byContact.get(sent.conversationId)?.label ?? sent.conversationId);
      sim.#outbox.push({ to: who, text: sent.text });
    };
    await app.start();
    const loggedIn = new Promise<void>((resolve) => app.wechaty.once("login", () => resolve()));
    world.login();
    await loggedIn;
    return sim;
  }

  async #loadPeople(): Promise<void> {
    for (const p of await listDemoPeople(this.db)) {
      const contactId = p.kind === "staff" ? `sim-s${p.id}` : `sim-g${p.id}`;
      const known: Known = { label: p.label, contactId, name: p.name, kind: p.kind };
      if (!this.#known.has(p.label)) this.#known.set(p.label, known);
      this.#byContact.set(contactId, known);
    }
  }

  /**
   * The live (unused, unexpired, not revoked) binding code of each demo person, by label, read
   * from the database: the simulator's `/who` shows them on every start, not only the first.
   */
  async liveCodes(): Promise<Map<string, string>> {
    const now = this.clock.now();
    const rows = await withTx(this.db, (tx) =>
      tx.bindingCode.findMany({ where: { usedAt: null, revokedAt: null, expiresAt: { gt: now } }, select: { code: true, guardianId: true, staffId: true } }),
    );
    const out = new Map<string, string>();
    for (const r of rows) {
      const known = this.#byContact.get(r.staffId !== null ? `sim-s${r.staffId}` : `sim-g${r.guardianId}`);
      if (known) out.set(known.label, r.code);
    }
    return out;
  }

  /** Everyone the simulator knows, in seeding order (labels are unique). */
  people(): Known[] {
    return [...new Set(this.#known.values())];
  }

  /** The person a label means: a demo label, else a new stranger with that display name. */
  person(label: string): Known {
    const k = this.#known.get(label);
    if (k) return k;
    const stranger: Known = { label, contactId: `sim-x-${Buffer.from(label).toString("hex").slice(0, 24)}`, name: label, kind: "stranger" };
    this.#known.set(label, stranger);
    this.#byContact.set(stranger.contactId, stranger);
    return stranger;
  }

  /**
   * `label` sends `content` to the bot (or into group `group`, created on first use with the
   * bot and that person; typing `@<bot name>` puts the bot in the mention list as WeChat does).
   * Returns what the bot sent to anyone as a result, in order.
   */
  async say(label: string, content: SimContent, group?: string, messageId?: string): Promise<SimLine[]> {
    const p = this.person(label);
    const contact = this.world.person(p.contactId, p.name);
    let room;
    let mentions: (typeof contact)[] = [];
    if (group) {
      room = this.world.group(this.roomId(group), group, [contact]);
      this.#groups.set(room.id, group);
      const memberIds: string[] = this.world.mocker.roomPayload(room.id).memberIdList;
      if (!memberIds.includes(contact.id)) this.world.mocker.roomPayload(room.id, { ...this.world.mocker.roomPayload(room.id), memberIdList: [...memberIds, contact.id] });
      if (typeof content === "string" && content.includes(`@${this.config.BOT_NAME}`)) mentions = [this.world.botUser];
    }
    const id = this.world.send(contact, content, { sentAt: this.clock.now(), mentions, ...(room ? { room } : {}), ...(messageId ? { messageId } : {}) });
    this.#lastMessage = { label, id, content, ...(group ? { group } : {}) };
    return this.settle();
  }

  /** The room id of group `topic` in the simulated WeChat. */
  roomId(topic: string): string {
    return `sim-room-${Buffer.from(topic).toString("hex").slice(0, 24)}@chatroom`;
  }

  /** Delivers the last message again with the same id (a puppet's duplicate delivery). */
  async replay(): Promise<SimLine[]> {
    if (!this.#lastMessage) return [];
    const m = this.#lastMessage;
    return this.say(m.label, m.content, m.group, m.id);
  }

  /** `label` sends a friend request with `hello`. */
  async befriend(label: string, hello: string): Promise<SimLine[]> {
    const p = this.person(label);
    this.world.person(p.contactId, p.name);
    this.world.puppet.requestFriendship(p.contactId, hello);
    return this.settle();
  }

  /** Moves the simulated clock to `at`, then delivers whatever became due. */
  async setClock(at: Date): Promise<SimLine[]> {
    this.clock.set(at);
    return this.settle();
  }

  /** Moves the simulated clock forward by `ms`, then delivers whatever became due. */
  async advance(ms: number): Promise<SimLine[]> {
    this.clock.advance(ms);
    return this.settle();
  }

  /** Waits for the bot to finish handling, drains the outbox, returns what was sent since last time. */
  async settle(): Promise<SimLine[]> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      await this.app.activity.idle();
      await this.app.runDueJobs(); // what the scheduler's minute job does, at the simulated time
      const results = await this.app.worker.drain((ms) => this.clock.advance(ms));
      await new Promise((r) => setImmediate(r));
      if (results.at(-1)?.kind === "throttled") break; // WeChat said "too frequent": wait for /advance
    }
    const out = this.#outbox;
    this.#outbox = [];
    return out;
  }

  /** The simulated time in Asia/Shanghai, ISO-8601. */
  now(): string {
    return formatIsoShanghai(this.clock.now());
  }

  async close(): Promise<void> {
    await this.app.stop();
    await this.db.$disconnect();
  }
}

/** Formats a sent message for the terminal: `→ 张小明妈妈: 第一行`, further lines indented. */
export function formatLine(line: SimLine): string {
  const [first, ...rest] = line.text.split("\n");
  return [`→ ${line.to}: ${first}`, ...rest.map((r) => `    ${r}`)].join("\n");
}
