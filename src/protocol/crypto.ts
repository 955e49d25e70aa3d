/**
 * The game's per-session packet crypto: 4-byte header, custom ("maple") byte transform, AES-256-OFB with
 * 1456/1460-byte chunking, and the IV shuffle (reference: socket-protocol.md §2–§3).
 *
 * Keystream generation: the OFB keystream of a packet depends only on its 4-byte IV and is at most 1460
 * bytes long (every chunk restarts from the same IV), so it is generated once per packet into a shared
 * scratch buffer and XORed over each chunk. Options measured on the build host (Deno 2.9.6, one core,
 * shared machine, so ±20%):
 *
 * | keystream for | pure-TS T-table AES (`aes.ts`) | `node:crypto` aes-256-cbc over zeros (new cipher per packet) |
 * |---|---|---|
 * | 64 B   | ~0.6 µs | ~4.4 µs |
 * | 1460 B | ~13.5 µs | ~11.7–14.6 µs |
 *
 * WebCrypto AES-CBC is asynchronous (a promise per packet), so it was ruled out for the per-packet path.
 * The native path only ties from ~1 KB up (a hybrid would save ≤10% on the largest packets, within noise),
 * so the pure-TS path is used for every packet sealed alone. Sessions seal their end-of-turn writes through
 * {@link sealBatch} instead, where one native ECB call per keystream block depth covers every packet of the
 * turn (`ofb-batch.ts`). Whole-packet figures (`bench/crypto.bench.ts`, GMS 83):
 * seal 64 B ≈ 520–600 k packets/s, open 64 B ≈ 820–850 k/s, seal 1460 B ≈ 44 MB/s, open 1460 B ≈ 56 MB/s;
 * the maple transform is about half of the large-packet cost (JMS, without it, seals 1460 B at ≈ 85 MB/s).
 * @module
 */
import { type AesKeySchedule, expandAesKey, ofbKeystream, ofbXor } from "./aes.ts";
import { MAX_JOB_LENGTH, type OfbBatch, ofbBatch } from "./ofb-batch.ts";

/** Bytes of the per-packet header that precedes every encrypted body. */
export const HEADER_LENGTH = 4;

/** Largest body a 16-bit header can announce. */
export const MAX_BODY_LENGTH = 0xffff;

/** The fixed AES-256 key every region and version uses (§3.1). */
export const AES_KEY: Uint8Array = Uint8Array.from([
  0x13,
  0,
  0,
  0,
  0x08,
  0,
  0,
  0,
  0x06,
  0,
  0,
  0,
  0xb4,
  0,
  0,
  0,
  0x1b,
  0,
  0,
  0,
  0x0f,
  0,
  0,
  0,
  0x33,
  0,
  0,
  0,
  0x52,
  0,
  0,
  0,
]);

const KEY_SCHEDULE: AesKeySchedule = expandAesKey(AES_KEY);

export type { OfbBatch } from "./ofb-batch.ts";

/**
 * A batch for the deferred AES step of {@link Encryptor.sealInto} and {@link Encryptor.sealSharedInto}:
 * sealing many packets with it, then one {@link OfbBatch.run}, gives the same bytes as sealing each alone,
 * with the block cipher done natively for all of them at once (see `ofb-batch.ts`).
 */
export function sealBatch(minNativeBlocks?: number): OfbBatch {
  return ofbBatch(AES_KEY, KEY_SCHEDULE, minNativeBlocks);
}

/** Length of the first AES chunk: the protocol counts the 4-byte header against a 1460-byte block. */
export const FIRST_CHUNK_LENGTH = 1456;
/** Length of every later AES chunk. */
export const CHUNK_LENGTH = 1460;

/** Tenant facts that select the crypto variant. */
export interface CryptoParams {
  region: string;
  majorVersion: number;
}

/** How a 4-byte IV becomes the 16-byte AES IV (§3.3). */
export type IvExpansion = "repeat4" | "firstByte";

/** The variant flags derived from a tenant: the transform is off for JMS, GMS ≤ 12 fills from iv[0]. */
export interface CryptoVariant {
  expansion: IvExpansion;
  mapleTransform: boolean;
}

