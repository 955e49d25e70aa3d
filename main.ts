/**
 * Entry point of the atlas-channel-deno binary: settings from flags and environment, logging, the
 * fail-fast checks, the admin listener, the server, and the way it ends: SIGTERM (or `POST /drain`)
 * drains the channels and exits 0; SIGINT (Ctrl-C) stops at once.
 *
 * Exit codes: 0 after a clean stop or drain; 2 for a configuration mistake (one line on stderr naming
 * the setting or file and what was expected); 1 when start-up fails otherwise or a stop overruns
 * `SHUTDOWN_TIMEOUT_MS`.
 * @module
 */
import denoJson from "./deno.json" with { type: "json" };
import { parseSettings, type Settings } from "./src/config/settings.ts";
import { getLogger, setupLogging } from "./src/observability/log.ts";
import { type App, startApp } from "./src/app.ts";
import { AdminListenError, type AdminServer, startAdmin } from "./src/admin/server.ts";
import { ListenError } from "./src/net/listener.ts";
import { isSandboxed, preflight } from "./src/server/preflight.ts";

/** The released version, from deno.json. */
export const VERSION: string = denoJson.version;

/** What main runs: the app, and how to stop it (with the sandbox in dev mode). */
interface Running {
  app: App;
  stop(): Promise<void>;
}

function mistake(message: string): number {
  console.error(`atlas-channel: ${message}`);
  return 2;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function start(
  settings: Settings,
  env: Readonly<Record<string, string>>,
  checked: Awaited<ReturnType<typeof preflight>> & { kind: "ok" },
): Promise<Running> {
  if (isSandboxed(settings, env)) {
    // No Atlas backend named at all: run the sandbox in-process (loaded only then).
    const { startDev } = await import("./src/sandbox/dev.ts");
    const dev = await startDev(settings, checked.sandboxPort ? { channelPort: checked.sandboxPort } : {});
    return dev;
  }
  const app = await startApp(settings, { configuration: checked.configuration });
  return { app, stop: () => app.stop() };
}

/** Runs the server until a shutdown signal or a drain; returns the process exit code. */
export async function main(args: readonly string[], env: Readonly<Record<string, string>>): Promise<number> {
  const outcome = parseSettings(args, env, { requireServiceIdWithBroker: true });
  switch (outcome.kind) {
    case "help":
      console.log(outcome.text);
      return 0;
    case "version":
      console.log(`atlas-channel-deno ${VERSION}`);
      return 0;
    case "error":
      return mistake(outcome.message);
  }
  const { settings } = outcome;
  setupLogging(settings.logLevel, undefined, settings.logFormat);
  const log = getLogger("main");

  // Every configuration mistake is found before anything starts.
  const checked = await preflight(settings, env);
  if (checked.kind === "mistake") return mistake(checked.message);

  // Listen before starting anything, so a signal during start-up still means a clean stop.
  const stopRequest = Promise.withResolvers<string>();
  // A second signal while draining means "stop now": the players still connected are logged out at once.
  const hurry = Promise.withResolvers<string>();
  let stopRequested = false;
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGINT", "SIGTERM"];
  for (const s of signals) {
    Deno.addSignalListener(s, () => {
      if (stopRequested) hurry.resolve(s);
      stopRequested = true;
      stopRequest.resolve(s);
    });
  }

  let running: Running | undefined;
  let admin: AdminServer | undefined;
  if (settings.adminPort !== undefined) {
    try {
      admin = startAdmin({
        hostname: settings.adminAddress,
        port: settings.adminPort,
        version: VERSION,
        target: {
          readiness: () => running?.app.readiness() ?? { ready: false, reasons: ["starting"] },
          channels: () => running?.app.channels ?? [],
          drain() {
            if (!running) return undefined;
            stopRequested = true;
            stopRequest.resolve("drain");
            return settings.drainDeadlineMs;
          },
        },
      });
    } catch (err) {
      if (err instanceof AdminListenError) return mistake(err.message);
      throw err;
    }
  }

  try {
    running = await start(settings, env, checked);
  } catch (err) {
    await admin?.close();
    if (err instanceof ListenError) {
      const hint = isSandboxed(settings, env)
        ? "; set SANDBOX_PORT to a free port (the sandbox's nine channels take it and the next eight)"
        : "; change the channel's port in the configuration or stop what uses it";
      return mistake(`${err.message}${hint}`);
    }
    log.error("start-up failed", { error: errorText(err) });
    return 1;
  }
  log.info("running; press Ctrl-C to stop", { version: VERSION });

  const trigger = await stopRequest.promise;
  const drain = trigger === "SIGTERM" || trigger === "drain";
  log.info("shutting down", {
    signal: trigger === "drain" ? undefined : trigger,
    by: trigger === "drain" ? "POST /drain" : undefined,
    drain,
  });
  if (drain) {
    const early = await Promise.race([running.app.drain(settings.drainDeadlineMs), hurry.promise]);
    if (typeof early === "string") log.warn("second signal: ending the drain now", { signal: early });
  }

  const timedOut = Symbol("timeout");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const result = await Promise.race([
    running.stop(),
    new Promise<symbol>((r) => timer = setTimeout(() => r(timedOut), settings.shutdownTimeoutMs)),
  ]);
  clearTimeout(timer);
  await admin?.close();
  if (result === timedOut) {
    log.error("shutdown did not finish in time; exiting anyway", { timeoutMs: settings.shutdownTimeoutMs });
    return 1;
  }
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, Deno.env.toObject()));
}
