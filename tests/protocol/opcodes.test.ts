import { assertEquals, assertThrows } from "../support/assert.ts";
import {
  formatOpcode,
  NumberParseError,
  OpcodeRangeError,
  opcodeWidth,
  parseOpcode,
  parseUnsigned,
  prependOpcode,
  putOpcode,
  readOpcode,
} from "../../src/protocol/opcodes.ts";

Deno.test("opcodes: width is 1 byte only for GMS up to major 28", () => {
  assertEquals(opcodeWidth("GMS", 12), 1);
  assertEquals(opcodeWidth("GMS", 28), 1);
  assertEquals(opcodeWidth("GMS", 29), 2);
  assertEquals(opcodeWidth("GMS", 83), 2);
  assertEquals(opcodeWidth("JMS", 12), 2);
  assertEquals(opcodeWidth("JMS", 185), 2);
});

Deno.test("opcodes: base auto-detection like Go's ParseUint(s, 0, 16)", () => {
  assertEquals(parseOpcode("0x14"), 0x14);
  assertEquals(parseOpcode("0X1f"), 0x1f);
  assertEquals(parseOpcode("20"), 20);
  assertEquals(parseOpcode("0o17"), 15);
  assertEquals(parseOpcode("0O17"), 15);
  assertEquals(parseOpcode("0b101"), 5);
  assertEquals(parseOpcode("017"), 15); // bare leading zero is octal
  assertEquals(parseOpcode("0"), 0);
  assertEquals(parseOpcode("0x10C"), 0x10c);
  assertEquals(parseOpcode("0xFFFF"), 0xffff);
  assertEquals(parseOpcode("1_000"), 1000);
  assertEquals(parseOpcode("0x_1_4"), 0x14);
});

Deno.test("opcodes: malformed or out-of-range text is rejected with the text in the message", () => {
  for (
    const bad of [
      "",
      "0x",
      "0x10000",
      "65536",
      "08",
      "0b102",
      "-1",
      "+1",
      " 1",
      "1 ",
      "0xG",
      "1__0",
      "_1",
      "1_",
      "abc",
    ]
  ) {
    const err = assertThrows(() => parseOpcode(bad), NumberParseError);
    assertEquals((err as NumberParseError).text, bad);
  }
  assertEquals(parseUnsigned("0xFFFFFFFF", 32), 0xffffffff);
  assertThrows(() => parseUnsigned("0x100", 8), NumberParseError);
});

Deno.test("opcodes: read and write in both widths", () => {
  assertEquals(readOpcode(new Uint8Array([0x0a, 0x99]), 1), 0x0a);
  assertEquals(readOpcode(new Uint8Array([0x0c, 0x01, 0x99]), 2), 0x10c);
  assertEquals(readOpcode(new Uint8Array([]), 1), undefined);
  assertEquals(readOpcode(new Uint8Array([0x14]), 2), undefined);
  assertEquals([...prependOpcode(2, 0x7d, new Uint8Array([1, 2]))], [0x7d, 0x00, 1, 2]);
  assertEquals([...prependOpcode(2, 0x145, new Uint8Array())], [0x45, 0x01]);
  assertEquals([...prependOpcode(1, 0x29, new Uint8Array([7]))], [0x29, 7]);
  const target = new Uint8Array(3);
  putOpcode(target, 1, 2, 0xabcd);
  assertEquals([...target], [0, 0xcd, 0xab]);
});

Deno.test("opcodes: an opcode too wide for the tenant is an error, not a silent truncation", () => {
  assertThrows(() => prependOpcode(1, 0x100, new Uint8Array()), OpcodeRangeError);
  assertThrows(() => prependOpcode(2, 0x10000, new Uint8Array()), OpcodeRangeError);
  assertThrows(() => prependOpcode(2, -1, new Uint8Array()), OpcodeRangeError);
});

Deno.test("opcodes: log format shows the whole value in hex", () => {
  assertEquals(formatOpcode(0x0a), "0x0A");
  assertEquals(formatOpcode(0x10c), "0x10C");
});
