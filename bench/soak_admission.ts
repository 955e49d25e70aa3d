/**
 * `deno task soak:admission`: issue 17's admission attack against the box (sandbox and channel in this
 * process, as `deno task dev` runs them). From one address it opens 2,000 connections that never send a
 * byte and 500 that send half a frame header and stop, then logs a real character in and times it, then
 * waits for the channel to close every attacking connection and reports when the last one went. Asserts
 * nothing; prints the figures (and exits 1 only when the login failed or connections were never closed).
 *
 *     deno task soak:admission -- [--idle 2000] [--partial 500] [--deadline-ms 10000]
 * @module
 */
import { parseArgs } from "node:util";
import { parseSettings } from "../src/config/settings.ts";
import { startDev } from "../src/sandbox/dev.ts";
import { parseBotArgs, runBots } from "../src/bot/main.ts";

const { values } = parseArgs({
  args: Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args,
  options: {
    idle: { type: "string" },
    partial: { type: "string" },
    "deadline-ms": { type: "string" },
    port: { type: "string" },
  },
});
const IDLE = Number(values.idle ?? 2000);
const PARTIAL = Number(values.partial ?? 500);
const DEADLINE_MS = Number(values["deadline-ms"] ?? 10_000);
const PORT = Number(values.port ?? 29585);

const outcome = parseSettings([
  "--log-level",
  "error",
  "--login-deadline-ms",
  String(DEADLINE_MS),
  "--partial-frame-deadline-ms",
  String(DEADLINE_MS),
], {});
if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
const dev = await startDev(outcome.settings, { channelPort: PORT });

interface Attacker {
  closedAt?: number;
  conn: Deno.Conn;
}
const attackers: Attacker[] = [];
const watch = (conn: Deno.Conn): Attacker => {
  const attacker: Attacker = { conn };
  (async () => {
    const buffer = new Uint8Array(256);
    try {
      while ((await conn.read(buffer)) !== null) { /* the hello, then nothing */ }
    } catch { /* reset */ }
    attacker.closedAt = performance.now();
  })();
  return attacker;
};

const started = performance.now();
for (let i = 0; i < IDLE + PARTIAL; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, IDLE + PARTIAL - i) }, async (_, k) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: PORT });
    if (i + k >= IDLE) await conn.write(Uint8Array.of(0x12, 0x34)).catch(() => {});
    attackers.push(watch(conn));
  }));
}
const attackSeconds = (performance.now() - started) / 1000;
const openDuringAttack = attackers.filter((a) => a.closedAt === undefined).length;

const loginStart = performance.now();
const { failures } = await runBots(
  parseBotArgs([
    "--port",
    String(PORT),
    "--character",
    "1001",
    "--script",
    "login",
    "--linger",
    "0",
    "--quiet",
  ])!,
  () => {},
);
const loginMs = performance.now() - loginStart;

const waitEnd = performance.now() + DEADLINE_MS * 3;
while (attackers.some((a) => a.closedAt === undefined) && performance.now() < waitEnd) {
  await new Promise((r) => setTimeout(r, 100));
}
const still = attackers.filter((a) => a.closedAt === undefined).length;
const lastClose = Math.max(...attackers.map((a) => (a.closedAt ?? Infinity) - started));

console.log(`# admission soak: ${IDLE} idle + ${PARTIAL} partial-header connections from 127.0.0.1`);
console.log(
  `attack opened in ${attackSeconds.toFixed(1)} s; ${openDuringAttack} still open when the login began`,
);
console.log(
  `a real login during the attack: ${failures.length === 0 ? "ok" : "FAILED"} in ${loginMs.toFixed(0)} ms`,
);
console.log(
  `attacking connections closed: ${attackers.length - still}/${attackers.length}; the last ${
    (lastClose / 1000).toFixed(1)
  } s after the attack began (deadlines ${DEADLINE_MS} ms)`,
);
for (const a of attackers) {
  try {
    a.conn.close();
  } catch { /* closed */ }
}
await dev.stop();
Deno.exit(failures.length === 0 && still === 0 ? 0 : 1);
