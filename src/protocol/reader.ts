/**
 * Little-endian reader over a decrypted packet body (socket-protocol.md §7).
 *
 * Unlike the reference, which returns zero values on underflow and panics on a negative string length
 * (quirks 7 and 8), every read that does not fit throws {@link PacketReadError} and leaves the position
 * unchanged, so a handler can catch one error type and log the offending packet.
 * @module
 */
import { decodeText } from "./strings.ts";
import { fromFileTime } from "./filetime.ts";

/** A read past the end of a packet (or with a nonsensical size). */
export class PacketReadError extends Error {
  /** Position of the failed read within the body. */
  readonly offset: number;
  /** Bytes the read needed. */
  readonly wanted: number;
  /** Bytes that were left. */
  readonly available: number;

  constructor(what: string, offset: number, wanted: number, available: number) {
    super(`cannot read ${what} at offset ${offset}: wanted ${wanted} bytes, ${available} available`);
    this.name = "PacketReadError";
    this.offset = offset;
    this.wanted = wanted;
    this.available = available;
  }
}

/**
 * A packet that reads whole but holds what no client produces (text or movement others would be sent).
 * It counts as a malformed packet: dropped, logged, and toward the session's misbehaviour limit.
 */
export class InvalidPacketError extends PacketReadError {
  constructor(readonly problem: string) {
    super("a packet a client could send", 0, 0, 0);
    this.message = problem;
  }
}

/** Sequential little-endian reads; each read advances the position by what it consumed. */
export interface PacketReader {
  /** Current position in the body. */
  readonly offset: number;
  /** Bytes left after the position. */
  readonly remaining: number;
  /** Unsigned 8-bit. */
  byte(): number;
  /** Signed 8-bit. */
  int8(): number;
  /** One byte; non-zero is true. */
  bool(): boolean;
  /** Unsigned 16-bit. */
  uint16(): number;
  /** Signed 16-bit. */
  int16(): number;
  /** Unsigned 32-bit. */
  uint32(): number;
  /** Signed 32-bit. */
  int32(): number;
  /** Signed 64-bit. */
  int64(): bigint;
  /** Unsigned 64-bit. */
  uint64(): bigint;
  /** u16 byte count, then that many Shift-JIS bytes (see strings.ts). */
  string(): string;
  /** Exactly `len` bytes holding NUL-padded Shift-JIS text; the text ends at the first NUL. */
  fixedString(len: number): string;
  /** A copy of the next `n` bytes. */
  bytes(n: number): Uint8Array;
  /** A copy of every remaining byte; consumes them. */
  rest(): Uint8Array;
  /** Skips `n` bytes. */
  skip(n: number): void;
  /** Two signed 16-bit values, x then y. */
  position(): { x: number; y: number };
  /** A FILETIME (signed 64-bit ticks since 1601) as a Date. */
  fileTime(): Date;
}

/** A reader over `body`, starting at `offset` (default 0). The body is not copied. */
export function packetReader(body: Uint8Array, offset = 0): PacketReader {
  if (!Number.isInteger(offset) || offset < 0 || offset > body.length) {
    throw new PacketReadError("start", offset, 0, body.length);
  }
  return new BodyReader(body, offset);
}

// A class rather than a closure-built object: readers are created per packet, and an object literal with
// accessors costs microseconds to build, a class instance tens of nanoseconds.
class BodyReader implements PacketReader {
  readonly #body: Uint8Array;
  #pos: number;
  #view: DataView | undefined;

  constructor(body: Uint8Array, offset: number) {
    this.#body = body;
    this.#pos = offset;
  }

  get offset(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.#body.length - this.#pos;
  }

  /** Returns the start of a `size`-byte read and advances, or throws without moving. */
  #take(what: string, size: number): number {
    const at = this.#pos;
    const available = this.#body.length - at;
    if (!(size >= 0 && size <= available && Number.isInteger(size))) {
      throw new PacketReadError(what, at, size, available);
    }
    this.#pos = at + size;
    return at;
  }

  #dataView(): DataView {
    const b = this.#body;
    return this.#view ??= new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  byte(): number {
    return this.#body[this.#take("byte", 1)];
  }

  int8(): number {
    return (this.#body[this.#take("int8", 1)] << 24) >> 24;
  }

  bool(): boolean {
    return this.#body[this.#take("bool", 1)] !== 0;
  }

  uint16(): number {
    const at = this.#take("uint16", 2);
    const b = this.#body;
    return b[at] | (b[at + 1] << 8);
  }

  int16(): number {
    const at = this.#take("int16", 2);
    const b = this.#body;
    return ((b[at] | (b[at + 1] << 8)) << 16) >> 16;
  }

  uint32(): number {
    const at = this.#take("uint32", 4);
    const b = this.#body;
    return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  }

  int32(): number {
    const at = this.#take("int32", 4);
    const b = this.#body;
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
  }

  int64(): bigint {
    return this.#dataView().getBigInt64(this.#take("int64", 8), true);
  }

  uint64(): bigint {
    return this.#dataView().getBigUint64(this.#take("uint64", 8), true);
  }

  string(): string {
    const start = this.#pos;
    const length = this.uint16();
    const available = this.#body.length - this.#pos;
    if (length > available) {
      this.#pos = start;
      throw new PacketReadError("string", start, 2 + length, 2 + available);
    }
    const at = this.#take("string", length);
    return decodeText(this.#body.subarray(at, at + length));
  }

  fixedString(len: number): string {
    const at = this.#take("fixed string", len);
    const b = this.#body;
    const stop = at + len;
    let end = at;
    while (end < stop && b[end] !== 0) end++;
    return decodeText(b.subarray(at, end));
  }

  bytes(n: number): Uint8Array {
    const at = this.#take("bytes", n);
    return this.#body.slice(at, at + n);
  }

  rest(): Uint8Array {
    const at = this.#pos;
    this.#pos = this.#body.length;
    return this.#body.slice(at);
  }

  skip(n: number): void {
    this.#take("skip", n);
  }

  position(): { x: number; y: number } {
    const at = this.#take("position", 4);
    const b = this.#body;
    return {
      x: ((b[at] | (b[at + 1] << 8)) << 16) >> 16,
      y: ((b[at + 2] | (b[at + 3] << 8)) << 16) >> 16,
    };
  }

  fileTime(): Date {
    return fromFileTime(this.#dataView().getBigInt64(this.#take("FILETIME", 8), true));
  }
}
