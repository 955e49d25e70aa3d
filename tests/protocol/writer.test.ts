import { assertEquals, assertThrows } from "../support/assert.ts";
import { packetReader } from "../../src/protocol/reader.ts";
import { packetWriter } from "../../src/protocol/writer.ts";
import { decodeText, encodeText } from "../../src/protocol/strings.ts";
import { hex, randomBytes, seededRandom, toHex } from "./vectors.ts";

Deno.test("writes the documented little-endian layouts", () => {
  const w = packetWriter(1)
    .byte(0x1ff)
    .int8(-1)
    .bool(true)
    .bool(false)
    .uint16(0xabcd)
    .int16(-2)
    .uint32(0xdeadbeef)
    .int32(-1)
    .int64(-2n)
    .uint64(0x0102030405060708n)
    .position({ x: -1, y: 300 })
    .zeros(2)
    .string("ab")
    .fixedString("Alice", 7)
    .fixedString("LongerThanThirteen", 13)
    .bytes(hex("AA BB"));
  assertEquals(
    toHex(w.toBytes()),
    "FF FF 01 00 CD AB FE FF EF BE AD DE FF FF FF FF FE FF FF FF FF FF FF FF 08 07 06 05 04 03 02 01 " +
      "FF FF 2C 01 00 00 02 00 61 62 41 6C 69 63 65 00 00 " +
      "4C 6F 6E 67 65 72 54 68 61 6E 54 68 69 AA BB",
  );
  assertEquals(w.length, 64);
});

Deno.test("toBytes is a copy and the writer keeps growing", () => {
  const w = packetWriter(16);
  const first = w.uint32(1).toBytes();
  for (let i = 0; i < 1000; i++) w.uint32(i);
  assertEquals(toHex(first), "01 00 00 00");
  const bytes = w.toBytes();
  assertEquals(bytes.length, 4004);
  const r = packetReader(bytes);
  r.skip(4);
  for (let i = 0; i < 1000; i++) assertEquals(r.uint32(), i);
});

Deno.test("invalid writer arguments throw RangeError without writing", () => {
  const w = packetWriter();
  assertThrows(() => w.byte(1.5), RangeError);
  assertThrows(() => w.uint16(NaN), RangeError);
  assertThrows(() => w.int64(0.5), RangeError);
  assertThrows(() => w.zeros(-1), RangeError);
  assertThrows(() => w.fixedString("a", -1), RangeError);
  assertThrows(() => w.string("x".repeat(0x10000)), RangeError);
  assertThrows(() => w.fileTime(new Date(NaN)), RangeError);
  assertEquals(w.length, 0);
});

Deno.test("Shift-JIS text: reference codec for all regions, UTF-8 fallback", () => {
  assertEquals(toHex(encodeText("Hi\\~")), "48 69 5C 7E");
  assertEquals(toHex(encodeText("あｱ漢")), "82 A0 B1 8A BF");
  assertEquals(decodeText(hex("82 A0 B1 8A BF")), "あｱ漢");
  // No Shift-JIS form for "é" or an emoji: the reference writes the raw UTF-8 bytes.
  assertEquals(toHex(encodeText("é")), "C3 A9");
  assertEquals(toHex(encodeText("あ😀")), toHex(new TextEncoder().encode("あ😀")));
  assertEquals(toHex(encodeText("¥")), "5C");
  // Invalid input decodes to replacement characters rather than throwing.
  assertEquals(decodeText(hex("82")), "\ufffd");
  const w = packetWriter().string("あいう").fixedString("名前", 13);
  const r = packetReader(w.toBytes());
  assertEquals(r.string(), "あいう");
  assertEquals(r.fixedString(13), "名前");
});

Deno.test("writer/reader round trip per primitive on random values", () => {
  const random = seededRandom(424242);
  const int = (bits: number, signed: boolean) => {
    const v = Math.floor(random() * 2 ** bits);
    return signed ? v - 2 ** (bits - 1) : v;
  };
  const big = (signed: boolean) => {
    const v = (BigInt(int(32, false)) << 32n) | BigInt(int(32, false));
    return signed ? BigInt.asIntN(64, v) : v;
  };
  for (let round = 0; round < 2000; round++) {
    const values = {
      byte: int(8, false),
      int8: int(8, true),
      bool: random() < 0.5,
      uint16: int(16, false),
      int16: int(16, true),
      uint32: int(32, false),
      int32: int(32, true),
      int64: big(true),
      uint64: big(false),
      string: String.fromCharCode(...randomBytes(random, (random() * 20) | 0).map((b) => 0x20 + (b % 95))),
      fixed: String.fromCharCode(...randomBytes(random, (random() * 13) | 0).map((b) => 0x21 + (b % 94))),
      bytes: randomBytes(random, (random() * 10) | 0),
      position: { x: int(16, true), y: int(16, true) },
      fileTime: new Date(Math.floor(random() * 4e12 / 1000) * 1000),
    };
    const w = packetWriter(4)
      .byte(values.byte).int8(values.int8).bool(values.bool).uint16(values.uint16).int16(values.int16)
      .uint32(values.uint32).int32(values.int32).int64(values.int64).uint64(values.uint64)
      .string(values.string).fixedString(values.fixed, 13).bytes(values.bytes).position(values.position)
      .fileTime(values.fileTime);
    const r = packetReader(w.toBytes());
    assertEquals(r.byte(), values.byte);
    assertEquals(r.int8(), values.int8);
    assertEquals(r.bool(), values.bool);
    assertEquals(r.uint16(), values.uint16);
    assertEquals(r.int16(), values.int16);
    assertEquals(r.uint32(), values.uint32);
    assertEquals(r.int32(), values.int32);
    assertEquals(r.int64(), values.int64);
    assertEquals(r.uint64(), values.uint64);
    assertEquals(r.string(), values.string);
    assertEquals(r.fixedString(13), values.fixed);
    assertEquals(toHex(r.bytes(values.bytes.length)), toHex(values.bytes));
    assertEquals(r.position(), values.position);
    assertEquals(r.fileTime().getTime(), values.fileTime.getTime());
    assertEquals(r.remaining, 0);
  }
});
