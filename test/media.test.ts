import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { FileBox, type FileBoxInterface } from "file-box";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Wechaty } from "wechaty";
import { attachmentPath, sanitizeFileName, saveAttachment } from "../src/bot/attachments.ts";
import { wechatySender } from "../src/bot/sender.ts";
import { simFileBytes } from "../src/bot/sim.ts";
import { withTx } from "../src/db/client.ts";
import { ManualClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { enqueue, type Conversation } from "../src/outbox/enqueue.ts";
import { AttachmentMissingError, classifySendError, defaultOutboxPolicy } from "../src/outbox/policy.ts";
import { OutboxWorker } from "../src/outbox/worker.ts";
import type { Incoming } from "../src/router/types.ts";
import { freshDb } from "./helpers/db.ts";
import { TestWorld } from "./helpers/world.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "qinqing-media-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** 00:30 on 1 December in Shanghai: still 30 November in UTC. */
const AT = new Date("2026-12-01T00:30:00+08:00");

describe("saving inbound files", () => {
  it("names files safely, keeping the extension", () => {
    expect(sanitizeFileName("../../etc/passwd", "file")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\妈妈\\作业 照片.JPG", "image")).toBe("作业 照片.JPG");
    expect(sanitizeFileName('a<b>:"c|?*.pdf', "file")).toBe("a_b___c___.pdf");
    expect(sanitizeFileName("..", "voice")).toBe("voice.sil");
    expect(sanitizeFileName("", "image")).toBe("image.jpg");
    expect(sanitizeFileName("录音", "voice")).toBe("录音.sil");
    expect(sanitizeFileName("说明", "file")).toBe("说明");
    const long = sanitizeFileName(`${"很长".repeat(100)}.docx`, "file");
    expect(long.endsWith(".docx")).toBe(true);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
  });

  it("files by month in Shanghai under the message id", () => {
    expect(attachmentPath("/att", AT, "msg/../1:2", "x.jpg", "image")).toBe(join("/att", "2026-12", "msg____1_2-x.jpg"));
  });

  it("saves the file with its bytes and returns the path and the sender's name", async () => {
    const dir = tempDir();
    const box = FileBox.fromBuffer(Buffer.from("picture bytes"), "../手机/作业.jpg");
    const got = await saveAttachment(async () => box, { dir, messageId: "m-1", kind: "image", at: AT });
    const path = join(dir, "2026-12", "m-1-作业.jpg");
    expect(got).toEqual({ path, name: "作业.jpg" });
    expect(readFileSync(path, "utf8")).toBe("picture bytes");
  });

  it("gives a name-less voice note the kind's name", async () => {
    const dir = tempDir();
    const nameless = { name: "", toStream: async () => Readable.from([Buffer.from("silk")]) } as unknown as FileBoxInterface;
    const got = await saveAttachment(async () => nameless, { dir, messageId: "m-2", kind: "voice", at: AT });
    expect(got).toEqual({ path: join(dir, "2026-12", "m-2-voice.sil"), name: "voice.sil" });
  });

  it("reports a failed download or write as an error, leaving no file behind", async () => {
    const dir = tempDir();
    const opts = { dir, messageId: "m-3", kind: "file" as const, at: AT };
    expect(await saveAttachment(() => Promise.reject(new Error("no filebox cache")), opts)).toEqual({ error: "download failed: no filebox cache" });
    const broken = {
      name: "a.pdf",
      toStream: async () =>
        new Readable({
          read() {
            this.destroy(new Error("connection reset"));
          },
        }),
    } as unknown as FileBoxInterface;
    expect(await saveAttachment(async () => broken, opts)).toEqual({ error: "saving failed: connection reset" });
    expect(readdirSync(join(dir, "2026-12"))).toEqual([]);
    const never = await saveAttachment(() => new Promise<FileBoxInterface>(() => {}), { ...opts, timeoutMs: 5 });
    expect(never).toEqual({ error: "download timed out after 5 ms" });
  });
});

/** A Wechaty stand-in for wechatySender: a logged-in puppet recording its sends. */
function fakeBot() {
  const puppet = { isLoggedIn: true, messageSendText: vi.fn(async () => {}), messageSendFile: vi.fn(async (_id: string, _box: FileBoxInterface) => {}) };
  return { bot: { puppet } as unknown as Wechaty, puppet };
}

describe("sending files from the outbox", () => {
  const PARENT: Conversation = { kind: "CONTACT", id: "wxid_parent" };

  async function setup() {
    const handle = await freshDb();
    cleanups.push(() => handle.db.$disconnect());
    const clock = new ManualClock(AT);
    const { bot, puppet } = fakeBot();
    const worker = new OutboxWorker({ db: handle.db, clock, sender: wechatySender(bot), policy: defaultOutboxPolicy, logger: silentLogger(), random: () => 0 });
    const add = (path: string) =>
      withTx(handle.db, (tx) => enqueue(tx, { dedupeKey: `t:${path}`, to: PARENT, text: "[语音]", attachment: { path, name: "语音.silk" } }, clock.now()));
    const row = (id: number) => withTx(handle.db, (tx) => tx.outboxMessage.findUniqueOrThrow({ where: { id } }));
    return { worker, puppet, add, row, clock };
  }

  it("sends a file row as the file only, once, and marks it SENT", async () => {
    const { worker, puppet, add, row } = await setup();
    const path = join(tempDir(), "v.silk");
    writeFileSync(path, "voice");
    const id = await add(path);
    expect(await worker.tick()).toEqual({ kind: "sent", id });
    expect(puppet.messageSendText).not.toHaveBeenCalled();
    expect(puppet.messageSendFile).toHaveBeenCalledTimes(1);
    const [to, box] = puppet.messageSendFile.mock.calls[0]!;
    expect(to).toBe(PARENT.id);
    expect(box.name).toBe("语音.silk");
    expect((await box.toBuffer()).toString()).toBe("voice");
    expect((await row(id)).status).toBe("SENT");
  });

  it("fails a row whose file is gone for good, without retrying", async () => {
    const { worker, puppet, add, row, clock } = await setup();
    const id = await add(join(tempDir(), "gone.silk"));
    expect(await worker.tick()).toEqual({ kind: "failed", id });
    expect(await row(id)).toMatchObject({ status: "FAILED", attempts: 1, failureKind: "PERMANENT", lastError: expect.stringMatching(/^attachment missing: /) });
    clock.advance(3_600_000);
    expect(await worker.tick()).toEqual({ kind: "idle", nextDueAt: null });
    expect(puppet.messageSendFile).not.toHaveBeenCalled();
  });

  it("classifies a missing attachment as permanent, also by its message", () => {
    expect(classifySendError(new AttachmentMissingError("/x"))).toBe("PERMANENT");
    expect(classifySendError(new Error("attachment missing: /x"))).toBe("PERMANENT");
  });
});

describe("files in the simulated WeChat", () => {
  async function world(): Promise<{ w: TestWorld; dir: string; routed: Incoming[] }> {
    const dir = tempDir();
    const w = await TestWorld.create({ start: "2026-12-01T00:30:00+08:00", env: { ATTACHMENT_DIR: dir } });
    cleanups.push(() => w.close());
    const routed: Incoming[] = [];
    const handle = w.sim.app.router.handle.bind(w.sim.app.router);
    vi.spyOn(w.sim.app.router, "handle").mockImplementation(async (inc) => {
      routed.push(inc);
      return handle(inc);
    });
    return { w, dir, routed };
  }

  it("a guardian's voice note reaches the router with the saved file", async () => {
    const { w, dir, routed } = await world();
    await w.givenBound("张小明妈妈");
    await w.say("张小明妈妈", { kind: "voice" });
    const inc = routed.at(-1)!;
    expect(inc.kind).toBe("voice");
    const path = join(dir, "2026-12", `${inc.messageId.replace(/[^A-Za-z0-9_-]/g, "_")}-语音.silk`);
    expect(inc.attachment).toEqual({ path, name: "语音.silk" });
    expect(readFileSync(path)).toEqual(simFileBytes("voice", inc.messageId));
  });

  it("a file that cannot be downloaded is noted and the message still routed", async () => {
    const { w, routed } = await world();
    await w.say("张小明妈妈", { kind: "file", name: "成绩单.pdf", fail: true });
    expect(routed.at(-1)).toMatchObject({ kind: "file", attachment: { error: "download failed: no filebox cache" } });
  });

  it("a group file that does not mention the bot is not downloaded", async () => {
    const { w, dir, routed } = await world();
    await w.say("张小明妈妈", { kind: "image" }, "三年级1班家长群");
    expect(routed).toEqual([]);
    expect(existsSync(join(dir, "2026-12"))).toBe(false);
  });

  it("the bot's file rows arrive as [文件] lines, after a failed try", async () => {
    const { w } = await world();
    const path = join(tempDir(), "photo.jpg");
    writeFileSync(path, "jpeg");
    const to = w.sim.person("张小明妈妈").contactId;
    w.sim.world.puppet.failNextSends(new Error("network down"));
    await w.query((tx) => enqueue(tx, { dedupeKey: "t:photo", to: { kind: "CONTACT", id: to }, text: "[图片]", attachment: { path, name: "照片.jpg" } }, w.clock.now()));
    expect(await w.sim.settle()).toEqual([{ to: "张小明妈妈", text: "[文件] 照片.jpg" }]);
    expect(w.sim.world.puppet.sentLog.at(-1)?.file).toEqual({ name: "照片.jpg", data: Buffer.from("jpeg") });
  });
});
