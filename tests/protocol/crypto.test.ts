import { assertEquals, assertThrows, assertTrue } from "../support/assert.ts";
import {
  AES_KEY,
  aesOfb,
  clientCrypto,
  type CryptoParams,
  cryptoVariant,
  decodeHeaderLength,
  encodeHeader,
  expandIv,
  HEADER_LENGTH,
  mapleDecrypt,
  mapleEncrypt,
  randomIv,
  serverCrypto,
  serverVersionValue,
  shuffleIv,
} from "../../src/protocol/crypto.ts";
import { encryptBlock, expandAesKey, ofbKeystream, ofbXor } from "../../src/protocol/aes.ts";
import {
  hex,
  loadVectors,
  type PacketVector,
  randomBytes,
  seededRandom,
  sha256Hex,
  toHex,
} from "./vectors.ts";

const vectors = await loadVectors();

function plaintextOf(v: PacketVector): Uint8Array {
  if (v.plaintext.startsWith("3000 bytes")) return Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
  return hex(v.plaintext);
}

Deno.test("AES key matches the reference", () => {
  assertEquals(toHex(AES_KEY), toHex(hex(vectors.aesKey)));
});

Deno.test("AES-256 block matches FIPS-197 C.3", () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const out = new Uint8Array(16);
  encryptBlock(expandAesKey(key), hex("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF"), out);
  assertEquals(toHex(out), "8E A2 B7 CA 51 67 45 BF EA FC 49 90 4B 49 60 89");
});

Deno.test("AES-128 and AES-192 blocks match FIPS-197 C.1/C.2 and bad key sizes throw", () => {
  const pt = hex("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF");
  const out = new Uint8Array(16);
  encryptBlock(expandAesKey(Uint8Array.from({ length: 16 }, (_, i) => i)), pt, out);
  assertEquals(toHex(out), "69 C4 E0 D8 6A 7B 04 30 D8 CD B7 80 70 B4 C5 5A");
  encryptBlock(expandAesKey(Uint8Array.from({ length: 24 }, (_, i) => i)), pt, out);
  assertEquals(toHex(out), "DD A9 7C A4 86 4C DF E0 6E AF 70 A0 EC 0D 71 91");
  assertThrows(() => expandAesKey(new Uint8Array(20)), RangeError);
});

Deno.test("OFB keystream equals node:crypto CBC over zero blocks, for odd lengths too", async () => {
  const { createCipheriv } = await import("node:crypto");
  const random = seededRandom(7);
  const schedule = expandAesKey(AES_KEY);
  for (const length of [1, 15, 16, 17, 100, 1455, 1460]) {
    const iv16 = randomBytes(random, 16);
    const cipher = createCipheriv("aes-256-cbc", AES_KEY, iv16);
    cipher.setAutoPadding(false);
    const expected = new Uint8Array(cipher.update(new Uint8Array(Math.ceil(length / 16) * 16)));
    const out = new Uint8Array(length + 1);
    ofbKeystream(schedule, iv16, out, length);
    assertEquals(toHex(out.subarray(0, length)), toHex(expected.subarray(0, length)), `length ${length}`);
    assertEquals(out[length], 0, "must not write past length");
  }
});

