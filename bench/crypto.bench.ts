/**
 * Packet crypto throughput: `./scripts/deno bench -A bench/crypto.bench.ts`.
 * The "keystream" group compares the options for generating the AES-OFB keystream (see crypto.ts).
 */
import { createCipheriv } from "node:crypto";
import { AES_KEY, clientCrypto, HEADER_LENGTH, mapleEncrypt, serverCrypto } from "../src/protocol/crypto.ts";
import { expandAesKey, ofbKeystream } from "../src/protocol/aes.ts";

const params = { region: "GMS", majorVersion: 83 };
const sendIv = Uint8Array.of(0x12, 0x34, 0x56, 0x78);
const recvIv = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4);

function payload(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
}

for (const size of [64, 1460]) {
  const plain = payload(size);
  const server = serverCrypto(params, sendIv, recvIv);
  Deno.bench(`encrypt+frame ${size} B (GMS 83)`, { group: `seal ${size}` }, () => {
    server.send.seal(plain);
  });

  // Decrypt needs ciphertexts produced with the IVs the receiver will be at, so pre-seal a ring of packets
  // and restart both sides whenever the ring is used up.
  const ringSize = 4096;
  const client = clientCrypto(params, sendIv, recvIv);
  const ring = Array.from({ length: ringSize }, () => client.send.seal(plain).subarray(HEADER_LENGTH));
  const bodies = ring.map((b) => b.slice());
  let receiver = serverCrypto(params, sendIv, recvIv).recv;
  let next = 0;
  Deno.bench(`decrypt ${size} B (GMS 83)`, { group: `open ${size}` }, () => {
    if (next === ringSize) {
      receiver = serverCrypto(params, sendIv, recvIv).recv;
      for (let i = 0; i < ringSize; i++) bodies[i].set(ring[i]);
      next = 0;
    }
    receiver.open(bodies[next++]);
  });

  const jms = serverCrypto({ region: "JMS", majorVersion: 185 }, sendIv, recvIv);
  Deno.bench(`encrypt+frame ${size} B (JMS, no transform)`, { group: `seal ${size}` }, () => {
    jms.send.seal(plain);
  });

  const scratch = payload(size);
  Deno.bench(`maple transform only ${size} B`, { group: `parts ${size}` }, () => {
    mapleEncrypt(scratch);
  });

  const schedule = expandAesKey(AES_KEY);
  const iv16 = payload(16);
  const out = new Uint8Array(1472);
  Deno.bench(`keystream pure-TS T-table ${size} B`, { group: `keystream ${size}`, baseline: true }, () => {
    ofbKeystream(schedule, iv16, out, size);
  });
  const zeros = new Uint8Array(Math.ceil(size / 16) * 16);
  Deno.bench(`keystream node:crypto aes-256-cbc over zeros ${size} B`, { group: `keystream ${size}` }, () => {
    const cipher = createCipheriv("aes-256-cbc", AES_KEY, iv16);
    cipher.setAutoPadding(false);
    cipher.update(zeros);
  });
}
