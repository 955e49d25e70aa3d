/**
 * The production path for the benchmarks (`bench/field.ts --kafka`, `bench/login_storm.ts`): a real Kafka
 * broker from `scripts/kafka` on a port of the benchmark's own (never the shared test broker), the sandbox
 * as its own process (`bench/field_sandbox.ts`), and the channel as its own process (`main.ts` with the
 * production settings, pointed at the sandbox's REST root and the broker, fresh topic names per run).
 * Commands are counted from the broker's topic offsets, so the same count works for any channel that
 * publishes to that broker (`--attach`).
 * @module
 */
import { v8FlagsArgument } from "../src/server/v8-flags.ts";
import { Kafka, logLevel } from "kafkajs";
import { installKafkajsTimerFix } from "../src/kafka/kafkajs-timers.ts";
import { TOPIC_VARIABLES } from "../src/config/topics.ts";
import { SANDBOX_SERVICE_ID } from "../src/sandbox/mod.ts";
import { createTopics, deleteTopics } from "../tests/support/kafka.ts";
import { CONTROL_PREFIX } from "./field_channel.ts";
import { stopOnInterrupt } from "./interrupt.ts";

// The benches talk to the broker through kafkajs directly too; keep its negative-timeout warning out.
installKafkajsTimerFix();

const ROOT = new URL("..", import.meta.url).pathname;

/** The port of the benchmarks' own broker (the shared test broker is 19092). */
export const BENCH_KAFKA_PORT = 19692;

/** A broker the benchmark uses, and whether it started it. */
export interface BenchBroker {
  brokers: string[];
  /** The broker's JVM, when known (for its CPU and RSS). */
  pid?: number;
  /** Whether this benchmark started it (a fresh JVM, still compiling its hot paths) or found it running. */
  started: boolean;
  /** Stops the broker if this benchmark started it; a broker found running is left alone. */
  release(): Promise<void>;
}