/** Derives the variant flags from the tenant's region and major version (§3.2, §3.7). */
export function cryptoVariant(params: CryptoParams): CryptoVariant {
  return {
    expansion: params.region === "GMS" && params.majorVersion <= 12 ? "firstByte" : "repeat4",
    mapleTransform: params.region !== "JMS",
  };
}

/** Expands a 4-byte IV into the 16-byte AES-OFB IV, into `out` when given. */
export function expandIv(iv: Uint8Array, expansion: IvExpansion, out = new Uint8Array(16)): Uint8Array {
  for (let i = 0; i < 16; i++) out[i] = expansion === "firstByte" ? iv[0] : iv[i & 3];
  return out;
}

const keystreamScratch = new Uint8Array(CHUNK_LENGTH);
const iv16Scratch = new Uint8Array(16);

/**
 * XORs `body` in place with the chunked AES-OFB keystream for `iv16` (§3.4). Symmetric: encrypts and
 * decrypts. Each chunk ([0,1456), then 1460-byte chunks) restarts from the same keystream.
 */
export function aesOfb(body: Uint8Array, iv16: Uint8Array): Uint8Array {
  const n = body.length;
  if (n === 0) return body;
  if (n <= FIRST_CHUNK_LENGTH) {
    ofbXor(KEY_SCHEDULE, iv16, body, n);
    return body;
  }
  // Every chunk reuses the same keystream prefix, so generate the longest chunk's worth once.
  const ks = keystreamScratch;
  ofbKeystream(KEY_SCHEDULE, iv16, ks, CHUNK_LENGTH);
  let start = 0;
  let chunk = FIRST_CHUNK_LENGTH;
  while (start < n) {
    const end = Math.min(start + chunk, n);
    for (let i = start, k = 0; i < end; i++, k++) body[i] ^= ks[k];
    start = end;
    chunk = CHUNK_LENGTH;
  }
  return body;
}

function rol(x: number, k: number): number {
  k &= 7;
  return ((x << k) | (x >>> (8 - k))) & 0xff;
}

function ror(x: number, k: number): number {
  k &= 7;
  return ((x >>> k) | (x << (8 - k))) & 0xff;
}

// The transform is byte-serial (each step chains through `prev`), so its cost is per-byte operations.
// Lookup tables fold every step that does not depend on `prev` into one load; the tables with a
// data-dependent rotation are indexed by (j & 7) << 8 | c. Halves the cost of the naive version.
const ROL3 = Uint8Array.from({ length: 256 }, (_, c) => rol(c, 3));
const ROL4 = Uint8Array.from({ length: 256 }, (_, c) => rol(c, 4));
/** Forward pass tail: ror(c, j), xor 0xFF, add 0x48. */
const FORWARD_OUT = Uint8Array.from(
  { length: 2048 },
  (_, x) => ((ror(x & 0xff, x >>> 8) ^ 0xff) + 0x48) & 0xff,
);
/** Backward pass tail: xor 0x13, ror 3. */
const BACKWARD_OUT = Uint8Array.from({ length: 256 }, (_, c) => ror(c ^ 0x13, 3));
/** Undo-backward head: rol 3, xor 0x13. */
const UNDO_BACKWARD_IN = Uint8Array.from({ length: 256 }, (_, c) => rol(c, 3) ^ 0x13);
/** Undo-backward tail: ror 4. */
const ROR4 = Uint8Array.from({ length: 256 }, (_, c) => ror(c, 4));
/** Undo-forward head: subtract 0x48, xor 0xFF, rol j. */
const UNDO_FORWARD_IN = Uint8Array.from(
  { length: 2048 },
  (_, x) => rol((((x & 0xff) - 0x48) & 0xff) ^ 0xff, x >>> 8),
);
/** Undo-forward tail: ror 3. */
const ROR3 = Uint8Array.from({ length: 256 }, (_, c) => ror(c, 3));

