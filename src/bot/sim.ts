import { randomUUID } from "node:crypto";
import * as PUPPET from "wechaty-puppet";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import { FileBox, type FileBoxInterface } from "file-box";

/** A message the bot sent, as the simulated world saw it. */
export interface SimSent {
  conversationId: string;
  /** The text, or `[文件] <name>` for a file. */
  text: string;
  /** Set for a file: its name and content as received. */
  file?: { name: string; data: Buffer };
}

/**
 * wechaty-puppet-mock with what the simulator and the tests need on top: friend requests with
 * a hello text, group nicknames (room aliases), a hook on every text and file the bot sends, and
 * send failures injected on demand (`failNextSends`), e.g. WeChat's "发送消息过于频繁".
 */
export class SimPuppet extends PuppetMock {
  readonly sentLog: SimSent[] = [];
  onSend: ((sent: SimSent) => void) | null = null;
  readonly #failures: Error[] = [];
  readonly #friendships = new Map<string, PUPPET.payloads.Friendship>();
  readonly #roomAliases = new Map<string, string>();

  constructor(readonly simMocker: mock.Mocker) {
    super({ mocker: simMocker });
  }

  /** The next `errors.length` sends throw these errors, in order. */
  failNextSends(...errors: Error[]): void {
    this.#failures.push(...errors);
  }

  override async messageSendText(conversationId: string, text: string): Promise<void> {
    this.#failIfAsked();
    await this.#deliver(conversationId, { conversationId, text }, () => super.messageSendText(conversationId, text));
  }

  /**
   * Records a file as `[文件] <name>` (with its bytes in `file`). The mock's own echo needs a
   * FileBox it can serialise, so the file is read into a base64 box first, as an upload reads it.
   */
  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    this.#failIfAsked();
    const data = await file.toBuffer();
    const copy = FileBox.fromBase64(data.toString("base64"), file.name);
    await this.#deliver(conversationId, { conversationId, text: `[文件] ${file.name}`, file: { name: file.name, data } }, () => super.messageSendFile(conversationId, copy));
  }

  #failIfAsked(): void {
    const failure = this.#failures.shift();
    if (failure) throw failure;
  }

  async #deliver(conversationId: string, sent: SimSent, send: () => Promise<void>): Promise<void> {
    if (!conversationId.includes("@")) {
      // In the simulated WeChat every contact the bot knows exists, even one not seen since a restart.
      try {
        this.simMocker.ContactMock.load(conversationId);
      } catch {
        this.simMocker.createContact({ id: conversationId, name: conversationId });
      }
    }
    await send();
    this.sentLog.push(sent);
    this.onSend?.(sent);
  }

  override async friendshipRawPayload(id: string): Promise<any> {
    return this.#friendships.get(id) ?? { id };
  }

  override async friendshipAccept(friendshipId: string): Promise<void> {
    const f = this.#friendships.get(friendshipId);
    if (f) this.#friendships.set(friendshipId, { ...f, type: PUPPET.types.Friendship.Confirm } as PUPPET.payloads.Friendship);
  }

  /** Emits a friend request from `contactId` with `hello`; returns its id. */
  requestFriendship(contactId: string, hello: string, id = `friendship-${this.#friendships.size + 1}-${contactId}`): string {
    this.#friendships.set(id, {
      id,
      contactId,
      hello,
      ticket: `ticket-${id}`,
      timestamp: Date.now(),
      type: PUPPET.types.Friendship.Receive,
    } as PUPPET.payloads.Friendship);
    this.emit("friendship", { friendshipId: id });
    return id;
  }

  /** Sets the group nickname of `contactId` in room `roomId`. */
  setRoomAlias(roomId: string, contactId: string, alias: string): void {
    this.#roomAliases.set(`${roomId}|${contactId}`, alias);
  }

  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<any> {
    const base = await super.roomMemberRawPayload(roomId, contactId);
    const alias = this.#roomAliases.get(`${roomId}|${contactId}`);
    return alias ? { ...base, roomAlias: alias } : base;
  }
}

/**
 * What a simulated person sends: a text, a message with a file (voice, image, video, file:
 * `name` is the file's name, default {@link SIM_FILE_NAMES}; `fail` makes downloading it fail
 * as a puppet's can), or another kind of message.
 */
export type SimContent =
  | string
  | { kind: SimFileKind; text?: string; name?: string; fail?: boolean }
  | { kind: "location" | "miniprogram" | "emoticon" | "recall"; text?: string };

/** The message kinds that carry a file. */
export type SimFileKind = "voice" | "image" | "video" | "file";

