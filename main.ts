/**
 * Entry point of the atlas-channel-deno binary: settings from flags and environment, logging, the
 * server, and a clean shutdown on SIGINT/SIGTERM.
 * @module
 */
import denoJson from "./deno.json" with { type: "json" };
import { parseSettings } from "./src/config/settings.ts";
import { getLogger, setupLogging } from "./src/observability/log.ts";
import { startApp } from "./src/app.ts";

/** The released version, from deno.json. */
export const VERSION: string = denoJson.version;

/** Runs the server until a shutdown signal; returns the process exit code. */
export async function main(args: readonly string[], env: Readonly<Record<string, string>>): Promise<number> {
  const outcome = parseSettings(args, env);
  switch (outcome.kind) {
    case "help":
      console.log(outcome.text);
      return 0;
    case "version":
      console.log(`atlas-channel-deno ${VERSION}`);
      return 0;
    case "error":
      console.error(`atlas-channel: ${outcome.message}`);
      return 2;
  }
  const { settings } = outcome;
  setupLogging(settings.logLevel);
  const log = getLogger("main");

  // Listen before starting anything, so a signal during start-up still means a clean stop.
  const shutdownSignal = new Promise<Deno.Signal>((resolve) => {
    const signals: Deno.Signal[] = Deno.build.os === "windows"
      ? ["SIGINT", "SIGBREAK"]
      : ["SIGINT", "SIGTERM"];
    for (const s of signals) Deno.addSignalListener(s, () => resolve(s));
  });

  let app: { stop(): Promise<void> };
  try {
    // No Atlas backend named at all: run the sandbox in-process (loaded only then).
    const sandboxed = !settings.bootstrapServers && !settings.baseServiceUrl && !settings.serviceId &&
      !settings.configFile && !Object.keys(env).some((k) => k.endsWith("_SERVICE_URL") && env[k] !== "");
    if (sandboxed) {
      const { startDev } = await import("./src/sandbox/dev.ts");
      const port = Number(env.SANDBOX_PORT ?? "");
      app = await startDev(settings, Number.isInteger(port) && port > 0 ? { channelPort: port } : {});
    } else {
      app = await startApp(settings);
    }
  } catch (err) {
    log.error("start-up failed", { error: err });
    return 1;
  }
  log.info("running; press Ctrl-C to stop", { version: VERSION });

  const signal = await shutdownSignal;
  log.info("shutting down", { signal });
  const timedOut = Symbol("timeout");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const result = await Promise.race([
    app.stop(),
    new Promise<symbol>((r) => timer = setTimeout(() => r(timedOut), settings.shutdownTimeoutMs)),
  ]);
  clearTimeout(timer);
  if (result === timedOut) {
    log.error("shutdown did not finish in time; exiting anyway", { timeoutMs: settings.shutdownTimeoutMs });
    return 1;
  }
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, Deno.env.toObject()));
}