/** Applies the custom encrypt transform to `body` in place (§3.5); done before AES on send. */
export function mapleEncrypt(body: Uint8Array): Uint8Array {
  const n = body.length;
  for (let round = 0; round < 3; round++) {
    let prev = 0;
    for (let i = 0, j = n; i < n; i++, j--) {
      prev = ((ROL3[body[i]] + j) & 0xff) ^ prev;
      body[i] = FORWARD_OUT[((j & 7) << 8) | prev];
    }
    prev = 0;
    for (let i = n - 1, j = n; i >= 0; i--, j--) {
      prev = ((ROL4[body[i]] + j) & 0xff) ^ prev;
      body[i] = BACKWARD_OUT[prev];
    }
  }
  return body;
}

/** Undoes {@link mapleEncrypt} on `body` in place (§3.5); done after AES on receive. */
export function mapleDecrypt(body: Uint8Array): Uint8Array {
  const n = body.length;
  for (let round = 0; round < 3; round++) {
    let prev = 0;
    for (let i = n - 1, j = n; i >= 0; i--, j--) {
      const saved = UNDO_BACKWARD_IN[body[i]];
      body[i] = ROR4[((saved ^ prev) - j) & 0xff];
      prev = saved;
    }
    prev = 0;
    for (let i = 0, j = n; i < n; i++, j--) {
      const saved = UNDO_FORWARD_IN[((j & 7) << 8) | body[i]];
      body[i] = ROR3[((saved ^ prev) - j) & 0xff];
      prev = saved;
    }
  }
  return body;
}

/** The 256-byte table of the IV shuffle (§3.6). */
export const SHUFFLE_TABLE: Uint8Array = Uint8Array.from([
  0xec,
  0x3f,
  0x77,
  0xa4,
  0x45,
  0xd0,
  0x71,
  0xbf,
  0xb7,
  0x98,
  0x20,
  0xfc,
  0x4b,
  0xe9,
  0xb3,
  0xe1,
  0x5c,
  0x22,
  0xf7,
  0x0c,
  0x44,
  0x1b,
  0x81,
  0xbd,
  0x63,
  0x8d,
  0xd4,
  0xc3,
  0xf2,
  0x10,
  0x19,
  0xe0,
  0xfb,
  0xa1,
  0x6e,
  0x66,
  0xea,
  0xae,
  0xd6,
  0xce,
  0x06,
  0x18,
  0x4e,
  0xeb,
  0x78,
  0x95,
  0xdb,
  0xba,
  0xb6,
  0x42,
  0x7a,
  0x2a,
  0x83,
  0x0b,
  0x54,
  0x67,
  0x6d,
  0xe8,
  0x65,
  0xe7,
  0x2f,
  0x07,
  0xf3,
  0xaa,
  0x27,
  0x7b,
  0x85,
  0xb0,
  0x26,
  0xfd,
  0x8b,
  0xa9,
  0xfa,
  0xbe,
  0xa8,
  0xd7,
  0xcb,
  0xcc,
  0x92,
  0xda,
  0xf9,
  0x93,
  0x60,
  0x2d,
  0xdd,
  0xd2,
  0xa2,
  0x9b,
  0x39,
  0x5f,
  0x82,
  0x21,
  0x4c,
  0x69,
  0xf8,
  0x31,
  0x87,
  0xee,
  0x8e,
  0xad,
  0x8c,
  0x6a,
  0xbc,
  0xb5,
  0x6b,
  0x59,
  0x13,
  0xf1,
  0x04,
  0x00,
  0xf6,
  0x5a,
  0x35,
  0x79,
  0x48,
  0x8f,
  0x15,
  0xcd,
  0x97,
  0x57,
  0x12,
  0x3e,
  0x37,
  0xff,
  0x9d,
  0x4f,
  0x51,
  0xf5,
  0xa3,
  0x70,
  0xbb,
  0x14,
  0x75,
  0xc2,
  0xb8,
  0x72,
  0xc0,
  0xed,
  0x7d,
  0x68,
  0xc9,
  0x2e,
  0x0d,
  0x62,
  0x46,
  0x17,
  0x11,
  0x4d,
  0x6c,
  0xc4,
  0x7e,
  0x53,
  0xc1,
  0x25,
  0xc7,
  0x9a,
  0x1c,
  0x88,
  0x58,
  0x2c,
  0x89,
  0xdc,
  0x02,
  0x64,
  0x40,
  0x01,
  0x5d,
  0x38,
  0xa5,
  0xe2,
  0xaf,
  0x55,
  0xd5,
  0xef,
  0x1a,
  0x7c,
  0xa7,
  0x5b,
  0xa6,
  0x6f,
  0x86,
  0x9f,
  0x73,
  0xe6,
  0x0a,
  0xde,
  0x2b,
  0x99,
  0x4a,
  0x47,
  0x9c,
  0xdf,
  0x09,
  0x76,
  0x9e,
  0x30,
  0x0e,
  0xe4,
  0xb2,
  0x94,
  0xa0,
  0x3b,
  0x34,
  0x1d,
  0x28,
  0x0f,
  0x36,
  0xe3,
  0x23,
  0xb4,
  0x03,
  0xd8,
  0x90,
  0xc8,
  0x3c,
  0xfe,
  0x5e,
  0x32,
  0x24,
  0x50,
  0x1f,
  0x3a,
  0x43,
  0x8a,
  0x96,
  0x41,
  0x74,
  0xac,
  0x52,
  0x33,
  0xf0,
  0xd9,
  0x29,
  0x80,
  0xb1,
  0x16,
  0xd3,
  0xab,
  0x91,
  0xb9,
  0x84,
  0x7f,
  0x61,
  0x1e,
  0xcf,
  0xc5,
  0xd1,
  0x56,
  0x3d,
  0xca,
  0xf4,
  0x05,
  0xc6,
  0xe5,
  0x08,
  0x49,
]);

