import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { FileBoxInterface } from "file-box";
import { dayjs, SCHOOL_TZ } from "../lib/time.ts";
import type { IncomingAttachment, MessageKind } from "../router/types.ts";

/** The kinds whose message carries a file, each with the name a name-less file is given. */
const DEFAULT_NAMES: Partial<Record<MessageKind, string>> = {
  voice: "voice.sil",
  image: "image.jpg",
  video: "video.mp4",
  file: "file.bin",
};

/** Default bound on one download, ms: a puppet that never answers must not hold the message forever. */
export const ATTACHMENT_TIMEOUT_MS = 120_000;

/** True for voice, image, video and file messages: those whose file bot/ saves before routing. */
export function carriesFile(kind: MessageKind): boolean {
  return DEFAULT_NAMES[kind] !== undefined;
}

/** The name a file of `kind` gets when the sender's has none (`voice.sil`, `image.jpg`...). */
export function defaultFileName(kind: MessageKind): string {
  return DEFAULT_NAMES[kind] ?? "file.bin";
}

// Control characters and what Windows or a shell would trip on; path separators among them.
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;

/** Cuts `s` to at most `maxBytes` bytes of UTF-8 without splitting a character. */
function cutBytes(s: string, maxBytes: number): string {
  let out = "";
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch);
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

/**
 * A file name safe to create inside a folder: the last segment of `name` (no directories, no
 * `..`), unsafe characters replaced by `_`, leading dots and surrounding blanks dropped, at most
 * ~120 bytes of UTF-8 with the extension kept. A blank result becomes {@link defaultFileName};
 * a voice, picture or video without an extension gets the kind's (`录音` -> `录音.sil`).
 */
export function sanitizeFileName(name: string, kind: MessageKind): string {
  const last = lastSegment(name);
  let safe = last.replace(UNSAFE, "_").trim().replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (!safe) return defaultFileName(kind);
  let ext = extname(safe);
  if (ext.length > 16) ext = ""; // not an extension, just a dot in a long name
  if (!ext && kind !== "file") ext = extname(defaultFileName(kind));
  const base = safe.endsWith(ext) && ext ? safe.slice(0, -ext.length) : safe;
  safe = cutBytes(base, 120 - Buffer.byteLength(ext)) + ext;
  return safe;
}

/**
 * Where a message's file is saved: `<dir>/<YYYY-MM of at, Asia/Shanghai>/<message id>-<name>`,
 * the message id reduced to `[A-Za-z0-9_-]` (at most 64 characters) and the name through
 * {@link sanitizeFileName}, so nothing in either can leave `dir`.
 */
export function attachmentPath(dir: string, at: Date, messageId: string, name: string, kind: MessageKind): string {
  const month = dayjs(at).tz(SCHOOL_TZ).format("YYYY-MM");
  const id = messageId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "message";
  return join(dir, month, `${id}-${sanitizeFileName(name, kind)}`);
}

export interface SaveAttachmentOptions {
  /** ATTACHMENT_DIR (created as needed). */
  dir: string;
  messageId: string;
  kind: MessageKind;
  /** Picks the month folder (Asia/Shanghai); the injected clock's now. */
  at: Date;
  /** Bound on the whole download, ms (default {@link ATTACHMENT_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/**
 * Downloads a message's file (`getFile`, i.e. `message.toFileBox()`) and saves it at
 * {@link attachmentPath}, writing `<path>.part` first and renaming it when complete, so a
 * half-written file is never handed on. Returns `{ path, name }` (the path as saved, the name
 * as the sender's file name without any directories, or the kind's default when it has none), or `{ error }` with a
 * short English reason when the puppet could not provide the file or it could not be written.
 * Never throws.
 */
export async function saveAttachment(getFile: () => Promise<FileBoxInterface>, o: SaveAttachmentOptions): Promise<IncomingAttachment> {
  const abort = new AbortController();
  const timeoutMs = o.timeoutMs ?? ATTACHMENT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`download timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const work = async (): Promise<IncomingAttachment> => {
    const box = await getFile().catch((err: unknown) => {
      throw new Error(`download failed: ${reason(err)}`);
    });
    abort.signal.throwIfAborted();
    const name = lastSegment(box.name ?? "").trim() || defaultFileName(o.kind);
    const path = attachmentPath(o.dir, o.at, o.messageId, name, o.kind);
    await mkdir(dirname(path), { recursive: true });
    const part = `${path}.part`;
    try {
      await pipeline(await box.toStream(), createWriteStream(part), { signal: abort.signal });
      await rename(part, path);
    } catch (err) {
      await rm(part, { force: true }).catch(() => undefined);
      throw new Error(`saving failed: ${reason(err)}`);
    }
    return { path, name };
  };
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    return { error: reason(err).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** What follows the last `/` or `\\` of `name`: a file name without directories. */
function lastSegment(name: string): string {
  return name.split(/[\\/]/).pop() ?? "";
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
