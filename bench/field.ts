/**
 * `deno task bench:field`: the field performance benchmark of issue 7. For each bot count it starts ONE
 * channel process (`bench/field_channel.ts`: the sandbox and the channel on the in-memory bus, as
 * `deno task dev`, plus a counter of movement commands), logs N generated characters in from this
 * process (all in Henesys, one map), and has every bot send a movement packet every 500 ms. It reports:
 *
 * - p50/p99/max time from a bot's send to another bot's receipt of the matching CharacterMovement (each
 *   movement carries its sender's sequence number in the element's foothold field; sender and receivers
 *   live in this process, so they share `performance.now()`); a movement some bot never received counts
 *   as an infinitely late receipt, so losses push p99 up instead of hiding. Receipts are timed at
 *   observer bots (default 25, spread over the send phases; `--observers all` times every bot): the
 *   others read every byte of their sockets but stop decrypting after login, because this one process
 *   stands in for N clients that would each decrypt on their own machine, and it shares the 2 cores
 *   with the channel it measures;
 * - sessions dropped (a bot's connection ended before the bot closed it);
 * - movement commands that reached the bus, against movement packets sent;
 * - channel process CPU% (utime+stime deltas of /proc/<pid>/stat over the window) and RSS (VmRSS of
 *   /proc/<pid>/status, peak of one-second samples), and the same CPU figure for this (the bots') process.
 *
 * Then (unless `--no-search`) it steps the bot count up until p99 reaches 50 ms, and prints a Markdown
 * table and the goals missed. Benchmarks assert nothing; the exit code is 0 unless a run failed to start.
 *
 * `--kafka` measures the production path instead (`bench/production_path.ts`): a real broker of the
 * benchmark's own (`scripts/kafka` on port 19692), the sandbox as its own process and the channel as
 * `main.ts` with production settings, fresh topics per run; commands are counted from the broker's topic
 * offsets, and the sandbox's, broker's and driver's CPU and RSS are sampled as well as the channel's, with
 * the channel's CPU per movement received and per packet sent. `--attach HOST:PORT` drives a channel that
 * is already running (any Atlas-compatible one), counting its commands from the broker's offsets.
 *
 *     deno task bench:field -- --bots 50,100,200,300 --seconds 20
 *     deno task bench:field -- --bots 200 --no-search --cpu-prof /tmp/field-prof
 *     deno task bench:field -- --kafka --bots 500 --no-search --seconds 30
 *     deno task bench:field -- --attach 10.0.0.5:8585 --brokers 10.0.0.2:9092 --bots 100 --no-search
 *
 * Why a separate channel process running the dev wiring rather than `main.ts`: the bots must not share
 * the channel's CPU and heap, and `main.ts` has no way to report how many commands reached its in-memory
 * bus; the channel process builds exactly what dev mode builds (sandbox + app on one MemoryBroker).
 * @module
 */
import { frameFeeder } from "./frames.ts";
import { parseArgs } from "node:util";
import { opcodeTable } from "../src/bot/opcodes.ts";
import { movementCodec, type MovementPath, writeMovementPath } from "../src/features/movement/path.ts";
import { clientCrypto, type Encryptor } from "../src/protocol/crypto.ts";
import { decodeHello, helloLength } from "../src/protocol/hello.ts";
import { packetWriter } from "../src/protocol/writer.ts";
import { GENERATED_FIRST_ID } from "../src/sandbox/world.ts";
import { CONTROL_PREFIX } from "./field_channel.ts";
import { Kafka, logLevel } from "kafkajs";
import { installKafkajsTimerFix } from "../src/kafka/kafkajs-timers.ts";
import {
  BENCH_KAFKA_PORT,
  type BenchBroker,
  benchBroker,
  cpuProfFlags,
  startProductionPath,
  topicEnd,
} from "./production_path.ts";

// The benches talk to the broker through kafkajs directly too; keep its negative-timeout warning out.
installKafkajsTimerFix();

const USAGE = `Usage: deno task bench:field -- [options]
  --bots LIST         bot counts to run (default 50,100,200,300)
  --seconds S         measurement window per run (default 20)
  --warmup S          movement before the window, not measured (default 3)
  --interval MS       movement period of each bot (default 500)
  --no-search         skip the search for the largest count with p99 < 50 ms
  --step N            search step (default 50)
  --max N             search cap (default 600)
  --port P            channel port (default 28585; the sandbox configures P..P+2)
  --login-batch N     concurrent logins (default 25)
  --cpu-prof DIR      run the channel with --cpu-prof, profiles in DIR
  --observers N|all   bots that decrypt and time every packet during the movement (default 25, spread
                      over the bot indices); the others read their sockets fully but skip the bytes
  --timeline          print each run's max latency (ms) / receipts ≥ 20 ms per 250 ms of the window
  --v8-flags FLAGS    V8 flags for the channel process (e.g. --trace-gc; output lands in the channel log)
  --logs DIR          channel logs (stderr), one file per run (default /tmp)
  --flood             during the window, one more logged-in client floods valid movement and one
                      connection floods framed garbage, both as fast as they can (issue 17's flood test);
                      reports when the channel cut each and how many honest bots it dropped
Production path (default is dev mode: sandbox and channel in one process on the in-memory bus):
  --kafka             real broker (scripts/kafka on --broker-port, started if not running and stopped
                      afterwards unless --keep-broker), the sandbox as its own process, and the channel
                      as its own process (main.ts, production settings, fresh topics per run); default
                      --port 28685
  --broker-port P     the benchmark's broker (default ${BENCH_KAFKA_PORT}; never the shared test broker)
  --keep-broker       leave a broker this benchmark started running
  --broker-warmup S   with a broker this benchmark started: one run of the first bot count for S
                      seconds before any measured run, not reported (default 30; 0: none). A fresh
                      broker JVM spends its first minute compiling (23-24% CPU against 7-10% warm at 500
                      bots), which no production broker does
  --attach HOST:PORT  drive a channel that is already running (any Atlas-compatible channel); its
                      characters must exist and stand in one map: --first-id (default ${GENERATED_FIRST_ID})
                      and the next bots-1 ids. Movement commands are counted from the broker's topic
                      offsets (--brokers, --movement-topic; default BOOTSTRAP_SERVERS and
                      COMMAND_TOPIC_CHARACTER_MOVEMENT); CPU/RSS of --channel-pid, --sandbox-pid,
                      --broker-pid when given
LOG_LEVEL applies to the channel (default info; warn with --kafka).`;

