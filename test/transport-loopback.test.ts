import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PuppetServer } from "wechaty-puppet-service";
import { loadConfig } from "../src/config.ts";
import { openDb, type Db } from "../src/db/client.ts";
import { systemClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { createApp, type App } from "../src/app.ts";
import { SimWorld, simFileBytes } from "../src/bot/sim.ts";
import { enqueue } from "../src/outbox/enqueue.ts";
import { createServicePuppet, superviseConnection, type Supervision } from "../src/bot/service.ts";
import { quietWechatyLogs } from "../src/bot/wechaty.ts";
import { seedDemoSchool, type DemoPerson } from "../prisma/seed-demo.ts";
import { freshDbUrl } from "./helpers/db.ts";

/**
 * The production transport on loopback: wechaty-puppet-service's PuppetServer serves a mock
 * WeChat (our SimWorld's puppet), and the bot connects with PuppetService exactly as in
 * production (createServicePuppet + superviseConnection + the real outbox worker loop). Real
 * network and real time here: waits poll for what crosses the socket, bounded.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const token = `insecure_${Date.now().toString(36)}`;
let port: number;
let world: SimWorld;
let server: PuppetServer;
let db: Db;
let app: App;
let supervision: Supervision;
let people: DemoPerson[];
let attachmentDir: string;

async function startServer(): Promise<void> {
  server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet: world.puppet, token });
  await server.start();
}

beforeAll(async () => {
  quietWechatyLogs();
  port = await freePort();
  world = new SimWorld("家校助手");
  // The client's start()/stop() start and stop this puppet: log the bot account in each time.
  (world.puppet as unknown as { __watchdog: unknown }).__watchdog = { start() {}, stop() {} };
  (world.puppet as unknown as { on(event: string, fn: () => void): void }).on("start", () => {
    if (!world.puppet.isLoggedIn) world.login();
  });
  await startServer();
  db = await openDb(freshDbUrl());
  people = await seedDemoSchool(db, systemClock, silentLogger());
  attachmentDir = mkdtempSync(join(tmpdir(), "qinqing-att-"));
  const config = loadConfig({ ATTACHMENT_DIR: attachmentDir, OUTBOX_MIN_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0", OUTBOX_MAX_PER_MINUTE: "1000", OUTBOX_POLL_MS: "20" });
  app = createApp({ config, db, clock: systemClock, logger: silentLogger(), puppet: createServicePuppet(token, `127.0.0.1:${port}`) });
  supervision = superviseConnection(app.wechaty, {
    endpoint: `127.0.0.1:${port}`,
    logger: silentLogger(),
    minBackoffMs: 100,
    maxBackoffMs: 1000,
    keepaliveMs: 500,
    loginTimeoutMs: 5000,
  });
  await supervision.firstLogin;
});

afterAll(async () => {
  await app?.worker.stop();
  await supervision?.shutdown();
  await server?.stop();
  await world?.puppet.stop();
  await db?.$disconnect();
  if (attachmentDir) rmSync(attachmentDir, { recursive: true, force: true });
});

/** `label` (a demo person) sends `text`; resolves with the bot's replies to them. */
async function chat(label: string, text: string, expected = 1): Promise<string[]> {
  const p = people.find((x) => x.label === label)!;
  const contact = world.person(`lb-${p.kind}-${p.id}`, p.name);
  const before = world.puppet.sentLog.length;
  world.send(contact, text, { sentAt: new Date() });
  await waitFor(() => world.puppet.sentLog.slice(before).filter((s) => s.conversationId === contact.id).length >= expected, 10_000);
  return world.puppet.sentLog.slice(before).filter((s) => s.conversationId === contact.id).map((s) => s.text);
}

describe("production transport on loopback", () => {
  it("carries a conversation: a parent and a teacher bind and ask for help", async () => {
    const code = people.find((p) => p.label === "张小明妈妈")!.code;
    expect(await chat("张小明妈妈", `绑定 ${code}`)).toEqual([
      "绑定成功！您是：刘丽，三年级1班 张小明、五年级1班 张小红的妈妈。\n发送“帮助”查看您可以使用的功能。",
    ]);
    const help = await chat("张小明妈妈", "帮助");
    expect(help[0]!.split("\n")[0]).toBe("“亲情桥”家校助手 · 家长可用的功能：");
    expect((await chat("李春梅", `绑定 ${people.find((p) => p.label === "李春梅")!.code}`))[0]).toMatch(/^绑定成功！您是：李春梅（老师）/);
  });

  it("reconnects after the service is stopped and restarted, and keeps working", async () => {
    const logins = { n: 0 };
    app.wechaty.on("login", () => {
      logins.n++;
    });
    await server.stop();
    await new Promise((r) => setTimeout(r, 300));
    await startServer();
    await waitFor(() => logins.n > 0 && supervision.reconnects() > 0, 15_000);
    const who = await chat("张小明妈妈", "我是谁");
    expect(who).toEqual(["您是家长刘丽。\n· 三年级1班 张小明的妈妈\n· 五年级1班 张小红的妈妈"]);
    // Nothing was set up twice: one reply per message, no duplicate rows.
    // (The reply reached WeChat before the worker marked its row: give the worker that moment.)
    let rows: unknown;
    for (let i = 0; i < 100; i++) {
      rows = await db.$transaction((tx) => tx.outboxMessage.groupBy({ by: ["status"], _count: true }));
      if (JSON.stringify(rows) === JSON.stringify([{ _count: 4, status: "SENT" }])) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(rows).toEqual([{ status: "SENT", _count: 4 }]);
    expect(world.puppet.sentLog).toHaveLength(4);
  });

  it("carries files both ways: a voice note is downloaded and saved, a file row is delivered", async () => {
    const p = people.find((x) => x.label === "张小明妈妈")!;
    const contact = world.person(`lb-${p.kind}-${p.id}`, p.name);
    const id = world.send(contact, { kind: "voice" }, { sentAt: new Date() });
    const saved = () => readdirSync(attachmentDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(`${id}-语音.silk`));
    await waitFor(() => saved().length === 1, 10_000);
    expect(readFileSync(join(attachmentDir, saved()[0]!))).toEqual(simFileBytes("voice", id));

    const path = join(attachmentDir, "reply.jpg");
    writeFileSync(path, "jpeg bytes");
    const before = world.puppet.sentLog.length;
    await db.$transaction((tx) => enqueue(tx, { dedupeKey: "loopback:file", to: { kind: "CONTACT", id: contact.id }, text: "[图片]", attachment: { path, name: "照片.jpg" } }, new Date()));
    app.worker.wake();
    await waitFor(() => world.puppet.sentLog.slice(before).some((s) => s.file), 10_000);
    const sent = world.puppet.sentLog.slice(before).find((s) => s.file)!;
    expect(sent).toMatchObject({ conversationId: contact.id, text: "[文件] 照片.jpg" });
    expect(sent.file!.data.toString()).toBe("jpeg bytes");
  });
});
