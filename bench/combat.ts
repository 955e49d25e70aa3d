/**
 * `deno task bench:combat`: the combat benchmark of issue 10. One map, `--bots` bots (default 100) and
 * `--monsters` monsters (default 100), on the real broker (`BOOTSTRAP_SERVERS`, else
 * `TEST_BOOTSTRAP_SERVERS`, else 127.0.0.1:19092), with fresh topic names.
 *
 * This process runs the sandbox (its atlas-monsters answers every DAMAGE with DAMAGED or KILLED and
 * respawns killed monsters after `--respawn-ms`) and the bots; the channel runs as its own process
 * (`main.ts` against the sandbox's REST root and the broker), so its CPU and RSS are its own. Every bot
 * logs in to the benchmark map, then attacks a random live monster every 500 ms (staggered) for
 * `--seconds` (default 20) after `--warmup` seconds (default 10) of the same attacks unmeasured, which warm
 * up the channel's and a freshly started broker's JIT as in a server that has been running; what the
 * window's attacks cause is matched until 5 s after it.
 *
 * The bots are lean, as `bench/field.ts`'s: the project's hello, crypto and framing, a read loop that
 * handles each body synchronously (receipt times are taken when the bytes arrive), and only `--observers`
 * of them (default 10, spread over the send phases) decrypt after login; the others read every byte of
 * their sockets but only walk frame lengths, since this one process stands in for N clients that would
 * each decrypt on their own machine, and it shares the cores with the channel it measures. The live
 * monsters the bots pick from are what the observers saw spawn and die. Each attack carries its sender's
 * sequence number in the target's hit-action byte, which the broadcast repeats. Reported:
 *
 * - attacks/s sent, and DAMAGE commands on the broker per attack (must be 1);
 * - event → packet: the sandbox publishing DAMAGED (for an observer's attack) or KILLED → MonsterHealth /
 *   DestroyMonster at the observer (broker → channel → socket), p50/p99/max;
 * - attack → answer at an observer that attacked (client → channel → broker → atlas-monsters → broker →
 *   channel → client), p50/p99/max;
 * - attack → CharacterAttackMelee at the observers (the broadcast, no broker), p50/p99/max;
 * - channel CPU% (utime+stime over the window) and peak RSS, this process's CPU%, the load average.
 *
 *     deno task bench:combat -- --bots 100 --monsters 100 --seconds 20 [--warmup 10] [--cpu-prof DIR]
 *
 * `--cpu-prof DIR` runs the channel with V8's CPU profiler, its profile written to DIR when it stops.
 * @module
 */
import { frameFeeder } from "./frames.ts";
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { installKafkajsTimerFix } from "../src/kafka/kafkajs-timers.ts";
import { TOPIC_VARIABLES } from "../src/config/topics.ts";
import { opcodeTable } from "../src/bot/opcodes.ts";
import { clientCrypto, type Encryptor } from "../src/protocol/crypto.ts";
import { decodeHello, helloLength } from "../src/protocol/hello.ts";
import { packetWriter } from "../src/protocol/writer.ts";
import { SANDBOX_SERVICE_ID, type SandboxMap, startSandbox } from "../src/sandbox/mod.ts";
import { GENERATED_FIRST_ID } from "../src/sandbox/world.ts";
import { createTopics, deleteTopics } from "../tests/support/kafka.ts";
import { cpuSeconds, loadAverage, rssMb } from "./field.ts";
import { cpuProfFlags, spawnChannel } from "./production_path.ts";

// The benches talk to the broker through kafkajs directly too; keep its negative-timeout warning out.
installKafkajsTimerFix();

const BENCH_MAP = 910000000;
const GOAL_P99_MS = 20;
/** After the window, answers and broadcasts of its attacks are still matched this long. */
const DRAIN_MS = 5000;
/** Attacks remembered per bot for the broadcast match (the hit-action byte wraps at 256). */
const RING = 256;

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

const table = opcodeTable();
const OP_LOGGED_IN = table.handler("CharacterLoggedInHandle");
const OP_MELEE = table.handler("CharacterMeleeAttackHandle");
const OP_SET_FIELD = table.writer("SetField");
const OP_SPAWN_MONSTER = table.writer("SpawnMonster");
const OP_DESTROY_MONSTER = table.writer("DestroyMonster");
const OP_HEALTH = table.writer("MonsterHealth");
const OP_ATTACK = table.writer("CharacterAttackMelee");
/**
 * Offset of the first target's hit action in a GMS 83 CharacterAttackMelee body (after the opcode's two
 * bytes): u32 characterId, u8 counts, u8 level, u8 0 (no skill), u8 option, i16 action, u8 speed, u8
 * mastery, u32 bullet, u32 monsterId.
 */