/** Goals of issue 7. */
const GOAL_P99_AT_100_MS = 20;
const SEARCH_P99_MS = 50;
const GOAL_MAX_BOTS = 300;
/** Issue 18: the channel's RSS at 500 bots. */
const GOAL_CHANNEL_RSS_MB = 250;

/** Histogram resolution and range for latencies. */
const BUCKET_MS = 0.01;
const BUCKETS = 1_000_000; // 10 s

interface BenchOptions {
  bots: number[];
  seconds: number;
  warmup: number;
  intervalMs: number;
  search: boolean;
  step: number;
  max: number;
  port: number;
  loginBatch: number;
  cpuProf?: string;
  logs: string;
  timeline: boolean;
  /** Observer bots; Infinity for all. */
  observers: number;
  v8Flags?: string;
  flood: boolean;
  mode: "dev" | "kafka" | "attach";
  brokerPort: number;
  keepBroker: boolean;
  /** Seconds of unreported load on a broker this benchmark started, before the measured runs. */
  brokerWarmup: number;
  attach?: { host: string; port: number };
  firstId: number;
  brokers?: string[];
  movementTopic: string;
  pids: { channel?: number; sandbox?: number; broker?: number };
}

/** One run's figures. */
interface RunResult {
  bots: number;
  loggedIn: number;
  spawnedAll: number;
  loginSeconds: number;
  p50: number;
  p99: number;
  max: number;
  observers: number;
  receipts: number;
  expectedReceipts: number;
  movementsSent: number;
  commands: number;
  dropped: number;
  channelCpu: number;
  channelRssMb: number;
  botCpu: number;
  botRssMb: number;
  sandboxCpu: number;
  sandboxRssMb: number;
  brokerCpu: number;
  brokerRssMb: number;
  /** CPU the host took from this machine during the window (stealSeconds), in % of one core. */
  stealCpu: number;
  /** Movements sent in the window, and packets (frames) the bots received in it. */
  windowMovements: number;
  windowPackets: number;
  /** Channel CPU µs per movement received and per packet sent, over the window. */
  cpuUsPerMovement: number;
  cpuUsPerPacket: number;
  /** Channel heap in use after the run's logins and after the window (admin /metrics; kafka mode). */
  heapAfterLoginMb: number;
  heapAfterWindowMb: number;
  /** Movements coalesced for recipients that were behind (kafka mode; they count as not delivered). */
  coalesced: number;
  load: string;
  logFile: string;
  /** Per-slot `max ms/late receipts` of the window, for `--timeline`. */
  timeline: string;
  /** With `--flood`: ms from the flood's start until the channel closed each flooder (∞: never). */
  flood?: { validCutMs: number; garbageCutMs: number; validSent: number; garbageSent: number };
}

function parseOptions(args: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      bots: { type: "string" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      interval: { type: "string" },
      "no-search": { type: "boolean" },
      step: { type: "string" },
      max: { type: "string" },
      port: { type: "string" },
      "login-batch": { type: "string" },
      "cpu-prof": { type: "string" },
      logs: { type: "string" },
      timeline: { type: "boolean" },
      observers: { type: "string" },
      "v8-flags": { type: "string" },
      flood: { type: "boolean" },
      kafka: { type: "boolean" },
      "broker-port": { type: "string" },
      "keep-broker": { type: "boolean" },
      "broker-warmup": { type: "string" },
      attach: { type: "string" },
      "first-id": { type: "string" },
      brokers: { type: "string" },
      "movement-topic": { type: "string" },
      "channel-pid": { type: "string" },
      "sandbox-pid": { type: "string" },
      "broker-pid": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const positive = (text: string | undefined, fallback: number, name: string) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!(n > 0) || !Number.isFinite(n)) {
      throw new Error(`--${name}: expected a positive number, got ${text}`);
    }
    return n;
  };
  const bots = (values.bots ?? "50,100,200,300").split(",").map((s) =>
    Math.round(positive(s.trim(), 0, "bots"))
  );
  if (values.kafka && values.attach) throw new Error("--kafka and --attach exclude each other");
  let attach: { host: string; port: number } | undefined;
  if (values.attach) {
    const match = /^(.+):(\d+)$/.exec(values.attach);
    if (!match) throw new Error(`--attach: expected HOST:PORT, got ${values.attach}`);
    attach = { host: match[1], port: Number(match[2]) };
  }
  const pid = (text: string | undefined, name: string) =>
    text === undefined ? undefined : Math.round(positive(text, 0, name));
  const mode = values.kafka ? "kafka" : attach ? "attach" : "dev";
  const brokerList = values.brokers ?? Deno.env.get("BOOTSTRAP_SERVERS");
  return {
    mode,
    brokerPort: Math.round(positive(values["broker-port"], BENCH_KAFKA_PORT, "broker-port")),
    keepBroker: values["keep-broker"] ?? false,
    brokerWarmup: values["broker-warmup"] === "0"
      ? 0
      : positive(values["broker-warmup"], 30, "broker-warmup"),
    attach,
    firstId: Math.round(positive(values["first-id"], GENERATED_FIRST_ID, "first-id")),
    brokers: brokerList ? brokerList.split(",") : undefined,
    movementTopic: values["movement-topic"] ?? Deno.env.get("COMMAND_TOPIC_CHARACTER_MOVEMENT") ??
      "COMMAND_TOPIC_CHARACTER_MOVEMENT",
    pids: {
      channel: pid(values["channel-pid"], "channel-pid"),
      sandbox: pid(values["sandbox-pid"], "sandbox-pid"),
      broker: pid(values["broker-pid"], "broker-pid"),
    },
    bots,
    seconds: positive(values.seconds, 20, "seconds"),
    warmup: values.warmup === "0" ? 0 : positive(values.warmup, 3, "warmup"),
    intervalMs: positive(values.interval, 500, "interval"),
    search: !values["no-search"],
    step: Math.round(positive(values.step, 50, "step")),
    max: Math.round(positive(values.max, 600, "max")),
    port: Math.round(positive(values.port, mode === "kafka" ? 28685 : 28585, "port")),
    loginBatch: Math.round(positive(values["login-batch"], 25, "login-batch")),
    cpuProf: values["cpu-prof"],
    logs: values.logs ?? "/tmp",
    timeline: values.timeline ?? false,
    observers: values.observers === "all"
      ? Infinity
      : Math.round(positive(values.observers, 25, "observers")),
    v8Flags: values["v8-flags"],
    flood: values.flood ?? false,
  };
}

