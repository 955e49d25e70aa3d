/**
 * The TCP listener of one channel (tenant × world × channel): accepts connections, gives each a
 * {@link Session} with fresh IVs and a hello, tracks the live sessions, sweeps idle ones, and shuts
 * everything down on {@link ChannelListener.close}.
 * @module
 */
import { randomIv, serverCrypto } from "../protocol/crypto.ts";
import { encodeHello } from "../protocol/hello.ts";
import type { Tenant } from "../tenant.ts";
import { getLogger } from "../observability/log.ts";
import type { Clock } from "./clock.ts";
import { increment } from "../observability/metrics.ts";
import {
  createSession,
  DEFAULT_SESSION_OPTIONS,
  type Handshake,
  overdueSweeper,
  type PacketHandler,
  type Session,
  type SessionOptions,
  sweepInterval,
} from "./session.ts";

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Bind address; the reference always binds `0.0.0.0` (socket-protocol.md §1.1). */
  hostname?: string;
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  tenant: Tenant;
  worldId: number;
  channelId: number;
  /** Called for each inbound body, one at a time per session, in order. */
  onPacket: PacketHandler;
  /**
   * Called for each new session after its hello is queued and before any inbound packet is handled;
   * awaited, so it can register close hooks or announce the session. If it throws, the session is closed.
   */
  onSession?: (session: Session) => Promise<void> | void;
  /** Session tunables; missing fields take {@link DEFAULT_SESSION_OPTIONS}. */
  options?: Partial<SessionOptions> & { idleSweepIntervalMs?: number };
  /** Time source of the deadlines (sessions and sweeper); default the system clock. */
  clock?: Clock;
  /** Who gets in; missing fields take {@link DEFAULT_ADMISSION}. */
  admission?: Partial<Admission>;
}

/**
 * Admission bounds. Players (sessions whose login completed) are never evicted; connections that have
 * not logged in yet ("pending") are bounded per address and per channel, and the oldest pending one
 * makes room for a newcomer, so a pile of idle connections cannot keep a real player out.
 */
export interface Admission {
  /** Most logged-in players; a connection arriving when the channel is full is refused. */
  maxSessions: number;
  /** Most pending connections on the channel. */
  maxPending: number;
  /** Most pending connections from one address (players behind one NAT log in one after another). */
  maxPendingPerAddress: number;
}

/** Defaults of {@link Admission}. */
export const DEFAULT_ADMISSION: Readonly<Admission> = Object.freeze({
  maxSessions: 1000,
  maxPending: 200,
  maxPendingPerAddress: 64,
});

/** A running listener. */
export interface ChannelListener {
  /** The bound address (with the real port when 0 was asked for). */
  readonly addr: Deno.NetAddr;
  /** Live sessions by id. */
  readonly sessions: ReadonlyMap<string, Session>;
  /** True while the port is open and new connections are admitted. */
  readonly accepting: boolean;
  /**
   * Closes the port (new connections are refused by the OS) and keeps the live sessions (a drain).
   * Idempotent.
   */
  stopAccepting(): Promise<void>;
  /**
   * Stops accepting, closes every session with reason `shutdown`, and resolves once all their close
   * hooks have run. Idempotent.
   */
  close(): Promise<void>;
}

/** Binding the port failed; the message names the channel and the port. */
export class ListenError extends Error {
  override name = "ListenError";
}

const log = getLogger("net.listener");

/** The hello and ciphers for a new connection of `tenant` (socket-protocol.md §1.2–1.4). */
export function serverHandshake(tenant: Tenant): Handshake {
  const recvIv = randomIv();
  const sendIv = randomIv();
  const { send, recv } = serverCrypto(
    { region: tenant.region, majorVersion: tenant.majorVersion },
    sendIv,
    recvIv,
  );
  const hello = encodeHello({
    majorVersion: tenant.majorVersion,
    minorVersion: tenant.minorVersion,
    region: tenant.region,
    recvIv,
    sendIv,
  });
  return { hello, send, recv };
}

