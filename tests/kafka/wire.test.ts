import type { z } from "zod";
import {
  goSlice,
  int16,
  int32,
  int64,
  int64String,
  int8,
  lowerCaseUuid,
  time,
  uint16,
  uint32,
  uint64,
  uint8,
  unhandledBody,
  uuid,
} from "../../src/kafka/wire.ts";
import { assertEquals, assertTrue } from "../support/assert.ts";

function accepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

Deno.test("wire: fixed-width integers accept exactly their Go range", () => {
  const ranges: [z.ZodType, number, number][] = [
    [uint8, 0, 0xff],
    [int8, -0x80, 0x7f],
    [uint16, 0, 0xffff],
    [int16, -0x8000, 0x7fff],
    [uint32, 0, 0xffffffff],
    [int32, -0x80000000, 0x7fffffff],
  ];
  for (const [schema, min, max] of ranges) {
    assertTrue(accepts(schema, min) && accepts(schema, max), `${min}..${max}`);
    assertTrue(!accepts(schema, min - 1) && !accepts(schema, max + 1), `outside ${min}..${max}`);
    assertTrue(!accepts(schema, 1.5) && !accepts(schema, "1") && !accepts(schema, null));
  }
});

Deno.test("wire: 64-bit numbers stop at the safe-integer range; ,string int64 stays text", () => {
  assertTrue(accepts(uint64, 0) && accepts(uint64, Number.MAX_SAFE_INTEGER));
  assertTrue(!accepts(uint64, -1) && !accepts(uint64, 2 ** 53));
  assertTrue(accepts(int64, -Number.MAX_SAFE_INTEGER) && !accepts(int64, -(2 ** 53)));
  assertTrue(accepts(int64String, "5000000000000000001") && accepts(int64String, "-42"));
  assertTrue(!accepts(int64String, "12a") && !accepts(int64String, 42) && !accepts(int64String, ""));
});

Deno.test("wire: time accepts what Go's time.Time marshals (RFC3339Nano, Z or offsets, zero time)", () => {
  for (
    const sample of [
      "0001-01-01T00:00:00Z",
      "2025-01-31T18:04:05Z",
      "2025-01-31T18:04:05.1Z",
      "2025-01-31T18:04:05.123456789Z",
      "2025-01-31T18:04:05.123456789+09:00",
      "2025-01-31T18:04:05-07:00",
      "2024-02-29T23:59:59.999999999+14:00",
    ]
  ) assertTrue(accepts(time, sample), sample);
  for (
    const wrong of [
      "yesterday",
      "2025-01-31",
      "2025-01-31T18:04:05",
      "2025-01-31 18:04:05Z",
      "2025-13-01T00:00:00Z",
      "2025-02-30T00:00:00Z",
      "2025-01-31T24:00:00Z",
      "2025-01-31T18:04:05+0900",
      0,
    ]
  ) assertTrue(!accepts(time, wrong), String(wrong));
});

Deno.test("wire: uuid accepts any version, the nil UUID and either case; lowerCaseUuid only lower case", () => {
  for (
    const id of [
      "00000000-0000-0000-0000-000000000000",
      "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
      "b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e",
      "01890a5d-ac96-774b-bcce-b302099a8057",
      "6ba7b810-9dad-f1d1-00b4-00c04fd430c8",
    ]
  ) {
    assertTrue(accepts(uuid, id) && accepts(lowerCaseUuid, id), id);
    assertTrue(accepts(uuid, id.toUpperCase()), id.toUpperCase());
  }
  assertTrue(!accepts(lowerCaseUuid, "B7E2C4D6-1F3A-4C5E-9A7B-2D4F6E8A0C1E"));
  for (
    const wrong of [
      "not-a-uuid",
      "b7e2c4d61f3a4c5e9a7b2d4f6e8a0c1e",
      "{b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e}",
      7,
    ]
  ) {
    assertTrue(!accepts(uuid, wrong) && !accepts(lowerCaseUuid, wrong), String(wrong));
  }
});

Deno.test("wire: goSlice reads Go's null slice as [] and checks items", () => {
  const ids = goSlice(uint32);
  assertEquals(ids.parse(null), []);
  assertEquals(ids.parse([1, 2]), [1, 2]);
  assertTrue(!accepts(ids, undefined) && !accepts(ids, [-1]) && !accepts(ids, "1,2"));
});

Deno.test("wire: unhandledBody takes any object (kept as sent) or null, nothing else", () => {
  assertEquals(unhandledBody.parse({ a: 1, b: [null] }), { a: 1, b: [null] });
  assertEquals(unhandledBody.parse({}), {});
  assertEquals(unhandledBody.parse(null), null);
  for (const wrong of [undefined, "x", 1, [], true]) {
    assertTrue(!accepts(unhandledBody, wrong), String(wrong));
  }
});
