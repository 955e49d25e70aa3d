import {
  DEFAULT_MAX_BODY_LENGTH,
  type FrameBatch,
  frameDecoder,
  FrameError,
  PROTOCOL_MAX_BODY_LENGTH,
} from "../../src/net/frame.ts";
import { clientCrypto, type Decryptor, type Encryptor, serverCrypto } from "../../src/protocol/crypto.ts";
import { assertEquals, assertThrows, assertTrue, fail } from "../support/assert.ts";

/** Deterministic PRNG (mulberry32) so a failing fuzz case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARAMS = { region: "GMS", majorVersion: 83 };

/** A matched pair: what a client seals, the server's decryptor opens. */
function realPair(seed = 1): { enc: Encryptor; dec: Decryptor } {
  const rand = prng(seed);
  const iv = () => Uint8Array.from({ length: 4 }, () => Math.floor(rand() * 256));
  const sendIv = iv();
  const recvIv = iv();
  const server = serverCrypto(PARAMS, sendIv, recvIv);
  const client = clientCrypto(PARAMS, sendIv, recvIv);
  return { enc: client.send, dec: server.recv };
}

/**
 * A cheap stand-in cipher with the same observable contract (header check bound to a per-packet
 * counter, in-place open that advances state), used to fuzz the decoder's logic at high volume.
 */