/** The file name each kind gets when SimContent gives none. */
export const SIM_FILE_NAMES: Record<SimFileKind, string> = { voice: "语音.silk", image: "照片.jpg", video: "视频.mp4", file: "文件.pdf" };

/** The bytes of the simulated file of message `messageId` (tests compare saved files with it). */
export function simFileBytes(kind: SimFileKind, messageId: string): Buffer {
  return Buffer.from(`sim ${kind} ${messageId}`);
}

const KIND_TYPE: Record<Exclude<SimContent, string>["kind"], PUPPET.types.Message> = {
  voice: PUPPET.types.Message.Audio,
  image: PUPPET.types.Message.Image,
  video: PUPPET.types.Message.Video,
  file: PUPPET.types.Message.Attachment,
  location: PUPPET.types.Message.Location,
  miniprogram: PUPPET.types.Message.MiniProgram,
  emoticon: PUPPET.types.Message.Emoticon,
  recall: PUPPET.types.Message.Recalled,
};

/**
 * The simulated WeChat around the bot: the bot's own account, people (contacts) and groups
 * (rooms), all on one {@link SimPuppet}. Used by the terminal simulator, the scripted
 * transcripts, the end-to-end tests and the benchmark.
 */
export class SimWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new SimPuppet(this.mocker);
  readonly botUser: mock.ContactMock;
  #seq = 0;
  /** Per-world prefix: ids never repeat across simulator runs on one database. */
  readonly #run = randomUUID().slice(0, 8);

  constructor(botName: string) {
    this.botUser = this.mocker.createContact({ id: "sim-bot", name: botName });
  }

  /** Logs the bot account in (the puppet must be started, i.e. the Wechaty bot started). */
  login(): void {
    this.mocker.login(this.botUser);
  }

  /** Creates (or returns) the contact with id `id`. Two people may share a display name. */
  person(id: string, name: string): mock.ContactMock {
    try {
      return this.mocker.ContactMock.load(id);
    } catch {
      return this.mocker.createContact({ id, name });
    }
  }

  /** Creates a group with `members` and the bot. Room ids end in `@chatroom` as WeChat's do. */
  group(id: string, topic: string, members: mock.ContactMock[]): mock.RoomMock {
    const roomId = id.includes("@") ? id : `${id}@chatroom`;
    try {
      return this.mocker.RoomMock.load(roomId);
    } catch {
      return this.mocker.createRoom({ id: roomId, topic, memberIdList: [this.botUser.id, ...members.map((m) => m.id)], adminIdList: [], ownerId: undefined });
    }
  }

  /**
   * Makes `from` send `content` to the bot (private chat), or into `room`, with `mentions`
   * (contacts in the mention list). `sentAt` sets the message time (default: now by `at`),
   * `messageId` forces an id (to replay a delivery). A voice, image, video or file message gets
   * a file ({@link simFileBytes}) the bot can download, unless `fail`. Returns the message id.
   */
  send(
    from: mock.ContactMock,
    content: SimContent,
    opts: { room?: mock.RoomMock; mentions?: mock.ContactMock[]; sentAt: Date; messageId?: string },
  ): string {
    const id = opts.messageId ?? `sim-${this.#run}-${++this.#seq}`;
    const base = {
      id,
      talkerId: from.id,
      timestamp: opts.sentAt.getTime(),
      type: typeof content === "string" ? PUPPET.types.Message.Text : KIND_TYPE[content.kind],
      text: typeof content === "string" ? content : (content.text ?? ""),
    };
    const payload = opts.room
      ? { ...base, roomId: opts.room.id, mentionIdList: (opts.mentions ?? []).map((m) => m.id) }
      : { ...base, listenerId: this.botUser.id };
    try {
      this.mocker.MessageMock.load(id);
    } catch {
      this.mocker.MessageMock.create(payload as PUPPET.payloads.Message);
    }
    if (typeof content !== "string" && content.kind in SIM_FILE_NAMES) this.#attachFile(id, content as Extract<SimContent, { kind: SimFileKind }>);
    this.puppet.emit("message", { messageId: id });
    return id;
  }

  /** Puts the message's file where PuppetMock.messageFile finds it, or takes it away (`fail`). */
  #attachFile(id: string, content: Extract<SimContent, { kind: SimFileKind }>): void {
    if (content.fail) {
      this.mocker.cacheFileBoxPayload.delete(id); // messageFile then throws "no filebox cache"
      return;
    }
    const box = FileBox.fromBase64(simFileBytes(content.kind, id).toString("base64"), content.name ?? SIM_FILE_NAMES[content.kind]);
    this.mocker.cacheFileBoxPayload.set(id, box.toJSON());
  }
}
