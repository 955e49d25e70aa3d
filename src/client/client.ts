/**
 * A headless game client for tests, load scripts and smoke checks: it connects, reads the hello (split
 * across reads or coalesced with the first server packet), sets up the client-side ciphers and then sends
 * and receives decrypted bodies (opcode + payload).
 *
 * ```ts
 * const client = await connectClient({ hostname: "127.0.0.1", port: 8585 });
 * await client.send(body);
 * const reply = await client.receive(1000);
 * client.close();
 * ```
 * @module
 */
import { clientCrypto, type Encryptor } from "../protocol/crypto.ts";
import { decodeHello, type Hello, helloLength } from "../protocol/hello.ts";
import { type FrameDecoder, frameDecoder, PROTOCOL_MAX_BODY_LENGTH } from "../net/frame.ts";

/** Options of {@link connectClient}. */
export interface ClientOptions {
  /** Server host; default 127.0.0.1. */
  hostname?: string;
  port: number;
  /** Override the region implied by the hello's locale byte. */
  region?: string;
  /** Give up waiting for the hello after this long; default 5000 ms. */
  helloTimeoutMs?: number;
}

/** How the connection ended. */
export interface ClientCloseInfo {
  /** `eof` (server closed), `closed` (we closed), `error` (socket or framing error). */
  reason: "eof" | "closed" | "error";
  error?: unknown;
}

/** The connection ended before a body arrived. */
export class ClientClosedError extends Error {
  override name = "ClientClosedError";
}

/** No body arrived within the requested time. */
export class ReceiveTimeoutError extends Error {
  override name = "ReceiveTimeoutError";
}

/** The server did not send a usable hello. */
export class HelloError extends Error {
  override name = "HelloError";
}

/** A connected headless client; see {@link connectClient}. */
export interface HeadlessClient extends AsyncIterable<Uint8Array> {
  /** The server's hello. */
  readonly hello: Hello;
  /** Encrypts `body` (opcode + payload) and writes it; writes happen in call order. */
  send(body: Uint8Array): Promise<void>;
  /** Encrypts `body` into a complete frame without sending it (advances the send IV). */
  seal(body: Uint8Array): Uint8Array;
  /** Writes raw bytes to the socket, bypassing crypto (adversarial tests). Ordered with {@link send}. */
  sendRaw(bytes: Uint8Array): Promise<void>;
  /**
   * The next decrypted body. Rejects with {@link ReceiveTimeoutError} after `timeoutMs` (if given), or
   * with {@link ClientClosedError} once the connection ended and every received body was consumed.
   */
  receive(timeoutMs?: number): Promise<Uint8Array>;
  /** Closes the socket. Idempotent. */
  close(): void;
  /** Resolves when the connection has ended, for any reason. */
  readonly closed: Promise<ClientCloseInfo>;
}

interface Waiter {
  resolve(body: Uint8Array): void;
  reject(err: Error): void;
}

/** Connects to a channel server and completes the hello. */
export async function connectClient(options: ClientOptions): Promise<HeadlessClient> {
  const conn = await Deno.connect({ hostname: options.hostname ?? "127.0.0.1", port: options.port });
  conn.setNoDelay(true);
  let hello: Hello;
  let rest: Uint8Array;
  try {
    ({ hello, rest } = await readHello(conn, options.helloTimeoutMs ?? 5000));
  } catch (err) {
    try {
      conn.close();
    } catch { /* already closed */ }
    throw err;
  }
  const params = { region: options.region ?? hello.region, majorVersion: hello.majorVersion };
  const { send, recv } = clientCrypto(params, hello.sendIv, hello.recvIv);
  const client = new Client(
    conn,
    hello,
    send,
    frameDecoder(recv, { maxBodyLength: PROTOCOL_MAX_BODY_LENGTH }),
  );
  client.accept(rest);
  client.readLoop();
  return client;
}

