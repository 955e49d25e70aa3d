/**
 * `deno task sandbox`: the sandbox as its own process, for a channel started separately (or by the
 * end-to-end tests). Kafka comes from BOOTSTRAP_SERVERS (unset: the in-memory bus, which only helps an
 * in-process channel, so a warning is logged) and topic names from the same variables the channel reads.
 *
 *     deno task sandbox -- --http-port 8480 --channel-port 8585
 *     BASE_SERVICE_URL=http://127.0.0.1:8480/api/ SERVICE_ID=<printed id> BOOTSTRAP_SERVERS=... deno task start
 * @module
 */
import { parseArgs } from "node:util";
import { parseSettings } from "../config/settings.ts";
import { getLogger, setupLogging } from "../observability/log.ts";
import { DEFAULT_LOGOUT_AFTER_MS, SANDBOX_SERVICE_ID, startSandbox } from "./mod.ts";

const USAGE =
  `Usage: deno task sandbox -- [--http-port PORT] [--channel-port PORT] [--host IP] [--logout-after MS]
  --http-port PORT     REST port (default 8480, env SANDBOX_HTTP_PORT)
  --channel-port PORT  port the service configuration gives channel 0; 1 and 2 take the next ones (default 8585)
  --host IP            HTTP bind address (default 127.0.0.1)
  --logout-after MS    how long a disconnected character stays in its map before it is logged out
                       (default 5000, as atlas-character; a reconnect within it is a channel change)
  --generated N        generated characters served, ids 100001.. (default 500; for bot crowds)
Kafka: BOOTSTRAP_SERVERS and the topic variables, as for the channel. LOG_LEVEL sets verbosity.`;

function port(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`--${name}: expected a port, got ${text}`);
  }
  return value;
}

function milliseconds(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${name}: expected milliseconds, got ${text}`);
  return Number(text);
}

function count(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${name}: expected a count, got ${text}`);
  return Number(text);
}

/** Runs the sandbox until SIGINT/SIGTERM; returns the exit code. */
export async function main(args: readonly string[], env: Readonly<Record<string, string>>): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args: args[0] === "--" ? args.slice(1) : [...args], // `deno task x -- ...` passes the `--` on
      options: {
        "http-port": { type: "string" },
        "channel-port": { type: "string" },
        host: { type: "string" },
        "logout-after": { type: "string" },
        generated: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    options = {
      httpPort: port(values["http-port"] ?? env.SANDBOX_HTTP_PORT, 8480, "http-port"),
      channelPort: port(values["channel-port"], 8585, "channel-port"),
      host: values.host ?? "127.0.0.1",
      logoutAfterMs: milliseconds(values["logout-after"], DEFAULT_LOGOUT_AFTER_MS, "logout-after"),
      generatedCount: values.generated === undefined ? undefined : count(values.generated, "generated"),
    };
  } catch (err) {
    console.error(`sandbox: ${err instanceof Error ? err.message : err}\n${USAGE}`);
    return 2;
  }
  // The sandbox reads the channel's broker, topic and log settings; its responders join a consumer
  // group of their own (startSandbox), so the channel's SERVICE_ID is not required here.
  const outcome = parseSettings(env.SERVICE_ID ? [] : ["--service-id", SANDBOX_SERVICE_ID], env);
  if (outcome.kind !== "run") {
    console.error(`sandbox: ${outcome.kind === "error" ? outcome.message : "unexpected settings outcome"}`);
    return 2;
  }
  const { settings } = outcome;
  setupLogging(settings.logLevel);
  const log = getLogger("sandbox.main");
  if (!settings.bootstrapServers) {
    log.warn("no BOOTSTRAP_SERVERS: the sandbox's in-memory bus reaches no channel");
  }

  const stopSignal = new Promise<void>((resolve) => {
    for (const s of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(s, () => resolve());
  });
  let sandbox;
  try {
    sandbox = await startSandbox({
      bootstrapServers: settings.bootstrapServers,
      topics: settings.topics,
      httpHostname: options.host,
      httpPort: options.httpPort,
      channelPorts: [options.channelPort, options.channelPort + 1, options.channelPort + 2],
      logoutAfterMs: options.logoutAfterMs,
      generatedCount: options.generatedCount,
    });
  } catch (err) {
    log.error("sandbox start-up failed", { error: err });
    return 1;
  }
  log.info("sandbox running; start a channel with these settings", {
    BASE_SERVICE_URL: sandbox.root,
    SERVICE_ID: SANDBOX_SERVICE_ID,
    characters: sandbox.playable.map((c) => `${c.id} ${c.name}`),
  });
  await stopSignal;
  await sandbox.stop();
  log.info("sandbox stopped");
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, Deno.env.toObject()));
}