for (const v of vectors.packets) {
  Deno.test(`vector ${v.name}: seal/open, header, transform, shuffle`, async () => {
    const params: CryptoParams = { region: v.region, majorVersion: v.majorVersion };
    const variant = cryptoVariant(params);
    assertEquals(variant.mapleTransform, v.mapleTransform);
    assertEquals(variant.expansion, v.ivExpansion === "first-byte-x16" ? "firstByte" : "repeat4");
    const plain = plaintextOf(v);
    const iv = hex(v.iv);
    const other = hex("01 02 03 04");
    // The sealing side is whoever sends in this vector's direction.
    const serverToClient = v.direction === "server->client";
    const sender = serverToClient
      ? serverCrypto(params, iv, other).send
      : clientCrypto(params, other, iv).send;
    const receiver = serverToClient
      ? clientCrypto(params, iv, other).recv
      : serverCrypto(params, other, iv).recv;

    if (v.afterMapleTransform !== undefined) {
      assertEquals(toHex(mapleEncrypt(plain.slice())), toHex(hex(v.afterMapleTransform)));
    }
    const wire = sender.seal(plain);
    assertEquals(toHex(wire.subarray(0, HEADER_LENGTH)), toHex(hex(v.header)));
    if (v.wire !== undefined) assertEquals(toHex(wire), toHex(hex(v.wire)));
    if (v.ciphertextBody !== undefined) {
      assertEquals(toHex(wire.subarray(HEADER_LENGTH)), toHex(hex(v.ciphertextBody)));
    }
    for (const [field, from] of [["first16", 0], ["1456_to_1472", 1456], ["2916_to_2932", 2916]] as const) {
      const expected = v[`ciphertextBody_${field}`];
      if (typeof expected === "string") {
        assertEquals(
          toHex(wire.subarray(HEADER_LENGTH + from, HEADER_LENGTH + from + 16)),
          toHex(hex(expected)),
        );
      }
    }
    if (typeof v.ciphertextBody_last16 === "string") {
      assertEquals(toHex(wire.subarray(wire.length - 16)), toHex(hex(v.ciphertextBody_last16)));
    }
    if (typeof v.sha256_of_wire === "string") assertEquals(await sha256Hex(wire), v.sha256_of_wire);
    if (typeof v.sha256_of_ciphertextBody === "string") {
      assertEquals(await sha256Hex(wire.subarray(HEADER_LENGTH)), v.sha256_of_ciphertextBody);
    }
    if (typeof v.sha256_of_afterMapleTransform === "string") {
      assertEquals(await sha256Hex(mapleEncrypt(plain.slice())), v.sha256_of_afterMapleTransform);
    }
    if (typeof v.aesKeystream_first16_of_every_chunk === "string") {
      const zeros = aesOfb(new Uint8Array(3000), expandIv(iv, variant.expansion));
      for (const from of [0, 1456, 2916]) {
        assertEquals(toHex(zeros.subarray(from, from + 16)), v.aesKeystream_first16_of_every_chunk);
      }
    }
    assertEquals(toHex(sender.iv), toHex(hex(v.ivAfterShuffle)));
    assertEquals(
      parseInt(v.headerVersionValue, 16),
      serverToClient ? serverVersionValue(v.majorVersion) : v.majorVersion,
    );

    // Receiving side: validates the header, decodes the length and recovers the plaintext.
    assertTrue(receiver.headerValid(wire));
    assertEquals(receiver.bodyLength(wire), plain.length);
    const body = wire.slice(HEADER_LENGTH);
    assertTrue(receiver.open(body) === body, "open works in place");
    assertEquals(toHex(body), toHex(plain));
    assertEquals(toHex(receiver.iv), toHex(hex(v.ivAfterShuffle)));
  });
}

Deno.test("IV shuffle chains", () => {
  for (const chain of vectors.ivShuffleChains) {
    const iv = hex(chain.start);
    for (const next of chain.successive) assertEquals(toHex(shuffleIv(iv)), next);
  }
});

Deno.test("maple transform known answers, both directions", () => {
  for (const { plaintext, transformed } of vectors.mapleTransformOnly) {
    assertEquals(toHex(mapleEncrypt(hex(plaintext))), transformed);
    assertEquals(toHex(mapleDecrypt(hex(transformed))), plaintext);
  }
  assertEquals(toHex(mapleDecrypt(hex("0B 34"))), "18 00");
  assertEquals(mapleEncrypt(new Uint8Array(0)).length, 0);
});

Deno.test("header length decodes", () => {
  for (const { header, length } of vectors.lengthDecode) {
    assertEquals(decodeHeaderLength(hex(header)), length);
  }
  const out = new Uint8Array(6);
  encodeHeader(hex("00 00 12 34"), 0xffac, 0xffff, out, 2);
  assertEquals(decodeHeaderLength(out, 2), 0xffff);
  assertEquals(out[0], 0, "offset respected");
});

Deno.test("header validation accepts the right IV/version and rejects the rest", () => {
  const params = { region: "GMS", majorVersion: 83 };
  const sendIv = hex("12 34 56 78");
  const recvIv = hex("A1 B2 C3 D4");
  const server = serverCrypto(params, sendIv, recvIv);
  const client = clientCrypto(params, sendIv, recvIv);
  const fromClient = client.send.seal(hex("14 00 E9 03 00 00"));
  assertTrue(server.recv.headerValid(fromClient));
  const framed = new Uint8Array(3 + fromClient.length);
  framed.set(fromClient, 3);
  assertTrue(server.recv.headerValid(framed, 3), "offset");
  assertTrue(!server.recv.headerValid(framed, 0));
  for (let bit = 0; bit < 16; bit++) {
    const bad = fromClient.slice();
    bad[bit >> 3] ^= 1 << (bit & 7);
    assertTrue(!server.recv.headerValid(bad), `flipped header bit ${bit}`);
  }
  // Flipping bits of the length half keeps the header valid (only the length changes).
  const lengthFlip = fromClient.slice();
  lengthFlip[2] ^= 0x01;
  assertTrue(server.recv.headerValid(lengthFlip));
  // A server→client header never validates as client→server: the version values differ.
  const fromServer = server.send.seal(hex("10 00"));
  assertTrue(!clientCrypto(params, recvIv, sendIv).recv.headerValid(fromServer));
  assertTrue(clientCrypto(params, sendIv, recvIv).recv.headerValid(fromServer));
  // After one packet the IV moved: the same header no longer validates.
  server.recv.open(fromClient.slice(HEADER_LENGTH));
  assertTrue(!server.recv.headerValid(fromClient));
  // Too short to hold a header.
  assertTrue(!server.recv.headerValid(fromClient.subarray(0, 3)));
  assertTrue(!server.recv.headerValid(fromClient, fromClient.length - 2));
});