async function kafkaScript(port: number, command: string): Promise<{ ok: boolean; out: string }> {
  const result = await new Deno.Command(`${ROOT}scripts/kafka`, {
    args: [command],
    env: { KAFKA_PORT: String(port) },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { ok: result.success, out: text.decode(result.stdout) + text.decode(result.stderr) };
}

function kafkaPid(port: number): number | undefined {
  const dir = `${Deno.env.get("TMPDIR") ?? "/tmp"}/atlas-channel-kafka-${port}`;
  try {
    return Number(Deno.readTextFileSync(`${dir}/kafka.pid`).trim()) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The benchmark's broker on 127.0.0.1:`port` through `scripts/kafka`: reused when it already runs,
 * started otherwise (and then stopped by `release` unless `keep`).
 */
export async function benchBroker(port: number, keep: boolean): Promise<BenchBroker> {
  const brokers = [`127.0.0.1:${port}`];
  if ((await kafkaScript(port, "status")).ok) {
    return { brokers, pid: kafkaPid(port), started: false, release: () => Promise.resolve() };
  }
  console.log(`starting a broker of the benchmark's own on 127.0.0.1:${port} (scripts/kafka) ...`);
  const started = await kafkaScript(port, "start");
  if (!started.ok) throw new Error(`scripts/kafka start on ${port} failed:\n${started.out}`);
  const stop = () => kafkaScript(port, "stop").then(() => {});
  const forget = keep ? () => {} : stopOnInterrupt(stop);
  return {
    brokers,
    pid: kafkaPid(port),
    started: true,
    async release() {
      if (keep) {
        console.log(`broker left running on 127.0.0.1:${port} (KAFKA_PORT=${port} scripts/kafka stop)`);
        return;
      }
      forget();
      await stop();
    },
  };
}

/** Sum of the high watermarks of a topic: records ever appended to it. */
export async function topicEnd(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** A child process that prints `FIELD-BENCH <kind> <json>` control lines on stdout. */
export interface ControlledChild {
  pid: number;
  ready: unknown;
  ask(command: string, kind: string): Promise<string>;
  stop(): Promise<void>;
}

/** The channel (`main.ts`) as its own process; `logDone` settles once its whole stderr is in the log file. */
export interface ChannelProcess {
  child: Deno.ChildProcess;
  logDone: Promise<void>;
}

/**
 * `flags` for a channel run as in production: the channel's own V8 flags (src/server/v8-flags.ts) first,
 * merged with any `--v8-flags=` among `flags` (Deno takes one list).
 */
export function channelDenoFlags(flags: readonly string[]): string[] {
  const extra = flags.filter((f) => f.startsWith("--v8-flags=")).flatMap((f) =>
    f.slice("--v8-flags=".length).split(",")
  );
  return [...flags.filter((f) => !f.startsWith("--v8-flags=")), v8FlagsArgument(extra)];
}

/** The Deno flags that make a channel write a V8 CPU profile to `dir` when it stops; none without `dir`. */
export function cpuProfFlags(dir: string | undefined): string[] {
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
}

/**
 * Spawns `deno run -A <denoFlags> main.ts <args>` with `env` added to this process's; its stderr goes to
 * `logFile`.
 */
export async function spawnChannel(
  args: string[],
  env: Record<string, string>,
  logFile: string,
  denoFlags: string[] = [],
): Promise<ChannelProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...channelDenoFlags(denoFlags), "main.ts", ...args],
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = await Deno.open(logFile, { write: true, create: true });
  return { child, logDone: child.stderr.pipeTo(log.writable).catch(() => {}) };
}

/** Spawns `deno run -A <args>` and waits for its `ready` control line; stderr goes to `logFile`. */
export async function spawnControlled(
  args: string[],
  env: Record<string, string>,
  logFile: string,
): Promise<ControlledChild> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: ROOT,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = await Deno.open(logFile, { write: true, create: true, truncate: true });
  const stderrDone = child.stderr.pipeTo(log.writable).catch(() => {});
  const stdin = child.stdin.getWriter();
  const waiters = new Map<string, ((text: string) => void)[]>();
  const { promise: readyPromise, resolve: ready, reject: failed } = Promise.withResolvers<unknown>();
  const control = new RegExp(`${CONTROL_PREFIX} (\\w+) (.*)$`);
  (async () => {
    let buffered = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const match = control.exec(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (!match) continue;
        if (match[1] === "ready") ready(JSON.parse(match[2]));
        else waiters.get(match[1])?.shift()?.(match[2]);
      }
    }
    failed(new Error(`${args[0]} ended before it was ready (see ${logFile})`));
  })();
  const info = await Promise.race([
    readyPromise,
    child.status.then((s) => {
      throw new Error(`${args[0]} exited with ${s.code} (see ${logFile})`);
    }),
  ]);
  const encoder = new TextEncoder();
  return {
    pid: child.pid,
    ready: info,
    async ask(command, kind) {
      const answer = new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve("null"), 10_000);
        const list = waiters.get(kind) ?? [];
        list.push((text) => {
          clearTimeout(timer);
          resolve(text);
        });
        waiters.set(kind, list);
      });
      await stdin.write(encoder.encode(`${command}\n`));
      return await answer;
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
      await child.status;
      clearTimeout(timer);
      await stderrDone;
    },
  };
}

/** A channel on the production path, started for one run, with what the benchmark reads of it. */
export interface ProductionRig {
  /** Where the bots connect. */
  host: string;
  port: number;
  channelPid: number;
  sandboxPid: number;
  brokerPid?: number;
  channelLog: string;
  movementTopic: string;
  /** Records on the movement command topic so far. */
  movementCommands(): Promise<number>;
  /** REST requests the sandbox served, by `METHOD path` pattern (`raw`: by path as served). */
  restRequests(raw?: boolean): Promise<Record<string, number>>;
  /** The channel's heap in use (its admin /metrics), bytes. */
  channelHeapBytes(): Promise<number>;
  /** The sum of every series of one of the channel's counters (dotted name, e.g. `net.broadcast.coalesced`). */
  channelCounter(name: string): Promise<number>;
  stop(): Promise<void>;
}

/** Options of {@link startProductionPath}. */
export interface ProductionOptions {
  broker: BenchBroker;
  /** Channel port (the sandbox's configuration gives the GMS 83 channel 0 this port; eight more follow). */
  port: number;
  generated: number;
  logs: string;
  label: string;
  /** Extra flags for main.ts (e.g. `--max-pending-per-address`). */
  channelArgs?: string[];
  /** Characters of other instances the sandbox lists in every map (`field_sandbox.ts --remote-in-map`). */
  remoteInMap?: number;
  /** Deno flags for the channel (e.g. `--cpu-prof`). */
  denoFlags?: string[];
  logLevel?: string;
}

async function waitReady(adminPort: number, timeoutMs: number, exited: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  exited.then(() => gone = true);
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    gone ? "the channel exited during start-up" : `the channel was not ready in ${timeoutMs} ms`,
  );
}

/**
 * Fresh topics on the broker, the sandbox process, then `main.ts` with production settings (plus
 * `channelArgs`) against both; resolves once the channel's /readyz answers ready.
 */
