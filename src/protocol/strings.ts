/**
 * Text codec for strings inside packets.
 *
 * The reference decodes and encodes every length-prefixed string as Shift-JIS, for every region, GMS
 * included (socket-protocol.md §7, quirk 31). We do the same so the bytes match: for ASCII, which is what
 * GMS clients send for names and chat in practice, Shift-JIS and ASCII are identical. Text that Shift-JIS
 * cannot represent is written as its UTF-8 bytes, exactly like the reference's fallback.
 *
 * Decoding uses the runtime's WHATWG `shift_jis` TextDecoder (invalid sequences become U+FFFD, never an
 * exception). There is no Shift-JIS TextEncoder, so the encode table is derived once, lazily, by decoding
 * every two-byte sequence with that same decoder, which keeps both directions consistent.
 * @module
 */

const decoder = new TextDecoder("shift_jis");
const utf8 = new TextEncoder();

/** Decodes Shift-JIS bytes to a string; ASCII-only input takes a fast path. */
export function decodeText(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n <= 64) {
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    // apply() over the typed array; spreading it is several times slower.
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  return decoder.decode(bytes);
}

let encodeTable: Map<number, number> | undefined;

/** Code point → Shift-JIS bytes (one byte as b, two bytes as lead << 8 | trail). */
function shiftJisTable(): Map<number, number> {
  if (encodeTable) return encodeTable;
  const table = new Map<number, number>();
  for (let b = 0xa1; b <= 0xdf; b++) table.set(0xff61 + b - 0xa1, b); // half-width katakana
  table.set(0xa5, 0x5c); // YEN SIGN and OVERLINE map onto the ASCII slots, as the WHATWG encoder does
  table.set(0x203e, 0x7e);
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead >= 0xa0 && lead <= 0xdf) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const pointer = (lead - (lead < 0xa0 ? 0x81 : 0xc1)) * 188 + trail - (trail < 0x7f ? 0x40 : 0x41);
      // Pointers 8272..8835 duplicate characters found elsewhere; 8836+ are the private-use area.
      if (pointer >= 8272) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      if (text.length !== 1 || text === "\ufffd") continue;
      const codePoint = text.charCodeAt(0);
      if (!table.has(codePoint)) table.set(codePoint, (lead << 8) | trail);
    }
  }
  encodeTable = table;
  return table;
}

/**
 * Encodes text as Shift-JIS; when any character has no Shift-JIS form, the whole text is encoded as UTF-8
 * instead (the reference's fallback).
 */
export function encodeText(text: string): Uint8Array {
  const n = text.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  const table = shiftJisTable();
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x80) {
      bytes.push(cp);
      continue;
    }
    const mapped = table.get(cp);
    if (mapped === undefined) return utf8.encode(text);
    if (mapped > 0xff) bytes.push(mapped >>> 8, mapped & 0xff);
    else bytes.push(mapped);
  }
  return Uint8Array.from(bytes);
}
