/**
 * A fixed broadcast workload for before/after CPU comparisons of the session layer (run it under
 * `farm-bench`, which reads the process's own CPU accounting): `--sessions` sessions over stand-in
 * sockets whose writes complete at once (so the figure is the channel's own work: sealing, queueing,
 * batching, not the kernel's), and `--rounds` rounds in which every session's character moves once and
 * the movement-sized body is broadcast to every other session, `--per-turn` movements per event-loop
 * turn (a loaded channel handles several per turn; each recipient's packets of a turn leave in one write).
 *
 *     farm-bench -n 5 -- deno run -A bench/broadcast_cpu.ts --sessions 200 --rounds 20
 * @module
 */
import { parseArgs } from "node:util";
import { setImmediate } from "node:timers";
import type { Session } from "../src/net/session.ts";
import { sharedBody } from "../src/protocol/crypto.ts";
import { benchTenant, standInSessions } from "./stand_in_sessions.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sessions: { type: "string", default: "200" },
    rounds: { type: "string", default: "20" },
    "per-turn": { type: "string", default: "4" },
    "body-bytes": { type: "string", default: "40" },
  },
});
const sessionCount = Number(values.sessions);
const rounds = Number(values.rounds);
const perTurn = Number(values["per-turn"]);
const bodyBytes = Number(values["body-bytes"]);

let written = 0;
let writes = 0;
const tenant = benchTenant();
// Writes complete at once.
const sessions: Session[] = standInSessions(sessionCount, tenant, (_i, p) => {
  written += p.length;
  writes++;
  return Promise.resolve(p.length);
});
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
await turn();

const started = performance.now();
let sent = 0;
for (let round = 0; round < rounds; round++) {
  for (let sender = 0; sender < sessionCount; sender++) {
    const body = new Uint8Array(bodyBytes);
    body[0] = 0xb9;
    body[2] = sender & 0xff;
    body[bodyBytes - 1] = round & 0xff;
    const shared = sharedBody(body);
    for (let r = 0; r < sessionCount; r++) {
      if (r !== sender && sessions[r].sendShared(shared)) sent++;
    }
    if (sender % perTurn === perTurn - 1) await turn();
  }
  await turn();
}
await turn();
const ms = performance.now() - started;
console.log(
  `${sent} packets to ${sessionCount} sessions in ${ms.toFixed(0)} ms (${
    (ms * 1000 / sent).toFixed(3)
  } µs each); ` +
    `${writes} writes, ${written} bytes`,
);
for (const s of sessions) s.close("shutdown");
