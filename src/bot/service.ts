import net from "node:net";
import type { Wechaty } from "wechaty";
import { PuppetService } from "wechaty-puppet-service";
import type { Logger } from "../lib/logger.ts";

/**
 * wechaty-puppet-service's client with two built-ins switched off, both seen to misbehave on
 * reconnect (measured on loopback, see docs/transport.md):
 * - the LevelDB payload cache under ~/.wechaty/wechaty-puppet-service/<token>/, reopened at
 *   every login: a quick stop/start crashes the process with "LOCK: already held";
 * - the watchdog, which resets an idle but healthy connection every 60 s, gives up for good if
 *   the service is down at that moment, and leaks listeners per restart.
 * Wechaty keeps its own in-memory payload cache, so nothing is lost; liveness is watched by
 * {@link superviseConnection} instead.
 */
export class ManagedPuppetService extends PuppetService {
  constructor(options: ConstructorParameters<typeof PuppetService>[0]) {
    super(options);
    (this as unknown as { _payloadStore: { start: () => Promise<void> } })._payloadStore.start = async () => {};
    (this as unknown as { __watchdog: unknown }).__watchdog = { start() {}, stop() {} };
  }
}

/**
 * The production puppet: wechaty-puppet-service with the school's token. With `endpoint`
 * (`host:port`) the token discovery service (which needs the internet) is skipped. A token
 * `insecure_<id>` uses the certificate bundled with wechaty-puppet-service (its TLS server name
 * is the text before the last `_`).
 */
export function createServicePuppet(token: string, endpoint?: string): ManagedPuppetService {
  return new ManagedPuppetService({ token, ...(endpoint ? { endpoint } : {}) });
}

export interface SuperviseOptions {
  /** `host:port` when known: probed with TCP before each attempt (skips a 5 s stall). */
  endpoint?: string;
  logger: Logger;
  /** First reconnect delay, ms; doubles per failed attempt up to maxBackoffMs. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Ping period, ms; no event for 3 periods counts as a silent drop. */
  keepaliveMs: number;
  /** How long one attempt waits for `login`, ms (a first login may wait for a QR scan: long). */
  loginTimeoutMs: number;
}

/** A running supervised connection. */
export interface Supervision {
  /** Resolves at the first login; never rejects (failures are retried with back-off). */
  firstLogin: Promise<void>;
  /** Number of reconnects done so far. */
  reconnects(): number;
  /** Stops retrying and keepalive, waits for an attempt under way, stops Wechaty. */
  shutdown(): Promise<void>;
}

const isConnectionError = (e: unknown): boolean => {
  const err = e as { code?: number; message?: string } | undefined;
  return err?.code === 14 || /UNAVAILABLE|Connection dropped|No connection established|ECONNREFUSED/i.test(String(err?.message ?? e));
};

function canConnect(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  const i = endpoint.lastIndexOf(":");
  return new Promise((resolve) => {
    const sock = net.connect({ host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

/**
 * Starts `bot` on its puppet-service puppet and keeps it connected. PuppetService does not
 * reconnect by itself: after the service drops it emits one `error` (gRPC code 14) and then
 * sits "logged in" on a dead connection; a clean server stop emits nothing at all. So this
 * watches for connection errors and for silence (a `ding` every keepaliveMs; any event is a
 * heartbeat), and then restarts Wechaty (`stop()`, `start()`, wait for `login`) with capped
 * exponential back-off, one attempt at a time. Event handlers stay registered on the same
 * Wechaty instance, so nothing is set up twice.
 */
export function superviseConnection(bot: Wechaty, o: SuperviseOptions): Supervision {
  const log = o.logger.child({ module: "transport" });
  let closing = false;
  let busy = false;
  let attempt = 0;
  let reconnects = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let lastBeat = Date.now();
  let resolveFirst!: () => void;
  const firstLogin = new Promise<void>((r) => (resolveFirst = r));

  const loggedIn = (): boolean => {
    try {
      return bot.puppet.isLoggedIn;
    } catch {
      return false;
    }
  };

  bot.on("heartbeat", () => {
    lastBeat = Date.now();
  });
  bot.on("login", () => {
    lastBeat = Date.now();
    resolveFirst();
  });
  bot.on("error", (e) => {
    if (!closing && !busy && isConnectionError(e)) schedule("connection error");
  });

  const waitLogin = () =>
    new Promise<void>((resolve, reject) => {
      if (loggedIn()) return resolve();
      const ok = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        bot.off("login", ok);
        reject(new Error("login timeout"));
      }, o.loginTimeoutMs);
      bot.once("login", ok);
    });

  async function connectOnce(): Promise<void> {
    if (o.endpoint && !(await canConnect(o.endpoint))) throw new Error("endpoint not reachable");
    const login = waitLogin();
    login.catch(() => {});
    await bot.start(); // never throws on a connection failure: errors arrive as events
    if (bot.puppet.state.active() !== true) throw new Error("puppet failed to start");
    await login;
  }

  function schedule(reason: string): void {
    if (closing || busy || retryTimer) return;
    const delay = Math.min(o.maxBackoffMs, o.minBackoffMs * 2 ** attempt);
    attempt++;
    log.warn({ reason, delayMs: delay, attempt }, "connection lost, reconnecting");
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void reconnect();
    }, delay);
  }

  async function reconnect(): Promise<void> {
    if (closing || busy) return;
    busy = true;
    try {
      await bot.stop().catch(() => {});
      if (closing) return;
      await connectOnce();
      attempt = 0;
      reconnects++;
      lastBeat = Date.now();
      log.info({ reconnects }, "reconnected");
    } catch (err) {
      log.warn({ err: (err as Error).message }, "reconnect attempt failed");
    } finally {
      busy = false;
    }
    if (!closing && !loggedIn()) schedule("still not logged in");
  }

  const keepalive = setInterval(() => {
    if (closing || busy || retryTimer) return;
    if (Date.now() - lastBeat > 3 * o.keepaliveMs) return schedule("no heartbeat");
    try {
      bot.puppet.ding("keepalive");
    } catch {
      /* stopped: staleness will schedule a reconnect */
    }
  }, o.keepaliveMs);

  void (async () => {
    busy = true;
    try {
      await connectOnce();
    } catch (err) {
      busy = false;
      log.warn({ err: (err as Error).message }, "first connection failed");
      schedule("first connection failed");
      return;
    }
    busy = false;
  })();

  return {
    firstLogin,
    reconnects: () => reconnects,
    async shutdown() {
      closing = true;
      clearInterval(keepalive);
      if (retryTimer) clearTimeout(retryTimer);
      while (busy) await new Promise((r) => setTimeout(r, 20));
      await bot.stop().catch(() => {});
    },
  };
}