// ---------------------------------------------------------------------------------------------------
// /proc sampling

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux ABI Deno ships for.

/** utime+stime of a process in seconds (NaN for an unknown or gone process). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    return cpuSecondsOf(pid);
  } catch {
    return NaN;
  }
}

function cpuSecondsOf(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU time the hypervisor gave to others while this machine's vCPUs wanted it ("steal" in /proc/stat),
 * in seconds summed over the cores; NaN where unknown. A run with much of it measured a slower machine.
 */
export function stealSeconds(): number {
  try {
    const fields = Deno.readTextFileSync("/proc/stat").split("\n", 1)[0].trim().split(/\s+/);
    return Number(fields[8]) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** VmRSS of a process in MiB (NaN for an unknown or gone process). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    return rssMbOf(pid);
  } catch {
    return NaN;
  }
}

function rssMbOf(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The 1/5/15-minute load averages. */
export function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}

// ---------------------------------------------------------------------------------------------------
// The channel process

/** What a run drives: where the bots connect, the processes it samples, how it counts commands. */
interface Target {
  host: string;
  port: number;
  pids: { channel?: number; sandbox?: number; broker?: number };
  logFile: string;
  /**
   * Movement commands on the bus so far. `except` (dev mode only) leaves out one character's, so a
   * flooder's accepted movements are not counted against the honest bots' sends.
   */
  commandCount(except?: number): Promise<number>;
  /** The channel's heap in use in bytes, when it can be read (NaN otherwise). */
  heapBytes(): Promise<number>;
  /** Movements the channel coalesced for recipients that were behind, so far (NaN when unknown). */
  coalesced(): Promise<number>;
  stop(): Promise<void>;
}

/** The target of one run in the chosen mode. */
async function startTarget(
  options: BenchOptions,
  bots: number,
  generated: number,
  broker: BenchBroker | undefined,
): Promise<Target> {
  if (options.mode === "dev") return await startChannel(options, bots, generated);
  if (options.mode === "kafka") {
    const denoFlags = cpuProfFlags(options.cpuProf);
    if (options.v8Flags) denoFlags.push(`--v8-flags=${options.v8Flags}`);
    const rig = await startProductionPath({
      broker: broker!,
      port: options.port,
      generated,
      logs: options.logs,
      label: `field-${bots}`,
      denoFlags,
      logLevel: Deno.env.get("LOG_LEVEL") ?? "warn",
    });
    return {
      host: rig.host,
      port: rig.port,
      pids: { channel: rig.channelPid, sandbox: rig.sandboxPid, broker: rig.brokerPid },
      logFile: rig.channelLog,
      commandCount: () => rig.movementCommands(),
      heapBytes: () => rig.channelHeapBytes().catch(() => NaN),
      coalesced: () => rig.channelCounter("net.broadcast.coalesced").catch(() => NaN),
      stop: () => rig.stop(),
    };
  }
  const kafka = options.brokers
    ? new Kafka({ clientId: "field-bench-attach", brokers: options.brokers, logLevel: logLevel.NOTHING })
    : undefined;
  return {
    host: options.attach!.host,
    port: options.attach!.port,
    pids: options.pids,
    logFile: "(attached: the channel's own log)",
    commandCount: () =>
      kafka ? topicEnd(kafka, options.movementTopic).catch(() => NaN) : Promise.resolve(NaN),
    heapBytes: () => Promise.resolve(NaN),
    coalesced: () => Promise.resolve(NaN),
    stop: () => Promise.resolve(),
  };
}