/** Replaces the 4-byte `iv` in place with its successor (§3.6); called once per packet per direction. */
export function shuffleIv(iv: Uint8Array): Uint8Array {
  const t = SHUFFLE_TABLE;
  let n0 = 0xf2;
  let n1 = 0x53;
  let n2 = 0x50;
  let n3 = 0xc6;
  for (let i = 0; i < 4; i++) {
    const x = iv[i];
    const tx = t[x];
    n0 = (n0 + (t[n1] - x)) & 0xff;
    n1 = (n1 - (n2 ^ tx)) & 0xff;
    n2 = (n2 ^ (t[n3] + x)) & 0xff;
    n3 = (n3 - (n0 - tx)) & 0xff;
    const v = n0 | (n1 << 8) | (n2 << 16) | (n3 << 24);
    const r = (v << 3) | (v >>> 29);
    n0 = r & 0xff;
    n1 = (r >>> 8) & 0xff;
    n2 = (r >>> 16) & 0xff;
    n3 = (r >>> 24) & 0xff;
  }
  iv[0] = n0;
  iv[1] = n1;
  iv[2] = n2;
  iv[3] = n3;
  return iv;
}

/** Header version value of server→client packets: the one's complement of the major version (§2.1). */
export function serverVersionValue(majorVersion: number): number {
  return (0xffff - majorVersion) & 0xffff;
}

/** Header version value of client→server packets: the major version itself (§2.1). */
export function clientVersionValue(majorVersion: number): number {
  return majorVersion & 0xffff;
}

/** Writes the 4-byte header for a body of `length` bytes at `out[offset]` (§2.1). */
export function encodeHeader(
  iv: Uint8Array,
  versionValue: number,
  length: number,
  out: Uint8Array,
  offset = 0,
): void {
  const a = ((iv[2] | (iv[3] << 8)) ^ versionValue) & 0xffff;
  const b = a ^ (length & 0xffff);
  out[offset] = a;
  out[offset + 1] = a >>> 8;
  out[offset + 2] = b;
  out[offset + 3] = b >>> 8;
}

/** Body length announced by a header at `buf[offset]` (§2.2); no IV or version needed. */
export function decodeHeaderLength(buf: Uint8Array, offset = 0): number {
  return (buf[offset] | (buf[offset + 1] << 8)) ^ (buf[offset + 2] | (buf[offset + 3] << 8));
}

