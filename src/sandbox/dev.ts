/**
 * `deno task dev` with no configuration: the sandbox and a channel in one process, on one in-memory
 * broker. main.ts imports this module dynamically, only when no BOOTSTRAP_SERVERS, BASE_SERVICE_URL,
 * `<DOMAIN>_SERVICE_URL`, SERVICE_ID or --config was given, so the production path never loads it.
 * @module
 */
import { type App, startApp } from "../app.ts";
import type { Settings } from "../config/settings.ts";
import { MemoryBroker } from "../kafka/memory-bus.ts";
import { getLogger } from "../observability/log.ts";
import {
  channelPorts,
  type Sandbox,
  SANDBOX_SERVICE_ID,
  type SandboxOptions,
  servedTenants,
  startSandbox,
} from "./mod.ts";

const log = getLogger("sandbox.dev");

/** Options of {@link startDev}. */
export interface DevOptions {
  /**
   * Port of the GMS v83 tenant's channel 0 (channels 1 and 2 take the next two, the GMS v95 tenant's
   * channels the three after, the JMS v185 tenant's the three after those); default 8585 or env
   * SANDBOX_PORT.
   */
  channelPort?: number;
  /** Generated characters served (ids 100001..); default 500. */
  generatedCount?: number;
  /** Logout delay of a closed session's character (see `SandboxOptions.logoutAfterMs`); default 5000. */
  logoutAfterMs?: number;
  /** Respawn delay of a killed monster (see `SandboxOptions.monsterRespawnMs`); default 5000. */
  monsterRespawnMs?: number;
  /** The boat's trip (see `SandboxOptions.transportTimes`); default about a minute. */
  transportTimes?: SandboxOptions["transportTimes"];
}

/** A running sandbox with its channel; `stop` stops both (channel first). */
export interface Dev {
  readonly app: App;
  readonly sandbox: Sandbox;
  readonly settings: Settings;
  stop(): Promise<void>;
}

/**
 * Starts the sandbox on a fresh in-memory broker, then the app against it (`settings` with the sandbox's
 * REST root and service id filled in), and logs the channel addresses and who can log in.
 */
export async function startDev(settings: Settings, options: DevOptions = {}): Promise<Dev> {
  const memoryBroker = new MemoryBroker();
  const base = options.channelPort ?? 8585;
  const sandbox = await startSandbox({
    memoryBroker,
    topics: settings.topics,
    channelPorts: [base, base + 1, base + 2],
    generatedCount: options.generatedCount,
    logoutAfterMs: options.logoutAfterMs,
    monsterRespawnMs: options.monsterRespawnMs,
    transportTimes: options.transportTimes,
  });
  const appSettings: Settings = {
    ...settings,
    baseServiceUrl: sandbox.root,
    serviceId: SANDBOX_SERVICE_ID,
    bindAddress: settings.bindAddress === "0.0.0.0" ? "127.0.0.1" : settings.bindAddress,
    // In the box every client (a crowd of bots included) comes from this machine's one address.
    maxPendingPerAddress: Math.max(settings.maxPendingPerAddress, settings.maxPendingSessions),
  };
  let app: App;
  try {
    app = await startApp(appSettings, { memoryBroker, env: {} });
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
  const channels = app.channels.map((c) =>
    `${appSettings.bindAddress}:${c.port} (${c.tenant.region} ${c.tenant.majorVersion} world ${c.worldId} channel ${c.channelId})`
  );
  log.info("sandbox channel listening", { channels });
  log.info("characters that can log in", {
    characters: sandbox.playable.map((c) => `${c.id} ${c.name} (account ${c.accountId})`),
    generated: `100001..${100000 + sandbox.store.generatedCount} (one account each)`,
    try: `deno task bot -- --port ${
      app.channels[0]?.port ?? base
    } --character 1001 --script login,walk,chat,portal,emote`,
    versions: servedTenants({ channelPorts: [base] }).map((t) =>
      `${t.label}: deno task bot -- --tenant ${t.key} --port ${
        channelPorts({ channelPorts: [base] }, t)[0]
      } --character 1001 --script login,walk,chat,portal`
    ),
    loop: `deno task bot -- --port ${
      app.channels[0]?.port ?? base
    } --character 1001 --script login,ap:STR,sp:4001003,heal,meso:100,whisper:Cody:hi,channel:1,cashshop,logout`,
  });
  let stopping: Promise<void> | undefined;
  return {
    app,
    sandbox,
    settings: appSettings,
    stop() {
      stopping ??= (async () => {
        await app.stop();
        await sandbox.stop();
      })();
      return stopping;
    },
  };
}