function fakePair(): { enc: Encryptor; dec: Decryptor } {
  let sendCounter = 0;
  let recvCounter = 0;
  const enc: Encryptor = {
    seal(plain) {
      const out = new Uint8Array(4 + plain.length);
      const a = (0x5300 ^ sendCounter) & 0xffff;
      const b = a ^ plain.length;
      out.set([a & 0xff, a >> 8, b & 0xff, b >> 8]);
      for (let i = 0; i < plain.length; i++) out[4 + i] = plain[i] ^ ((sendCounter + i) & 0xff);
      sendCounter++;
      return out;
    },
    get iv() {
      return Uint8Array.of(sendCounter);
    },
  };
  const dec: Decryptor = {
    bodyLength(buf, offset = 0) {
      return (buf[offset] | (buf[offset + 1] << 8)) ^ (buf[offset + 2] | (buf[offset + 3] << 8));
    },
    headerValid(buf, offset = 0) {
      return (buf[offset] | (buf[offset + 1] << 8)) === ((0x5300 ^ recvCounter) & 0xffff);
    },
    open(body) {
      for (let i = 0; i < body.length; i++) body[i] ^= (recvCounter + i) & 0xff;
      recvCounter++;
      return body;
    },
    get iv() {
      return Uint8Array.of(recvCounter);
    },
  };
  return { enc, dec };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function randomBody(rand: () => number, maxLength: number): Uint8Array {
  const length = Math.floor(rand() * (maxLength + 1));
  return Uint8Array.from({ length }, () => Math.floor(rand() * 256));
}

/** Pushes `stream` cut at random points; collects every body and the first error. */
function pushSplit(dec: Decryptor, stream: Uint8Array, rand: () => number, maxBodyLength?: number) {
  const decoder = frameDecoder(dec, { maxBodyLength });
  const bodies: Uint8Array[] = [];
  let error: FrameError | undefined;
  let at = 0;
  while (at < stream.length) {
    const mode = rand();
    const size = mode < 0.3 ? 1 : mode < 0.6 ? 1 + Math.floor(rand() * 8) : 1 + Math.floor(rand() * 200);
    const batch: FrameBatch = decoder.push(stream.subarray(at, at + size));
    at += size;
    bodies.push(...batch.bodies);
    if (batch.error) {
      error = batch.error;
      break;
    }
  }
  return { bodies, error, pending: decoder.pending, decoder };
}

for (const [name, makePair] of [["real crypto", () => realPair(7)], ["fake cipher", fakePair]] as const) {
  Deno.test(`frame decoder (${name}): one byte at a time yields every body in order`, () => {
    const { enc, dec } = makePair();
    const rand = prng(11);
    const bodies = Array.from({ length: 50 }, () => randomBody(rand, 300));
    bodies.push(new Uint8Array(0), Uint8Array.of(1, 2), new Uint8Array(0));
    const stream = concat(bodies.map((b) => enc.seal(b)));
    const decoder = frameDecoder(dec);
    const got: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i++) {
      const batch = decoder.push(stream.subarray(i, i + 1));
      assertEquals(batch.error, undefined);
      got.push(...batch.bodies);
    }
    assertEquals(got, bodies);
    assertEquals(decoder.pending, 0);
  });

  Deno.test(`frame decoder (${name}): many frames in one chunk, header split across chunks`, () => {
    const { enc, dec } = makePair();
    const bodies = [Uint8Array.of(0x14, 0, 1, 2, 3, 4), Uint8Array.of(0x19, 0), Uint8Array.of(0x24, 0, 9)];
    const frames = bodies.map((b) => enc.seal(b));
    const decoder = frameDecoder(dec);
    // First two frames plus two bytes of the third header in one chunk, the rest in the next.
    const first = concat([frames[0], frames[1], frames[2].subarray(0, 2)]);
    const a = decoder.push(first);
    assertEquals(a.bodies, bodies.slice(0, 2));
    assertEquals(decoder.pending, 2);
    const b = decoder.push(frames[2].subarray(2));
    assertEquals(b.bodies, [bodies[2]]);
    assertEquals(decoder.pending, 0);
  });

  Deno.test(`frame decoder (${name}): zero-length bodies still advance the IV`, () => {
    const { enc, dec } = makePair();
    const stream = concat([enc.seal(new Uint8Array(0)), enc.seal(Uint8Array.of(7, 7, 7))]);
    const batch = frameDecoder(dec).push(stream);
    assertEquals(batch.bodies, [new Uint8Array(0), Uint8Array.of(7, 7, 7)]);
    assertEquals(batch.error, undefined);
  });

  Deno.test(`frame decoder (${name}): oversize length is a typed error, earlier bodies kept`, () => {
    const { enc, dec } = makePair();
    const ok = Uint8Array.of(1, 2, 3);
    const stream = concat([enc.seal(ok), enc.seal(new Uint8Array(101))]);
    const decoder = frameDecoder(dec, { maxBodyLength: 100 });
    const batch = decoder.push(stream);
    assertEquals(batch.bodies, [ok]);
    assertTrue(batch.error instanceof FrameError);
    assertEquals(batch.error.kind, "oversize");
    assertEquals(batch.error.length, 101);
    // Poisoned: the stream cannot be resynchronised.
    assertEquals(decoder.push(Uint8Array.of(0)).error, batch.error);
    assertEquals(decoder.error, batch.error);
  });

  Deno.test(`frame decoder (${name}): a header not bound to the IV is an invalid-header error`, () => {
    const { enc, dec } = makePair();
    const frame = enc.seal(Uint8Array.of(1, 2, 3));
    frame[0] ^= 0x01;
    const batch = frameDecoder(dec).push(frame);
    assertEquals(batch.bodies, []);
    assertEquals(batch.error?.kind, "invalid-header");
  });

  Deno.test(`frame decoder (${name}): a replayed frame fails because the IV moved on`, () => {
    const { enc, dec } = makePair();
    const frame = enc.seal(Uint8Array.of(1, 2, 3));
    const batch = frameDecoder(dec).push(concat([frame, frame]));
    assertEquals(batch.bodies.length, 1);
    assertEquals(batch.error?.kind, "invalid-header");
  });
}

Deno.test("frame decoder: default limit and option validation", () => {
  assertTrue(DEFAULT_MAX_BODY_LENGTH < PROTOCOL_MAX_BODY_LENGTH);
  const { dec } = fakePair();
  assertThrows(() => frameDecoder(dec, { maxBodyLength: 70_000 }), RangeError);
  assertThrows(() => frameDecoder(dec, { maxBodyLength: -1 }), RangeError);
  // Validation can be turned off (the reference never checks headers): length is then all that matters.
  const decoder = frameDecoder(dec, { validateHeaders: false });
  const batch = decoder.push(Uint8Array.of(0xde, 0xad, 0xde ^ 2, 0xad, 9, 9));
  assertEquals(batch.error, undefined);
  assertEquals(batch.bodies.length, 1);
});