Deno.test("constructors copy the IV and reject wrong IV sizes", () => {
  const iv = hex("12 34 56 78");
  const { send } = serverCrypto({ region: "GMS", majorVersion: 83 }, iv, hex("00 00 00 00"));
  send.seal(hex("00 00"));
  assertEquals(toHex(iv), "12 34 56 78", "caller's IV untouched");
  const snapshot = send.iv;
  snapshot[0] ^= 0xff;
  assertEquals(toHex(send.iv), "DD EF 64 61", "iv getter returns a copy");
  assertThrows(() => serverCrypto({ region: "GMS", majorVersion: 83 }, new Uint8Array(3), iv), RangeError);
  assertThrows(() => clientCrypto({ region: "GMS", majorVersion: 83 }, iv, new Uint8Array(16)), RangeError);
  assertThrows(() => send.seal(new Uint8Array(0x10000)), RangeError);
});

Deno.test("zero-length packets still shuffle the IV", () => {
  const params = { region: "GMS", majorVersion: 83 };
  const server = serverCrypto(params, hex("12 34 56 78"), hex("00 00 00 00"));
  const wire = server.send.seal(new Uint8Array(0));
  assertEquals(wire.length, HEADER_LENGTH);
  assertEquals(decodeHeaderLength(wire), 0);
  assertEquals(toHex(server.send.iv), "DD EF 64 61");
  assertEquals(server.recv.open(new Uint8Array(0)).length, 0);
  assertEquals(toHex(server.recv.iv), "11 BB 64 C7");
});

Deno.test("randomIv returns 4 fresh bytes", () => {
  const a = randomIv();
  assertEquals(a.length, 4);
  const seen = new Set<string>();
  for (let i = 0; i < 64; i++) seen.add(toHex(randomIv()));
  assertTrue(seen.size > 60, "IVs repeat far too often");
});

const ROUND_TRIP_CASES: CryptoParams[] = [
  { region: "GMS", majorVersion: 83 },
  { region: "JMS", majorVersion: 185 },
  { region: "GMS", majorVersion: 12 },
];

for (const params of ROUND_TRIP_CASES) {
  Deno.test(`round trip ${params.region} ${params.majorVersion}: random packets both ways with evolving IVs`, () => {
    const seed = 0xa7145 + params.majorVersion;
    const random = seededRandom(seed);
    const sendIv = randomBytes(random, 4);
    const recvIv = randomBytes(random, 4);
    const server = serverCrypto(params, sendIv, recvIv);
    const client = clientCrypto(params, sendIv, recvIv);
    const packets = 10_000;
    for (let i = 0; i < packets; i++) {
      // Mostly small packets, with a tail up to 10,000 bytes to cover multi-chunk bodies.
      const size = random() < 0.8 ? 2 + ((random() * 200) | 0) : 2 + ((random() * 9_999) | 0);
      const plain = randomBytes(random, size);
      const toServer = random() < 0.5;
      const from = toServer ? client.send : server.send;
      const to = toServer ? server.recv : client.recv;
      const wire = from.seal(plain);
      if (!to.headerValid(wire)) throw new Error(`seed ${seed} packet ${i}: header rejected`);
      if (to.bodyLength(wire) !== size) throw new Error(`seed ${seed} packet ${i}: length mismatch`);
      const body = to.open(wire.subarray(HEADER_LENGTH));
      for (let k = 0; k < size; k++) {
        if (body[k] !== plain[k]) throw new Error(`seed ${seed} packet ${i} size ${size}: byte ${k} differs`);
      }
      assertEquals(toHex(from.iv), toHex(to.iv));
    }
  });
}

Deno.test("encryptBlock works in place and ofbXor equals keystream XOR", () => {
  const schedule = expandAesKey(Uint8Array.from({ length: 32 }, (_, i) => i));
  const block = hex("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF");
  encryptBlock(schedule, block, block);
  assertEquals(toHex(block), "8E A2 B7 CA 51 67 45 BF EA FC 49 90 4B 49 60 89");
  const random = seededRandom(99);
  for (const length of [0, 5, 16, 33, 1456]) {
    const iv16 = randomBytes(random, 16);
    const data = randomBytes(random, length + 3);
    const expected = data.slice();
    const ks = new Uint8Array(length);
    ofbKeystream(schedule, iv16, ks, length);
    for (let i = 0; i < length; i++) expected[i] ^= ks[i];
    ofbXor(schedule, iv16, data, length);
    assertEquals(toHex(data), toHex(expected), `length ${length}`);
  }
});