async function readHello(conn: Deno.Conn, timeoutMs: number): Promise<{ hello: Hello; rest: Uint8Array }> {
  let buffered = new Uint8Array(0);
  const timer = setTimeout(() => {
    try {
      conn.close();
    } catch { /* already closed */ }
  }, timeoutMs);
  try {
    const chunk = new Uint8Array(256);
    while (true) {
      const length = helloLength(buffered);
      if (length !== undefined && buffered.length >= length) {
        return { hello: decodeHello(buffered.subarray(0, length)), rest: buffered.slice(length) };
      }
      let count: number | null;
      try {
        count = await conn.read(chunk);
      } catch (err) {
        throw new HelloError(`no hello within ${timeoutMs} ms or socket error`, { cause: err });
      }
      if (count === null) throw new HelloError(`connection closed after ${buffered.length} bytes of hello`);
      const next = new Uint8Array(buffered.length + count);
      next.set(buffered);
      next.set(chunk.subarray(0, count), buffered.length);
      buffered = next;
    }
  } finally {
    clearTimeout(timer);
  }
}

class Client implements HeadlessClient {
  readonly hello: Hello;
  readonly closed: Promise<ClientCloseInfo>;
  #conn: Deno.Conn;
  #encryptor: Encryptor;
  #decoder: FrameDecoder;
  #bodies: Uint8Array[] = [];
  #waiters: Waiter[] = [];
  #writes: Promise<void> = Promise.resolve();
  #ended: ClientCloseInfo | undefined;
  #resolveClosed: (info: ClientCloseInfo) => void;

  constructor(conn: Deno.Conn, hello: Hello, encryptor: Encryptor, decoder: FrameDecoder) {
    this.#conn = conn;
    this.hello = hello;
    this.#encryptor = encryptor;
    this.#decoder = decoder;
    const { promise, resolve } = Promise.withResolvers<ClientCloseInfo>();
    this.closed = promise;
    this.#resolveClosed = resolve;
  }

  seal(body: Uint8Array): Uint8Array {
    return this.#encryptor.seal(body);
  }

  send(body: Uint8Array): Promise<void> {
    return this.sendRaw(this.#encryptor.seal(body));
  }

  sendRaw(bytes: Uint8Array): Promise<void> {
    const write = this.#writes.then(async () => {
      if (this.#ended) throw new ClientClosedError(`connection ended (${this.#ended.reason})`);
      let written = 0;
      while (written < bytes.length) written += await this.#conn.write(bytes.subarray(written));
    });
    // Later writes must not be skipped because an earlier one failed; the caller sees its own failure.
    this.#writes = write.catch(() => {});
    return write;
  }

  receive(timeoutMs?: number): Promise<Uint8Array> {
    const ready = this.#bodies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.#ended) return Promise.reject(this.#closedError());
    const { promise, resolve, reject } = Promise.withResolvers<Uint8Array>();
    const waiter: Waiter = { resolve, reject };
    this.#waiters.push(waiter);
    if (timeoutMs === undefined) return promise;
    const timer = setTimeout(() => {
      const index = this.#waiters.indexOf(waiter);
      if (index >= 0) this.#waiters.splice(index, 1);
      reject(new ReceiveTimeoutError(`no packet within ${timeoutMs} ms`));
    }, timeoutMs);
    return promise.finally(() => clearTimeout(timer));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    while (true) {
      try {
        yield await this.receive();
      } catch (err) {
        if (err instanceof ClientClosedError) return;
        throw err;
      }
    }
  }

  close(): void {
    this.#end({ reason: "closed" });
  }

  /** Feeds bytes received from the server (used for bytes that came with the hello). */
  accept(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const batch = this.#decoder.push(bytes);
    for (const body of batch.bodies) this.#deliver(body);
    if (batch.error) this.#end({ reason: "error", error: batch.error });
  }

  async readLoop(): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    while (!this.#ended) {
      let count: number | null;
      try {
        count = await this.#conn.read(buffer);
      } catch (err) {
        this.#end({ reason: "error", error: err });
        return;
      }
      if (count === null) {
        this.#end({ reason: "eof" });
        return;
      }
      this.accept(buffer.subarray(0, count));
    }
  }

  #deliver(body: Uint8Array): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(body);
    else this.#bodies.push(body);
  }

  #closedError(): ClientClosedError {
    return new ClientClosedError(`connection ended (${this.#ended?.reason})`, { cause: this.#ended?.error });
  }

  #end(info: ClientCloseInfo): void {
    if (this.#ended) return;
    this.#ended = info;
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    const error = this.#closedError();
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    this.#resolveClosed(info);
  }
}
