/**
 * The partitioner against vectors computed by the Java client itself (Kafka 4.1.1
 * `org.apache.kafka.common.utils.Utils.murmur2` and `toPositive(h) % 12`, run through jshell).
 */
import { assertEquals, assertThrows } from "../support/assert.ts";
import { javaCompatiblePartitioner, murmur2, partitionForKey } from "../../src/kafka/partitioner.ts";
import { encodeKey } from "../../src/kafka/key.ts";
import { Buffer } from "node:buffer";

const text = (s: string) => new TextEncoder().encode(s);
const JAVA_VECTORS: [Uint8Array, number, number][] = [
  [text("21"), -973932308, 0],
  [text("foobar"), -790332482, 6],
  [text("a-little-bit-long-string"), -985981536, 8],
  [text("a-little-bit-longer-string"), -1486304829, 11],
  [text("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971, 5],
  [text("abc"), 479470107, 3],
  [new Uint8Array([]), 275646681, 9],
  [encodeKey(30071), -1212727669, 7],
  [encodeKey(5102), 1288488346, 10],
  [encodeKey(0), -522759933, 11],
  [encodeKey(0xffffffff), -1170920863, 1],
  [new Uint8Array([0x80]), 857690492, 8],
];

Deno.test("partitioner: murmur2 equals the Java client's Utils.murmur2", () => {
  for (const [key, hash] of JAVA_VECTORS) assertEquals(murmur2(key), hash, `key ${[...key]}`);
});

Deno.test("partitioner: partition equals the Java default partitioner's choice over 12 partitions", () => {
  for (const [key, , partition] of JAVA_VECTORS) assertEquals(partitionForKey(key, 12), partition);
});

Deno.test("partitioner: rejects a partition count that is not a positive integer", () => {
  assertThrows(() => partitionForKey(encodeKey(1), 0), RangeError);
  assertThrows(() => partitionForKey(encodeKey(1), 1.5), RangeError);
});

Deno.test("partitioner: the kafkajs partitioner hashes the key bytes for Buffer and plain Uint8Array alike", () => {
  const choose = javaCompatiblePartitioner();
  const partitionMetadata = Array.from(
    { length: 12 },
    (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }),
  );
  for (const [key, , partition] of JAVA_VECTORS.filter(([k]) => k.length > 0)) {
    const asBuffer = choose({ topic: "t", partitionMetadata, message: { key: Buffer.from(key), value: "" } });
    assertEquals(asBuffer, partition);
    const asPlain = choose({
      topic: "t",
      partitionMetadata,
      message: { key: key as unknown as Buffer, value: "" },
    });
    assertEquals(asPlain, partition);
  }
});

Deno.test("partitioner: messages without a key rotate over every partition", () => {
  const choose = javaCompatiblePartitioner();
  const partitionMetadata = [2, 0, 1].map((partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
  const picks = Array.from(
    { length: 6 },
    () => choose({ topic: "t", partitionMetadata, message: { value: "" } }),
  );
  assertEquals(picks, [0, 1, 2, 0, 1, 2]);
});