const HIT_ACTION_OFFSET = 2 + 4 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 4 + 4;

/** A lean combat client. */
interface CombatBot {
  index: number;
  characterId: number;
  conn: Deno.Conn;
  encryptor: Encryptor;
  writes: Promise<unknown>;
  observer: boolean;
  /** Non-observers after login: frames are walked, not decrypted. */
  skipping: boolean;
  loggedIn?: () => void;
  seq: number;
  /** Send time of each attack by `seq % RING`. */
  sentAt: Float64Array;
  /** An observer's attacks waiting for their answer, by monster. */
  pending: Map<number, number[]>;
  closedByUs: boolean;
  dropped: boolean;
  ended: Promise<void>;
}

/** What one run measures. */
interface Measures {
  /** Attacks sent now are measured. */
  measuring: boolean;
  /** Answers, broadcasts and status events are matched (the window and the drain after it). */
  collecting: boolean;
  live: Set<number>;
  byCharacter: Map<number, CombatBot>;
  /** Sandbox publishes: DAMAGED by `actor|monster` (observer actors only), KILLED by monster. */
  damagedAt: Map<string, Published[]>;
  killedAt: Map<number, Published>;
  eventToPacket: number[];
  /** From the broker's acknowledgement as this process saw it (0 when the packet came first). */
  ackToPacket: number[];
  /** Packets that arrived before this process saw the broker acknowledge their event. */
  beforeAck: number;
  /** The broker alone: a record produced here every 20 ms → consumed here (no channel involved). */
  brokerAlone: number[];
  /** This process's event-loop lag: how late a 10 ms timer fires, sampled through the window. */
  loopLag: number[];
  attackToAnswer: number[];
  broadcast: number[];
}

/** One status event the sandbox published: handed to its bus, then acknowledged by the broker. */
interface Published {
  handed: number;
  acked: number;
}

function eventMatched(m: Measures, published: Published, at: number): void {
  m.eventToPacket.push(at - published.handed);
  if (Number.isNaN(published.acked)) {
    m.beforeAck++;
    m.ackToPacket.push(0);
  } else m.ackToPacket.push(Math.max(0, at - published.acked));
}

function onBody(bot: CombatBot, body: Uint8Array, at: number, m: Measures): void {
  if (body.length < 2) return;
  const opcode = body[0] | (body[1] << 8);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const u32At = (offset: number) => body.length >= offset + 4 ? view.getUint32(offset, true) : undefined;
  if (opcode === OP_SET_FIELD) {
    bot.loggedIn?.();
  } else if (opcode === OP_SPAWN_MONSTER) {
    const id = u32At(2);
    if (id !== undefined) m.live.add(id);
  } else if (opcode === OP_DESTROY_MONSTER || opcode === OP_HEALTH) {
    const id = u32At(2);
    if (id === undefined) return;
    const killed = opcode === OP_DESTROY_MONSTER;
    if (killed) m.live.delete(id);
    if (!m.collecting) return;
    const waiting = bot.pending.get(id);
    if (waiting && waiting.length > 0) m.attackToAnswer.push(at - waiting.shift()!);
    if (killed) {
      const published = m.killedAt.get(id);
      if (published !== undefined) eventMatched(m, published, at);
    } else {
      const published = m.damagedAt.get(`${bot.characterId}|${id}`)?.shift();
      if (published !== undefined) eventMatched(m, published, at);
    }
  } else if (opcode === OP_ATTACK && m.collecting) {
    const sender = m.byCharacter.get(u32At(2) ?? 0);
    if (!sender || body.length <= HIT_ACTION_OFFSET) return;
    const sent = sender.sentAt[body[HIT_ACTION_OFFSET]];
    if (Number.isFinite(sent) && at >= sent) m.broadcast.push(at - sent);
  }
}

