/**
 * One client connection: the hello, ordered inbound handling, a bounded encrypted outbound queue, idle
 * detection and an idempotent close with hooks.
 *
 * Differences from the reference (socket-protocol.md §2.4, §6.8, §8) that are deliberate:
 * - inbound packets of one session are handled strictly one at a time, in stream order (the reference
 *   runs each on its own goroutine);
 * - while a handler runs, the socket is not read, so a fast client is slowed by TCP flow control rather
 *   than by buffering in this process;
 * - outbound bytes waiting for a slow reader are capped; past the cap the session is closed;
 * - a session with no complete inbound packet for `idleTimeoutMs` is closed (see {@link idleSweeper}).
 *
 * The session is a class (not a closure bag) so that its methods live once on the prototype: an idle
 * session then costs its fields, its read buffer and the socket, nothing more.
 * @module
 */
import { type WriteSlabs, writeSlabs } from "./write-slabs.ts";
import { setImmediate } from "node:timers";
import {
  type Decryptor,
  type Encryptor,
  HEADER_LENGTH,
  MAX_BODY_LENGTH,
  type OfbBatch,
  sealBatch,
  type SharedBody,
} from "../protocol/crypto.ts";
import { PacketReadError } from "../protocol/reader.ts";
import type { Tenant } from "../tenant.ts";
import { getLogger, type Logger } from "../observability/log.ts";
import { counter, increment } from "../observability/metrics.ts";
import { DEFAULT_MAX_BODY_LENGTH, type FrameDecoder, frameDecoder } from "./frame.ts";
import { type Clock, SYSTEM_CLOCK } from "./clock.ts";

/** Tunables of a session; every field has a default in {@link DEFAULT_SESSION_OPTIONS}. */
export interface SessionOptions {
  /** Inbound bodies longer than this close the session (see frame.ts for the default's rationale). */
  maxBodyLength: number;
  /** Close after this long without a complete inbound packet (handler time excluded); 0 disables. */
  idleTimeoutMs: number;
  /** Bytes queued (as on the wire) but not yet written to the socket beyond which the peer is a slow reader. */
  maxOutboundBytes: number;
  /** Packets queued but not yet written beyond which the peer is a slow reader. */
  maxOutboundPackets: number;
  /**
   * Misbehaving packets tolerated before closing: malformed ones (a {@link PacketReadError}), opcodes
   * no client sends, packets before login and empty bodies (see {@link Session.misbehaved}).
   */
  maxMalformedPackets: number;
  /** Close a session whose login has not completed (no account yet) this long after it opened; 0 disables. */
  loginDeadlineMs: number;
  /** Close a session holding an unfinished frame (partial header or body) this long; 0 disables. */
  partialFrameDeadlineMs: number;
  /** Read buffer size of an idle session; it grows (up to 32 KiB) only while reads fill it. */
  readBufferSize: number;
  /**
   * Queued packets from which a session whose last write has not completed counts as behind: a broadcast
   * with a coalesce key (a character's movement) then replaces the one with the same key it still holds,
   * instead of queueing.
   */
  coalesceFromPackets: number;
}

/**
 * Defaults. The idle timeout is the reference's code default for its session-timeout task (one hour);
 * deployments pass the service configuration's `tasks[type=timeout].duration` instead. 512 KiB of
 * queued output is far beyond a map's worth of spawn packets, on top of what the kernel buffers.
 */
export const DEFAULT_SESSION_OPTIONS: Readonly<SessionOptions> = Object.freeze({
  maxBodyLength: DEFAULT_MAX_BODY_LENGTH,
  idleTimeoutMs: 3_600_000,
  maxOutboundBytes: 512 * 1024,
  maxOutboundPackets: 4096,
  maxMalformedPackets: 10,
  // Off in the net layer; the app turns them on from its settings (15 s and 10 s by default).
  loginDeadlineMs: 0,
  partialFrameDeadlineMs: 0,
  readBufferSize: 1024,
  coalesceFromPackets: 64,
});

const writePacing = { intervalMs: 0 };

