/**
 * AES block encryption (encrypt direction only) in plain TypeScript, with 32-bit T-tables.
 *
 * The game's stream cipher is AES-OFB, which only ever runs the block cipher forwards, and OFB cannot be
 * expressed with WebCrypto (async, no OFB) or Deno's `node:crypto` (no `aes-*-ofb`). Creating a
 * `node:crypto` cipher per packet costs ~4 µs, which alone is more than our whole per-packet budget for
 * small packets, so the keystream of small packets is generated here. See `crypto.ts` for the measurements
 * that decide when the native path is used instead.
 * @module
 */

/** The AES S-box, derived at load time from the GF(2^8) inverse plus the affine map (FIPS-197 §5.1.1). */
export const SBOX: Uint8Array = buildSbox();

// T-tables: TE0[x] = (2·S[x], S[x], S[x], 3·S[x]) as a big-endian word; TE1..TE3 are byte rotations.
const TE0 = new Int32Array(256);
const TE1 = new Int32Array(256);
const TE2 = new Int32Array(256);
const TE3 = new Int32Array(256);
buildTables();

function xtime(b: number): number {
  return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;
}

function buildSbox(): Uint8Array {
  // Walk the multiplicative group with generator 3; p·3 and q·3⁻¹ keep p·q = 1.
  const sbox = new Uint8Array(256);
  let p = 1;
  let q = 1;
  do {
    p = p ^ xtime(p);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const rotl = (x: number, s: number) => ((x << s) | (x >>> (8 - s))) & 0xff;
    sbox[p] = (q ^ rotl(q, 1) ^ rotl(q, 2) ^ rotl(q, 3) ^ rotl(q, 4) ^ 0x63) & 0xff;
  } while (p !== 1);
  sbox[0] = 0x63;
  return sbox;
}

function buildTables(): void {
  for (let x = 0; x < 256; x++) {
    const s = SBOX[x];
    const s2 = xtime(s);
    const s3 = s2 ^ s;
    const word = (s2 << 24) | (s << 16) | (s << 8) | s3;
    TE0[x] = word;
    TE1[x] = (word >>> 8) | (word << 24);
    TE2[x] = (word >>> 16) | (word << 16);
    TE3[x] = (word >>> 24) | (word << 8);
  }
}

/** An expanded AES encryption key: round keys as big-endian words, plus the round count. */
export interface AesKeySchedule {
  readonly roundKeys: Int32Array;
  readonly rounds: number;
}

