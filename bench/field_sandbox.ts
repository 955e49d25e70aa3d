/**
 * The sandbox process of the production-path benchmarks (`bench/field.ts --kafka`,
 * `bench/login_storm.ts`): the sandbox on the real broker (what `deno task sandbox` runs), plus a count
 * of the REST requests it served, so a benchmark can report REST calls per login.
 *
 * Started by the benchmarks, not by hand. Kafka and topic names come from the environment, as for the
 * channel. Control is line-based, as in `field_channel.ts`: it prints `FIELD-BENCH ready {"pid","root"}`
 * once HTTP and its responders run, answers each `requests` line on stdin with
 * `FIELD-BENCH requests {"METHOD path": count, ...}` (ids in paths replaced by `{id}`; `requests-raw`: as
 * served), and stops on `stop`
 * or the end of stdin.
 *
 * `--remote-in-map N` makes atlas-maps' stand-in list N characters of other channel instances in every
 * map besides those online here, interleaved: half that atlas-character knows (the last generated
 * characters, which no bot plays) and half stale ones it answers 404 for (as after an instance was killed).
 *
 *     BOOTSTRAP_SERVERS=127.0.0.1:19692 deno run -A bench/field_sandbox.ts --http-port 28480 \
 *       --channel-port 28685 --generated 500
 * @module
 */
import { parseArgs } from "node:util";
import { parseSettings } from "../src/config/settings.ts";
import { setupLogging } from "../src/observability/log.ts";
import { GENERATED_FIRST_ID, SANDBOX_SERVICE_ID, startSandbox } from "../src/sandbox/mod.ts";
import { CONTROL_PREFIX } from "./field_channel.ts";

/** Ids of the stale characters `--remote-in-map` lists (atlas-character knows none of them). */
export const STALE_FIRST_ID = 9_000_000;

/** Request counts by `METHOD path` with every numeric path segment written `{id}`. */
export function requestPatterns(requests: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [label, n] of requests) {
    const pattern = label.replace(/\/\d+(?=\/|$)/g, "/{id}");
    out[pattern] = (out[pattern] ?? 0) + n;
  }
  return out;
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      "http-port": { type: "string" },
      "channel-port": { type: "string" },
      generated: { type: "string" },
      "remote-in-map": { type: "string" },
    },
  });
  const outcome = parseSettings(["--service-id", SANDBOX_SERVICE_ID], Deno.env.toObject());
  if (outcome.kind !== "run" || !outcome.settings.bootstrapServers) {
    console.error("field_sandbox: BOOTSTRAP_SERVERS (and valid settings) required");
    return 2;
  }
  const settings = outcome.settings;
  setupLogging(settings.logLevel);
  const channelPort = Number(values["channel-port"] ?? 28685);
  const sandbox = await startSandbox({
    bootstrapServers: settings.bootstrapServers,
    topics: settings.topics,
    httpPort: Number(values["http-port"] ?? 0),
    channelPorts: [channelPort, channelPort + 1, channelPort + 2],
    generatedCount: Number(values.generated ?? 500),
  });
  const remoteCount = Number(values["remote-in-map"] ?? 0);
  if (remoteCount > 0) {
    const known = Math.floor(remoteCount / 2);
    const lastGenerated = GENERATED_FIRST_ID + sandbox.store.generatedCount - 1;
    // Interleaved, so a newcomer's capped round of look-ups meets both kinds.
    const remote = Array.from(
      { length: remoteCount },
      (_, i) => i % 2 === 0 && i / 2 < known ? lastGenerated - i / 2 : STALE_FIRST_ID + i,
    );
    const online = sandbox.store.charactersIn.bind(sandbox.store);
    sandbox.store.charactersIn = (worldId, channelId, mapId) => [
      ...online(worldId, channelId, mapId),
      ...remote,
    ];
  }
  const write = (line: string) =>
    Deno.stdout.writeSync(new TextEncoder().encode(`${CONTROL_PREFIX} ${line}\n`));
  write(`ready ${JSON.stringify({ pid: Deno.pid, root: sandbox.root })}`);
  const decoder = new TextDecoder();
  let pending = "";
  const buffer = new Uint8Array(1024);
  loop: while (true) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) break;
    pending += decoder.decode(buffer.subarray(0, n), { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const command = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (command === "requests") write(`requests ${JSON.stringify(requestPatterns(sandbox.requests))}`);
      else if (command === "requests-raw") {
        write(`requests ${JSON.stringify(Object.fromEntries(sandbox.requests))}`);
      } else if (command === "stop") break loop;
    }
  }
  await sandbox.stop();
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
