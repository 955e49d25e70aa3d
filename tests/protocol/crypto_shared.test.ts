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
