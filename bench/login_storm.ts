/**
 * `deno task bench:login-storm`: N bots log in within one second on the production path (issue 18): a
 * real broker of the benchmark's own (`scripts/kafka` on port 19692), the sandbox as its own process and
 * the channel as `main.ts` with production settings (`bench/production_path.ts`). The bots are the lean
 * clients of `bench/field.ts`, all characters in one map; bot i starts connecting at i × spread / N ms.
 * Reported:
 *
 * - login time per bot (connect → SetField) p50/p99/max, and the storm's completion: first connect → last
 *   SetField (goal: under 5 s for 500 bots), and → every bot has seen every other one spawn;
 * - REST requests the sandbox served during the storm, per login, by path pattern;
 * - channel CPU (seconds, % and µs per login) and RSS over the storm, and the channel's heap in use
 *   before and after (its admin /metrics), per connected player.
 *
 * All bots connect from one address, so the channel gets `--max-pending-per-address` and
 * `--max-pending-sessions` sized for the crowd (a real storm comes from many addresses); every other
 * setting is the production default. `--attach HOST:PORT` drives a running channel instead (no REST
 * counts then; CPU/RSS with `--channel-pid`).
 *
 *     deno task bench:login-storm -- --bots 200
 *     deno task bench:login-storm -- --bots 500 --spread-ms 1000
 * @module
 */
import { parseArgs } from "node:util";
import { GENERATED_FIRST_ID } from "../src/sandbox/world.ts";
import { type Bot, connectBot, cpuSeconds, loadAverage, login, newReceipts, rssMb } from "./field.ts";
import {
  BENCH_KAFKA_PORT,
  benchBroker,
  cpuProfFlags,
  type ProductionRig,
  requestDelta,
  startProductionPath,
  sumRequests,
} from "./production_path.ts";

const USAGE = `Usage: deno task bench:login-storm -- [options]
  --bots N            bots (default 200)
  --spread-ms MS      the bots start connecting evenly over this time (default 1000)
  --port P            channel port (default 28885; the sandbox configures P..P+8, admin on P+20)
  --broker-port P     the benchmark's broker (default ${BENCH_KAFKA_PORT}; started and stopped if not running)
  --keep-broker       leave a broker this benchmark started running
  --timeout S         how long a bot may take to log in (default 30)
  --attach HOST:PORT  storm a running channel (characters --first-id.. must exist); --channel-pid PID
  --first-id ID       first character id (default ${GENERATED_FIRST_ID})
  --logs DIR          process logs (default /tmp)
  --cpu-prof DIR      run the channel with V8's CPU profiler; its profile goes to DIR when it stops`;

