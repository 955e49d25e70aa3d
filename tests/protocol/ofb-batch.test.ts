/**
 * The batched AES-OFB step (`ofb-batch.ts`): for any mix of job lengths and thresholds it XORs exactly
 * the keystream the per-packet path (`aesOfb`, checked against the reference vectors in crypto.test.ts)
 * does, and sealing through a batch gives the bytes of sealing alone.
 */
import { aesOfb, sealBatch, serverCrypto, sharedBody } from "../../src/protocol/crypto.ts";
import { MAX_JOB_LENGTH } from "../../src/protocol/ofb-batch.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** A deterministic byte source, so a failure can be replayed. */
function bytes(length: number, seed: number): Uint8Array {
  let x = seed * 2654435761 >>> 0;
  return Uint8Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x >>> 24;
  });
}

const LENGTHS = [1, 2, 15, 16, 17, 31, 32, 33, 40, 64, 100, 255, 700, 1455, MAX_JOB_LENGTH];

for (const threshold of [1, 12, 40, Number.MAX_SAFE_INTEGER]) {
  Deno.test(`ofb batch (native from ${threshold} blocks): every job gets its own packet's keystream`, () => {
    const batch = sealBatch(threshold);
    // Two runs of one batch: it must be reusable turn after turn.
    for (let run = 0; run < 2; run++) {
      const jobs: { data: Uint8Array; offset: number; length: number; expected: Uint8Array }[] = [];
      // Several jobs share one buffer at different offsets, as a session's write buffer does.
      const shared = bytes(4 * MAX_JOB_LENGTH, 99 + run);
      let sharedAt = 3;
      for (let i = 0; i < 60; i++) {
        const length = LENGTHS[(i * 7 + run) % LENGTHS.length];
        const iv16 = bytes(16, 1000 * run + i);
        const inShared = i % 5 === 0 && sharedAt + length <= shared.length;
        // Some in a view that starts at an odd place of its buffer, as a write slab may.
        const own = i % 3 === 0 ? bytes(length + 15, 5000 + i).subarray(7) : bytes(length + 8, 5000 + i);
        const data = inShared ? shared : own;
        const offset = inShared ? sharedAt : 4;
        if (inShared) sharedAt += length + 1;
        const expected = aesOfb(data.slice(offset, offset + length), iv16);
        batch.add(data, offset, length, iv16);
        iv16.fill(0); // the batch copied the IV
        jobs.push({ data, offset, length, expected });
      }
      assertEquals(batch.size, 60);
      batch.run();
      assertEquals(batch.size, 0);
      for (const [i, job] of jobs.entries()) {
        assertEquals(
          hex(job.data.subarray(job.offset, job.offset + job.length)),
          hex(job.expected),
          `job ${i}`,
        );
      }
    }
  });
}

Deno.test("ofb batch: bytes outside a job are untouched; an empty batch runs; oversize jobs are refused", () => {
  const batch = sealBatch(1);
  batch.run();
  const whole = bytes(80, 7);
  const wholeBefore = whole.slice();
  const data = whole.subarray(5, 69);
  batch.add(data, 10, 20, bytes(16, 8));
  batch.run();
  assertEquals(hex(whole.subarray(0, 15)), hex(wholeBefore.subarray(0, 15)));
  assertEquals(hex(whole.subarray(35)), hex(wholeBefore.subarray(35)));
  assertThrows(() => batch.add(new Uint8Array(2000), 0, MAX_JOB_LENGTH + 1, new Uint8Array(16)), RangeError);
});

for (const params of [{ region: "GMS", majorVersion: 83 }, { region: "JMS", majorVersion: 185 }]) {
  Deno.test(`sealing through a batch (${params.region} ${params.majorVersion}) gives the bytes of sealing alone`, () => {
    const batch = sealBatch(2);
    const lengths = [2, 40, 1456, 1457, 3000];
    const iv = Uint8Array.of(0x21, 0x43, 0x65, 0x87);
    const batched = serverCrypto(params, iv, iv).send;
    const alone = serverCrypto(params, iv, iv).send;
    const out = new Uint8Array(lengths.reduce((n, l) => n + 2 * (4 + l), 0));
    const expected: string[] = [];
    const spans: [number, number][] = [];
    let at = 0;
    for (const [i, length] of lengths.entries()) {
      // One own body and one shared body of each length, interleaved, as a session's queue holds them.
      const own = bytes(length, 300 + i);
      const broadcast = bytes(length, 400 + i);
      for (const [body, shared] of [[own, false], [broadcast, true]] as const) {
        const n = shared
          ? batched.sealSharedInto!(sharedBody(body), out, at, batch)
          : batched.sealInto!(body, out, at, batch);
        spans.push([at, at + n]);
        expected.push(hex(shared ? alone.sealShared!(sharedBody(body)) : alone.seal(body)));
        at += n;
      }
    }
    batch.run();
    assertEquals(spans.map(([from, to]) => hex(out.subarray(from, to))), expected);
    assertEquals(hex(batched.iv), hex(alone.iv));
  });
}