async function startChannel(options: BenchOptions, bots: number, generated: number): Promise<Target> {
  const root = new URL("..", import.meta.url).pathname;
  const logFile = `${options.logs}/field-bench-channel-${bots}.log`;
  const flags = cpuProfFlags(options.cpuProf);
  if (options.v8Flags) flags.push(`--v8-flags=${options.v8Flags}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...flags,
      "bench/field_channel.ts",
      "--port",
      String(options.port),
      "--generated",
      String(generated),
    ],
    cwd: root,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = await Deno.open(logFile, { write: true, create: true, truncate: true });
  const stderrDone = child.stderr.pipeTo(log.writable).catch(() => {});
  const stdin = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const waiters: ((line: string) => void)[] = [];
  let buffered = "";
  const { promise: readyPromise, resolve: ready, reject: failed } = Promise.withResolvers<
    { pid: number; port: number }
  >();
  // V8 output (e.g. --trace-gc) shares the child's stdout and may land in the middle of a control line,
  // so control messages are found anywhere in a line; everything else goes to a second log file.
  const control = new RegExp(`${CONTROL_PREFIX} (ready|count) (\\S+)`);
  const stdoutLog = await Deno.open(logFile.replace(/\.log$/, ".stdout.log"), {
    write: true,
    create: true,
    truncate: true,
  });
  const encoder = new TextEncoder();
  (async () => {
    while (true) {
      const { value, done } = await lines.read();
      if (done) break;
      buffered += value;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const match = control.exec(line);
        if (!match) {
          stdoutLog.writeSync(encoder.encode(line + "\n"));
          continue;
        }
        if (match[1] === "ready") ready(JSON.parse(match[2]));
        else waiters.shift()?.(match[2]);
      }
    }
    stdoutLog.close();
    failed(new Error(`channel process ended before it was ready (see ${logFile})`));
  })();
  const status = child.status;
  const info = await Promise.race([
    readyPromise,
    status.then((s) => {
      throw new Error(`channel process exited with ${s.code} (see ${logFile})`);
    }),
  ]);
  return {
    host: "127.0.0.1",
    pids: { channel: info.pid },
    port: info.port,
    logFile,
    heapBytes: () => Promise.resolve(NaN),
    coalesced: () => Promise.resolve(NaN),
    async commandCount(except?: number) {
      const answer = new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve("NaN"), 10_000);
        waiters.push((text) => {
          clearTimeout(timer);
          resolve(text);
        });
      });
      await stdin.write(encoder.encode(except === undefined ? "count\n" : `count ${except}\n`));
      return Number(await answer);
    },
    async stop() {
      try {
        await stdin.write(encoder.encode("stop\n"));
        await stdin.close();
      } catch { /* already gone */ }
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* exited */ }
      }, 15_000);
      await status;
      clearTimeout(timer);
      await stderrDone;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Bots: a lean client per character (hello, crypto, framing from the project's own modules) whose read
// loop handles every body synchronously, so receipt times are taken when the bytes arrive.

const table = opcodeTable();
const tenant = { region: table.region, majorVersion: table.majorVersion };
const OP_LOGGED_IN = table.handler("CharacterLoggedInHandle");
const OP_MOVE = table.handler("CharacterMoveHandle");
const OP_SET_FIELD = table.writer("SetField");
const OP_SPAWN = table.writer("CharacterSpawn");
const OP_MOVEMENT = table.writer("CharacterMovement");
const moveCodec = movementCodec(tenant, table.handlerOptions("CharacterMoveHandle"));
/**
 * Offset of the first element's foothold in a CharacterMovement body (after the opcode) for GMS 83:
 * u16 opcode, u32 characterId, i16 startX, i16 startY, u8 count, u8 type, i16 x, y, vx, vy, foothold.
 */
const FOOTHOLD_OFFSET = 2 + 4 + 2 + 2 + 1 + 1 + 2 * 4;
const SPAWN_ID_OFFSET = 2;

/** A lean benchmark client: one character's connection, its ciphers and what it has seen. */
export interface Bot {
  index: number;
  characterId: number;
  conn: Deno.Conn;
  encryptor: Encryptor;
  writes: Promise<unknown>;
  /** Distinct characters whose CharacterSpawn arrived. */
  spawned: Set<number>;
  loggedIn?: () => void;
  spawnWatch?: () => void;
  x: number;
  seq: number;
  /** Set for bots that are not observers once the movement starts: frames are skipped, not decrypted. */
  skipping: boolean;
  closedByUs: boolean;
  dropped: boolean;
  ended: Promise<void>;
}

/** Shared receipt bookkeeping of one run (`newReceipts`). */
export interface Receipts {
  firstId: number;
  bots: number;
  slotsPerBot: number;
  /** Send time by (bot index, seq); NaN when not measured. */
  sentAt: Float64Array;
  histogram: Uint32Array;
  overflow: number;
  count: number;
  max: number;
  /** Receipt-time slots of {@link TIMELINE_SLOT_MS} since `timelineStart`: max latency and late receipts. */
  timelineStart: number;
  timelineMax: Float64Array;
  timelineLate: Uint32Array;
  /** True during the measured window; frames the bots receive meanwhile are counted. */
  measuring: boolean;
  windowPackets: number;
}

/** Slot width of the `--timeline` view. */
const TIMELINE_SLOT_MS = 250;
const TIMELINE_SLOTS = 4096;

/** Receipt bookkeeping for `bots` bots from `firstId`, `slotsPerBot` movements each. */
export function newReceipts(firstId: number, bots: number, slotsPerBot: number): Receipts {
  return {
    firstId,
    bots,
    slotsPerBot,
    sentAt: new Float64Array(bots * slotsPerBot).fill(NaN),
    histogram: new Uint32Array(BUCKETS),
    overflow: 0,
    count: 0,
    max: 0,
    timelineStart: performance.now(),
    timelineMax: new Float64Array(TIMELINE_SLOTS),
    timelineLate: new Uint32Array(TIMELINE_SLOTS),
    measuring: false,
    windowPackets: 0,
  };
}

function onBody(bot: Bot, body: Uint8Array, at: number, receipts: Receipts): void {
  const opcode = body[0] | (body[1] << 8);
  if (opcode === OP_MOVEMENT) {
    if (body.length < FOOTHOLD_OFFSET + 2) return;
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const sender = view.getUint32(2, true) - receipts.firstId;
    const seq = view.getInt16(FOOTHOLD_OFFSET, true);
    if (sender < 0 || sender >= receipts.bots || seq < 0 || seq >= receipts.slotsPerBot) return;
    const sent = receipts.sentAt[sender * receipts.slotsPerBot + seq];
    if (Number.isNaN(sent)) return;
    const latency = at - sent;
    receipts.count++;
    if (latency > receipts.max) receipts.max = latency;
    const bucket = Math.floor(latency / BUCKET_MS);
    if (bucket < BUCKETS) receipts.histogram[Math.max(0, bucket)]++;
    else receipts.overflow++;
    const slot = Math.floor((at - receipts.timelineStart) / TIMELINE_SLOT_MS);
    if (slot >= 0 && slot < TIMELINE_SLOTS) {
      if (latency > receipts.timelineMax[slot]) receipts.timelineMax[slot] = latency;
      if (latency >= GOAL_P99_AT_100_MS) receipts.timelineLate[slot]++;
    }
  } else if (opcode === OP_SPAWN) {
    if (body.length >= SPAWN_ID_OFFSET + 4) {
      bot.spawned.add(new DataView(body.buffer, body.byteOffset).getUint32(SPAWN_ID_OFFSET, true));
      bot.spawnWatch?.();
    }
  } else if (opcode === OP_SET_FIELD) {
    bot.loggedIn?.();
  }
}

/** Connects, reads the hello and starts the read loop; `login` then logs the character in. */
export async function connectBot(
  at: { host: string; port: number },
  index: number,
  characterId: number,
  receipts: Receipts,
): Promise<Bot> {
  const conn = await Deno.connect({ hostname: at.host, port: at.port });
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
  const bot: Bot = {
    index,
    characterId,
    conn,
    encryptor: send,
    writes: Promise.resolve(),
    spawned: new Set(),
    x: 0,
    seq: 0,
    skipping: false,
    closedByUs: false,
    dropped: false,
    ended: Promise.resolve(),
  };
  const feed = frameFeeder({
    recv,
    skipping: () => bot.skipping,
    onBody: (body, at) => onBody(bot, body, at, receipts),
    onFrame: () => {
      if (receipts.measuring) receipts.windowPackets++;
    },
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

function sendBody(bot: Bot, body: Uint8Array): void {
  const frame = bot.encryptor.seal(body);
  bot.writes = bot.writes.then(async () => {
    let written = 0;
    while (written < frame.length) written += await bot.conn.write(frame.subarray(written));
  }).catch(() => {});
}

/** Sends CharacterLoggedIn; true once SetField arrives, false after `timeoutMs`. */
export function login(bot: Bot, timeoutMs: number): Promise<boolean> {
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

function sendMovement(bot: Bot, receipts: Receipts, measured: boolean): void {
  const seq = bot.seq++;
  if (seq >= receipts.slotsPerBot) return;
  const dx = seq % 2 === 0 ? 15 : -15;
  const path: MovementPath = {
    startX: bot.x,
    startY: 274,
    elements: [{
      type: 0,
      layout: "NORMAL",
      x: bot.x + dx,
      y: 274,
      vx: dx * 4,
      vy: 0,
      foothold: seq, // the sequence number receivers match (see FOOTHOLD_OFFSET)
      fallStartFoothold: 0,
      xOffset: 0,
      yOffset: 0,
      moveAction: dx < 0 ? 3 : 2,
      elapsed: 250,
      stat: 0,
    }],
  };
  bot.x += dx;
  const w = packetWriter().uint16(OP_MOVE).byte(0).uint32(0); // field key, crc (GMS > 28)
  writeMovementPath(w, path, moveCodec);
  const body = w.toBytes();
  if (measured) receipts.sentAt[bot.index * receipts.slotsPerBot + seq] = performance.now();
  sendBody(bot, body);
}

function percentile(receipts: Receipts, expected: number, q: number): number {
  // Receipts that never came count as later than anything measured.
  const rank = Math.ceil(q * expected);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += receipts.histogram[i];
    if (seen >= rank) return (i + 1) * BUCKET_MS;
  }
  return Infinity;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// Flooders (--flood)

/** A running flooder: how many frames it wrote and when its connection ended (undefined: still open). */
interface Flooder {
  sent: number;
  endedAt?: number;
  stop(): Promise<void>;
}

/** Writes `frame()` as fast as the socket takes it, 200 frames per write, until stopped or cut. */
function flood(conn: Deno.Conn, frame: () => Uint8Array, ended: Promise<void>): Flooder {
  let running = true;
  const flooder: Flooder = { sent: 0, stop: async () => void (running = false, await writing) };
  ended.then(() => flooder.endedAt ??= performance.now());
  const writing = (async () => {
    try {
      while (running && flooder.endedAt === undefined) {
        const frames = Array.from({ length: 200 }, frame);
        const chunk = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
        let at = 0;
        for (const f of frames) chunk.set(f, (at += f.length) - f.length);
        let written = 0;
        while (written < chunk.length) written += await conn.write(chunk.subarray(written));
        flooder.sent += frames.length;
      }
    } catch {
      flooder.endedAt ??= performance.now();
    }
  })();
  return flooder;
}

/** A logged-in character flooding valid movement packets (the same path over and over). */
async function validFlooder(
  at: { host: string; port: number },
  characterId: number,
  receipts: Receipts,
): Promise<Flooder> {
  const bot = await connectBot(at, receipts.bots, characterId, receipts);
  if (!(await login(bot, 30_000))) throw new Error(`flooder ${characterId} could not log in`);
  bot.skipping = true;
  const w = packetWriter().uint16(OP_MOVE).byte(0).uint32(0);
  writeMovementPath(w, {
    startX: 0,
    startY: 274,
    elements: [{
      type: 0,
      layout: "NORMAL",
      x: 15,
      y: 274,
      vx: 60,
      vy: 0,
      foothold: -1, // no receiver matches it as a timed movement
      fallStartFoothold: 0,
      xOffset: 0,
      yOffset: 0,
      moveAction: 2,
      elapsed: 250,
      stat: 0,
    }],
  }, moveCodec);
  const body = w.toBytes();
  const flooder = flood(bot.conn, () => bot.encryptor.seal(body), bot.ended);
  const stop = flooder.stop;
  flooder.stop = async () => {
    await stop();
    bot.closedByUs = true;
    try {
      bot.conn.close();
    } catch { /* cut already */ }
    await bot.ended;
  };
  return flooder;
}

/** A connection that never logs in and floods framed packets with an opcode no client sends. */
async function garbageFlooder(at: { host: string; port: number }, receipts: Receipts): Promise<Flooder> {
  const bot = await connectBot(at, receipts.bots, 0, receipts);
  bot.skipping = true;
  const body = Uint8Array.of(0xfe, 0x7f, 1, 2, 3, 4);
  const flooder = flood(bot.conn, () => bot.encryptor.seal(body), bot.ended);
  const stop = flooder.stop;
  flooder.stop = async () => {
    await stop();
    bot.closedByUs = true;
    try {
      bot.conn.close();
    } catch { /* cut already */ }
    await bot.ended;
  };
  return flooder;
}

// ---------------------------------------------------------------------------------------------------
// One run

async function runOnce(
  options: BenchOptions,
  bots: number,
  generated: number,
  broker: BenchBroker | undefined,
): Promise<RunResult> {
  const channel = await startTarget(options, bots, generated, broker);
  const windowSends = Math.ceil((options.warmup + options.seconds) * 1000 / options.intervalMs) + 4;
  const receipts = newReceipts(options.firstId, bots, windowSends);
  const all: Bot[] = [];
  let timers: ReturnType<typeof setTimeout>[] = [];
  try {
    // Log in, a batch at a time.
    const loginStart = performance.now();
    let loggedIn = 0;
    for (let first = 0; first < bots; first += options.loginBatch) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(options.loginBatch, bots - first) }, async (_, k) => {
          const index = first + k;
          const bot = await connectBot(channel, index, options.firstId + index, receipts);
          all.push(bot);
          return await login(bot, 30_000);
        }),
      );
      loggedIn += batch.filter(Boolean).length;
    }
    const loginSeconds = (performance.now() - loginStart) / 1000;
    // Wait until every bot has seen every other one spawn (or give up after a while).
    const spawnDeadline = performance.now() + 30_000 + bots * 50;
    while (performance.now() < spawnDeadline && all.some((b) => b.spawned.size < bots - 1 && !b.dropped)) {
      await sleep(100);
    }
    const spawnedAll = all.filter((b) => b.spawned.size >= bots - 1).length;
    await sleep(500);
    const heapAfterLogin = await channel.heapBytes();

    // Move: warm-up, then the measured window, then a drain for the last receipts.
    // Observers: evenly spread over the indices (so over the send phases); the rest stop decrypting.
    const observerCount = Math.min(options.observers, bots);
    const isObserver = (index: number) => (index * observerCount) % bots < observerCount;
    for (const bot of all) bot.skipping = !isObserver(bot.index);
    const observers = all.filter((b) => !b.skipping).length;
    // The valid flooder is the character after the bots; its accepted movements are not the bots'.
    const flooderId = options.flood && options.mode === "dev" ? options.firstId + bots : undefined;
    const commandsBefore = await channel.commandCount(flooderId);
    let measuring = false;
    const moveStart = performance.now();
    for (const bot of all) {
      const phase = (bot.index / bots) * options.intervalMs;
      const tick = () => {
        if (bot.dropped) return;
        sendMovement(bot, receipts, measuring);
      };
      timers.push(setTimeout(() => {
        tick();
        timers.push(setInterval(tick, options.intervalMs));
      }, phase));
    }
    await sleep(options.warmup * 1000 - (performance.now() - moveStart));
    const sample = () => ({
      channel: cpuSeconds(channel.pids.channel),
      sandbox: cpuSeconds(channel.pids.sandbox),
      broker: cpuSeconds(channel.pids.broker),
      bots: cpuSeconds(Deno.pid),
      steal: stealSeconds(),
      at: performance.now(),
    });
    const coalesced0 = await channel.coalesced();
    const cpu0 = sample();
    measuring = true;
    receipts.measuring = true;
    receipts.timelineStart = performance.now();
    const floodStart = performance.now();
    const flooders = options.flood
      ? await Promise.all([
        validFlooder(channel, options.firstId + bots, receipts),
        garbageFlooder(channel, receipts),
      ])
      : [];
    const peak = { channel: 0, sandbox: 0, broker: 0, bots: 0 };
    const sampleRss = () => {
      // Math.max with NaN is NaN: an unknown process reads as NaN.
      peak.channel = Math.max(peak.channel, rssMb(channel.pids.channel));
      peak.sandbox = Math.max(peak.sandbox, rssMb(channel.pids.sandbox));
      peak.broker = Math.max(peak.broker, rssMb(channel.pids.broker));
      peak.bots = Math.max(peak.bots, rssMb(Deno.pid));
    };
    sampleRss();
    const windowEnd = performance.now() + options.seconds * 1000;
    while (performance.now() < windowEnd) {
      await sleep(Math.min(1000, windowEnd - performance.now()));
      sampleRss();
    }
    measuring = false;
    receipts.measuring = false;
    await Promise.all(flooders.map((f) => f.stop()));
    const cutMs = (f: Flooder | undefined) => f?.endedAt === undefined ? Infinity : f.endedAt - floodStart;
    const cpu1 = sample();
    const load = loadAverage();
    for (const t of timers) clearTimeout(t);
    timers = [];
    await sleep(2000);
    const commands = (await channel.commandCount(flooderId)) - commandsBefore;
    const heapAfterWindow = await channel.heapBytes();
    const coalesced = (await channel.coalesced()) - coalesced0;

    // Each measured send is due at every observer but its sender.
    let expected = 0;
    let windowMovements = 0;
    for (let sender = 0; sender < bots; sender++) {
      let sends = 0;
      for (let seq = 0; seq < receipts.slotsPerBot; seq++) {
        if (!Number.isNaN(receipts.sentAt[sender * receipts.slotsPerBot + seq])) sends++;
      }
      windowMovements += sends;
      const senderObserves = all.some((b) => b.index === sender && !b.skipping);
      expected += sends * (observers - (senderObserves ? 1 : 0));
    }
    const wall = (cpu1.at - cpu0.at) / 1000;
    const channelCpuSeconds = cpu1.channel - cpu0.channel;
    return {
      bots,
      loggedIn,
      spawnedAll,
      loginSeconds,
      p50: percentile(receipts, expected, 0.5),
      p99: percentile(receipts, expected, 0.99),
      max: receipts.count < expected ? Infinity : receipts.max,
      observers,
      receipts: receipts.count,
      expectedReceipts: expected,
      movementsSent: all.reduce((n, b) => n + Math.min(b.seq, receipts.slotsPerBot), 0),
      commands,
      dropped: all.filter((b) => b.dropped).length + (bots - all.length),
      channelCpu: channelCpuSeconds / wall * 100,
      channelRssMb: peak.channel,
      botCpu: (cpu1.bots - cpu0.bots) / wall * 100,
      botRssMb: peak.bots,
      sandboxCpu: (cpu1.sandbox - cpu0.sandbox) / wall * 100,
      sandboxRssMb: peak.sandbox,
      brokerCpu: (cpu1.broker - cpu0.broker) / wall * 100,
      stealCpu: (cpu1.steal - cpu0.steal) / wall * 100,
      brokerRssMb: peak.broker,
      windowMovements,
      windowPackets: receipts.windowPackets,
      cpuUsPerMovement: channelCpuSeconds * 1e6 / windowMovements,
      cpuUsPerPacket: channelCpuSeconds * 1e6 / receipts.windowPackets,
      heapAfterLoginMb: heapAfterLogin / 2 ** 20,
      heapAfterWindowMb: heapAfterWindow / 2 ** 20,
      coalesced,
      load,
      logFile: channel.logFile,
      timeline: Array.from(
        { length: Math.ceil(options.seconds * 1000 / TIMELINE_SLOT_MS) },
        (_, i) => `${receipts.timelineMax[i].toFixed(0)}/${receipts.timelineLate[i]}`,
      ).join(" "),
      flood: options.flood
        ? {
          validCutMs: cutMs(flooders[0]),
          garbageCutMs: cutMs(flooders[1]),
          validSent: flooders[0]?.sent ?? 0,
          garbageSent: flooders[1]?.sent ?? 0,
        }
        : undefined,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const bot of all) {
      bot.closedByUs = true;
      try {
        bot.conn.close();
      } catch { /* already closed */ }
    }
    await Promise.all(all.map((b) => b.ended));
    await sleep(1000); // the channel publishes the closed sessions' status before it is stopped
    await channel.stop();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

const ms = (n: number) => Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : "∞";

/** A figure that may be unknown (a process not sampled): `–`. */
const fig = (n: number, digits = 0, unit = "") => Number.isFinite(n) ? `${n.toFixed(digits)}${unit}` : "–";
const cpuRss = (cpu: number, rss: number) => `${fig(cpu, 0, "%")} / ${fig(rss)}`;

function row(r: RunResult): string {
  const delivered = r.expectedReceipts === 0 ? "–" : `${(r.receipts / r.expectedReceipts * 100).toFixed(2)}%`;
  return [
    r.bots,
    ms(r.p50),
    ms(r.p99),
    ms(r.max),
    delivered,
    `${fig(r.commands)}/${r.movementsSent}`,
    r.dropped,
    cpuRss(r.channelCpu, r.channelRssMb),
    fig(r.cpuUsPerMovement),
    fig(r.cpuUsPerPacket, 1),
    cpuRss(r.sandboxCpu, r.sandboxRssMb),
    cpuRss(r.brokerCpu, r.brokerRssMb),
    cpuRss(r.botCpu, r.botRssMb),
    Number.isNaN(r.stealCpu) ? "–" : `${r.stealCpu.toFixed(0)}%`,
    r.load,
  ].reduce((line: string, cell) => `${line} ${cell} |`, "|");
}

const HEADER = [
  "| bots | p50 ms | p99 ms | max ms | movements delivered | commands on bus / movements sent | sessions dropped | channel CPU / RSS MiB | channel CPU µs per movement received | per packet sent | sandbox CPU / RSS | broker CPU / RSS | driver (bots) CPU / RSS | CPU stolen by the host | load avg (1/5/15 min) |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
];

function passesSearch(r: RunResult): boolean {
  return r.p99 < SEARCH_P99_MS && r.dropped === 0 && r.loggedIn === r.bots;
}

async function main(args: string[]): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(args);
  } catch (err) {
    console.error(`bench:field: ${err instanceof Error ? err.message : err}\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  // --flood logs one more character in than the largest run.
  const generated = Math.max(options.max, ...options.bots) + 1;
  console.log(
    `# field benchmark: ${options.seconds} s window, ${options.warmup} s warm-up, one movement per bot every ${options.intervalMs} ms`,
  );
  console.log(
    `latency timed by ${
      Number.isFinite(options.observers) ? `${options.observers} observer bots per run` : "every bot"
    } (--observers); every bot sends and reads its socket to the end`,
  );
  console.log(
    `uptime at start: load ${loadAverage()}, ${navigator.hardwareConcurrency} cores, deno ${Deno.version.deno}`,
  );
  console.log(
    options.mode === "dev"
      ? "mode: dev (sandbox and channel in one process, in-memory bus)"
      : options.mode === "kafka"
      ? `mode: production path (broker 127.0.0.1:${options.brokerPort}, sandbox and channel main.ts as their own processes)`
      : `mode: attached to ${options.attach!.host}:${options.attach!.port} (commands from ${
        options.brokers ? `${options.brokers} ${options.movementTopic}` : "nowhere: no --brokers"
      })`,
  );
  let broker: BenchBroker | undefined;
  if (options.mode === "kafka") {
    try {
      broker = await benchBroker(options.brokerPort, options.keepBroker);
    } catch (err) {
      console.error(`bench:field: ${err instanceof Error ? err.message : err}`);
      return 1;
    }
  }
  if (broker?.started && options.brokerWarmup > 0) {
    const bots = options.bots[0] ?? options.step;
    console.log(`warming the fresh broker: ${bots} bots for ${options.brokerWarmup} s, not reported ...`);
    await runOnce({ ...options, seconds: options.brokerWarmup, cpuProf: undefined }, bots, generated, broker);
  }
  const results = new Map<number, RunResult>();
  const run = async (bots: number) => {
    if (results.has(bots)) return results.get(bots)!;
    console.log(`running ${bots} bots ...`);
    const r = await runOnce(options!, bots, generated, broker);
    results.set(bots, r);
    console.log(
      `  ${bots} bots: logged in ${r.loggedIn} in ${
        r.loginSeconds.toFixed(1)
      } s, all spawns seen by ${r.spawnedAll}; ` +
        `p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${
          ms(r.max)
        } ms; receipts at ${r.observers} observers ${r.receipts}/${r.expectedReceipts}; ` +
        `commands ${r.commands}/${r.movementsSent}; dropped ${r.dropped}; channel CPU ${
          r.channelCpu.toFixed(0)
        }% ` +
        `RSS ${r.channelRssMb.toFixed(0)} MiB; bots CPU ${
          r.botCpu.toFixed(0)
        }%; load ${r.load} (log ${r.logFile})`,
    );
    console.log(
      `  channel CPU ${
        fig(r.cpuUsPerMovement)
      } µs per movement received (${r.windowMovements} in the window), ` +
        `${fig(r.cpuUsPerPacket, 1)} µs per packet sent (${r.windowPackets}); sandbox ${
          cpuRss(r.sandboxCpu, r.sandboxRssMb)
        } MiB, broker ${cpuRss(r.brokerCpu, r.brokerRssMb)} MiB, driver ${
          cpuRss(r.botCpu, r.botRssMb)
        } MiB; ` +
        `channel heap ${fig(r.heapAfterLoginMb, 1)} MiB after logins, ${
          fig(r.heapAfterWindowMb, 1)
        } MiB after the window; ${fig(r.coalesced)} movements coalesced for recipients behind`,
    );
    if (options!.timeline) console.log(`  timeline (max ms/late per ${TIMELINE_SLOT_MS} ms): ${r.timeline}`);
    if (r.flood) {
      console.log(
        `  flood: valid-movement flooder cut after ${
          ms(r.flood.validCutMs)
        } ms (${r.flood.validSent} frames), ` +
          `garbage flooder cut after ${ms(r.flood.garbageCutMs)} ms (${r.flood.garbageSent} frames); ` +
          `honest bots dropped ${r.dropped}`,
      );
    }
    return r;
  };
  try {
    for (const bots of options.bots) await run(bots);
    let maxBots: number | undefined;
    if (options.search) {
      for (let bots = options.step; bots <= options.max; bots += options.step) {
        const r = await run(bots);
        if (!passesSearch(r)) break;
        maxBots = bots;
      }
    }
    console.log("");
    console.log(HEADER.join("\n"));
    for (const r of [...results.values()].sort((a, b) => a.bots - b.bots)) console.log(row(r));
    console.log("");
    if (options.search) {
      const capped = maxBots === options.max ? ` (the search cap; raise --max to look further)` : "";
      console.log(
        `Largest bot count with p99 < ${SEARCH_P99_MS} ms (step ${options.step}): ${
          maxBots ?? "none"
        }${capped}`,
      );
    }
    console.log(`uptime at end: load ${loadAverage()}`);

    const missed: string[] = [];
    const at100 = results.get(100);
    if (at100) {
      if (!(at100.p99 < GOAL_P99_AT_100_MS)) {
        missed.push(`100 bots: p99 ${ms(at100.p99)} ms ≥ ${GOAL_P99_AT_100_MS} ms`);
      }
      if (at100.dropped > 0) missed.push(`100 bots: ${at100.dropped} sessions dropped`);
      if (at100.commands !== at100.movementsSent) {
        missed.push(
          `100 bots: ${at100.commands} movement commands on the bus for ${at100.movementsSent} movements sent`,
        );
      }
    } else {
      console.log("(no 100-bot run: the 100-bot goals were not measured)");
    }
    if (options.search && (maxBots ?? 0) < GOAL_MAX_BOTS) {
      missed.push(
        `largest bot count with p99 < ${SEARCH_P99_MS} ms is ${maxBots ?? "none"}, goal ≥ ${GOAL_MAX_BOTS}`,
      );
    }
    for (const r of results.values()) {
      if (r.loggedIn < r.bots) missed.push(`${r.bots} bots: only ${r.loggedIn} logged in`);
      // Issue 18: every measured count keeps p99 under 50 ms with the channel within 250 MiB.
      if (!(r.p99 < SEARCH_P99_MS)) missed.push(`${r.bots} bots: p99 ${ms(r.p99)} ms ≥ ${SEARCH_P99_MS} ms`);
      if (r.channelRssMb > GOAL_CHANNEL_RSS_MB) {
        missed.push(`${r.bots} bots: channel RSS ${r.channelRssMb} MiB > ${GOAL_CHANNEL_RSS_MB} MiB`);
      }
    }
    if (missed.length === 0) console.log("All goals met.");
    else for (const m of missed) console.log(`GOAL MISSED: ${m}`);
  } catch (err) {
    console.error(`bench:field: ${err instanceof Error ? err.stack : err}`);
    return 1;
  } finally {
    await broker?.release();
  }
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
