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
  let buf = new Uint8Array(Math.max(16, count(initialCapacity, "initial capacity")));
  let view = new DataView(buf.buffer);
  let len = 0;

  const reserve = (n: number): number => {
    const at = len;
    const needed = at + n;
    if (needed > buf.length) {
      let size = buf.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(buf.subarray(0, at));
      buf = grown;
      view = new DataView(buf.buffer);
    }
    len = needed;
    return at;
  };

  const u8 = (v: number, what: string) => {
    integer(v, what);
    buf[reserve(1)] = v;
  };
  const u16 = (v: number, what: string) => {
    integer(v, what);
    const at = reserve(2);
    buf[at] = v;
    buf[at + 1] = v >>> 8;
  };
  const u32 = (v: number, what: string) => {
    integer(v, what);
    const at = reserve(4);
    buf[at] = v;
    buf[at + 1] = v >>> 8;
    buf[at + 2] = v >>> 16;
    buf[at + 3] = v >>> 24;
  };
  const u64 = (v: bigint | number, what: string) => {
    const big = typeof v === "bigint" ? v : BigInt(integer(v, what));
    view.setBigUint64(reserve(8), BigInt.asUintN(64, big), true);
  };
  const raw = (b: Uint8Array) => {
    buf.set(b, reserve(b.length));
  };

  const writer: PacketWriter = {
    byte(v) {
      u8(v, "byte");
      return writer;
    },
    int8(v) {
      u8(v, "int8");
      return writer;
    },
    bool(v) {
      buf[reserve(1)] = v ? 1 : 0;
      return writer;
    },
    uint16(v) {
      u16(v, "uint16");
      return writer;
    },
    int16(v) {
      u16(v, "int16");
      return writer;
    },
    uint32(v) {
      u32(v, "uint32");
      return writer;
    },
    int32(v) {
      u32(v, "int32");
      return writer;
    },
    int64(v) {
      u64(v, "int64");
      return writer;
    },
    uint64(v) {
      u64(v, "uint64");
      return writer;
    },
    string(s) {
      const bytes = encodeText(s);
      if (bytes.length > 0xffff) {
        throw new RangeError(`string of ${bytes.length} bytes exceeds the u16 length`);
      }
      u16(bytes.length, "string length");
      raw(bytes);
      return writer;
    },
    fixedString(s, n) {
      count(n, "fixed string length");
      const bytes = encodeText(s);
      const at = reserve(n);
      const copied = Math.min(bytes.length, n);
      buf.set(bytes.subarray(0, copied), at);
      buf.fill(0, at + copied, at + n);
      return writer;
    },
    bytes(b) {
      raw(b);
      return writer;
    },
    position(p) {
      u16(p.x, "position x");
      u16(p.y, "position y");
      return writer;
    },
    fileTime(d) {
      u64(typeof d === "bigint" ? d : toFileTime(d), "FILETIME");
      return writer;
    },
    zeros(n) {
      const at = reserve(count(n, "zeros"));
      buf.fill(0, at, at + n);
      return writer;
    },
    get length() {
      return len;
    },
    toBytes() {
      return buf.slice(0, len);
    },
  };
  return writer;
}
