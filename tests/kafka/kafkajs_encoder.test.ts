/** The patched kafkajs encoder writes exactly the bytes kafkajs' own methods write. */
import { Buffer } from "node:buffer";
import { assertEquals, assertTrue } from "../support/assert.ts";
import {
  installFastKafkajsEncoder,
  kafkajsEncoder,
  type KafkajsEncoderInstance,
  uninstall,
} from "../../src/kafka/kafkajs-encoder.ts";
import encodeRecord from "kafkajs/src/protocol/recordBatch/record/v0/index.js";

interface RecordInput {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string | (Buffer | string)[]>;
}

const encode = encodeRecord as unknown as (record: RecordInput) => KafkajsEncoderInstance;

const VARINTS = [
  0,
  1,
  -1,
  63,
  64,
  -64,
  -65,
  127,
  128,
  8191,
  8192,
  -8193,
  2 ** 20,
  2 ** 30 - 1,
  -(2 ** 30),
  2 ** 30,
  -(2 ** 30) - 1,
  2 ** 31 - 1,
  -(2 ** 31),
];
const VARLONGS = [
  ...VARINTS,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 40 + 3,
  -(2 ** 45),
  Number.MAX_SAFE_INTEGER,
  1.5e12,
];

function randomBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** Deterministic-enough spread of records: empty, small, multi-byte-length, null parts, header arrays. */
function sampleRecords(): RecordInput[] {
  const records: RecordInput[] = [];
  const sizes = [0, 1, 8, 63, 64, 127, 128, 300, 511, 512, 600, 20_000];
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i];
    records.push({
      offsetDelta: i * 977,
      timestampDelta: VARLONGS[i % VARLONGS.length],
      key: i % 4 === 3 ? null : randomBytes(i % 3 === 0 ? 8 : size),
      value: i % 5 === 4 ? null : i % 2 === 0 ? randomBytes(size) : "é".repeat(size),
      headers: {
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        TENANT_ID: Buffer.from("5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13"),
        MAJOR_VERSION: Buffer.from([0, 83]),
        dup: ["a", Buffer.from("b")],
        big: randomBytes(size),
      },
    });
  }
  return records;
}

function bytesOf(encoder: KafkajsEncoderInstance): number[] {
  return [...encoder.buffer];
}

Deno.test("kafkajs encoder patch: varints and varlongs are byte-identical to kafkajs'", () => {
  const write = () => {
    const encoder = new kafkajsEncoder();
    for (const v of VARINTS) encoder.writeVarInt(v);
    for (const v of VARINTS) encoder.writeUVarInt(v);
    for (const v of VARLONGS) encoder.writeVarLong(v);
    return { bytes: bytesOf(encoder), sizes: VARLONGS.map((v) => kafkajsEncoder.sizeOfVarLong(v)) };
  };
  uninstall();
  const original = write();
  installFastKafkajsEncoder();
  const patched = write();
  assertTrue(original.bytes.length > VARINTS.length * 2, "sample covers multi-byte varints");
  assertEquals(patched.bytes, original.bytes);
  assertEquals(patched.sizes, original.sizes);
});

Deno.test("kafkajs encoder patch: records kafkajs builds for a produce request are byte-identical", () => {
  const records = sampleRecords();
  uninstall();
  const original = records.map((r) => bytesOf(encode(r)));
  installFastKafkajsEncoder();
  const produced = records.map((r) => encode(r));
  // The record encoder kafkajs' produce request uses constructs the class we patched.
  assertTrue(produced.every((e) => e instanceof kafkajsEncoder), "kafkajs uses the patched Encoder class");
  assertEquals(produced.map(bytesOf), original);
});

Deno.test("kafkajs encoder patch: install is idempotent and uninstall restores kafkajs' methods", () => {
  uninstall();
  const before = kafkajsEncoder.prototype.writeUVarInt;
  installFastKafkajsEncoder();
  installFastKafkajsEncoder();
  const patched = kafkajsEncoder.prototype.writeUVarInt;
  assertTrue(patched !== before, "installed");
  uninstall();
  assertTrue(kafkajsEncoder.prototype.writeUVarInt === before, "restored");
  installFastKafkajsEncoder();
});
