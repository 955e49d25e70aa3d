import { assertEquals } from "../support/assert.ts";
import { decodeKey, encodeKey, sagaKey } from "../../src/kafka/key.ts";

Deno.test("key: encodes ids as u32 little-endian plus four zero bytes, as Atlas does", () => {
  assertEquals([...encodeKey(30071)], [0x77, 0x75, 0, 0, 0, 0, 0, 0]);
  assertEquals([...encodeKey(5102)], [0xee, 0x13, 0, 0, 0, 0, 0, 0]);
  assertEquals([...encodeKey(1000023)], [0x57, 0x42, 0x0f, 0, 0, 0, 0, 0]);
  assertEquals([...encodeKey(0)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(decodeKey(encodeKey(4294967295)), 4294967295);
  assertEquals(decodeKey(new Uint8Array(3)), undefined);
});

Deno.test("key: saga keys come from the first four bytes of the transaction id, big-endian", () => {
  assertEquals([...sagaKey("6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5")], [0x3e, 0x2d, 0x1c, 0x6f, 0, 0, 0, 0]);
});
