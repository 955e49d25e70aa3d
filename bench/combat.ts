/**
 * `deno task bench:combat`: the combat benchmark of issue 10. One map, `--bots` bots (default 100) and
 * `--monsters` monsters (default 100), on the real broker (`BOOTSTRAP_SERVERS`, else
 * `TEST_BOOTSTRAP_SERVERS`, else 127.0.0.1:19092), with fresh topic names.
 *
 * This process runs the sandbox (its atlas-monsters answers every DAMAGE with DAMAGED or KILLED and
 * respawns killed monsters after `--respawn-ms`) and the bots; the channel runs as its own process
 * (`main.ts` against the sandbox's REST root and the broker), so its CPU and RSS are its own. Every bot
 * logs in to the benchmark map, then attacks a random live monster every 500 ms (staggered) for
 * `--seconds` (default 20) after a 3 s warm-up. Reported:
 *
 * - attacks/s sent, and DAMAGE commands on the broker per attack (must be 1);
 * - attack → MonsterHealth at the attacker (client → channel → broker → atlas-monsters → broker → channel
 *   → client; the DAMAGED event's way to the packet is the second half), p50/p99/max;
 * - attack → CharacterAttackMelee at the other bots (the broadcast, no broker), p50/p99/max;
 * - channel CPU% (utime+stime over the window) and peak RSS.
 * @module
 */
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { TOPIC_VARIABLES } from "../src/config/topics.ts";
import { type Bot, connectBot } from "../src/bot/bot.ts";
import { SANDBOX_SERVICE_ID, type SandboxMap, startSandbox } from "../src/sandbox/mod.ts";
import { GENERATED_FIRST_ID } from "../src/sandbox/world.ts";
import { createTopics, deleteTopics } from "../tests/support/kafka.ts";

const BENCH_MAP = 910000000;

function benchMap(monsters: number): SandboxMap {
  return {
    id: BENCH_MAP,
    name: "Combat bench",
    streetName: "Bench",
    returnMapId: BENCH_MAP,
    town: false,
    portals: [{
      id: 0,
      name: "sp",
      target: "",
      type: 0,
      x: 0,
      y: 274,
      targetMapId: 999999999,
      scriptName: "",
    }],
    npcs: [],
    monsters: Array.from({ length: monsters }, (_, i) => {
      const x = -1500 + (3000 * i) / Math.max(1, monsters - 1);
      return {
        id: 3000 + i,
        template: 100100,
        mobTime: 0,
        team: -1,
        cy: 274,
        f: 0,
        fh: 20,
        rx0: x - 50,
        rx1: x + 50,
        x: Math.round(x),
        y: 274,
        hide: false,
        maxHp: 30,
        maxMp: 0,
      };
    }),
  };
}