export async function startProductionPath(options: ProductionOptions): Promise<ProductionRig> {
  const run = crypto.randomUUID().slice(0, 8);
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, `bench-${run}-${v}`]));
  const kafka = new Kafka({
    clientId: `bench-${run}`,
    brokers: options.broker.brokers,
    logLevel: logLevel.NOTHING,
  });
  await createTopics(kafka, Object.values(topics), 1, 60_000);
  const env = {
    ...topics,
    BOOTSTRAP_SERVERS: options.broker.brokers.join(","),
    LOG_LEVEL: options.logLevel ?? "warn",
    LOG_FORMAT: "text",
  };
  const stops: (() => Promise<void>)[] = [() => deleteTopics(kafka, Object.values(topics))];
  const stopAll = async () => {
    forget();
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  const forget = stopOnInterrupt(stopAll);
  try {
    const sandbox = await spawnControlled(
      [
        "bench/field_sandbox.ts",
        "--channel-port",
        String(options.port),
        "--generated",
        String(options.generated),
        "--remote-in-map",
        String(options.remoteInMap ?? 0),
      ],
      env,
      `${options.logs}/bench-sandbox-${options.label}.log`,
    );
    stops.push(() => sandbox.stop());
    const root = (sandbox.ready as { root: string }).root;
    const adminPort = options.port + 20; // the channels take port..port+8
    const channelLog = `${options.logs}/bench-channel-${options.label}.log`;
    // stdout (e.g. V8's --trace-gc) and stderr (the log) share the file; O_APPEND keeps lines whole.
    await Deno.writeTextFile(channelLog, "");
    const log = await Deno.open(channelLog, { append: true });
    const out = await Deno.open(channelLog, { append: true });
    const channel = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-net",
        "--allow-env",
        "--allow-read",
        "--allow-sys",
        ...channelDenoFlags(options.denoFlags ?? []),
        "main.ts",
        "--bind-address",
        "127.0.0.1",
        "--admin-port",
        String(adminPort),
        ...(options.channelArgs ?? []),
      ],
      cwd: ROOT,
      env: { ...env, BASE_SERVICE_URL: root, SERVICE_ID: SANDBOX_SERVICE_ID },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const logDone = Promise.all([
      channel.stderr.pipeTo(log.writable).catch(() => {}),
      channel.stdout.pipeTo(out.writable).catch(() => {}),
    ]);
    stops.push(async () => {
      // SIGINT stops at once (SIGTERM would drain the players for DRAIN_DEADLINE_MS first).
      try {
        channel.kill("SIGINT");
      } catch { /* exited */ }
      const timer = setTimeout(() => {
        try {
          channel.kill("SIGKILL");
        } catch { /* exited */ }
      }, 15_000);
      await channel.status;
      clearTimeout(timer);
      await logDone;
    });
    await waitReady(adminPort, 90_000, channel.status);
    return {
      host: "127.0.0.1",
      port: options.port,
      channelPid: channel.pid,
      sandboxPid: sandbox.pid,
      brokerPid: options.broker.pid,
      channelLog,
      movementTopic: topics.COMMAND_TOPIC_CHARACTER_MOVEMENT,
      movementCommands: () => topicEnd(kafka, topics.COMMAND_TOPIC_CHARACTER_MOVEMENT),
      async restRequests(raw = false) {
        return JSON.parse(await sandbox.ask(raw ? "requests-raw" : "requests", "requests")) ?? {};
      },
      async channelHeapBytes() {
        const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
        const match = /^atlas_channel_process_heap_used_bytes(?:\{[^}]*\})? (\S+)/m.exec(text);
        return match ? Number(match[1]) : NaN;
      },
      async channelCounter(name) {
        const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
        const metric = `atlas_channel_${name.replace(/[^a-zA-Z0-9_]/g, "_")}`;
        let sum = 0;
        for (const line of text.split("\n")) {
          const match = /^(\w+)(?:\{[^}]*\})? (\S+)$/.exec(line);
          if (match && (match[1] === metric || match[1] === `${metric}_total`)) sum += Number(match[2]);
        }
        return sum;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Total of a request-count map, and the counts whose pattern matches `filter`. */
export function sumRequests(counts: Record<string, number>, filter?: RegExp): number {
  return Object.entries(counts).reduce((n, [k, v]) => (filter && !filter.test(k) ? n : n + v), 0);
}

/** `after - before` per pattern, zero counts left out. */
export function requestDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}
