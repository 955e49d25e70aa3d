/**
 * `deno task bench:map-entry`: the channel CPU and REST calls of a newcomer into a map that lists 500
 * characters of other channel instances (issue 18), on the production path (`bench/production_path.ts`:
 * own broker, the sandbox and the channel as their own processes). The sandbox's atlas-maps lists
 * `--remote` such characters in every map (`field_sandbox.ts --remote-in-map`: half known to
 * atlas-character, half stale and answered 404). `--newcomers` bots then enter one after another; for
 * each, the channel's CPU (utime+stime, minus its idle rate measured first) and the sandbox's REST
 * requests from connect until its spawns arrived and 500 ms passed. The first newcomer pays the capped
 * round of look-ups; the later ones are served from the shared cache. /proc's CPU clock ticks every
 * 10 ms, so single entries are coarse: the mean over the later newcomers is the figure to read.
 *
 *     deno task bench:map-entry -- --remote 500 --newcomers 20
 * @module
 */
import { parseArgs } from "node:util";
import { GENERATED_FIRST_ID } from "../src/sandbox/world.ts";
import { DEFAULT_REMOTE_CHARACTER_OPTIONS } from "../src/features/map/remote-characters.ts";
import { type Bot, connectBot, cpuSeconds, loadAverage, login, newReceipts } from "./field.ts";
import {
  BENCH_KAFKA_PORT,
  benchBroker,
  type ProductionRig,
  requestDelta,
  startProductionPath,
  sumRequests,
} from "./production_path.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      remote: { type: "string", default: "500" },
      newcomers: { type: "string", default: "20" },
      port: { type: "string", default: "28985" },
      "broker-port": { type: "string", default: String(BENCH_KAFKA_PORT) },
      "keep-broker": { type: "boolean" },
      logs: { type: "string", default: "/tmp" },
    },
  });
  const remote = Number(values.remote);
  const newcomers = Number(values.newcomers);
  const broker = await benchBroker(Number(values["broker-port"]), values["keep-broker"] ?? false);
  let rig: ProductionRig | undefined;
  const bots: Bot[] = [];
  try {
    console.log(
      `# map entry: ${remote} characters of other instances listed, ${newcomers} newcomers one by one`,
    );
    console.log(`load at start ${loadAverage()}`);
    rig = await startProductionPath({
      broker,
      port: Number(values.port),
      generated: newcomers + remote,
      remoteInMap: remote,
      logs: values.logs!,
      label: "map-entry",
    });
    await sleep(2000);
    const idleFrom = { cpu: cpuSeconds(rig.channelPid), at: performance.now() };
    await sleep(3000);
    const idleRate = (cpuSeconds(rig.channelPid) - idleFrom.cpu) / ((performance.now() - idleFrom.at) / 1000);
    // Known remote characters among the first maxPerEntry listed (interleaved with stale ones).
    const shownRemote = Math.min(
      Math.floor(remote / 2),
      Math.ceil(DEFAULT_REMOTE_CHARACTER_OPTIONS.maxPerEntry / 2),
    );
    const receipts = newReceipts(GENERATED_FIRST_ID, newcomers, 1);
    const rows: { cpuMs: number; rest: number; characterCalls: number; spawns: number; ms: number }[] = [];
    for (let i = 0; i < newcomers; i++) {
      const rest0 = await rig.restRequests(true);
      const cpu0 = cpuSeconds(rig.channelPid);
      const began = performance.now();
      const bot = await connectBot(rig, i, GENERATED_FIRST_ID + i, receipts);
      bots.push(bot);
      if (!(await login(bot, 30_000))) throw new Error(`newcomer ${i} did not log in`);
      const deadline = performance.now() + 10_000;
      while (bot.spawned.size < shownRemote + i && performance.now() < deadline) await sleep(10);
      const ms = performance.now() - began;
      await sleep(500);
      const elapsed = (performance.now() - began) / 1000;
      const cpu = cpuSeconds(rig.channelPid) - cpu0 - idleRate * elapsed;
      const rest = requestDelta(rest0, await rig.restRequests(true));
      const own = GENERATED_FIRST_ID + i;
      rows.push({
        cpuMs: cpu * 1000,
        rest: sumRequests(rest) - sumRequests(rest, /^POST worlds\/\d+\/channels$/), // heartbeats
        characterCalls: Object.entries(rest).reduce((n, [label, count]) => {
          const match = /^GET characters\/(\d+)/.exec(label);
          return match && Number(match[1]) !== own ? n + count : n;
        }, 0),
        spawns: bot.spawned.size,
        ms,
      });
    }
    const later = rows.slice(1);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    console.log(`channel idle CPU ${(idleRate * 100).toFixed(1)}% (subtracted)`);
    console.log(
      "| newcomer | channel CPU ms | REST calls (whole login) | of them for other characters | spawns shown | connect → spawns ms |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|");
    rows.forEach((r, i) =>
      console.log(
        `| ${i + 1} | ${r.cpuMs.toFixed(0)} | ${r.rest} | ${r.characterCalls} | ${r.spawns} | ${
          r.ms.toFixed(0)
        } |`,
      )
    );
    console.log(
      `later newcomers (2..${newcomers}): mean channel CPU ${
        mean(later.map((r) => r.cpuMs)).toFixed(1)
      } ms, ` +
        `mean REST calls ${mean(later.map((r) => r.rest)).toFixed(1)}, for other characters ${
          mean(later.map((r) => r.characterCalls)).toFixed(1)
        }; first newcomer ${rows[0]?.cpuMs.toFixed(0)} ms, ${rows[0]?.rest} calls`,
    );
    console.log(`load at end ${loadAverage()}`);
    return 0;
  } catch (err) {
    console.error(`bench:map-entry: ${err instanceof Error ? err.stack : err}`);
    return 1;
  } finally {
    for (const bot of bots) {
      bot.closedByUs = true;
      try {
        bot.conn.close();
      } catch { /* closed */ }
    }
    await Promise.all(bots.map((b) => b.ended));
    await sleep(500);
    await rig?.stop();
    await broker.release();
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