/** True when a header's first two bytes equal `iv[2..3] XOR versionValue` (the check the reference skips). */
export function headerMatches(buf: Uint8Array, iv: Uint8Array, versionValue: number, offset = 0): boolean {
  const a = ((iv[2] | (iv[3] << 8)) ^ versionValue) & 0xffff;
  return (buf[offset] | (buf[offset + 1] << 8)) === a;
}

/**
 * One plaintext body sent to many sessions. The maple transform does not depend on the IV, so the first
 * {@link Encryptor.sealShared} that needs it transforms a copy once and every other recipient reuses it;
 * only the AES-OFB step (which depends on each session's IV) is done per recipient.
 */
export interface SharedBody {
  readonly plain: Uint8Array;
  /**
   * Marks a packet that a newer one with the same key makes obsolete (a character's movement): a
   * recipient that has fallen behind may send only the newest of those it still holds (see the session).
   */
  readonly coalesceKey?: string;
  /** The maple-transformed copy of `plain`, filled in on first use. */
  transformed?: Uint8Array;
}

/** Wraps a body for {@link Encryptor.sealShared}. `plain` must not change afterwards. */
export function sharedBody(plain: Uint8Array, coalesceKey?: string): SharedBody {
  return coalesceKey === undefined ? { plain } : { plain, coalesceKey };
}

/** One direction of a session's crypto; IV evolves after every packet. */
export interface Encryptor {
  /** Builds header+encrypted body for a plaintext body (opcode+payload) and advances the IV. Returns a new buffer (4+len). */
  seal(plain: Uint8Array): Uint8Array;
  /**
   * The same bytes as `seal(body.plain)`, reusing the body's shared maple transform (broadcasts). Optional
   * so that stand-in encryptors need not implement it; callers fall back to {@link Encryptor.seal}.
   */
  sealShared?(body: SharedBody): Uint8Array;
  /**
   * Writes the bytes of `seal(plain)` into `out` at `offset` (header + body: `HEADER_LENGTH + plain.length`
   * bytes) and advances the IV; `plain` is not changed. Lets a session seal its queued packets straight
   * into one write buffer. With `batch`, the AES step of a body of one chunk or less is left to the
   * batch: the bytes are final only after its {@link OfbBatch.run}. Optional, as {@link Encryptor.sealShared}.
   */
  sealInto?(plain: Uint8Array, out: Uint8Array, offset: number, batch?: OfbBatch): number;
  /** {@link Encryptor.sealInto} for a shared body (the bytes of `sealShared(body)`). */
  sealSharedInto?(body: SharedBody, out: Uint8Array, offset: number, batch?: OfbBatch): number;
  /** A copy of the current IV. */
  readonly iv: Uint8Array;
}

/** The receiving direction of a session's crypto; IV evolves after every packet. */
export interface Decryptor {
  /** Body length announced by a 4-byte header at `offset` (no validation). */
  bodyLength(buf: Uint8Array, offset?: number): number;
  /** True when the header's first two bytes match the current IV and this direction's version value. */
  headerValid(buf: Uint8Array, offset?: number): boolean;
  /** Decrypts a body in place (AES then inverse transform) and advances the IV. Returns the same array. */
  open(body: Uint8Array): Uint8Array;
  /** A copy of the current IV. */
  readonly iv: Uint8Array;
}

function checkIv(iv: Uint8Array, what: string): Uint8Array {
  if (!(iv instanceof Uint8Array) || iv.length !== 4) {
    throw new RangeError(`${what} must be 4 bytes, got ${iv?.length}`);
  }
  return Uint8Array.from(iv);
}

