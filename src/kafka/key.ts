/**
 * Message keys as Atlas encodes them: 8 bytes, the id as an unsigned 32-bit little-endian integer
 * followed by four zero bytes.
 * @module
 */

/** Encodes an id (character, account, ...) as an Atlas message key. */
export function encodeKey(id: number): Uint8Array {
  const key = new Uint8Array(8);
  new DataView(key.buffer).setUint32(0, id >>> 0, true);
  return key;
}

/** Decodes an Atlas message key back to its id; `undefined` when the bytes are not 8 long. */
export function decodeKey(key: Uint8Array | null | undefined): number | undefined {
  if (!key || key.length !== 8) return undefined;
  return new DataView(key.buffer, key.byteOffset, 8).getUint32(0, true);
}

/** The key of a saga: the first four bytes of its transaction UUID read big-endian, then encoded as above. */
export function sagaKey(transactionId: string): Uint8Array {
  const hex = transactionId.replaceAll("-", "").slice(0, 8);
  return encodeKey(Number.parseInt(hex, 16));
}