async function connectBot(
  port: number,
  index: number,
  characterId: number,
  observer: boolean,
  m: Measures,
): Promise<CombatBot> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const buffer = new Uint8Array(64 * 1024);
  let pending = new Uint8Array(0);
  let length: number | undefined;
  while (length === undefined || pending.length < length) {
    const n = await conn.read(buffer);
    if (n === null) throw new Error(`bot ${characterId}: connection closed during the hello`);
    const next = new Uint8Array(pending.length + n);
    next.set(pending);
    next.set(buffer.subarray(0, n), pending.length);
    pending = next;
    length = helloLength(pending);
  }
  const hello = decodeHello(pending.subarray(0, length));
  const { send, recv } = clientCrypto(
    { region: hello.region, majorVersion: hello.majorVersion },
    hello.sendIv,
    hello.recvIv,
  );
  const bot: CombatBot = {
    index,
    characterId,
    conn,
    encryptor: send,
    writes: Promise.resolve(),
    observer,
    skipping: false,
    seq: 0,
    sentAt: new Float64Array(RING).fill(NaN),
    pending: new Map(),
    closedByUs: false,
    dropped: false,
    ended: Promise.resolve(),
  };
  const feed = frameFeeder({
    recv,
    skipping: () => bot.skipping,
    onBody: (body, at) => onBody(bot, body, at, m),
    label: `bot ${characterId}`,
  });
  bot.ended = (async () => {
    try {
      feed(pending.subarray(length), performance.now());
      while (true) {
        const n = await conn.read(buffer);
        const at = performance.now();
        if (n === null) break;
        feed(buffer.subarray(0, n), at);
      }
    } catch { /* closed or broken: judged below */ }
    if (!bot.closedByUs) bot.dropped = true;
  })();
  return bot;
}

function sendBody(bot: CombatBot, body: Uint8Array): void {
  const frame = bot.encryptor.seal(body);
  bot.writes = bot.writes.then(async () => {
    let written = 0;
    while (written < frame.length) written += await bot.conn.write(frame.subarray(written));
  }).catch(() => {});
}

function login(bot: CombatBot, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      bot.loggedIn = undefined;
      resolve(false);
    }, timeoutMs);
    bot.loggedIn = () => {
      clearTimeout(timer);
      bot.loggedIn = undefined;
      resolve(true);
    };
    sendBody(bot, packetWriter().uint16(OP_LOGGED_IN).uint32(bot.characterId).uint16(0).toBytes());
  });
}

