import { assertEquals, assertThrows, assertTrue } from "../support/assert.ts";
import { packetReader, PacketReadError } from "../../src/protocol/reader.ts";
import { packetWriter } from "../../src/protocol/writer.ts";
import { FILETIME_PERMANENT, FILETIME_UNSET, fromFileTime, toFileTime } from "../../src/protocol/filetime.ts";
import { hex, toHex } from "./vectors.ts";

Deno.test("reads little-endian integers with the right signedness", () => {
  const r = packetReader(hex(
    "FF FF FE FF FF FF FF FF FF 80 FF FF FF FF 01 00 00 00 00 00 00 80 FF FF FF FF FF FF FF FF 80",
  ));
  assertEquals(r.byte(), 0xff);
  assertEquals(r.int8(), -1);
  assertEquals(r.int16(), -2);
  assertEquals(r.uint16(), 0xffff);
  assertEquals(r.int32(), -0x7f000001);
  assertEquals(r.uint32(), 0xffffffff);
  assertEquals(r.int64(), -0x7fffffffffffffffn);
  assertEquals(r.uint64(), 0xffffffffffffffffn);
  assertEquals(r.int8(), -128);
  assertEquals(r.remaining, 0);
});

Deno.test("strings, fixed strings, bytes, rest, skip, position, bool", () => {
  const r = packetReader(hex("03 00 61 62 63 41 6C 00 00 00 02 00 01 02 03 04 FF 38 FF 05 06"), 0);
  assertEquals(r.string(), "abc");
  assertEquals(r.fixedString(5), "Al");
  assertEquals(r.offset, 10);
  assertEquals(r.bool(), true);
  assertEquals(r.bool(), false);
  r.skip(1);
  assertEquals(toHex(r.bytes(2)), "02 03");
  assertEquals(r.position(), { x: -252, y: -200 });
  assertEquals(toHex(r.rest()), "05 06");
  assertEquals(r.remaining, 0);
  assertEquals(r.rest().length, 0);
});

Deno.test("Shift-JIS strings decode (the reference's codec for every region)", () => {
  // "あ" is 82 A0 in Shift-JIS; half-width katakana "ｱ" is B1.
  const r = packetReader(hex("03 00 82 A0 B1 82 A0 00 00 00 00"));
  assertEquals(r.string(), "あｱ");
  assertEquals(r.fixedString(6), "あ");
});

Deno.test("reads past the end throw PacketReadError and do not move", () => {
  const r = packetReader(hex("01 02 03"));
  r.byte();
  const err = assertThrows(() => r.int32(), PacketReadError) as PacketReadError;
  assertEquals([err.offset, err.wanted, err.available], [1, 4, 2]);
  assertTrue(err.message.includes("int32"));
  assertEquals(r.offset, 1);
  assertThrows(() => r.int64(), PacketReadError);
  assertThrows(() => r.uint64(), PacketReadError);
  assertThrows(() => r.fileTime(), PacketReadError);
  assertThrows(() => r.bytes(3), PacketReadError);
  assertThrows(() => r.bytes(-1), PacketReadError);
  assertThrows(() => r.skip(1.5), PacketReadError);
  assertThrows(() => r.fixedString(3), PacketReadError);
  assertThrows(() => r.position(), PacketReadError);
  assertEquals(r.uint16(), 0x0302);
  assertThrows(() => r.byte(), PacketReadError);
  assertThrows(() => r.bool(), PacketReadError);
  assertThrows(() => packetReader(hex("01"), 2), PacketReadError);
});

Deno.test("string with a length beyond the body (incl. >= 0x8000) throws and does not move", () => {
  for (const body of [hex("05 00 61 62"), hex("00 80 61"), hex("FF FF"), hex("01")]) {
    const r = packetReader(body);
    assertThrows(() => r.string(), PacketReadError);
    assertEquals(r.offset, 0);
  }
});

Deno.test("FILETIME conversions and sentinels", () => {
  const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  const ticks = toFileTime(date);
  assertEquals(ticks, BigInt(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000) * 10_000_000n + 116_444_736_000_000_000n);
  assertEquals(fromFileTime(ticks).getTime(), Date.UTC(2024, 0, 2, 3, 4, 5));
  assertEquals(fromFileTime(116_444_736_000_000_000n).getTime(), 0);
  assertEquals(fromFileTime(116_444_735_999_999_999n).getTime(), -1);
  assertThrows(() => toFileTime(new Date(NaN)), RangeError);
  const bytes = packetWriter().fileTime(FILETIME_UNSET).fileTime(FILETIME_PERMANENT).fileTime(date).toBytes();
  assertEquals(toHex(bytes.subarray(0, 8)), "FF FF FF FF FF FF FF FF");
  const r = packetReader(bytes);
  assertEquals(r.int64(), -1n);
  assertEquals(r.int64(), 150_841_440_000_000_000n);
  assertEquals(r.fileTime().getTime(), Date.UTC(2024, 0, 2, 3, 4, 5));
});