const CLOCK_TICKS = 100;
function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return match ? Number(match[1]) / 1024 : NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (v: number) => Number.isFinite(v) ? v.toFixed(2) : "n/a";

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`channel did not listen on ${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: args.filter((a) => a !== "--"),
    options: {
      bots: { type: "string", default: "100" },
      monsters: { type: "string", default: "100" },
      seconds: { type: "string", default: "20" },
      port: { type: "string", default: "29585" },
      "respawn-ms": { type: "string", default: "2000" },
    },
  });
  const botCount = Number(values.bots);
  const monsterCount = Number(values.monsters);
  const seconds = Number(values.seconds);
  const port = Number(values.port);
  const brokers =
    (Deno.env.get("BOOTSTRAP_SERVERS") ?? Deno.env.get("TEST_BOOTSTRAP_SERVERS") ?? "127.0.0.1:19092")
      .split(",");
  const run = crypto.randomUUID().slice(0, 8);
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, `combat-bench-${run}-${v}`]));
  const kafka = new Kafka({ clientId: `combat-bench-${run}`, brokers, logLevel: logLevel.NOTHING });
  console.log(`combat bench: ${botCount} bots, ${monsterCount} monsters, ${seconds} s, broker ${brokers}`);
  await createTopics(kafka, Object.values(topics));

  const sandbox = await startSandbox({
    bootstrapServers: brokers,
    topics,
    channelPorts: [port, port + 1, port + 2],
    generatedCount: botCount,
    monsterRespawnMs: Number(values["respawn-ms"]),
    extraMaps: [benchMap(monsterCount)],
  });
  const env: Record<string, string> = {
    ...topics,
    BOOTSTRAP_SERVERS: brokers.join(","),
    BASE_SERVICE_URL: sandbox.root,
    SERVICE_ID: SANDBOX_SERVICE_ID,
    LOG_LEVEL: "warn",
  };
  const root = new URL("..", import.meta.url).pathname;
  const channel = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "--bind-address", "127.0.0.1", "--max-sessions", String(botCount + 50)],
    cwd: root,
    env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const channelLog = await Deno.open(`/tmp/combat-bench-${run}-channel.log`, { write: true, create: true });
  const logDone = channel.stderr.pipeTo(channelLog.writable).catch(() => {});
  const bots: Bot[] = [];
  let damageCommands = 0;
  const consumer = kafka.consumer({ groupId: `combat-bench-${run}-counter` });
  try {
    await waitForPort(port, 60_000);
    await consumer.connect();
    await consumer.subscribe({ topic: topics.COMMAND_TOPIC_MONSTER, fromBeginning: true });
    await consumer.run({ eachMessage: () => Promise.resolve(void damageCommands++) });

    for (let i = 0; i < botCount; i++) {
      const id = GENERATED_FIRST_ID + i;
      sandbox.store.character(id)!.attributes.mapId = BENCH_MAP;
      const bot = await connectBot({ port, characterId: id, timeoutMs: 30_000 });
      await bot.login(BENCH_MAP);
      bots.push(bot);
    }
    const deadline = Date.now() + 30_000;
    while (bots.some((b) => b.monsters.size < monsterCount) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`logged in; monsters seen per bot: min ${Math.min(...bots.map((b) => b.monsters.size))}`);

    const sends = bots.map(() => [] as { at: number; monsterId: number }[]);
    let attacks = 0;
    let measuring = false;
    const timers = bots.map((bot, i) =>
      setTimeout(() => {
        const tick = () => {
          const live = [...bot.monsters];
          if (live.length === 0) return;
          const monsterId = live[Math.floor(Math.random() * live.length)];
          const at = performance.now();
          if (measuring) {
            sends[i].push({ at, monsterId });
            attacks++;
          }
          bot.attack({ monsterId, damage: 1, wait: false }).catch(() => {});
        };
        tick();
        timers[i] = setInterval(tick, 500);
      }, (500 * i) / botCount)
    );
    await new Promise((r) => setTimeout(r, 3000));
    const receivedFrom = bots.map((b) => b.received.length);
    const commandsFrom = damageCommands;
    const cpuFrom = cpuSeconds(channel.pid);
    const startedAt = performance.now();
    measuring = true;
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(channel.pid))), 1000);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const windowS = (performance.now() - startedAt) / 1000;
    const cpu = (cpuSeconds(channel.pid) - cpuFrom) / windowS * 100;
    clearInterval(sampler);
    for (const t of timers) clearInterval(t);
    await new Promise((r) => setTimeout(r, 1000)); // let the last answers arrive
    const commands = damageCommands - commandsFrom;

    const health: number[] = [];
    const broadcast: number[] = [];
    const sendsOf = new Map<number, { at: number; monsterId: number }[]>();
    bots.forEach((b, i) => sendsOf.set(b.characterId, sends[i]));
    bots.forEach((bot, i) => {
      const pending = new Map<number, number[]>();
      for (const s of sends[i]) {
        const list = pending.get(s.monsterId) ?? [];
        list.push(s.at);
        pending.set(s.monsterId, list);
      }
      for (const p of bot.received.slice(receivedFrom[i])) {
        if ((p.name === "MonsterHealth" || p.name === "DestroyMonster") && p.objectId !== undefined) {
          const list = pending.get(p.objectId);
          // One answer per attack: the oldest attack on that monster still waiting.
          if (list && list.length > 0 && list[0] <= p.at) {
            const sent = list.shift()!;
            if (p.at - sent < 5000) health.push(p.at - sent);
          }
        } else if (p.name === "CharacterAttackMelee" && p.characterId !== undefined) {
          const theirs = sendsOf.get(p.characterId) ?? [];
          let sent: number | undefined;
          for (const s of theirs) if (s.at <= p.at) sent = s.at;
          if (sent !== undefined && p.at - sent < 5000) broadcast.push(p.at - sent);
        }
      }
    });
    if (Deno.env.get("COMBAT_BENCH_DEBUG")) {
      const names = new Map<string, number>();
      for (const b of bots) for (const p of b.received) names.set(p.name, (names.get(p.name) ?? 0) + 1);
      console.log(JSON.stringify(Object.fromEntries(names)));
    }
    health.sort((a, b) => a - b);
    broadcast.sort((a, b) => a - b);
    console.log(
      `attacks: ${attacks} in ${windowS.toFixed(1)} s = ${(attacks / windowS).toFixed(1)} attacks/s`,
    );
    console.log(
      `DAMAGE commands on the broker: ${commands} (${
        (commands / Math.max(1, attacks)).toFixed(3)
      } per attack)`,
    );
    console.log(
      `attack → MonsterHealth (via broker and atlas-monsters): n=${health.length} p50 ${
        ms(percentile(health, 50))
      } ms` +
        ` p99 ${ms(percentile(health, 99))} ms max ${ms(health.at(-1) ?? NaN)} ms`,
    );
    console.log(
      `attack → CharacterAttackMelee at the others: n=${broadcast.length} p50 ${
        ms(percentile(broadcast, 50))
      } ms` +
        ` p99 ${ms(percentile(broadcast, 99))} ms max ${ms(broadcast.at(-1) ?? NaN)} ms`,
    );
    console.log(`channel CPU ${cpu.toFixed(0)}%, peak RSS ${peakRss.toFixed(0)} MiB`);
    if (percentile(health, 99) >= 20) {
      console.log("GOAL MISSED: attack → MonsterHealth p99 is not under 20 ms");
    }
    return 0;
  } finally {
    for (const bot of bots) bot.close();
    await consumer.disconnect().catch(() => {});
    try {
      channel.kill("SIGTERM");
    } catch { /* already gone */ }
    await channel.status;
    await logDone;
    await sandbox.stop();
    await deleteTopics(kafka, Object.values(topics)).catch(() => {});
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
