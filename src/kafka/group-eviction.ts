/**
 * Removing this process's own previous membership from its consumer group, so a broker restart does not
 * stall consuming for a whole session timeout.
 *
 * Why: a classic consumer group keeps its members in the broker's log. When the broker restarts, the
 * coordinator loads the group with the member this process had before the outage. kafkajs, after its
 * consumer crashed during the outage, rejoins as a new member; the coordinator then waits for the old
 * member to rejoin (it never will) until that member's session expires: 30 s with kafkajs' defaults, and a
 * shorter session makes spurious rebalances likely on a busy host. Sending the coordinator a LeaveGroup
 * for the old member id as soon as the broker answers ends that wait at once: the rebalance completes with
 * the new member only. Only a member id this process itself held is ever named, so other processes'
 * members are never touched.
 *
 * kafkajs has no public call for "leave on behalf of a member id", so the two requests (FindCoordinator
 * v1, LeaveGroup v1; both non-flexible and accepted by Kafka 2.x through 4.x) are written here by hand.
 * @module
 */

/** Kafka protocol error codes this module acts on. */
const NONE = 0;
const COORDINATOR_LOAD_IN_PROGRESS = 14;
const COORDINATOR_NOT_AVAILABLE = 15;
const NOT_COORDINATOR = 16;
const UNKNOWN_MEMBER_ID = 25;
const GROUP_ID_NOT_FOUND = 69;

const FIND_COORDINATOR = 10;
const LEAVE_GROUP = 13;

/** What became of the named member. */
export type EvictionOutcome = "left" | "already-gone";

/** The coordinator could not act yet (unreachable, loading, moved); try again later. */
export class EvictionRetryableError extends Error {
  override name = "EvictionRetryableError";
}

function writeString(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  out.push((bytes.length >> 8) & 0xff, bytes.length & 0xff, ...bytes);
}

/** A request with header v1 (api key, version, correlation id, client id), size-prefixed. */
export function encodeRequest(
  apiKey: number,
  version: number,
  correlationId: number,
  clientId: string,
  body: number[],
): Uint8Array {
  const payload: number[] = [apiKey >> 8, apiKey & 0xff, version >> 8, version & 0xff];
  payload.push(
    (correlationId >>> 24) & 0xff,
    (correlationId >>> 16) & 0xff,
    (correlationId >>> 8) & 0xff,
    correlationId & 0xff,
  );
  writeString(payload, clientId);
  payload.push(...body);
  const out = new Uint8Array(4 + payload.length);
  new DataView(out.buffer).setInt32(0, payload.length);
  out.set(payload, 4);
  return out;
}

/** FindCoordinator v1 body for a consumer group. */
export function findCoordinatorBody(groupId: string): number[] {
  const body: number[] = [];
  writeString(body, groupId);
  body.push(0); // key_type 0: a group
  return body;
}

/** LeaveGroup v1 body. */
export function leaveGroupBody(groupId: string, memberId: string): number[] {
  const body: number[] = [];
  writeString(body, groupId);
  writeString(body, memberId);
  return body;
}

class Reader {
  #view: DataView;
  #at = 0;
  constructor(private bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  int16(): number {
    const v = this.#view.getInt16(this.#at);
    this.#at += 2;
    return v;
  }
  int32(): number {
    const v = this.#view.getInt32(this.#at);
    this.#at += 4;
    return v;
  }
  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const text = new TextDecoder().decode(this.bytes.subarray(this.#at, this.#at + length));
    this.#at += length;
    return text;
  }
}

/** The coordinator's address from a FindCoordinator v1 response body (after the correlation id). */
export function decodeFindCoordinator(body: Uint8Array): { errorCode: number; host: string; port: number } {
  const r = new Reader(body);
  r.int32(); // throttle_time_ms
  const errorCode = r.int16();
  r.nullableString(); // error_message
  r.int32(); // node_id
  const host = r.nullableString() ?? "";
  const port = r.int32();
  return { errorCode, host, port };
}

/** The error code of a LeaveGroup v1 response body (after the correlation id). */
export function decodeLeaveGroup(body: Uint8Array): number {
  const r = new Reader(body);
  r.int32(); // throttle_time_ms
  return r.int16();
}

async function readExactly(conn: Deno.Conn, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const n = await conn.read(out.subarray(filled));
    if (n === null) throw new EvictionRetryableError("the broker closed the connection");
    filled += n;
  }
  return out;
}

/** One request/response on a fresh connection; resolves with the response body after the correlation id. */
async function roundTrip(address: string, request: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  const colon = address.lastIndexOf(":");
  const hostname = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  let conn: Deno.Conn | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        conn?.close();
      } catch { /* already closed */ }
      reject(new EvictionRetryableError(`no answer from ${address} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const exchange = (async () => {
    try {
      conn = await Deno.connect({ hostname, port });
    } catch (err) {
      throw new EvictionRetryableError(`cannot connect to ${address}: ${err}`);
    }
    await conn.write(request);
    const size = new DataView((await readExactly(conn, 4)).buffer).getInt32(0);
    const response = await readExactly(conn, size);
    return response.subarray(4); // correlation id: one request per connection, nothing to match
  })();
  exchange.catch(() => {}); // the timeout may win; its rejection is reported there
  try {
    return await Promise.race([exchange, timeout]);
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch { /* closed by the timeout */ }
  }
}

/** Options of {@link evictMember}. */
export interface EvictOptions {
  clientId: string;
  /** Per request (default 3 s). */
  timeoutMs?: number;
}

/**
 * Asks the group's coordinator to remove `memberId` from `groupId`. Resolves `left`, or `already-gone`
 * when the coordinator does not know the member (it expired or left on its own); rejects with
 * {@link EvictionRetryableError} while no broker answers or the coordinator is not ready, and with a
 * plain Error for any other protocol error.
 */
export async function evictMember(
  brokers: readonly string[],
  groupId: string,
  memberId: string,
  options: EvictOptions,
): Promise<EvictionOutcome> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  let lastProblem: unknown;
  for (const broker of brokers) {
    let coordinator: string;
    try {
      const found = decodeFindCoordinator(
        await roundTrip(
          broker,
          encodeRequest(FIND_COORDINATOR, 1, 1, options.clientId, findCoordinatorBody(groupId)),
          timeoutMs,
        ),
      );
      if (found.errorCode !== NONE) {
        lastProblem = new EvictionRetryableError(`FindCoordinator error ${found.errorCode}`);
        continue;
      }
      coordinator = `${found.host}:${found.port}`;
    } catch (err) {
      lastProblem = err;
      continue;
    }
    const code = decodeLeaveGroup(
      await roundTrip(
        coordinator,
        encodeRequest(LEAVE_GROUP, 1, 2, options.clientId, leaveGroupBody(groupId, memberId)),
        timeoutMs,
      ),
    );
    if (code === NONE) return "left";
    if (code === UNKNOWN_MEMBER_ID || code === GROUP_ID_NOT_FOUND) return "already-gone";
    if (
      code === COORDINATOR_LOAD_IN_PROGRESS || code === COORDINATOR_NOT_AVAILABLE || code === NOT_COORDINATOR
    ) {
      throw new EvictionRetryableError(`LeaveGroup error ${code} (coordinator not ready)`);
    }
    throw new Error(`LeaveGroup for member ${memberId} of '${groupId}' failed with error code ${code}`);
  }
  if (lastProblem instanceof EvictionRetryableError) throw lastProblem;
  throw new EvictionRetryableError(`no broker answered: ${lastProblem}`);
}