/** A GMS 83 melee attack on `monsterId` for 1, the sequence number as the target's hit action. */
function attack(bot: CombatBot, monsterId: number, m: Measures): void {
  const seq = bot.seq++ % RING;
  const x = -200;
  const w = packetWriter().uint16(OP_MELEE);
  w.byte(0).byte(0x11); // field key; one target, one hit
  w.uint32(0).uint32(0).uint32(0); // no skill, skill data CRCs
  w.byte(0).uint16(5); // option, action 5 facing right
  w.byte(0).byte(4).uint32(0); // action type, speed, time
  w.uint32(monsterId).byte(seq).byte(0).byte(0).byte(0).int16(x).int16(274).int16(x).int16(274).uint16(100);
  w.uint32(1).uint32(0); // damage, CRC
  w.int16(x).int16(274);
  const at = performance.now();
  bot.sentAt[seq] = m.measuring ? at : NaN;
  if (m.measuring && bot.observer) {
    const list = bot.pending.get(monsterId) ?? [];
    list.push(at);
    bot.pending.set(monsterId, list);
  }
  sendBody(bot, w.toBytes());
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (v: number) => Number.isFinite(v) ? v.toFixed(2) : "n/a";
const line = (what: string, values: number[]) => {
  values.sort((a, b) => a - b);
  return `${what}: n=${values.length} p50 ${ms(percentile(values, 50))} ms p99 ${
    ms(percentile(values, 99))
  } ms` +
    ` max ${ms(values.at(-1) ?? NaN)} ms`;
};

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
      observers: { type: "string", default: "10" },
      port: { type: "string", default: "29585" },
      "respawn-ms": { type: "string", default: "2000" },
      "cpu-prof": { type: "string" },
      warmup: { type: "string", default: "10" },
    },
  });
  const warmupSeconds = Number(values.warmup);
  const botCount = Number(values.bots);
  const monsterCount = Number(values.monsters);
  const seconds = Number(values.seconds);
  const observerCount = Math.max(1, Math.min(botCount, Number(values.observers)));
  const port = Number(values.port);
  if (table.region !== "GMS" || table.majorVersion !== 83) throw new Error("the bench speaks GMS 83 only");
  const brokers =
    (Deno.env.get("BOOTSTRAP_SERVERS") ?? Deno.env.get("TEST_BOOTSTRAP_SERVERS") ?? "127.0.0.1:19092")
      .split(",");
  const run = crypto.randomUUID().slice(0, 8);
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, `combat-bench-${run}-${v}`]));
  const kafka = new Kafka({ clientId: `combat-bench-${run}`, brokers, logLevel: logLevel.NOTHING });
  console.log(
    `combat bench: ${botCount} bots (${observerCount} observers), ${monsterCount} monsters, ${seconds} s,` +
      ` broker ${brokers}; load average ${loadAverage()}`,
  );
  const probeTopic = `combat-bench-${run}-probe`;
  await createTopics(kafka, [...Object.values(topics), probeTopic]);

  const m: Measures = {
    measuring: false,
    collecting: false,
    live: new Set(),
    byCharacter: new Map(),
    damagedAt: new Map(),
    killedAt: new Map(),
    eventToPacket: [],
    ackToPacket: [],
    beforeAck: 0,
    loopLag: [],
    brokerAlone: [],
    attackToAnswer: [],
    broadcast: [],
  };
  const sandbox = await startSandbox({
    bootstrapServers: brokers,
    topics,
    channelPorts: [port, port + 1, port + 2],
    generatedCount: botCount,
    monsterRespawnMs: Number(values["respawn-ms"]),
    extraMaps: [benchMap(monsterCount)],
    onMonsterStatus: (type, uniqueId, actorId, acknowledged) => {
      if (!m.collecting) return;
      const published: Published = { handed: performance.now(), acked: NaN };
      acknowledged.then(() => published.acked = performance.now(), () => {});
      if (type === "KILLED") m.killedAt.set(uniqueId, published);
      else if (type === "DAMAGED" && m.byCharacter.get(actorId)?.observer) {
        const key = `${actorId}|${uniqueId}`;
        const list = m.damagedAt.get(key) ?? [];
        list.push(published);
        m.damagedAt.set(key, list);
      }
    },
  });
  const env: Record<string, string> = {
    ...topics,
    BOOTSTRAP_SERVERS: brokers.join(","),
    BASE_SERVICE_URL: sandbox.root,
    SERVICE_ID: SANDBOX_SERVICE_ID,
    LOG_LEVEL: "warn",
  };
  const { child: channel, logDone } = await spawnChannel(
    [
      "--bind-address",
      "127.0.0.1",
      "--max-sessions",
      String(botCount + 50),
      "--admin-port",
      String(port + 20),
    ],
    env,
    `/tmp/combat-bench-${run}-channel.log`,
    cpuProfFlags(values["cpu-prof"]),
  );
  const bots: CombatBot[] = [];
  let damageCommands = 0;
  const consumer = kafka.consumer({ groupId: `combat-bench-${run}-counter` });
  const timers: ReturnType<typeof setTimeout>[] = [];
  const probeProducer = kafka.producer();
  const probeConsumer = kafka.consumer({ groupId: `combat-bench-${run}-probe`, maxWaitTimeInMs: 100 });
  let probeTimer: ReturnType<typeof setInterval> | undefined;
  try {
    await waitForPort(port, 60_000);
    await consumer.connect();
    await consumer.subscribe({ topic: topics.COMMAND_TOPIC_MONSTER, fromBeginning: true });
    await consumer.run({ eachMessage: () => Promise.resolve(void damageCommands++) });
    await probeProducer.connect();
    await probeConsumer.connect();
    await probeConsumer.subscribe({ topic: probeTopic, fromBeginning: true });
    await probeConsumer.run({
      eachMessage: ({ message }) => {
        const at = performance.now();
        if (m.collecting) m.brokerAlone.push(at - Number(message.value?.toString()));
        return Promise.resolve();
      },
    });
    probeTimer = setInterval(() => {
      probeProducer.send({ topic: probeTopic, messages: [{ value: String(performance.now()) }] }).catch(
        () => {},
      );
    }, 20);

    // Observers spread over the indices, so over the send phases.
    const isObserver = (i: number) =>
      Math.floor((i * observerCount) / botCount) !==
        Math.floor(((i + 1) * observerCount) / botCount);
    const loginStarted = performance.now();
    for (let from = 0; from < botCount; from += 25) {
      await Promise.all(Array.from({ length: Math.min(25, botCount - from) }, async (_, k) => {
        const i = from + k;
        const id = GENERATED_FIRST_ID + i;
        sandbox.store.character(id)!.attributes.mapId = BENCH_MAP;
        const bot = await connectBot(port, i, id, isObserver(i), m);
        bots[i] = bot;
        m.byCharacter.set(id, bot);
        if (!await login(bot, 30_000)) throw new Error(`bot ${id} did not log in`);
        if (!bot.observer) bot.skipping = true;
      }));
    }
    const deadline = Date.now() + 30_000;
    while (m.live.size < monsterCount && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    console.log(
      `${botCount} logged in in ${((performance.now() - loginStarted) / 1000).toFixed(1)} s;` +
        ` monsters seen: ${m.live.size}`,
    );

    let attacks = 0;
    bots.forEach((bot, i) => {
      timers[i] = setTimeout(() => {
        const tick = () => {
          if (m.live.size === 0) return;
          const live = [...m.live];
          attack(bot, live[Math.floor(Math.random() * live.length)], m);
          if (m.measuring) attacks++;
        };
        tick();
        timers[i] = setInterval(tick, 500);
      }, (500 * i) / botCount);
    });
    // The same attacks, unmeasured, first: the channel's and a fresh broker's JIT warm up as they would in
    // a server that has been running.
    await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
    const commandsFrom = damageCommands;
    const cpuFrom = cpuSeconds(channel.pid);
    const ownCpuFrom = cpuSeconds(Deno.pid);
    const startedAt = performance.now();
    m.measuring = true;
    m.collecting = true;
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(channel.pid))), 1000);
    let lagProbe: ReturnType<typeof setTimeout> | undefined;
    const probe = (due: number) => {
      lagProbe = setTimeout(() => {
        const now = performance.now();
        if (m.measuring) m.loopLag.push(Math.max(0, now - due));
        probe(now + 10);
      }, 10);
    };
    probe(performance.now() + 10);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    m.measuring = false;
    const windowS = (performance.now() - startedAt) / 1000;
    const cpu = (cpuSeconds(channel.pid) - cpuFrom) / windowS * 100;
    const ownCpu = (cpuSeconds(Deno.pid) - ownCpuFrom) / windowS * 100;
    clearInterval(sampler);
    clearTimeout(lagProbe);
    for (const t of timers) clearInterval(t);
    await new Promise((r) => setTimeout(r, DRAIN_MS)); // answers to the window's attacks still count
    m.collecting = false;
    const commands = damageCommands - commandsFrom;

    console.log(
      `attacks: ${attacks} in ${windowS.toFixed(1)} s = ${(attacks / windowS).toFixed(1)} attacks/s`,
    );
    console.log(
      `DAMAGE commands on the broker: ${commands} (${
        (commands / Math.max(1, attacks)).toFixed(3)
      } per attack)`,
    );
    // The channel's own view: how long its Kafka handlers and REST calls took (they hold up later records).
    const metrics = await fetch(`http://127.0.0.1:${port + 20}/metrics`).then((r) => r.text()).catch(() =>
      ""
    );
    await Deno.writeTextFile(`/tmp/combat-bench-${run}-metrics.txt`, metrics);
    console.log(`channel metrics: /tmp/combat-bench-${run}-metrics.txt`);
    const eventP99 = percentile([...m.eventToPacket].sort((a, b) => a - b), 99);
    console.log(
      line("event → packet (DAMAGED/KILLED published → MonsterHealth/DestroyMonster)", m.eventToPacket),
    );
    console.log(
      line("  from the broker's acknowledgement as this process saw it", m.ackToPacket) +
        ` (${m.beforeAck} packets came before the acknowledgement)`,
    );
    console.log(line("the broker alone (produced here → consumed here, no channel)", m.brokerAlone));
    console.log(line("bench process event-loop lag (10 ms timer, late by)", m.loopLag));
    console.log(line("attack → answer at the attacker (via broker and atlas-monsters)", m.attackToAnswer));
    console.log(line("attack → CharacterAttackMelee at the observers", m.broadcast));
    console.log(
      `channel CPU ${cpu.toFixed(0)}%, peak RSS ${peakRss.toFixed(0)} MiB; bots+sandbox process CPU ${
        ownCpu.toFixed(0)
      }%; sessions dropped ${bots.filter((b) => b.dropped).length}; load average ${loadAverage()}`,
    );
    if (!(eventP99 < GOAL_P99_MS)) {
      console.log(`GOAL MISSED: event → packet p99 is not under ${GOAL_P99_MS} ms`);
    }
    return 0;
  } finally {
    for (const t of timers) clearInterval(t);
    for (const bot of bots) {
      if (!bot) continue;
      bot.closedByUs = true;
      try {
        bot.conn.close();
      } catch { /* already closed */ }
    }
    clearInterval(probeTimer);
    await consumer.disconnect().catch(() => {});
    await probeConsumer.disconnect().catch(() => {});
    await probeProducer.disconnect().catch(() => {});
    try {
      channel.kill("SIGTERM");
    } catch { /* already gone */ }
    await channel.status;
    await logDone;
    await sandbox.stop();
    await deleteTopics(kafka, [...Object.values(topics), probeTopic]).catch(() => {});
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
