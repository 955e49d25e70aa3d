/**
 * Incremental decoder for the encrypted stream a client sends after the hello: `[4-byte header][body]`
 * repeated. It is pure (no I/O) and correct for any split of the byte stream: one byte per chunk, a
 * header cut in two, or many frames in one chunk.
 *
 * Unlike the reference, which reads each header and body with a single `Read` and ignores short reads
 * (socket-protocol.md §2.4, §8.1), this decoder keeps partial headers and bodies across chunks, checks
 * every header against the expected IV and version (§2.2), and refuses bodies longer than a configured
 * limit. A bad frame poisons the decoder: the stream is unrecoverable once framing is lost, so the owner
 * must drop the connection.
 * @module
 */
import type { Decryptor } from "../protocol/crypto.ts";

/** Bytes in a frame header (socket-protocol.md §2.1). */
export const FRAME_HEADER_LENGTH = 4;

/** The largest body length a 16-bit header can announce. */
export const PROTOCOL_MAX_BODY_LENGTH = 0xffff;

/**
 * Default cap on an inbound (client → server) body. The largest legitimate client packets are movement
 * packets (a count byte of at most 255 elements of roughly 15 bytes: about 4 KiB); 16 KiB leaves four
 * times that headroom while keeping the buffer a hostile header can make us allocate at a quarter of the
 * 64 KiB protocol maximum.
 */
export const DEFAULT_MAX_BODY_LENGTH = 16 * 1024;

/** Why a stream was rejected. */
export type FrameErrorKind = "invalid-header" | "oversize";

/** A stream the decoder refuses; the connection that produced it must be closed. */
export class FrameError extends Error {
  override name = "FrameError";
  /** What was wrong with the frame. */
  readonly kind: FrameErrorKind;
  /** The announced body length, for `oversize`. */
  readonly length?: number;

  constructor(kind: FrameErrorKind, message: string, length?: number) {
    super(message);
    this.kind = kind;
    this.length = length;
  }
}

/** Options of {@link frameDecoder}. */
export interface FrameDecoderOptions {
  /** Bodies longer than this are refused with an `oversize` {@link FrameError}. Default 16 KiB. */
  maxBodyLength?: number;
  /** Check each header against the decryptor's IV and version. Default true. */
  validateHeaders?: boolean;
}

/** What one {@link FrameDecoder.push} produced. */
export interface FrameBatch {
  /** Complete, decrypted bodies (opcode + payload) in stream order. */
  bodies: Uint8Array[];
  /** Set when the stream became invalid; bodies before the bad frame are still in `bodies`. */
  error?: FrameError;
}

/** Incremental frame decoder; see {@link frameDecoder}. */
export interface FrameDecoder {
  /** Feeds the next bytes of the stream. The chunk is not retained and may be reused by the caller. */
  push(chunk: Uint8Array): FrameBatch;
  /** Bytes of an incomplete frame held between pushes. */
  readonly pending: number;
  /** The error that poisoned the decoder, if any; every later push returns it again. */
  readonly error: FrameError | undefined;
}

/**
 * A decoder that turns stream bytes into decrypted bodies with `decryptor` (which advances its IV per
 * body, zero-length bodies included).
 */
export function frameDecoder(decryptor: Decryptor, options: FrameDecoderOptions = {}): FrameDecoder {
  const maxBodyLength = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
  if (!Number.isInteger(maxBodyLength) || maxBodyLength < 0 || maxBodyLength > PROTOCOL_MAX_BODY_LENGTH) {
    throw new RangeError(`maxBodyLength must be an integer in 0..${PROTOCOL_MAX_BODY_LENGTH}`);
  }
  const validateHeaders = options.validateHeaders ?? true;
  // A header is at most 4 bytes, so it is always copied into this small buffer; bodies are allocated at
  // their exact size once the header is known and filled in place, so no chunk is ever concatenated.
  const header = new Uint8Array(FRAME_HEADER_LENGTH);
  let headerFill = 0;
  let body: Uint8Array | undefined;
  let bodyFill = 0;
  let error: FrameError | undefined;

  function startBody(bodies: Uint8Array[]): FrameError | undefined {
    if (validateHeaders && !decryptor.headerValid(header, 0)) {
      return new FrameError("invalid-header", `invalid frame header ${hex(header)}`);
    }
    const length = decryptor.bodyLength(header, 0);
    if (length > maxBodyLength) {
      return new FrameError(
        "oversize",
        `frame body of ${length} bytes exceeds limit ${maxBodyLength}`,
        length,
      );
    }
    headerFill = 0;
    if (length === 0) {
      bodies.push(decryptor.open(new Uint8Array(0)));
      return undefined;
    }
    body = new Uint8Array(length);
    bodyFill = 0;
    return undefined;
  }

  function push(chunk: Uint8Array): FrameBatch {
    const bodies: Uint8Array[] = [];
    if (error) return { bodies, error };
    let at = 0;
    while (at < chunk.length) {
      if (body === undefined) {
        const take = Math.min(FRAME_HEADER_LENGTH - headerFill, chunk.length - at);
        header.set(chunk.subarray(at, at + take), headerFill);
        headerFill += take;
        at += take;
        if (headerFill === FRAME_HEADER_LENGTH) {
          error = startBody(bodies);
          if (error) return { bodies, error };
        }
      } else {
        const take = Math.min(body.length - bodyFill, chunk.length - at);
        body.set(chunk.subarray(at, at + take), bodyFill);
        bodyFill += take;
        at += take;
        if (bodyFill === body.length) {
          bodies.push(decryptor.open(body));
          body = undefined;
          bodyFill = 0;
        }
      }
    }
    return { bodies };
  }

  return {
    push,
    get pending() {
      return body === undefined ? headerFill : FRAME_HEADER_LENGTH + bodyFill;
    },
    get error() {
      return error;
    },
  };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}
