/**
 * Growable little-endian writer for packet bodies (socket-protocol.md §7).
 *
 * Integer writes keep the low bits of the value (as Go's fixed-width conversions do), so callers can pass
 * either signed or unsigned values of the right width. Non-integer numbers are a programming error and
 * throw RangeError.
 * @module
 */
import { encodeText } from "./strings.ts";
import { toFileTime } from "./filetime.ts";

/** Chained little-endian writes into a buffer that grows as needed. */
export interface PacketWriter {
  /** 8-bit (low 8 bits of v). */
  byte(v: number): PacketWriter;
  /** 8-bit signed (low 8 bits of v). */
  int8(v: number): PacketWriter;
  /** `01` for true, `00` for false. */
  bool(v: boolean): PacketWriter;
  /** 16-bit (low 16 bits of v). */
  uint16(v: number): PacketWriter;
  /** 16-bit signed (low 16 bits of v). */
  int16(v: number): PacketWriter;
  /** 32-bit (low 32 bits of v). */
  uint32(v: number): PacketWriter;
  /** 32-bit signed (low 32 bits of v). */
  int32(v: number): PacketWriter;
  /** 64-bit (two's complement low 64 bits of v). */
  int64(v: bigint | number): PacketWriter;
  /** 64-bit (two's complement low 64 bits of v). */
  uint64(v: bigint | number): PacketWriter;
  /** u16 byte count + the text's Shift-JIS bytes (UTF-8 when Shift-JIS cannot hold it; see strings.ts). */
  string(s: string): PacketWriter;
  /** Exactly `len` bytes: the text's bytes (as for {@link string}) truncated or right-padded with `00`. */
  fixedString(s: string, len: number): PacketWriter;
  /** Raw bytes. */
  bytes(b: Uint8Array): PacketWriter;
  /** Two signed 16-bit values, x then y. */
  position(p: { x: number; y: number }): PacketWriter;
  /** A FILETIME: a Date in whole seconds, or raw ticks (e.g. a sentinel from filetime.ts) as a bigint. */
  fileTime(d: Date | bigint): PacketWriter;
  /** `n` zero bytes. */
  zeros(n: number): PacketWriter;
  /** Bytes written so far. */
  readonly length: number;
  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array;
}

function integer(v: number, what: string): number {
  if (!Number.isInteger(v)) throw new RangeError(`${what} needs an integer, got ${v}`);
  return v;
}

function count(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} needs a non-negative integer, got ${n}`);
  return n;
}

/** A writer with an initial capacity (default 64 bytes); the buffer doubles when full. */
export function packetWriter(initialCapacity = 64): PacketWriter {
  return new GrowableWriter(Math.max(16, count(initialCapacity, "initial capacity")));
}

// A class rather than a closure-built object: writers are created per outgoing packet, and building an
// object literal with accessors per packet costs microseconds.
class GrowableWriter implements PacketWriter {
  #buf: Uint8Array;
  #view: DataView | undefined;
  #len = 0;

  constructor(capacity: number) {
    this.#buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.#len;
  }

  /** Makes room for `n` more bytes and returns where they start. Read `#buf` only after calling it. */
  #reserve(n: number): number {
    const at = this.#len;
    const needed = at + n;
    if (needed > this.#buf.length) {
      let size = this.#buf.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#buf.subarray(0, at));
      this.#buf = grown;
      this.#view = undefined;
    }
    this.#len = needed;
    return at;
  }

  #u8(v: number, what: string): this {
    integer(v, what);
    const at = this.#reserve(1);
    this.#buf[at] = v;
    return this;
  }

  #u16(v: number, what: string): this {
    integer(v, what);
    const at = this.#reserve(2);
    const b = this.#buf;
    b[at] = v;
    b[at + 1] = v >>> 8;
    return this;
  }

  #u32(v: number, what: string): this {
    integer(v, what);
    const at = this.#reserve(4);
    const b = this.#buf;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
    return this;
  }

  #u64(v: bigint | number, what: string): this {
    const big = typeof v === "bigint" ? v : BigInt(integer(v, what));
    const at = this.#reserve(8);
    this.#view ??= new DataView(this.#buf.buffer);
    this.#view.setBigUint64(at, BigInt.asUintN(64, big), true);
    return this;
  }

  byte(v: number): this {
    return this.#u8(v, "byte");
  }

  int8(v: number): this {
    return this.#u8(v, "int8");
  }

  bool(v: boolean): this {
    const at = this.#reserve(1);
    this.#buf[at] = v ? 1 : 0;
    return this;
  }

  uint16(v: number): this {
    return this.#u16(v, "uint16");
  }

  int16(v: number): this {
    return this.#u16(v, "int16");
  }

  uint32(v: number): this {
    return this.#u32(v, "uint32");
  }

  int32(v: number): this {
    return this.#u32(v, "int32");
  }

  int64(v: bigint | number): this {
    return this.#u64(v, "int64");
  }

  uint64(v: bigint | number): this {
    return this.#u64(v, "uint64");
  }

  string(s: string): this {
    const bytes = encodeText(s);
    if (bytes.length > 0xffff) throw new RangeError(`string of ${bytes.length} bytes exceeds the u16 length`);
    this.#u16(bytes.length, "string length");
    return this.bytes(bytes);
  }

  fixedString(s: string, len: number): this {
    count(len, "fixed string length");
    const bytes = encodeText(s);
    const at = this.#reserve(len);
    const copied = Math.min(bytes.length, len);
    this.#buf.set(bytes.subarray(0, copied), at);
    this.#buf.fill(0, at + copied, at + len);
    return this;
  }

  bytes(b: Uint8Array): this {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
    return this;
  }

  position(p: { x: number; y: number }): this {
    integer(p.y, "position y");
    return this.#u16(p.x, "position x").#u16(p.y, "position y");
  }

  fileTime(d: Date | bigint): this {
    return this.#u64(typeof d === "bigint" ? d : toFileTime(d), "FILETIME");
  }

  zeros(n: number): this {
    const at = this.#reserve(count(n, "zeros"));
    this.#buf.fill(0, at, at + n);
    return this;
  }

  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
