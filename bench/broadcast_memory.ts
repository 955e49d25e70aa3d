/**
 * Measures the heap a broadcast costs (README, per-player budget): per movement, the shared body that
 * every recipient's packet refers to, and per recipient, a packet waiting in that recipient's queue.
 *
 *     deno task bench:broadcast-memory -- [--sessions 500] [--movements 400] [--body-bytes 100]
 *
 * Sessions run over stand-in sockets whose writes never complete (clients that stopped reading), so
 * after one packet each has a write in flight and everything broadcast afterwards stays queued. Heap in
 * use plus external memory (ArrayBuffer backing stores) is read after full collections: before and after
 * `--movements` shared bodies of `--body-bytes` are made and sealed once (their transformed copy exists
 * then), and after those bodies are broadcast to every other session. The differences divided by the
 * movements, and by movements × recipients, are the figures.
 * @module
 */
import { parseArgs } from "node:util";
import type { Session } from "../src/net/session.ts";
import { benchTenant, standInSessions } from "./stand_in_sessions.ts";
import { settledMemory } from "./settled_memory.ts";
import { serverCrypto, type SharedBody, sharedBody } from "../src/protocol/crypto.ts";

const { values } = parseArgs({
  args: Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args,
  options: {
    sessions: { type: "string", default: "500" },
    movements: { type: "string", default: "400" },
    "body-bytes": { type: "string", default: "100" },
  },
});
const sessionCount = Number(values.sessions);
const movements = Number(values.movements);
const bodyBytes = Number(values["body-bytes"]);

/** Heap in use plus external memory (ArrayBuffer backing stores), settled. */
async function settledBytes(): Promise<number> {
  const usage = await settledMemory();
  return usage.heapUsed + usage.external;
}

const tenant = benchTenant();
// Writes never complete: clients that stopped reading.
const sessions: Session[] = standInSessions(sessionCount, tenant, () => new Promise<number>(() => {}));

function movementBody(sender: number): SharedBody {
  const body = new Uint8Array(bodyBytes);
  body[0] = 0xb9;
  body[2] = sender & 0xff;
  body[3] = sender >> 8;
  return sharedBody(body);
}

// One packet each, so every session has its (never completing) write in flight and queues the rest.
const opener = movementBody(0xffff);
for (const session of sessions) session.sendShared(opener);
const start = await settledBytes();

const sealer = serverCrypto(tenant, Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)).send;
const bodies = Array.from({ length: movements }, (_, m) => {
  const shared = movementBody(m);
  sealer.sealShared!(shared); // makes its transformed copy, as the first recipient's seal does
  return shared;
});
const afterBodies = await settledBytes();

let queued = 0;
for (const [m, shared] of bodies.entries()) {
  for (let r = 0; r < sessionCount; r++) {
    if (r !== m % sessionCount && sessions[r].sendShared(shared)) queued++;
  }
}
const afterQueued = await settledBytes();

const perMovement = (afterBodies - start) / movements;
const perRecipient = (afterQueued - afterBodies) / queued;
console.log(JSON.stringify({
  sessions: sessionCount,
  movements,
  bodyBytes,
  queuedPackets: queued,
  bytesPerMovement: Math.round(perMovement),
  bytesPerQueuedRecipientPacket: Number(perRecipient.toFixed(1)),
  wireBytesPerSealedPacket: 4 + bodyBytes,
}));
for (const session of sessions) session.close("shutdown");
