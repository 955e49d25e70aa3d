import { assertEquals, assertThrows } from "../support/assert.ts";
import {
  decodeHello,
  encodeHello,
  helloLength,
  MalformedHelloError,
  PacketReadError,
} from "../../src/protocol/hello.ts";
import { hex, loadVectors, toHex } from "./vectors.ts";

const vectors = await loadVectors();

for (const v of vectors.helloPackets) {
  Deno.test(`hello ${v.region} ${v.majorVersion}: encode and decode the reference bytes`, () => {
    const hello = {
      majorVersion: v.majorVersion,
      minorVersion: v.minorVersion,
      region: v.region,
      recvIv: hex(v.serverRecvIv),
      sendIv: hex(v.serverSendIv),
    };
    const bytes = encodeHello(hello);
    assertEquals(toHex(bytes), v.bytes);
    assertEquals(bytes.length, v.length);
    assertEquals(helloLength(bytes.subarray(0, 6)), v.length);
    const decoded = decodeHello(hex(v.bytes));
    assertEquals(decoded.majorVersion, v.majorVersion);
    assertEquals(decoded.minorVersion, v.minorVersion);
    assertEquals(decoded.region, v.region);
    assertEquals(toHex(decoded.recvIv), v.serverRecvIv);
    assertEquals(toHex(decoded.sendIv), v.serverSendIv);
  });
}

Deno.test("hello with a two-digit minor keeps the 0x000E prefix and still decodes by fields", () => {
  const bytes = encodeHello({
    majorVersion: 83,
    minorVersion: 12,
    region: "GMS",
    recvIv: hex("01 02 03 04"),
    sendIv: hex("05 06 07 08"),
  });
  assertEquals(toHex(bytes), "0E 00 53 00 02 00 31 32 01 02 03 04 05 06 07 08 08");
  assertEquals(helloLength(bytes), 17);
  const decoded = decodeHello(bytes);
  assertEquals(decoded.minorVersion, 12);
  assertEquals(toHex(decoded.sendIv), "05 06 07 08");
});

Deno.test("helloLength needs 6 bytes", () => {
  assertEquals(helloLength(hex("0E 00 53 00 01")), undefined);
  assertEquals(helloLength(new Uint8Array(0)), undefined);
});

Deno.test("decodeHello rejects short and malformed input with typed errors", () => {
  const good = hex("0E 00 53 00 01 00 31 A1 B2 C3 D4 12 34 56 78 08");
  for (let cut = 0; cut < good.length; cut++) {
    assertThrows(() => decodeHello(good.subarray(0, cut)), PacketReadError);
  }
  const badLocale = good.slice();
  badLocale[15] = 0x07;
  assertThrows(() => decodeHello(badLocale), MalformedHelloError);
  const badMinor = good.slice();
  badMinor[6] = 0x41;
  assertThrows(() => decodeHello(badMinor), MalformedHelloError);
  const emptyMinor = hex("0E 00 53 00 00 00 A1 B2 C3 D4 12 34 56 78 08");
  assertThrows(() => decodeHello(emptyMinor), MalformedHelloError);
  const hugeMinorLength = hex("0E 00 53 00 FF FF 31");
  assertThrows(() => decodeHello(hugeMinorLength), PacketReadError);
});

Deno.test("encodeHello rejects impossible input", () => {
  const base = {
    majorVersion: 83,
    minorVersion: 1,
    region: "GMS",
    recvIv: hex("01 02 03 04"),
    sendIv: hex("01 02 03 04"),
  };
  assertThrows(() => encodeHello({ ...base, majorVersion: 0x10000 }), RangeError);
  assertThrows(() => encodeHello({ ...base, minorVersion: -1 }), RangeError);
  assertThrows(() => encodeHello({ ...base, sendIv: new Uint8Array(3) }), RangeError);
});