Deno.test("frame decoder fuzz: 100,000 random and mutated streams end in typed decisions", () => {
  const seed = Number(Deno.env.get("FUZZ_SEED") ?? 20240601);
  const rand = prng(seed);
  const counts = { clean: 0, invalidHeader: 0, oversize: 0, incomplete: 0 };
  const MAX = 256;
  for (let i = 0; i < 100_000; i++) {
    // Every 20th case runs through the real cipher; the rest use the cheap one to keep the run short.
    const real = i % 20 === 0;
    const makePair = real ? () => realPair(i) : fakePair;
    const { enc, dec } = makePair();
    const bodies = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => randomBody(rand, 40));
    const frames = bodies.map((b) => enc.seal(b));
    let stream = concat(frames);
    const kind = Math.floor(rand() * 6);
    let expect: "clean" | "invalid-header" | "oversize" | "incomplete" | "any" = "clean";
    let goodPrefix = bodies.length;
    const frameStart = (k: number) => frames.slice(0, k).reduce((n, f) => n + f.length, 0);
    if (kind === 1) {
      // Corrupt a header's IV-bound half: that frame must be refused, those before it delivered.
      const k = Math.floor(rand() * frames.length);
      stream[frameStart(k) + Math.floor(rand() * 2)] ^= 1 + Math.floor(rand() * 255);
      expect = "invalid-header";
      goodPrefix = k;
    } else if (kind === 2) {
      // Announce a body over the limit with an otherwise valid header.
      const k = Math.floor(rand() * frames.length);
      const at = frameStart(k);
      const length = MAX + 1 + Math.floor(rand() * (0xffff - MAX));
      const a = stream[at] | (stream[at + 1] << 8);
      const b = a ^ length;
      stream[at + 2] = b & 0xff;
      stream[at + 3] = b >> 8;
      expect = "oversize";
      goodPrefix = k;
    } else if (kind === 3) {
      // Truncate inside the last frame: everything before it arrives, the rest waits.
      const last = frames.length - 1;
      stream = stream.subarray(0, frameStart(last) + 1 + Math.floor(rand() * (frames[last].length - 1)));
      expect = "incomplete";
      goodPrefix = last;
    } else if (kind === 4) {
      // Random byte flips anywhere.
      for (let f = 0; f < 1 + Math.floor(rand() * 4); f++) {
        stream[Math.floor(rand() * stream.length)] ^= 1 + Math.floor(rand() * 255);
      }
      expect = "any";
      goodPrefix = 0;
    } else if (kind === 5) {
      stream = Uint8Array.from({ length: 4 + Math.floor(rand() * 60) }, () => Math.floor(rand() * 256));
      expect = "any";
      goodPrefix = 0;
    }

    let result: ReturnType<typeof pushSplit>;
    try {
      result = pushSplit(dec, stream, rand, MAX);
    } catch (err) {
      fail(`case ${i} (seed ${seed}, kind ${kind}) threw ${String(err)}`);
    }
    const { bodies: got, error, pending } = result;
    const outcome = error ? error.kind : pending > 0 ? "incomplete" : "clean";
    if (error && !(error instanceof FrameError)) fail(`case ${i}: untyped error`);
    if (expect !== "any" && outcome !== expect) {
      fail(`case ${i} (seed ${seed}, kind ${kind}): expected ${expect}, got ${outcome}`);
    }
    if (expect === "any" && kind === 5 && outcome === "clean" && got.length > 0) {
      // Pure garbage decoding into packets would mean the header check is not doing its job.
      fail(`case ${i} (seed ${seed}): garbage decoded into ${got.length} packets`);
    }
    for (let k = 0; k < goodPrefix; k++) {
      if (
        got[k] === undefined || got[k].length !== bodies[k].length ||
        got[k].some((v, j) => v !== bodies[k][j])
      ) {
        fail(`case ${i} (seed ${seed}, kind ${kind}): body ${k} differs`);
      }
    }
    if (outcome === "clean") counts.clean++;
    else if (outcome === "invalid-header") counts.invalidHeader++;
    else if (outcome === "oversize") counts.oversize++;
    else counts.incomplete++;
  }
  // Each mutation family was actually exercised.
  assertTrue(counts.clean > 10_000 && counts.invalidHeader > 10_000 && counts.oversize > 10_000);
  assertTrue(counts.incomplete > 10_000);
});