// Clamped: the start pacing below asks for negative waits once it runs late, which Deno warns about.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const f = (n: number, digits = 0) => Number.isFinite(n) ? n.toFixed(digits) : "–";

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      bots: { type: "string", default: "200" },
      "spread-ms": { type: "string", default: "1000" },
      port: { type: "string", default: "28885" },
      "broker-port": { type: "string", default: String(BENCH_KAFKA_PORT) },
      "keep-broker": { type: "boolean" },
      timeout: { type: "string", default: "30" },
      attach: { type: "string" },
      "first-id": { type: "string", default: String(GENERATED_FIRST_ID) },
      "channel-pid": { type: "string" },
      logs: { type: "string", default: "/tmp" },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const bots = Number(values.bots);
  const spreadMs = Number(values["spread-ms"]);
  const firstId = Number(values["first-id"]);
  const timeoutMs = Number(values.timeout) * 1000;
  if (![bots, spreadMs, firstId, timeoutMs].every((n) => Number.isFinite(n) && n >= 0) || bots < 1) {
    console.error(`bench:login-storm: bad numbers\n${USAGE}`);
    return 2;
  }
  console.log(
    `# login storm: ${bots} bots starting within ${spreadMs} ms; load ${loadAverage()}, ${navigator.hardwareConcurrency} cores`,
  );

  let target: { host: string; port: number; channelPid?: number; rig?: ProductionRig };
  const broker = values.attach
    ? undefined
    : await benchBroker(Number(values["broker-port"]), values["keep-broker"] ?? false);
  const all: Bot[] = [];
  let rig: ProductionRig | undefined;
  try {
    if (values.attach) {
      const match = /^(.+):(\d+)$/.exec(values.attach);
      if (!match) throw new Error(`--attach: expected HOST:PORT, got ${values.attach}`);
      target = {
        host: match[1],
        port: Number(match[2]),
        channelPid: values["channel-pid"] ? Number(values["channel-pid"]) : undefined,
      };
    } else {
      const crowd = String(bots + 50);
      rig = await startProductionPath({
        broker: broker!,
        port: Number(values.port),
        generated: bots,
        logs: values.logs!,
        label: `login-storm-${bots}`,
        channelArgs: ["--max-pending-per-address", crowd, "--max-pending-sessions", crowd],
        denoFlags: cpuProfFlags(values["cpu-prof"]),
      });
      target = { host: rig.host, port: rig.port, channelPid: rig.channelPid, rig };
      console.log(`channel ready (log ${rig.channelLog})`);
    }
    await sleep(1000);
    const restBefore = await target.rig?.restRequests() ?? {};
    // The lowest of a few samples: heap in use right after a collection, not the garbage before one.
    const settledHeap = async () => {
      if (!target.rig) return NaN;
      let low = Infinity;
      for (let i = 0; i < 10; i++) {
        low = Math.min(low, await target.rig.channelHeapBytes());
        await sleep(300);
      }
      return low;
    };
    const heapBefore = await settledHeap();
    const receipts = newReceipts(firstId, bots, 1);
    const cpu0 = cpuSeconds(target.channelPid);
    const others = [
      ["sandbox", target.rig?.sandboxPid],
      ["broker", target.rig?.brokerPid],
      ["driver", Deno.pid],
    ] as const;
    const othersCpu0 = others.map(([, pid]) => cpuSeconds(pid));
    let peakRss = rssMb(target.channelPid);
    const sampler = setInterval(() => peakRss = Math.max(peakRss, rssMb(target.channelPid)), 250);
    const start = performance.now();
    const loginMs: number[] = [];
    let failed = 0;
    let lastLogin = start;
    await Promise.all(Array.from({ length: bots }, async (_, i) => {
      await sleep(start + (i * spreadMs) / bots - performance.now());
      const began = performance.now();
      try {
        const bot = await connectBot(target, i, firstId + i, receipts);
        all.push(bot);
        if (await login(bot, timeoutMs)) {
          const now = performance.now();
          loginMs.push(now - began);
          lastLogin = Math.max(lastLogin, now);
        } else failed++;
      } catch {
        failed++;
      }
    }));
    const loggedInAt = lastLogin;
    const spawnDeadline = performance.now() + timeoutMs;
    while (performance.now() < spawnDeadline && all.some((b) => b.spawned.size < bots - 1 && !b.dropped)) {
      await sleep(50);
    }
    const spawnsDone = all.every((b) => b.spawned.size >= bots - 1) ? performance.now() : NaN;
    // Field-entry hooks (other domains' look-ups) may still run after SetField: let them finish.
    await sleep(2000);
    clearInterval(sampler);
    const stormSeconds = (performance.now() - start) / 1000;
    const cpu = cpuSeconds(target.channelPid) - cpu0;
    const othersCpu = others.map(([name, pid], i) => `${name} ${f(cpuSeconds(pid) - othersCpu0[i], 2)} s`);
    const heapAfter = await settledHeap();
    const rest = target.rig ? requestDelta(restBefore, await target.rig.restRequests()) : undefined;

    loginMs.sort((a, b) => a - b);
    const ok = loginMs.length;
    console.log(
      `logged in ${ok}/${bots} (${failed} failed, ${all.filter((b) => b.dropped).length} dropped); ` +
        `per bot connect → SetField p50 ${f(quantile(loginMs, 0.5))} ms, p99 ${
          f(quantile(loginMs, 0.99))
        } ms, max ${f(loginMs.at(-1) ?? NaN)} ms`,
    );
    console.log(
      `storm complete (first connect → last SetField): ${f((loggedInAt - start) / 1000, 2)} s; ` +
        `every bot saw every other spawn after ${f((spawnsDone - start) / 1000, 2)} s`,
    );
    console.log(
      `channel CPU ${f(cpu, 2)} s over ${f(stormSeconds, 1)} s (${f(cpu / stormSeconds * 100)}%), ${
        f(cpu * 1e6 / Math.max(1, ok))
      } µs per login; peak RSS ${f(peakRss)} MiB; heap in use ${f(heapBefore / 2 ** 20, 1)} → ${
        f(heapAfter / 2 ** 20, 1)
      } MiB (${
        f((heapAfter - heapBefore) / Math.max(1, ok) / 1024, 1)
      } KiB per player; lowest of 10 samples over 3 s, no forced GC)`,
    );
    console.log(`other processes' CPU over the storm: ${othersCpu.join(", ")}`);
    if (rest) {
      const total = sumRequests(rest);
      console.log(`REST requests during the storm: ${total} (${f(total / Math.max(1, ok), 2)} per login)`);
      for (const [pattern, n] of Object.entries(rest).sort((a, b) => b[1] - a[1])) {
        console.log(`  ${f(n / Math.max(1, ok), 2)} per login  ${pattern} (${n})`);
      }
    } else {
      console.log("REST requests: not counted (attached)");
    }
    console.log(
      "(POST worlds/{id}/channels is the channels' registration heartbeat, every 10 s per channel, not per login)",
    );
    if (target.rig) {
      // The channel's own view (how long its consumers held each topic, REST latencies), for digging.
      const file = `${values.logs}/login-storm-${bots}-metrics.txt`;
      const url = `http://127.0.0.1:${Number(values.port) + 20}/metrics`;
      const metrics = await fetch(url).then((r) => r.text(), () => "");
      await Deno.writeTextFile(file, metrics);
      console.log(`channel metrics: ${file}`);
    }
    console.log(`load at end ${loadAverage()}`);
    if (ok < bots) console.log(`GOAL MISSED: ${bots - ok} bots did not log in`);
    if (bots >= 500 && !((loggedInAt - start) < 5000)) {
      console.log("GOAL MISSED: 500 logins took 5 s or more");
    }
    return 0;
  } catch (err) {
    console.error(`bench:login-storm: ${err instanceof Error ? err.stack : err}`);
    return 1;
  } finally {
    for (const bot of all) {
      bot.closedByUs = true;
      try {
        bot.conn.close();
      } catch { /* closed */ }
    }
    await Promise.all(all.map((b) => b.ended));
    await sleep(1000); // the channel publishes the closed sessions' status before it is stopped
    await rig?.stop();
    await broker?.release();
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
