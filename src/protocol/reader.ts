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
  let pos = offset;
  let view: DataView | undefined;
  const dataView = () => view ??= new DataView(body.buffer, body.byteOffset, body.byteLength);

  /** Returns the start of a `size`-byte read and advances, or throws without moving. */
  const take = (what: string, size: number): number => {
    const available = body.length - pos;
    if (!Number.isInteger(size) || size < 0 || size > available) {
      throw new PacketReadError(what, pos, size, available);
    }
    const at = pos;
    pos += size;
    return at;
  };

  const reader: PacketReader = {
    get offset() {
      return pos;
    },
    get remaining() {
      return body.length - pos;
    },
    byte() {
      return body[take("byte", 1)];
    },
    int8() {
      return (body[take("int8", 1)] << 24) >> 24;
    },
    bool() {
      return body[take("bool", 1)] !== 0;
    },
    uint16() {
      const at = take("uint16", 2);
      return body[at] | (body[at + 1] << 8);
    },
    int16() {
      const at = take("int16", 2);
      return ((body[at] | (body[at + 1] << 8)) << 16) >> 16;
    },
    uint32() {
      const at = take("uint32", 4);
      return (body[at] | (body[at + 1] << 8) | (body[at + 2] << 16) | (body[at + 3] << 24)) >>> 0;
    },
    int32() {
      const at = take("int32", 4);
      return body[at] | (body[at + 1] << 8) | (body[at + 2] << 16) | (body[at + 3] << 24);
    },
    int64() {
      return dataView().getBigInt64(take("int64", 8), true);
    },
    uint64() {
      return dataView().getBigUint64(take("uint64", 8), true);
    },
    string() {
      const start = pos;
      const length = reader.uint16();
      const available = body.length - pos;
      if (length > available) {
        pos = start;
        throw new PacketReadError("string", start, 2 + length, 2 + available);
      }
      const at = take("string", length);
      return decodeText(body.subarray(at, at + length));
    },
    fixedString(len: number) {
      const at = take("fixed string", len);
      let end = at;
      const stop = at + len;
      while (end < stop && body[end] !== 0) end++;
      return decodeText(body.subarray(at, end));
    },
    bytes(n: number) {
      const at = take("bytes", n);
      return body.slice(at, at + n);
    },
    rest() {
      const at = pos;
      pos = body.length;
      return body.slice(at);
    },
    skip(n: number) {
      take("skip", n);
    },
    position() {
      const at = take("position", 4);
      return {
        x: ((body[at] | (body[at + 1] << 8)) << 16) >> 16,
        y: ((body[at + 2] | (body[at + 3] << 8)) << 16) >> 16,
      };
    },
    fileTime() {
      return fromFileTime(dataView().getBigInt64(take("FILETIME", 8), true));
    },
  };
  return reader;
}
