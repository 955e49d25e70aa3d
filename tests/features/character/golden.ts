/**
 * Little helpers to spell expected packet bytes field by field, independently of the writers under
 * test: each returns the little-endian hex of one field.
 * @module
 */

function le(value: bigint, bytes: number): string {
  let v = BigInt.asUintN(bytes * 8, value);
  let out = "";
  for (let i = 0; i < bytes; i++) {
    out += (v & 0xffn).toString(16).padStart(2, "0");
    v >>= 8n;
  }
  return out;
}

/** One byte. */
export const u8 = (v: number) => le(BigInt(v), 1);
/** Two bytes LE (signed values wrap). */
export const u16 = (v: number) => le(BigInt(v), 2);
/** Four bytes LE (signed values wrap). */
export const u32 = (v: number) => le(BigInt(v), 4);
/** Eight bytes LE (signed values wrap). */
export const u64 = (v: number | bigint) => le(BigInt(v), 8);
/** `n` zero bytes. */
export const zeros = (n: number) => "00".repeat(n);
/** ASCII text NUL-padded to `n` bytes. */
export const padded = (text: string, n: number) =>
  [...text].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("") + zeros(n - text.length);

/** Bytes as lower-case hex. */
export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Concatenates field hex strings (spaces allowed for readability). */
export function fields(...parts: string[]): string {
  return parts.join("").replaceAll(" ", "");
}