/**
 * Sets, process-wide, the least time between two writes to one session (write-pacing.ts decides when).
 * 0 (the default) writes each session's output at the end of every turn that queued some. With an
 * interval, a session that has not written for that long still writes at the end of the turn; one that
 * wrote more recently waits until the interval has passed and then writes everything queued meanwhile
 * at once: fewer, larger writes for at most that much added latency.
 */
export function setWritePacing(intervalMs: number): void {
  if (!Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new RangeError(`write pacing must be 0 or more milliseconds, got ${intervalMs}`);
  }
  writePacing.intervalMs = intervalMs;
}

/** Largest read buffer a busy session grows to. */
const MAX_READ_BUFFER = 32 * 1024;
/** Largest single socket write when several queued packets are coalesced. */
const MAX_COALESCED_WRITE = 64 * 1024;

/** Why a session closed. Custom reasons (e.g. from the feature layer) are free-form strings. */
export type CloseReason =
  | "eof"
  | "read-error"
  | "write-error"
  | "frame-error"
  | "malformed-packets"
  | "idle-timeout"
  | "login-deadline"
  | "partial-frame"
  | "flood"
  | "slow-reader"
  | "setup-failed"
  | "shutdown"
  // deno-lint-ignore ban-types
  | (string & {});

/** Handles one decrypted inbound body (opcode + payload). The next body waits for it to settle. */
export type PacketHandler = (session: Session, body: Uint8Array) => Promise<void> | void;

/** Runs once when the session closes, whatever the cause; a returned promise is awaited. */
export type CloseHook = (session: Session, reason: CloseReason) => unknown;

/** A typed key into a session's attribute bag; create with {@link sessionKey}. */
export interface SessionKey<T> {
  readonly name: string;
  /** Phantom field carrying the value type; never set. */
  readonly __type?: T;
}

/** A new attribute key; each call yields a distinct key, even with the same name. */
export function sessionKey<T>(name: string): SessionKey<T> {
  return Object.freeze({ name });
}

/** The crypto state and hello of a fresh connection (built by the listener from the tenant). */
export interface Handshake {
  /** Bytes written first, unencrypted. */
  hello: Uint8Array;
  /** Server → client cipher. */
  send: Encryptor;
  /** Client → server cipher. */
  recv: Decryptor;
}

/** What {@link createSession} needs. */
export interface SessionInit {
  conn: Deno.Conn;
  tenant: Tenant;
  worldId: number;
  channelId: number;
  handshake: Handshake;
  onPacket: PacketHandler;
  /** Shared by all sessions of a listener; not copied. */
  options?: Readonly<SessionOptions>;
  /** Time source of {@link Session.idleMs}; default {@link SYSTEM_CLOCK}. */
  clock?: Clock;
}

const log = getLogger("net.session");

/** A connected client. Create with {@link createSession}, then call {@link Session.start}. */
export class Session {
  /** Random UUID v4, as the reference uses for session ids. */
  readonly id: string = crypto.randomUUID();
  /** The tenant whose listener accepted the connection. */
  readonly tenant: Tenant;
  /** World of the listener. */
  readonly worldId: number;
  /** Channel of the listener. */
  readonly channelId: number;
  /** Peer address as `host:port`. */
  readonly remoteAddress: string;
  /** Peer host (no port): what per-address admission limits count. */
  readonly remoteHost: string;
  /** When the connection was accepted (milliseconds of the session's clock). */
  readonly openedAt: number;
  /** Set by the feature layer once the account is known. */
  accountId?: number;
  #characterId?: number;

