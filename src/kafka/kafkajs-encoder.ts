/**
 * Allocation-free varint and buffer writes for kafkajs' protocol encoder.
 *
 * kafkajs (2.2.4) writes every varint of a record (length, offset delta, key and value lengths, each
 * header's lengths) by building a JavaScript array and wrapping it in a new `Buffer`, and appends
 * buffers with `Buffer#copy`. Under Deno's Node compatibility each `Buffer` construction and copy is
 * costly; together they were the largest item of a produce-path profile (about a third of the CPU
 * at 15,000 messages/s). {@link installFastKafkajsEncoder} replaces those few methods of kafkajs'
 * `Encoder` with versions that write straight into the encoder's buffer. The bytes produced are
 * identical (tested in tests/kafka/kafkajs_encoder.test.ts against the original methods); only the
 * allocations go away.
 *
 * kafkajs is pinned in deno.json; a kafkajs upgrade must re-run that test, which fails if the
 * `Encoder` shape it relies on changed.
 * @module
 */
import type { Buffer } from "node:buffer";
// kafkajs ships no types for its internals; this is the module its request encoders use.
import KafkajsEncoder from "kafkajs/src/protocol/encoder.js";

/** The part of kafkajs' `Encoder` this module touches. */
export interface KafkajsEncoderInstance {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeUVarInt(value: number): KafkajsEncoderInstance;
  writeVarInt(value: number): KafkajsEncoderInstance;
  writeVarLong(value: number | bigint | object | string): KafkajsEncoderInstance;
  writeBufferInternal(buffer: Uint8Array): void;
  readonly buffer: Buffer;
}

/** kafkajs' `Encoder` class, as its protocol modules use it. */
export interface KafkajsEncoderClass {
  new (initialSize?: number): KafkajsEncoderInstance;
  prototype: KafkajsEncoderInstance;
  sizeOfVarLong(value: number | bigint | object | string): number;
  nextPowerOfTwo(value: number): number;
}

/** The `Encoder` class kafkajs' own request encoders construct. */
export const kafkajsEncoder = KafkajsEncoder as unknown as KafkajsEncoderClass;

/** The methods as kafkajs shipped them, kept for the equivalence test and for {@link uninstall}. */
export const originalEncoderMethods = {
  writeUVarInt: kafkajsEncoder.prototype.writeUVarInt,
  writeVarLong: kafkajsEncoder.prototype.writeVarLong,
  writeBufferInternal: kafkajsEncoder.prototype.writeBufferInternal,
  sizeOfVarLong: kafkajsEncoder.sizeOfVarLong,
};

// Zigzag of a value in [-2^30, 2^30) fits 31 bits, so 32-bit integer arithmetic encodes it exactly.
const SMALL_LIMIT = 0x40000000;

function isSmallInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= -SMALL_LIMIT && value < SMALL_LIMIT;
}

function writeUVarInt(this: KafkajsEncoderInstance, value: number): KafkajsEncoderInstance {
  this.ensureAvailable(5);
  const buf = this.buf;
  let offset = this.offset;
  // Same loop condition as kafkajs: more than 7 significant bits left (unsigned 32-bit view).
  while ((value & 0xffffff80) !== 0) {
    buf[offset++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[offset++] = value & 0x7f;
  this.offset = offset;
  return this;
}

function writeVarLong(this: KafkajsEncoderInstance, value: number | bigint | object | string) {
  if (!isSmallInteger(value)) return originalEncoderMethods.writeVarLong.call(this, value);
  return this.writeUVarInt((value << 1) ^ (value >> 31));
}

function sizeOfVarLong(value: number | bigint | object | string): number {
  if (!isSmallInteger(value)) return originalEncoderMethods.sizeOfVarLong.call(kafkajsEncoder, value);
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while ((zigzag & 0xffffff80) !== 0) {
    bytes++;
    zigzag >>>= 7;
  }
  return bytes;
}

function writeBufferInternal(this: KafkajsEncoderInstance, buffer: Uint8Array): void {
  const length = buffer.length;
  this.ensureAvailable(length);
  this.buf.set(buffer, this.offset);
  this.offset += length;
}

let installed = false;

/** Patches kafkajs' `Encoder` (process-wide, idempotent). Called by the kafkajs bus on creation. */
export function installFastKafkajsEncoder(): void {
  if (installed) return;
  installed = true;
  const proto = kafkajsEncoder.prototype;
  proto.writeUVarInt = writeUVarInt;
  proto.writeVarLong = writeVarLong;
  proto.writeBufferInternal = writeBufferInternal;
  kafkajsEncoder.sizeOfVarLong = sizeOfVarLong;
}

/** Restores kafkajs' own methods (tests comparing both). */
export function uninstall(): void {
  if (!installed) return;
  installed = false;
  const proto = kafkajsEncoder.prototype;
  proto.writeUVarInt = originalEncoderMethods.writeUVarInt;
  proto.writeVarLong = originalEncoderMethods.writeVarLong;
  proto.writeBufferInternal = originalEncoderMethods.writeBufferInternal;
  kafkajsEncoder.sizeOfVarLong = originalEncoderMethods.sizeOfVarLong;
}