/** Builds an encryptor for one direction. `versionValue` goes into every header. */
export function createEncryptor(
  variant: CryptoVariant,
  initialIv: Uint8Array,
  versionValue: number,
): Encryptor {
  const iv = checkIv(initialIv, "IV");
  const { expansion, mapleTransform } = variant;
  return {
    get iv() {
      return iv.slice();
    },
    seal(plain: Uint8Array): Uint8Array {
      checkLength(plain.length);
      const out = new Uint8Array(HEADER_LENGTH + plain.length);
      sealBody(plain, false, out, 0);
      return out;
    },
    sealShared(shared: SharedBody): Uint8Array {
      checkLength(shared.plain.length);
      const out = new Uint8Array(HEADER_LENGTH + shared.plain.length);
      sealSharedInto(shared, out, 0);
      return out;
    },
    sealInto(plain: Uint8Array, out: Uint8Array, offset: number, batch?: OfbBatch): number {
      checkLength(plain.length);
      return sealBody(plain, false, out, offset, batch);
    },
    sealSharedInto(shared: SharedBody, out: Uint8Array, offset: number, batch?: OfbBatch): number {
      checkLength(shared.plain.length);
      return sealSharedInto(shared, out, offset, batch);
    },
  };

  function sealSharedInto(shared: SharedBody, out: Uint8Array, offset: number, batch?: OfbBatch): number {
    if (!mapleTransform) return sealBody(shared.plain, false, out, offset, batch);
    shared.transformed ??= mapleEncrypt(shared.plain.slice());
    return sealBody(shared.transformed, true, out, offset, batch);
  }

  function sealBody(
    bytes: Uint8Array,
    transformed: boolean,
    out: Uint8Array,
    offset: number,
    batch?: OfbBatch,
  ): number {
    const n = bytes.length;
    encodeHeader(iv, versionValue, n, out, offset);
    const start = offset + HEADER_LENGTH;
    out.set(bytes, start);
    if (mapleTransform && !transformed) mapleEncrypt(out.subarray(start, start + n));
    const iv16 = expandIv(iv, expansion, iv16Scratch);
    if (batch !== undefined && n <= MAX_JOB_LENGTH) batch.add(out, start, n, iv16);
    else aesOfb(out.subarray(start, start + n), iv16);
    shuffleIv(iv);
    return HEADER_LENGTH + n;
  }
}

function checkLength(n: number): void {
  if (n > MAX_BODY_LENGTH) {
    throw new RangeError(`packet body of ${n} bytes exceeds the 16-bit header limit ${MAX_BODY_LENGTH}`);
  }
}

/** Builds a decryptor for one direction. `versionValue` is what a conforming peer puts into headers. */
export function createDecryptor(
  variant: CryptoVariant,
  initialIv: Uint8Array,
  versionValue: number,
): Decryptor {
  const iv = checkIv(initialIv, "IV");
  const { expansion, mapleTransform } = variant;
  return {
    get iv() {
      return iv.slice();
    },
    bodyLength: decodeHeaderLength,
    headerValid(buf: Uint8Array, offset = 0): boolean {
      return buf.length - offset >= HEADER_LENGTH && headerMatches(buf, iv, versionValue, offset);
    },
    open(body: Uint8Array): Uint8Array {
      aesOfb(body, expandIv(iv, expansion, iv16Scratch));
      if (mapleTransform) mapleDecrypt(body);
      shuffleIv(iv);
      return body;
    },
  };
}

/** Server side: send uses sendIv with version 0xFFFF-major; recv uses recvIv with version major. */
export function serverCrypto(
  params: CryptoParams,
  sendIv: Uint8Array,
  recvIv: Uint8Array,
): { send: Encryptor; recv: Decryptor } {
  const variant = cryptoVariant(params);
  return {
    send: createEncryptor(variant, sendIv, serverVersionValue(params.majorVersion)),
    recv: createDecryptor(variant, recvIv, clientVersionValue(params.majorVersion)),
  };
}

/** Client side (the headless client): encrypts with the server's recvIv (version major), decrypts with the server's sendIv (version 0xFFFF-major). */
export function clientCrypto(
  params: CryptoParams,
  serverSendIv: Uint8Array,
  serverRecvIv: Uint8Array,
): { send: Encryptor; recv: Decryptor } {
  const variant = cryptoVariant(params);
  return {
    send: createEncryptor(variant, serverRecvIv, clientVersionValue(params.majorVersion)),
    recv: createDecryptor(variant, serverSendIv, serverVersionValue(params.majorVersion)),
  };
}

/** A fresh random 4-byte IV from the CSPRNG (the reference uses math/rand and never yields 0xFF). */
export function randomIv(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(4));
}