  /** Set by the feature layer once the character is known (logged at debug: "logged in as"). */
  get characterId(): number | undefined {
    return this.#characterId;
  }
  set characterId(id: number | undefined) {
    const first = this.#characterId === undefined && id !== undefined;
    this.#characterId = id;
    if (first) log.debug("session logged in", this.#fields());
  }

  #conn: Deno.Conn;
  #encryptor: Encryptor;
  #decoder: FrameDecoder;
  #onPacket: PacketHandler;
  #options: Readonly<SessionOptions>;
  #started = false;
  #handling = false;
  #clock: Clock;
  #lastInboundAt: number;
  /**
   * An unfinished frame's clock runs only while the session waits for the client's bytes: from when
   * reading resumed with it pending (`#partialSince`), plus what earlier waits for the same frame took
   * (`#partialWaitedMs`). Time spent handling the packets before it (a handler waiting for the broker,
   * say) is the server's, not the client's, and never counts.
   */
  #partialSince: number | undefined;
  #partialWaitedMs = 0;
  #malformed = 0;
  /**
   * Output not yet written, in call order: bytes ready for the wire (the hello) or bodies still to be
   * sealed. Sealing happens when the batch is built, straight into the one write buffer of the batch; as
   * the queue is sealed in order, IV order is still call order.
   */
  #queue: Queued[] = [];
  #queuedBytes = 0;
  /** While behind: the queued, not yet sealed broadcast of each coalesce key. */
  #coalescing: Map<string, CoalescingSlot> | undefined;
  #writing = false;
  /** True while the session waits in {@link Session.#flushing} for the end of the event-loop turn. */
  #flushQueued = false;
  /** When this session's last paced write started (performance.now()). */
  #lastWriteAt = -Infinity;
  #closeReason: CloseReason | undefined;
  #hooks: CloseHook[] | undefined;
  #hooksDone: Promise<void> | undefined;
  #closedWaiter: PromiseWithResolvers<CloseReason> | undefined;
  #attributes: Map<SessionKey<unknown>, unknown> | undefined;

  constructor(init: SessionInit) {
    this.tenant = init.tenant;
    this.worldId = init.worldId;
    this.channelId = init.channelId;
    this.#conn = init.conn;
    this.#encryptor = init.handshake.send;
    this.#onPacket = init.onPacket;
    this.#options = init.options ?? DEFAULT_SESSION_OPTIONS;
    this.#clock = init.clock ?? SYSTEM_CLOCK;
    this.#lastInboundAt = this.#clock.now();
    this.openedAt = this.#clock.now();
    this.#decoder = frameDecoder(init.handshake.recv, { maxBodyLength: this.#options.maxBodyLength });
    const addr = init.conn.remoteAddr;
    this.remoteHost = addr.transport === "tcp" ? addr.hostname : addr.transport;
    this.remoteAddress = addr.transport === "tcp" ? `${addr.hostname}:${addr.port}` : addr.transport;
    // The hello goes through the same queue as every packet, so nothing can overtake it.
    this.#enqueue(init.handshake.hello, init.handshake.hello.length);
  }

  /** True once {@link close} was called (hooks may still be running). */
  get isClosed(): boolean {
    return this.#closeReason !== undefined;
  }

  /** The reason given to the first {@link close}, if closed. */
  get closeReason(): CloseReason | undefined {
    return this.#closeReason;
  }

  /** Resolves with the close reason once the session is closed and every close hook has run. */
  get closed(): Promise<CloseReason> {
    if (this.#hooksDone) {
      const reason = this.#closeReason!;
      return this.#hooksDone.then(() => reason);
    }
    this.#closedWaiter ??= Promise.withResolvers<CloseReason>();
    return this.#closedWaiter.promise;
  }

  /** Bytes as on the wire (and packets) accepted by {@link send} but not yet written to the socket. */
  get outbound(): { bytes: number; packets: number } {
    return { bytes: this.#queuedBytes, packets: this.#queue.length };
  }

  /** Milliseconds since the last complete inbound packet; 0 while a handler runs or once closed. */
  idleMs(now: number = this.#clock.now()): number {
    if (this.#handling || this.#closeReason !== undefined) return 0;
    return Math.max(0, now - this.#lastInboundAt);
  }

  /**
   * Why the session is overdue for closing at `now`, if it is: idle too long, login not completed in
   * time, or an unfinished frame held too long. The listener's sweeper asks every session.
   */
  overdue(now: number = this.#clock.now()): CloseReason | undefined {
    if (this.#closeReason !== undefined) return undefined;
    const opts = this.#options;
    if (opts.idleTimeoutMs > 0 && this.idleMs(now) > opts.idleTimeoutMs) return "idle-timeout";
    if (opts.loginDeadlineMs > 0 && !this.accountId && now - this.openedAt > opts.loginDeadlineMs) {
      return "login-deadline";
    }
    if (opts.partialFrameDeadlineMs > 0 && this.#partialSince !== undefined) {
      const waited = this.#partialWaitedMs + now - this.#partialSince;
      if (waited > opts.partialFrameDeadlineMs) return "partial-frame";
    }
    return undefined;
  }

  /**
   * Counts one misbehaving packet (malformed, an opcode no client sends, a packet before login, an
   * empty body); past `maxMalformedPackets` the session is closed. Returns whether it is still open.
   */
  misbehaved(kind: string, detail?: string): boolean {
    if (this.#closeReason !== undefined) return false;
    this.#malformed++;
    log.warn("misbehaving packet", {
      ...this.#fields(),
      kind,
      count: this.#malformed,
      ...(detail === undefined ? {} : { error: detail }),
    });
    if (this.#malformed > this.#options.maxMalformedPackets) {
      this.close("malformed-packets");
      return false;
    }
    return true;
  }

  /** Reads an attribute set by {@link set}. */
  get<T>(key: SessionKey<T>): T | undefined {
    return this.#attributes?.get(key) as T | undefined;
  }

  /** Sets (or, with `undefined`, removes) an attribute. */
  set<T>(key: SessionKey<T>, value: T | undefined): void {
    if (value === undefined) {
      this.#attributes?.delete(key);
      return;
    }
    (this.#attributes ??= new Map()).set(key, value);
  }

  /**
   * Queues `body` (opcode + payload) for the socket; it is encrypted in call order when its batch is
   * written (within this event-loop turn), so `body` must not change afterwards. Returns false when the
   * session is closed or when the queue limit was hit (the session is then closed as a slow reader).
   * Throws a RangeError for a body longer than the 16-bit header allows, as sealing would.
   */
  send(body: Uint8Array): boolean {
    if (this.#closeReason !== undefined) return false;
    checkBodyLength(body.length);
    return this.#enqueue(new OwnBody(body), HEADER_LENGTH + body.length);
  }

  /**
   * {@link send} for a body that goes to many sessions (a broadcast): the same bytes on the wire, with the
   * IV-independent part of the encryption shared between the recipients. A recipient whose queue is
   * already half full skips the broadcast (counted by the caller) instead of being closed as a slow
   * reader: someone else's activity never disconnects it. A recipient that is behind (see
   * {@link SessionOptions.coalesceFromPackets}) keeps only the newest of the queued broadcasts that share
   * a coalesce key (a character's movements), in the place of the first: it catches up instead of
   * replaying every step.
   */
  sendShared(body: SharedBody): boolean {
    if (this.#closeReason !== undefined) return false;
    const opts = this.#options;
    if (
      this.#queue.length * 2 >= opts.maxOutboundPackets ||
      (this.#queuedBytes + body.plain.length) * 2 > opts.maxOutboundBytes
    ) return false;
    checkBodyLength(body.plain.length);
    const key = body.coalesceKey;
    // Behind means the socket is not draining (its last write has not completed), not merely that this
    // turn queued a lot: a turn that handled many movements must still deliver each of them.
    if (key !== undefined && this.#writing && this.#queue.length >= opts.coalesceFromPackets) {
      const coalescing = this.#coalescing ??= new Map();
      const slot = coalescing.get(key);
      if (slot !== undefined && !slot.sealed) {
        this.#queuedBytes += body.plain.length - slot.body.plain.length;
        slot.body = body;
        COALESCED.inc();
        return true;
      }
      const fresh = new CoalescingSlot(body);
      coalescing.set(key, fresh);
      return this.#enqueue(fresh, HEADER_LENGTH + body.plain.length);
    }
    return this.#enqueue(body, HEADER_LENGTH + body.plain.length);
  }

  /**
   * Registers a hook that runs exactly once when the session closes. Registered after the close, it
   * runs right away (asynchronously). Hook errors are logged and do not stop other hooks.
   */
  onClose(hook: CloseHook): void {
    (this.#hooks ??= []).push(hook);
    if (this.#hooksDone) this.#hooksDone = this.#hooksDone.then(() => this.#drainHooks());
  }

  /** Starts reading and dispatching inbound packets. Calling it again does nothing. */
  start(): void {
    if (this.#started || this.#closeReason !== undefined) return;
    this.#started = true;
    this.#lastInboundAt = this.#clock.now();
    this.#readLoop();
  }

  /**
   * Closes the socket, drops queued output and runs the close hooks. Idempotent: later calls keep the
   * first reason and return the same completion.
   */
  close(reason: CloseReason, cause?: unknown): Promise<void> {
    // Output sent just before the close starts its write now, as if it had not been deferred. Sealing it
    // may fail and close the session for that reason first; then that close is the one.
    if (this.#closeReason === undefined && this.#flushQueued && !this.#writing) this.#flush();
    if (this.#closeReason === undefined) {
      this.#closeReason = reason;
      this.#queue = [];
      this.#queuedBytes = 0;
      this.#coalescing = undefined;
      try {
        this.#conn.close();
      } catch {
        // Already closed by the peer or the runtime; nothing else to release.
      }
      increment("net.sessions.closed", { reason: String(reason) });
      const fields = { ...this.#fields(), reason, ...(cause === undefined ? {} : { cause }) };
      if (isRoutineClose(reason)) log.debug("session closed", fields);
      else log.info("session closed", fields);
      this.#hooksDone = this.#drainHooks().then(() => {
        this.#closedWaiter?.resolve(reason);
      });
    }
    return this.#hooksDone!;
  }

  async #drainHooks(): Promise<void> {
    const reason = this.#closeReason!;
    while (this.#hooks && this.#hooks.length > 0) {
      const hook = this.#hooks.shift()!;
      try {
        await hook(this, reason);
      } catch (err) {
        log.error("session close hook failed", { ...this.#fields(), reason, error: err });
      }
    }
  }

  /** Queues `item`, whose bytes on the wire will be `wireLength`. */
  #enqueue(item: Queued, wireLength: number): boolean {
    const opts = this.#options;
    if (
      this.#queue.length + 1 > opts.maxOutboundPackets ||
      this.#queuedBytes + wireLength > opts.maxOutboundBytes
    ) {
      this.close("slow-reader", {
        queuedBytes: this.#queuedBytes,
        queuedPackets: this.#queue.length,
        rejectedBytes: wireLength,
      });
      return false;
    }
    this.#queue.push(item);
    this.#queuedBytes += wireLength;
    if (!this.#writing) this.#scheduleFlush();
    return true;
  }

  /**
   * Sessions whose queued output is written once the current event-loop turn has handled all its ready
   * input. A broadcast per inbound packet then costs one socket write per recipient per turn rather than
   * one per packet: under load a turn handles many movements, and their packets to one recipient leave
   * in a single write. The wait is one turn (microseconds), not a timer, unless write pacing
   * ({@link setWritePacing}) holds a session that wrote less than the interval ago until the interval is
   * over: a quiet session writes at once, a busy one at most once per interval with everything queued.
   */
  static #flushing = new Set<Session>();
  /** A flush is armed for the end of this turn. */
  static #immediateArmed = false;
  /** A flush timer is armed for this time (performance.now()); Infinity when none. */
  static #timerAt = Infinity;
  static #timer: ReturnType<typeof setTimeout> | undefined;

  /** Arms a flush `waitMs` from now (at the end of this turn when ≤ 0), unless one is armed earlier. */
  static #arm(waitMs: number): void {
    if (waitMs <= 0) {
      if (!Session.#immediateArmed) {
        Session.#immediateArmed = true;
        setImmediate(Session.#flushAll);
      }
      return;
    }
    const at = performance.now() + waitMs;
    if (Session.#immediateArmed || Session.#timerAt <= at) return;
    clearTimeout(Session.#timer);
    Session.#timerAt = at;
    Session.#timer = setTimeout(() => {
      Session.#timerAt = Infinity;
      Session.#timer = undefined;
      Session.#flushAll();
    }, waitMs);
  }

  static #flushAll = (): void => {
    Session.#immediateArmed = false;
    const due = Session.#flushing;
    Session.#flushing = new Set();
    const now = performance.now();
    const interval = writePacing.intervalMs;
    let nextDue = Infinity;
    // Every due session seals its next write first, with the AES step of all of them left to one batch
    // (a few native calls for the whole turn); the writes start once the batch has run.
    const batch = SEAL_BATCH;
    const ready: Session[] = [];
    const writes: Uint8Array[] = [];
    for (const session of due) {
      if (session.#writing || session.#closeReason !== undefined || session.#queue.length === 0) {
        session.#flushQueued = false;
        continue;
      }
      const dueAt = session.#lastWriteAt + interval;
      if (dueAt > now) {
        Session.#flushing.add(session); // still paced: stays queued for a later flush
        nextDue = Math.min(nextDue, dueAt);
        continue;
      }
      session.#flushQueued = false;
      const bytes = session.#seal(batch);
      if (bytes === undefined) continue;
      writes.push(bytes);
      ready.push(session);
      session.#writing = true;
      session.#lastWriteAt = now;
    }
    batch.run();
    for (let i = 0; i < ready.length; i++) ready[i].#write(writes[i]);
    if (Session.#flushing.size > 0) Session.#arm(nextDue - performance.now());
  };

  /** Seals and writes the next batch now, without waiting for the turn's flush (a session closing). */
  #flush(): void {
    this.#flushQueued = false;
    if (this.#queue.length === 0) return;
    const bytes = this.#seal();
    if (bytes === undefined) return;
    this.#writing = true;
    this.#write(bytes);
  }

  /**
   * Takes the next write off the queue, sealed (its AES step left to `batch` when given). A packet that
   * cannot be sealed closes the session: undefined then.
   */
  #seal(batch?: OfbBatch): Uint8Array | undefined {
    try {
      return takeBatch(this.#queue, this.#encryptor, batch);
    } catch (err) {
      this.close("write-error", err);
      return undefined;
    }
  }

  /**
   * Writes one sealed batch. What was queued meanwhile waits for the next turn's flush, so that it is
   * sealed in that turn's batch with everybody else's output.
   */
  async #write(bytes: Uint8Array): Promise<void> {
    try {
      let written = 0;
      while (written < bytes.length) {
        written += await this.#conn.write(bytes.subarray(written));
      }
      BYTES_OUT.inc(bytes.length);
      WRITES.inc();
      if (this.#closeReason !== undefined) return;
      this.#queuedBytes -= bytes.length;
      // Caught up: the slots of sealed broadcasts are of no use any more.
      if (this.#queue.length === 0) this.#coalescing = undefined;
    } catch (err) {
      if (this.#closeReason === undefined) this.close("write-error", err);
    } finally {
      WRITE_SLABS.release(bytes);
      this.#writing = false;
      if (this.#queue.length > 0 && this.#closeReason === undefined) this.#scheduleFlush();
    }
  }

  #scheduleFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    Session.#flushing.add(this);
    // Paced: a session that wrote less than the interval ago waits for it, so a loaded process writes
    // each socket a few dozen times a second with many packets each, not once per turn with a few (the
    // syscalls, not the bytes, cost).
    Session.#arm(this.#lastWriteAt + writePacing.intervalMs - performance.now());
  }

  async #readLoop(): Promise<void> {
    let buffer = new Uint8Array(this.#options.readBufferSize);
    const minSize = buffer.length;
    while (this.#closeReason === undefined) {
      let count: number | null;
      try {
        count = await this.#conn.read(buffer);
      } catch (err) {
        if (this.#closeReason === undefined) this.close("read-error", err);
        return;
      }
      if (count === null) {
        this.close("eof");
        return;
      }
      if (!(await this.#consume(buffer.subarray(0, count)))) return;
      // Grow while reads fill the buffer (bulk input), fall back to the small size once traffic is light.
      if (count === buffer.length && buffer.length < MAX_READ_BUFFER) {
        buffer = new Uint8Array(buffer.length * 2);
      } else if (buffer.length > minSize && count < minSize / 2) {
        buffer = new Uint8Array(minSize);
      }
    }
  }

  /**
   * Decodes and handles one read's bytes; false once the session is closing. Kept out of the read loop so
   * that nothing of a handled read (its batch, its last body) stays reachable from the loop's suspended
   * frame while it waits for the next read, which for a player lasts about half a second: long enough
   * for V8 to move such objects to the old generation, where they pile up as garbage between full
   * collections.
   */
  async #consume(chunk: Uint8Array): Promise<boolean> {
    BYTES_IN.inc(chunk.length);
    if (this.#partialSince !== undefined) this.#partialWaitedMs += this.#clock.now() - this.#partialSince;
    this.#partialSince = undefined;
    const batch = this.#decoder.push(chunk);
    // A completed packet means whatever is pending now is a new frame, with a fresh clock.
    if (batch.bodies.length > 0 || this.#decoder.pending === 0) this.#partialWaitedMs = 0;
    for (const body of batch.bodies) {
      if (this.#closeReason !== undefined) return false;
      await this.#handle(body);
    }
    if (this.#decoder.pending > 0) this.#partialSince = this.#clock.now();
    if (batch.error) {
      log.warn("dropping connection: bad frame", {
        ...this.#fields(),
        kind: batch.error.kind,
        error: batch.error.message,
      });
      this.close("frame-error", batch.error.message);
      return false;
    }
    return true;
  }

  async #handle(body: Uint8Array): Promise<void> {
    this.#handling = true;
    try {
      await this.#onPacket(this, body);
    } catch (err) {
      if (err instanceof PacketReadError) {
        this.misbehaved("malformed", err.message);
      } else {
        log.error("packet handler failed", { ...this.#fields(), error: err });
      }
    } finally {
      this.#handling = false;
      this.#lastInboundAt = this.#clock.now();
    }
  }

  #fields(): Record<string, unknown> {
    return {
      sessionId: this.id,
      tenantId: this.tenant.id,
      worldId: this.worldId,
      channelId: this.channelId,
      remote: this.remoteAddress,
      ...(this.accountId === undefined ? {} : { accountId: this.accountId }),
      ...(this.characterId === undefined ? {} : { characterId: this.characterId }),
    };
  }
}

const BYTES_IN = counter("net.bytes.in");
const BYTES_OUT = counter("net.bytes.out");
const WRITES = counter("net.writes");
const COALESCED = counter("net.broadcast.coalesced");
/** The AES batch of {@link Session}'s end-of-turn flush; one per process, reused every turn. */
const SEAL_BATCH: OfbBatch = sealBatch();

/** Creates a session and queues its hello; call {@link Session.start} to begin reading. */
export function createSession(init: SessionInit): Session {
  return new Session(init);
}

/** A logger carrying a session's identifying fields, for feature code. */
export function sessionLogger(session: Session, name = "net.session"): Logger {
  return getLogger(name).with({
    sessionId: session.id,
    tenantId: session.tenant.id,
    worldId: session.worldId,
    channelId: session.channelId,
  });
}

/**
 * How often to sweep for the deadlines in `options`: a quarter of the shortest enabled one, between
 * 10 ms and 1 s; undefined when none is enabled.
 */
export function sweepInterval(
  options: Pick<SessionOptions, "idleTimeoutMs" | "loginDeadlineMs" | "partialFrameDeadlineMs">,
): number | undefined {
  const deadlines = [options.idleTimeoutMs, options.loginDeadlineMs, options.partialFrameDeadlineMs]
    .filter((ms) => ms > 0);
  if (deadlines.length === 0) return undefined;
  return Math.min(1_000, Math.max(10, Math.floor(Math.min(...deadlines) / 4)));
}

/**
 * Closes the sessions that are {@link Session.overdue} (each by its own deadlines), checking every
 * `intervalMs`; undefined disables it. One timer serves all sessions. Returns a function that stops it.
 */
export function overdueSweeper(
  sessions: () => Iterable<Session>,
  intervalMs: number | undefined,
  clock: Clock = SYSTEM_CLOCK,
): () => void {
  if (intervalMs === undefined) return () => {};
  return clock.every(intervalMs, () => {
    const now = clock.now();
    for (const session of sessions()) {
      const reason = session.overdue(now);
      if (reason) session.close(reason);
    }
  });
}

function isRoutineClose(reason: CloseReason): boolean {
  return reason === "eof" || reason === "shutdown" || reason === "read-error";
}

/** A body queued by {@link Session.send} (one recipient): sealed with the maple transform in place. */
class OwnBody {
  constructor(readonly plain: Uint8Array) {}
}

/** A queued broadcast of a session that is behind; a newer one with the same key replaces `body`. */
class CoalescingSlot {
  /** Set once the slot was sealed into a write: a newer broadcast must then queue anew. */
  sealed = false;
  constructor(public body: SharedBody) {}
}

/** An entry of a session's output queue: wire-ready bytes, or a body to seal when its batch is built. */
type Queued = Uint8Array | OwnBody | SharedBody | CoalescingSlot;

function wireLength(item: Queued): number {
  if (item instanceof Uint8Array) return item.length;
  return HEADER_LENGTH + (item instanceof CoalescingSlot ? item.body.plain.length : item.plain.length);
}

function checkBodyLength(n: number): void {
  if (n > MAX_BODY_LENGTH) {
    throw new RangeError(`packet body of ${n} bytes exceeds the 16-bit header limit ${MAX_BODY_LENGTH}`);
  }
}

/** Seals `item` into `out` at `at` (or copies it, when wire-ready); returns its length. */
function sealItem(
  encryptor: Encryptor,
  item: Queued,
  out: Uint8Array,
  at: number,
  batch: OfbBatch | undefined,
): number {
  if (item instanceof Uint8Array) {
    out.set(item, at);
    return item.length;
  }
  if (item instanceof OwnBody) {
    if (encryptor.sealInto) return encryptor.sealInto(item.plain, out, at, batch);
    const sealed = encryptor.seal(item.plain);
    out.set(sealed, at);
    return sealed.length;
  }
  if (item instanceof CoalescingSlot) {
    item.sealed = true;
    item = item.body;
  }
  if (encryptor.sealSharedInto) return encryptor.sealSharedInto(item, out, at, batch);
  const sealed = encryptor.sealShared ? encryptor.sealShared(item) : encryptor.seal(item.plain);
  out.set(sealed, at);
  return sealed.length;
}

/**
 * The next write: as many queued entries as fit in {@link MAX_COALESCED_WRITE} (at least one), sealed in
 * queue order into one buffer. A lone wire-ready entry is returned as it is.
 */
function takeBatch(queue: Queued[], encryptor: Encryptor, batch?: OfbBatch): Uint8Array {
  const first = queue[0];
  if (first instanceof Uint8Array && (queue.length === 1 || first.length >= MAX_COALESCED_WRITE)) {
    return queue.shift() as Uint8Array;
  }
  let count = 1;
  let size = wireLength(first);
  while (count < queue.length) {
    const next = wireLength(queue[count]);
    if (size + next > MAX_COALESCED_WRITE) break;
    size += next;
    count++;
  }
  const out = writeBuffer(size);
  let at = 0;
  for (let i = 0; i < count; i++) at += sealItem(encryptor, queue[i], out, at, batch);
  if (count === queue.length) queue.length = 0;
  else queue.splice(0, count);
  return out;
}

/** The buffers every session's writes are cut from (write-slabs.ts). */
const WRITE_SLABS: WriteSlabs = writeSlabs();

function writeBuffer(size: number): Uint8Array {
  return WRITE_SLABS.take(size);
}
