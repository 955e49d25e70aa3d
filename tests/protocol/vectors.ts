/**
 * Loads the machine-readable crypto vectors (socket-protocol.md §3.10) from the shared reference, so the
 * tests always check against the document rather than a copy of it.
 * @module
 */

/** One packet vector as the reference document spells it (hex strings with spaces). */
export interface PacketVector {
  name: string;
  direction: "server->client" | "client->server";
  region: string;
  majorVersion: number;
  headerVersionValue: string;
  ivExpansion: string;
  mapleTransform: boolean;
  iv: string;
  plaintext: string;
  afterMapleTransform?: string;
  header: string;
  ciphertextBody?: string;
  wire?: string;
  ivAfterShuffle: string;
  [field: string]: unknown;
}

/** The whole JSON block of §3.10. */
export interface ReferenceVectors {
  aesKey: string;
  packets: PacketVector[];
  ivShuffleChains: { start: string; successive: string[] }[];
  mapleTransformOnly: { plaintext: string; transformed: string }[];
  helloPackets: {
    region: string;
    majorVersion: number;
    minorVersion: number;
    serverSendIv: string;
    serverRecvIv: string;
    bytes: string;
    length: number;
  }[];
  lengthDecode: { header: string; length: number }[];
}

const REFERENCE = new URL("../../../shared/reference/socket-protocol.md", import.meta.url);

/** Reads and parses the first ```json block after the §3.10 heading. */
export async function loadVectors(): Promise<ReferenceVectors> {
  const text = await Deno.readTextFile(REFERENCE);
  const section = text.indexOf("### 3.10");
  if (section < 0) throw new Error("socket-protocol.md has no §3.10");
  const start = text.indexOf("```json", section);
  const end = text.indexOf("```", start + 7);
  if (start < 0 || end < 0) throw new Error("§3.10 has no json block");
  return JSON.parse(text.slice(start + 7, end)) as ReferenceVectors;
}

/** "0A FF 10" → bytes. */
export function hex(s: string): Uint8Array {
  const parts = s.trim().split(/\s+/).filter((p) => p.length > 0);
  return Uint8Array.from(parts, (p) => {
    if (!/^[0-9a-fA-F]{2}$/.test(p)) throw new Error(`bad hex byte ${p}`);
    return parseInt(p, 16);
  });
}

/** bytes → "0A FF 10" (for readable assertion failures). */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, "0")).join(" ");
}

/** Lower-case hex SHA-256 of the bytes. */
export async function sha256Hex(b: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", b.slice()));
  return Array.from(digest, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** A small seeded PRNG (mulberry32) so random tests reproduce from their seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills a new array of `n` bytes from the PRNG. */
export function randomBytes(random: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (random() * 256) | 0;
  return out;
}
