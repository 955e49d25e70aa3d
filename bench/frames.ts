/**
 * The benchmarks' lean frame reader: a bot that is not an observer stops decrypting and only walks frame
 * lengths (the header's two words XORed), so its socket is still read to the last byte while the driver
 * spends its CPU on the bots that measure.
 * @module
 */
import { decodeHeaderLength, type Decryptor } from "../src/protocol/crypto.ts";

/** What a {@link frameFeeder} reads frames for. */
export interface FrameFeederOptions {
  /** The bot's receive cipher. */
  recv: Decryptor;
  /** Whether frames are skipped (lengths only) rather than decrypted. */
  skipping: () => boolean;
  /** Called with each decrypted body and the time its last chunk arrived. */
  onBody: (body: Uint8Array, at: number) => void;
  /** Called for every frame header, skipped or not. */
  onFrame?: () => void;
  /** Names the bot in an invalid-header error. */
  label: string;
}

/** A function fed with socket chunks in order; it throws on an invalid frame header. */
export function frameFeeder(options: FrameFeederOptions): (chunk: Uint8Array, at: number) => void {
  const { recv } = options;
  const header = new Uint8Array(4);
  let headerFill = 0;
  let body: Uint8Array | undefined;
  let bodyFill = 0;
  let skip = 0;
  return (chunk, at) => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const take = Math.min(skip, chunk.length - i);
        skip -= take;
        i += take;
      } else if (body) {
        const take = Math.min(body.length - bodyFill, chunk.length - i);
        body.set(chunk.subarray(i, i + take), bodyFill);
        bodyFill += take;
        i += take;
        if (bodyFill === body.length) {
          const complete = body;
          body = undefined;
          options.onBody(recv.open(complete), at);
        }
      } else {
        header[headerFill++] = chunk[i++];
        if (headerFill < 4) continue;
        headerFill = 0;
        options.onFrame?.();
        const length = decodeHeaderLength(header);
        if (options.skipping()) {
          skip = length;
        } else {
          if (!recv.headerValid(header)) throw new Error(`${options.label}: invalid frame header`);
          if (length === 0) recv.open(new Uint8Array(0));
          else {
            body = new Uint8Array(length);
            bodyFill = 0;
          }
        }
      }
    }
  };
}