/** Binds the channel's port and starts accepting. Throws {@link ListenError} if the port is unavailable. */
export function listen(config: ListenOptions): ChannelListener {
  const { tenant, worldId, channelId, onPacket, onSession } = config;
  const hostname = config.hostname ?? "0.0.0.0";
  const { idleSweepIntervalMs, ...sessionOverrides } = config.options ?? {};
  const options: Readonly<SessionOptions> = Object.freeze({
    ...DEFAULT_SESSION_OPTIONS,
    ...sessionOverrides,
  });
  const where = { tenantId: tenant.id, worldId, channelId };
  const admission: Readonly<Admission> = { ...DEFAULT_ADMISSION, ...config.admission };

  let listener: Deno.TcpListener;
  try {
    listener = Deno.listen({ hostname, port: config.port, transport: "tcp" });
  } catch (err) {
    const why = err instanceof Deno.errors.AddrInUse ? "port already in use" : String(err);
    throw new ListenError(
      `cannot listen for tenant ${tenant.id} world ${worldId} channel ${channelId} on ${hostname}:${config.port}: ${why}`,
      { cause: err },
    );
  }
  const addr = listener.addr;
  const sessions = new Map<string, Session>();
  const stopSweeper = overdueSweeper(
    () => sessions.values(),
    sweepInterval(options) === undefined ? undefined : idleSweepIntervalMs ?? sweepInterval(options),
    config.clock,
  );
  let closing = false;
  let acceptStopped = false;
  let closePromise: Promise<void> | undefined;
  log.info("listening", { ...where, hostname: addr.hostname, port: addr.port });

  async function admit(conn: Deno.TcpConn): Promise<void> {
    let session: Session;
    try {
      conn.setNoDelay(true);
      session = createSession({
        conn,
        tenant,
        worldId,
        channelId,
        handshake: serverHandshake(tenant),
        onPacket,
        options,
        clock: config.clock,
      });
    } catch (err) {
      log.error("could not set up connection", { ...where, error: err });
      try {
        conn.close();
      } catch { /* already gone */ }
      return;
    }
    if (closing) {
      session.close("shutdown");
      return;
    }
    const refusal = makeRoom(session);
    if (refusal) {
      log.warn("connection refused", { ...where, remote: session.remoteAddress, reason: refusal });
      increment("net.session.refused", { reason: refusal });
      session.close(refusal);
      return;
    }
    sessions.set(session.id, session);
    log.debug("session opened", { ...where, sessionId: session.id, remote: session.remoteAddress });
    session.onClose(() => {
      sessions.delete(session.id);
    });
    if (onSession) {
      try {
        await onSession(session);
      } catch (err) {
        log.error("session setup failed", { ...where, sessionId: session.id, error: err });
        session.close("setup-failed", err);
        return;
      }
    }
    session.start();
  }

  /**
   * Applies {@link Admission} to a newcomer: refuses it when the channel is full of players, else
   * evicts the oldest pending connections over the per-address and per-channel bounds. Returns the
   * refusal reason, if refused.
   */
  function makeRoom(newcomer: Session): string | undefined {
    let players = 0;
    const pending: Session[] = [];
    for (const s of sessions.values()) {
      if (s.isClosed) continue;
      if (s.accountId) players++;
      else pending.push(s);
    }
    if (players >= admission.maxSessions) return "channel-full";
    const fromAddress = pending.filter((s) => s.remoteHost === newcomer.remoteHost);
    const evict = (victim: Session, reason: string) => {
      increment("net.session.evicted", { reason });
      log.debug("pending connection evicted", { ...where, remote: victim.remoteAddress, reason });
      victim.close(reason);
      pending.splice(pending.indexOf(victim), 1);
    };
    // Map order is arrival order, so the first pending ones are the oldest.
    while (fromAddress.length >= admission.maxPendingPerAddress) {
      evict(fromAddress.shift()!, "pending-per-address");
    }
    while (pending.length >= admission.maxPending) evict(pending[0], "pending-limit");
    return undefined;
  }

  const acceptLoop = (async () => {
    while (!closing && !acceptStopped) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (err) {
        if (closing || acceptStopped || err instanceof Deno.errors.BadResource) return;
        // Errors such as running out of file descriptors repeat at once; pause instead of spinning.
        log.warn("accept failed", { ...where, error: err });
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      admit(conn);
    }
  })();

  async function stopAccepting(): Promise<void> {
    if (!acceptStopped) {
      acceptStopped = true;
      try {
        listener.close();
      } catch { /* already closed */ }
      log.info("no longer accepting connections", { ...where, port: addr.port, sessions: sessions.size });
    }
    await acceptLoop;
  }

  async function shutdown(): Promise<void> {
    closing = true;
    stopSweeper();
    await stopAccepting();
    await Promise.all([...sessions.values()].map((s) => s.close("shutdown")));
    log.info("listener closed", { ...where, port: addr.port });
  }

  return {
    addr,
    sessions,
    get accepting() {
      return !closing && !acceptStopped;
    },
    stopAccepting,
    close() {
      return closePromise ??= shutdown();
    },
  };
}
