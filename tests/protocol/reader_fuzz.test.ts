import { fail } from "../support/assert.ts";
import { type PacketReader, packetReader, PacketReadError } from "../../src/protocol/reader.ts";
import { packetWriter } from "../../src/protocol/writer.ts";
import { randomBytes, seededRandom } from "./vectors.ts";

type Op = (r: PacketReader, random: () => number) => unknown;

/** Sizes that probe the edges: small, negative, fractional, huge. */
function size(random: () => number): number {
  const pick = random();
  if (pick < 0.7) return (random() * 12) | 0;
  if (pick < 0.8) return -((random() * 5) | 0) - 1;
  if (pick < 0.85) return random() * 4;
  if (pick < 0.95) return (random() * 70_000) | 0;
  return Number.MAX_SAFE_INTEGER;
}

const OPS: Op[] = [
  (r) => r.byte(),
  (r) => r.int8(),
  (r) => r.bool(),
  (r) => r.uint16(),
  (r) => r.int16(),
  (r) => r.uint32(),
  (r) => r.int32(),
  (r) => r.int64(),
  (r) => r.uint64(),
  (r) => r.string(),
  (r, random) => r.fixedString(size(random)),
  (r, random) => r.bytes(size(random)),
  (r) => r.rest(),
  (r, random) => r.skip(size(random)),
  (r) => r.position(),
  (r) => r.fileTime(),
  (r) => r.offset + r.remaining,
];

/** A plausible packet (strings with sane lengths), then mutated: flips, truncation, length bytes set high. */
function mutatedPacket(random: () => number): Uint8Array {
  const w = packetWriter();
  const fields = (random() * 8) | 0;
  for (let i = 0; i < fields; i++) {
    const kind = (random() * 4) | 0;
    if (kind === 0) w.string("name" + i);
    else if (kind === 1) w.uint32((random() * 2 ** 32) >>> 0);
    else if (kind === 2) w.bytes(randomBytes(random, (random() * 6) | 0));
    else w.int64(BigInt((random() * 2 ** 52) | 0));
  }
  let bytes = w.toBytes();
  const mutations = (random() * 4) | 0;
  for (let m = 0; m < mutations && bytes.length > 0; m++) {
    const at = (random() * bytes.length) | 0;
    const kind = random();
    if (kind < 0.4) bytes[at] ^= 1 << ((random() * 8) | 0);
    else if (kind < 0.6) bytes[at] = 0xff;
    else if (kind < 0.8) bytes = bytes.subarray(0, at);
    else bytes[at] = 0x80;
  }
  return bytes;
}

Deno.test("fuzz: 100,000 random and mutated bodies through random read sequences only raise PacketReadError", () => {
  const seed = 0xf022;
  const random = seededRandom(seed);
  let readErrors = 0;
  let reads = 0;
  for (let round = 0; round < 100_000; round++) {
    const body = random() < 0.5 ? randomBytes(random, (random() * 40) | 0) : mutatedPacket(random);
    // Sometimes start from a view into a larger buffer, so byteOffset handling is exercised too.
    const framed = random() < 0.3
      ? (() => {
        const outer = new Uint8Array(body.length + 7);
        outer.set(body, 3);
        return outer.subarray(3, 3 + body.length);
      })()
      : body;
    const start = random() < 0.1 ? (random() * (framed.length + 1)) | 0 : 0;
    const r = packetReader(framed, start);
    const ops = 1 + ((random() * 12) | 0);
    for (let i = 0; i < ops; i++) {
      const op = OPS[(random() * OPS.length) | 0];
      const before = r.offset;
      try {
        op(r, random);
        reads++;
      } catch (err) {
        if (!(err instanceof PacketReadError)) {
          fail(`seed ${seed} round ${round} op ${i}: unexpected ${String(err)}`);
        }
        if (r.offset !== before) fail(`seed ${seed} round ${round}: failed read moved the position`);
        readErrors++;
      }
      if (r.offset < 0 || r.offset > framed.length || r.remaining !== framed.length - r.offset) {
        fail(`seed ${seed} round ${round}: position out of range`);
      }
    }
  }
  // Both paths must have been exercised for the test to mean anything.
  if (readErrors < 10_000 || reads < 10_000) fail(`too few reads (${reads}) or errors (${readErrors})`);
});