/** Expands a 16-, 24- or 32-byte key for encryption (FIPS-197 §5.2). */
export function expandAesKey(key: Uint8Array): AesKeySchedule {
  const nk = key.length / 4;
  if (nk !== 4 && nk !== 6 && nk !== 8) {
    throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
  const rounds = nk + 6;
  const total = 4 * (rounds + 1);
  const w = new Int32Array(total);
  for (let i = 0; i < nk; i++) {
    w[i] = (key[4 * i] << 24) | (key[4 * i + 1] << 16) | (key[4 * i + 2] << 8) | key[4 * i + 3];
  }
  let rcon = 1;
  for (let i = nk; i < total; i++) {
    let t = w[i - 1];
    if (i % nk === 0) {
      t = (t << 8) | (t >>> 24);
      t = subWord(t) ^ (rcon << 24);
      rcon = xtime(rcon);
    } else if (nk > 6 && i % nk === 4) {
      t = subWord(t);
    }
    w[i] = w[i - nk] ^ t;
  }
  return { roundKeys: w, rounds };
}

function subWord(t: number): number {
  return (SBOX[t >>> 24] << 24) | (SBOX[(t >>> 16) & 0xff] << 16) | (SBOX[(t >>> 8) & 0xff] << 8) |
    SBOX[t & 0xff];
}

/**
 * XORs the first `length` bytes of `data` with the AES-OFB keystream for `iv16` (encrypts = decrypts).
 * Block i of the keystream is E^(i+1)(iv16); the state stays in four words between blocks.
 */
export function ofbXor(
  schedule: AesKeySchedule,
  iv16: Uint8Array,
  data: Uint8Array,
  length: number,
): void {
  const out = data;
  const rk = schedule.roundKeys;
  const rounds = schedule.rounds;
  let s0 = (iv16[0] << 24) | (iv16[1] << 16) | (iv16[2] << 8) | iv16[3];
  let s1 = (iv16[4] << 24) | (iv16[5] << 16) | (iv16[6] << 8) | iv16[7];
  let s2 = (iv16[8] << 24) | (iv16[9] << 16) | (iv16[10] << 8) | iv16[11];
  let s3 = (iv16[12] << 24) | (iv16[13] << 16) | (iv16[14] << 8) | iv16[15];
  for (let pos = 0; pos < length; pos += 16) {
    // One block: initial AddRoundKey, rounds-1 full rounds, final round without MixColumns.
    let a0 = s0 ^ rk[0];
    let a1 = s1 ^ rk[1];
    let a2 = s2 ^ rk[2];
    let a3 = s3 ^ rk[3];
    let k = 4;
    for (let r = 1; r < rounds; r++) {
      const b0 = TE0[a0 >>> 24] ^ TE1[(a1 >>> 16) & 0xff] ^ TE2[(a2 >>> 8) & 0xff] ^ TE3[a3 & 0xff] ^ rk[k];
      const b1 = TE0[a1 >>> 24] ^ TE1[(a2 >>> 16) & 0xff] ^ TE2[(a3 >>> 8) & 0xff] ^ TE3[a0 & 0xff] ^
        rk[k + 1];
      const b2 = TE0[a2 >>> 24] ^ TE1[(a3 >>> 16) & 0xff] ^ TE2[(a0 >>> 8) & 0xff] ^ TE3[a1 & 0xff] ^
        rk[k + 2];
      const b3 = TE0[a3 >>> 24] ^ TE1[(a0 >>> 16) & 0xff] ^ TE2[(a1 >>> 8) & 0xff] ^ TE3[a2 & 0xff] ^
        rk[k + 3];
      a0 = b0;
      a1 = b1;
      a2 = b2;
      a3 = b3;
      k += 4;
    }
    s0 = ((SBOX[a0 >>> 24] << 24) | (SBOX[(a1 >>> 16) & 0xff] << 16) | (SBOX[(a2 >>> 8) & 0xff] << 8) |
      SBOX[a3 & 0xff]) ^ rk[k];
    s1 = ((SBOX[a1 >>> 24] << 24) | (SBOX[(a2 >>> 16) & 0xff] << 16) | (SBOX[(a3 >>> 8) & 0xff] << 8) |
      SBOX[a0 & 0xff]) ^ rk[k + 1];
    s2 = ((SBOX[a2 >>> 24] << 24) | (SBOX[(a3 >>> 16) & 0xff] << 16) | (SBOX[(a0 >>> 8) & 0xff] << 8) |
      SBOX[a1 & 0xff]) ^ rk[k + 2];
    s3 = ((SBOX[a3 >>> 24] << 24) | (SBOX[(a0 >>> 16) & 0xff] << 16) | (SBOX[(a1 >>> 8) & 0xff] << 8) |
      SBOX[a2 & 0xff]) ^ rk[k + 3];
    if (pos + 16 <= length) {
      out[pos] ^= s0 >>> 24;
      out[pos + 1] ^= s0 >>> 16;
      out[pos + 2] ^= s0 >>> 8;
      out[pos + 3] ^= s0;
      out[pos + 4] ^= s1 >>> 24;
      out[pos + 5] ^= s1 >>> 16;
      out[pos + 6] ^= s1 >>> 8;
      out[pos + 7] ^= s1;
      out[pos + 8] ^= s2 >>> 24;
      out[pos + 9] ^= s2 >>> 16;
      out[pos + 10] ^= s2 >>> 8;
      out[pos + 11] ^= s2;
      out[pos + 12] ^= s3 >>> 24;
      out[pos + 13] ^= s3 >>> 16;
      out[pos + 14] ^= s3 >>> 8;
      out[pos + 15] ^= s3;
    } else {
      const words = [s0, s1, s2, s3];
      for (let i = 0; pos + i < length; i++) out[pos + i] ^= words[i >>> 2] >>> (24 - 8 * (i & 3));
    }
  }
}

/** Writes `length` bytes of AES-OFB keystream for `iv16` into `out` (from index 0). */
export function ofbKeystream(
  schedule: AesKeySchedule,
  iv16: Uint8Array,
  out: Uint8Array,
  length: number,
): void {
  out.fill(0, 0, length);
  ofbXor(schedule, iv16, out, length);
}

/** Encrypts one 16-byte block (`input` and `out` may be the same array). Used by tests against FIPS-197. */
export function encryptBlock(schedule: AesKeySchedule, input: Uint8Array, out: Uint8Array): void {
  // OFB's first keystream block is exactly E(iv), so the keystream routine doubles as the block cipher.
  ofbKeystream(schedule, input === out ? input.slice(0, 16) : input, out, 16);
}
