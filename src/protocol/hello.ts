/**
 * The unencrypted hello (handshake) packet the server sends on accept (socket-protocol.md §1.3):
 * `0E 00` · u16 major · u16 length + minor-version digits · recv IV · send IV · locale byte.
 * @module
 */
import { packetReader, PacketReadError } from "./reader.ts";

/** Contents of a hello; the IVs are the server's (the client encrypts with recvIv, decrypts with sendIv). */
export interface Hello {
  majorVersion: number;
  minorVersion: number;
  region: string;
  recvIv: Uint8Array;
  sendIv: Uint8Array;
}

/** The reference hard-codes this prefix; it only equals the real length for one-digit minor versions. */
export const HELLO_LENGTH_PREFIX = 0x000e;

/** Locale byte for JMS. */
export const LOCALE_JMS = 0x03;
/** Locale byte for every other region. */
export const LOCALE_DEFAULT = 0x08;

/** A hello whose content (not its length) is wrong. */
export class MalformedHelloError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedHelloError";
  }
}

function checkIv(iv: Uint8Array, what: string): void {
  if (!(iv instanceof Uint8Array) || iv.length !== 4) throw new RangeError(`${what} must be 4 bytes`);
}

/** Encodes the hello exactly as the reference does, including the fixed `0x000E` prefix. */
export function encodeHello(h: Hello): Uint8Array {
  if (!Number.isInteger(h.majorVersion) || h.majorVersion < 0 || h.majorVersion > 0xffff) {
    throw new RangeError(`majorVersion must fit in u16, got ${h.majorVersion}`);
  }
  if (!Number.isInteger(h.minorVersion) || h.minorVersion < 0) {
    throw new RangeError(`minorVersion must be a non-negative integer, got ${h.minorVersion}`);
  }
  checkIv(h.recvIv, "recvIv");
  checkIv(h.sendIv, "sendIv");
  const minor = String(h.minorVersion);
  const out = new Uint8Array(15 + minor.length);
  out[0] = HELLO_LENGTH_PREFIX & 0xff;
  out[1] = HELLO_LENGTH_PREFIX >>> 8;
  out[2] = h.majorVersion & 0xff;
  out[3] = h.majorVersion >>> 8;
  out[4] = minor.length & 0xff;
  out[5] = minor.length >>> 8;
  for (let i = 0; i < minor.length; i++) out[6 + i] = minor.charCodeAt(i);
  out.set(h.recvIv, 6 + minor.length);
  out.set(h.sendIv, 10 + minor.length);
  out[14 + minor.length] = h.region === "JMS" ? LOCALE_JMS : LOCALE_DEFAULT;
  return out;
}

/**
 * Total bytes of the hello starting at `firstBytes[0]`, once its first 6 bytes (prefix, major, minor
 * length) have arrived; undefined before that. Computed from the fields, not from the prefix.
 */
export function helloLength(firstBytes: Uint8Array): number | undefined {
  if (firstBytes.length < 6) return undefined;
  return 15 + (firstBytes[4] | (firstBytes[5] << 8));
}

/**
 * Decodes a hello (client side), field by field. Short input throws PacketReadError; a minor version that
 * is not decimal digits or an unknown locale byte throws MalformedHelloError. Locale `03` means JMS;
 * `08` is reported as GMS, the only other region the templates use.
 */
export function decodeHello(bytes: Uint8Array): Hello {
  const r = packetReader(bytes);
  r.uint16(); // length prefix: not trusted
  const majorVersion = r.uint16();
  const minorLength = r.uint16();
  const minorText = r.fixedString(minorLength);
  if (!/^[0-9]{1,9}$/.test(minorText) || minorText.length !== minorLength) {
    throw new MalformedHelloError(`hello minor version is not decimal digits: ${JSON.stringify(minorText)}`);
  }
  const recvIv = r.bytes(4);
  const sendIv = r.bytes(4);
  const locale = r.byte();
  if (locale !== LOCALE_JMS && locale !== LOCALE_DEFAULT) {
    throw new MalformedHelloError(`hello has unknown locale byte 0x${locale.toString(16).padStart(2, "0")}`);
  }
  return {
    majorVersion,
    minorVersion: Number(minorText),
    region: locale === LOCALE_JMS ? "JMS" : "GMS",
    recvIv,
    sendIv,
  };
}

export { PacketReadError };
