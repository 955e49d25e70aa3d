/**
 * Opcodes: the width rule per tenant, parsing the textual opcodes of a tenant configuration, and
 * reading/writing the opcode at the start of a plaintext packet body.
 *
 * Width (socket-protocol §4.1): GMS with majorVersion ≤ 28 uses a 1-byte opcode in both directions;
 * every other tenant uses a 2-byte little-endian opcode.
 * @module
 */

/** How many bytes an opcode occupies at the start of a body. */
export type OpcodeWidth = 1 | 2;

/** The highest GMS major version that still uses 1-byte opcodes. */
export const ONE_BYTE_OPCODE_MAX_GMS_MAJOR = 28;

/** The opcode width for a tenant's region and major version. */
export function opcodeWidth(region: string, majorVersion: number): OpcodeWidth {
  return region === "GMS" && majorVersion <= ONE_BYTE_OPCODE_MAX_GMS_MAJOR ? 1 : 2;
}

/** The largest opcode value a width can carry. */
export function maxOpcode(width: OpcodeWidth): number {
  return width === 1 ? 0xff : 0xffff;
}

/** Why a textual number (an opcode or an option code) could not be parsed. */
export class NumberParseError extends Error {
  override name = "NumberParseError";
  /** The text that was rejected. */
  readonly text: string;
  constructor(text: string, reason: string) {
    super(`cannot parse ${JSON.stringify(text)} as an unsigned integer: ${reason}`);
    this.text = text;
  }
}

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * Parses an unsigned integer with base auto-detection, following the rules of Go's
 * `strconv.ParseUint(s, 0, bits)` that Atlas applies to configuration opcodes: `0x`/`0X` hex, `0o`/`0O`
 * octal, `0b`/`0B` binary, a bare leading `0` octal, otherwise decimal; `_` may separate digits (also
 * right after a prefix); no sign, no whitespace. Throws {@link NumberParseError} when the text is malformed
 * or the value does not fit in `bits` bits (at most 32, so results stay exact JS numbers).
 */
export function parseUnsigned(text: string, bits = 16): number {
  if (bits < 1 || bits > 32) throw new RangeError(`bits must be 1..32, got ${bits}`);
  if (text.length === 0) throw new NumberParseError(text, "empty");
  let base = 10;
  let digits = text;
  let prefixed = false;
  if (text[0] === "0" && text.length > 1) {
    const marker = text[1].toLowerCase();
    if (marker === "x") [base, digits, prefixed] = [16, text.slice(2), true];
    else if (marker === "o") [base, digits, prefixed] = [8, text.slice(2), true];
    else if (marker === "b") [base, digits, prefixed] = [2, text.slice(2), true];
    else [base, digits, prefixed] = [8, text.slice(1), true];
  }
  if (!underscoresWellPlaced(digits, prefixed)) throw new NumberParseError(text, "misplaced '_'");
  const clean = digits.replaceAll("_", "");
  if (clean.length === 0) throw new NumberParseError(text, "no digits");
  const limit = 2 ** bits - 1;
  let value = 0;
  for (const ch of clean.toLowerCase()) {
    const digit = DIGITS.indexOf(ch);
    if (digit < 0 || digit >= base) throw new NumberParseError(text, `invalid digit ${JSON.stringify(ch)}`);
    value = value * base + digit;
    if (value > limit) throw new NumberParseError(text, `value out of range (max ${limit})`);
  }
  return value;
}

// Go accepts '_' only between digits, or between a base prefix and a digit.
function underscoresWellPlaced(digits: string, prefixed: boolean): boolean {
  if (!digits.includes("_")) return true;
  let previous = prefixed ? "prefix" : "start";
  for (const ch of digits) {
    if (ch === "_") {
      if (previous === "underscore" || previous === "start") return false;
      previous = "underscore";
    } else previous = "digit";
  }
  return previous !== "underscore";
}

/** Parses a configuration opcode (`"0x14"`, `"20"`, `"0o24"`, `"0b10100"`) into a 16-bit value. */
export function parseOpcode(text: string): number {
  return parseUnsigned(text, 16);
}

/** Formats an opcode for logs as hex, e.g. `0x14`, `0x10C` (the full value, never masked). */
export function formatOpcode(opcode: number): string {
  return `0x${opcode.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** Thrown when an opcode does not fit its tenant's width. */
export class OpcodeRangeError extends RangeError {
  override name = "OpcodeRangeError";
}

/**
 * Writes `opcode` at `target[offset]` with `width` bytes (little-endian for 2 bytes). Throws
 * {@link OpcodeRangeError} rather than truncating an opcode that does not fit.
 */
export function putOpcode(target: Uint8Array, offset: number, width: OpcodeWidth, opcode: number): void {
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > maxOpcode(width)) {
    throw new OpcodeRangeError(`opcode ${opcode} does not fit in ${width} byte(s)`);
  }
  target[offset] = opcode & 0xff;
  if (width === 2) target[offset + 1] = opcode >>> 8;
}

/** A new body: the opcode followed by `payload`. */
export function prependOpcode(width: OpcodeWidth, opcode: number, payload: Uint8Array): Uint8Array {
  const body = new Uint8Array(width + payload.length);
  putOpcode(body, 0, width, opcode);
  body.set(payload, width);
  return body;
}

/**
 * Reads the opcode at the start of `body`. Returns `undefined` when the body is shorter than the width
 * (a zero-length packet has no opcode; it is not opcode 0).
 */
export function readOpcode(body: Uint8Array, width: OpcodeWidth): number | undefined {
  if (body.length < width) return undefined;
  return width === 1 ? body[0] : body[0] | (body[1] << 8);
}
