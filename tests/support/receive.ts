/**
 * The one way tests read what a headless client receives. Every helper here fails the test when the
 * connection ends (a closed session is never mistaken for "nothing received"), and absence is proven
 * with a sentinel: a packet that must arrive after the unwanted one would have, never a fixed wait.
 *
 * ```ts
 * await field.publishEvent(...);                 // the event bob must not see
 * await field.publishEvent(...sentinel for bob); // something bob must see afterwards
 * const seen = await receiveUntil(bob.client, isOpcode(sentinelOpcode));
 * assertNone(seen, isOpcode(unwantedOpcode), "bob got the other map's drop");
 * ```
 */
import { ClientClosedError, type HeadlessClient, ReceiveTimeoutError } from "../../src/client/client.ts";

/** One received packet: its opcode (little-endian u16) and its body after the opcode. */
export interface Received {
  readonly opcode: number;
  readonly body: Uint8Array;
}

/** Matches received packets. */
export type PacketMatch = (packet: Received) => boolean;

/** Matches packets with one of `opcodes`. */
export function isOpcode(...opcodes: number[]): PacketMatch {
  const wanted = new Set(opcodes);
  return (p) => wanted.has(p.opcode);
}

function split(bytes: Uint8Array): Received {
  return { opcode: bytes[0] | (bytes[1] << 8), body: bytes.subarray(2) };
}

/**
 * Receives packets until one matches `until` and returns them all (the match last). Fails naming
 * `what` when the connection ends first or `timeoutMs` passes.
 */
export async function receiveUntil(
  client: HeadlessClient,
  until: PacketMatch,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<Received[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const what = options.what ?? "the expected packet";
  const deadline = Date.now() + timeoutMs;
  const seen: Received[] = [];
  for (;;) {
    const left = deadline - Date.now();
    let bytes: Uint8Array;
    try {
      if (left <= 0) throw new ReceiveTimeoutError(`no packet within ${timeoutMs} ms`);
      bytes = await client.receive(left);
    } catch (err) {
      const opcodes = seen.map((p) => `0x${p.opcode.toString(16)}`).join(", ") || "none";
      if (err instanceof ClientClosedError) {
        throw new Error(`the connection closed while waiting for ${what} (received before: ${opcodes})`);
      }
      if (err instanceof ReceiveTimeoutError) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (received: ${opcodes})`);
      }
      throw err;
    }
    const packet = split(bytes);
    seen.push(packet);
    if (until(packet)) return seen;
  }
}

/** Receives until a packet with `opcode` arrives and returns its body (after the opcode). */
export async function receiveOpcode(
  client: HeadlessClient,
  opcode: number,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<Uint8Array> {
  const seen = await receiveUntil(client, isOpcode(opcode), {
    what: options.what ?? `opcode 0x${opcode.toString(16)}`,
    timeoutMs: options.timeoutMs,
  });
  return seen[seen.length - 1].body;
}

/** Fails when any of `packets` matches `unwanted`. */
export function assertNone(packets: readonly Received[], unwanted: PacketMatch, message: string): void {
  const found = packets.filter(unwanted);
  if (found.length > 0) {
    const opcodes = found.map((p) => `0x${p.opcode.toString(16)}`).join(", ");
    throw new Error(`${message}: received ${found.length} unwanted packet(s) (${opcodes})`);
  }
}

/**
 * Proves `client` got nothing matching `unwanted` before the sentinel: receives until `sentinel`
 * matches (failing if the connection closes or the sentinel never comes), then asserts absence.
 */
export async function expectNoneBefore(
  client: HeadlessClient,
  unwanted: PacketMatch,
  sentinel: PacketMatch,
  message: string,
  timeoutMs?: number,
): Promise<Received[]> {
  const seen = await receiveUntil(client, sentinel, { timeoutMs, what: `the sentinel (${message})` });
  assertNone(seen.slice(0, -1), unwanted, message);
  return seen;
}
