/**
 * The fail-fast path: every configuration mistake is found before anything starts (no listener, no
 * broker connection), and reported as one line naming the setting or file and what was expected; main.ts
 * prints it and exits with code 2. Settings themselves are checked by `parseSettings`; this adds what
 * needs I/O: the `--config` file, the configurations service, and dev mode's `SANDBOX_PORT`.
 * @module
 */
import type { Settings } from "../config/settings.ts";
import { createRestClient } from "../rest/client.ts";
import { type BootConfiguration, BootConfigurationError, loadBootConfiguration } from "./configuration.ts";

/** Whether start-up may go on, with what it loaded, or the one-line reason it may not. */
export type PreflightOutcome =
  | { kind: "ok"; configuration?: { value: BootConfiguration | undefined }; sandboxPort?: number }
  | { kind: "mistake"; message: string };

/** True when no Atlas backend is named at all: `deno task dev` runs the sandbox in-process. */
export function isSandboxed(settings: Settings, env: Readonly<Record<string, string>>): boolean {
  return !settings.bootstrapServers && !settings.baseServiceUrl && !settings.serviceId &&
    !settings.configFile &&
    !Object.keys(env).some((k) => k.endsWith("_SERVICE_URL") && env[k] !== "");
}

/** The sandbox's first channel port from `SANDBOX_PORT` (its nine channels take it and the next eight). */
export function sandboxPort(env: Readonly<Record<string, string>>): number | string | undefined {
  const text = env.SANDBOX_PORT;
  if (text === undefined || text === "") return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65527) {
    return `invalid setting SANDBOX_PORT=${
      JSON.stringify(text)
    }: expected a TCP port 1-65527 (the sandbox's nine channels take it and the next eight)`;
  }
  return port;
}

/** Checks and loads everything start-up needs from outside the process; see the module documentation. */
export async function preflight(
  settings: Settings,
  env: Readonly<Record<string, string>>,
): Promise<PreflightOutcome> {
  if (isSandboxed(settings, env)) {
    const port = sandboxPort(env);
    if (typeof port === "string") return { kind: "mistake", message: port };
    return { kind: "ok", sandboxPort: port };
  }
  const anyOverride = Object.keys(env).some((k) => k.endsWith("_SERVICE_URL"));
  const rest = settings.baseServiceUrl || anyOverride
    ? createRestClient({
      baseServiceUrl: settings.baseServiceUrl,
      env: (name) => env[name],
      retryLogLevel: "debug",
    })
    : undefined;
  try {
    return { kind: "ok", configuration: { value: await loadBootConfiguration(settings, rest, env) } };
  } catch (err) {
    if (err instanceof BootConfigurationError) return { kind: "mistake", message: err.message };
    throw err;
  }
}
