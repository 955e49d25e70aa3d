/**
 * `Encryptor.sealShared` (the broadcast path): the same frames as `seal`, for every recipient IV, with
 * the maple transform done once per shared body.
 */
import { serverCrypto, sharedBody } from "../../src/protocol/crypto.ts";
import { assertEquals, assertTrue } from "../support/assert.ts";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

for (const params of [{ region: "GMS", majorVersion: 83 }, { region: "JMS", majorVersion: 185 }]) {
  Deno.test(`sealShared (${params.region} ${params.majorVersion}): equals seal for each recipient, IVs advance alike`, () => {
    const plain = Uint8Array.from({ length: 45 }, (_, i) => (i * 37 + 11) & 0xff);
    const original = plain.slice();
    const shared = sharedBody(plain);
    const ivs = [[1, 2, 3, 4], [0xff, 0, 0x80, 7], [9, 9, 9, 9]].map((v) => Uint8Array.from(v));
    for (const iv of ivs) {
      const viaShared = serverCrypto(params, iv, iv).send;
      const viaSeal = serverCrypto(params, iv, iv).send;
      // Two packets in a row: the second proves both paths advanced the IV the same way.
      for (let round = 0; round < 2; round++) {
        assertEquals(hex(viaShared.sealShared!(shared)), hex(viaSeal.seal(plain)));
      }
      assertEquals(hex(viaShared.iv), hex(viaSeal.iv));
    }
    assertEquals(hex(plain), hex(original), "the plain body is not modified");
    if (params.region === "JMS") assertEquals(shared.transformed, undefined, "no transform without maple");
    else assertTrue(shared.transformed !== undefined && hex(shared.transformed) !== hex(plain));
  });
}

Deno.test("sealShared: an empty body and a body longer than one AES chunk", () => {
  const params = { region: "GMS", majorVersion: 95 };
  for (const length of [0, 3000]) {
    const plain = Uint8Array.from({ length }, (_, i) => i & 0xff);
    const iv = Uint8Array.of(0x10, 0x20, 0x30, 0x40);
    const a = serverCrypto(params, iv, iv).send;
    const b = serverCrypto(params, iv, iv).send;
    assertEquals(hex(a.sealShared!(sharedBody(plain))), hex(b.seal(plain)));
  }
});

Deno.test("sealInto / sealSharedInto: the bytes of seal at an offset, nothing around them touched", () => {
  for (const params of [{ region: "GMS", majorVersion: 83 }, { region: "JMS", majorVersion: 185 }]) {
    const iv = Uint8Array.of(0x31, 0x41, 0x59, 0x26);
    const reference = serverCrypto(params, iv, iv).send;
    const into = serverCrypto(params, iv, iv).send;
    const bodies = [45, 0, 1500].map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + n) & 0xff));
    const expected = bodies.map((b) => reference.seal(b));
    const size = expected.reduce((n, f) => n + f.length, 0);
    const out = new Uint8Array(size + 10).fill(0xee);
    let at = 5;
    bodies.forEach((body, i) => {
      const original = body.slice();
      const written = i === 1
        ? into.sealSharedInto!(sharedBody(body), out, at)
        : into.sealInto!(body, out, at);
      assertEquals(written, expected[i].length);
      assertEquals(hex(out.subarray(at, at + written)), hex(expected[i]));
      assertEquals(hex(body), hex(original), "the plain body is not modified");
      at += written;
    });
    assertEquals(hex(out.subarray(0, 5)), "eeeeeeeeee");
    assertEquals(hex(out.subarray(at)), "eeeeeeeeee");
    assertEquals(hex(into.iv), hex(reference.iv));
  }
});

Deno.test("sealInto: a body past the 16-bit header limit is a RangeError and the IV stays", () => {
  const iv = Uint8Array.of(1, 2, 3, 4);
  const enc = serverCrypto({ region: "GMS", majorVersion: 83 }, iv, iv).send;
  const before = hex(enc.iv);
  let error: unknown;
  try {
    enc.sealInto!(new Uint8Array(0x10000), new Uint8Array(0x10004), 0);
  } catch (err) {
    error = err;
  }
  assertTrue(error instanceof RangeError, String(error));
  assertEquals(hex(enc.iv), before);
});
