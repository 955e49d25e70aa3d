/**
 * The running server: what starts on boot and what stops, in reverse order, on shutdown.
 *
 * Boot order: bus and REST client → configuration (file or configurations service) → one listener per
 * (tenant, world, channel) → features subscribe and start their tasks → the bus starts consuming.
 * @module
 */
import { startWritePacing } from "./net/write-pacing.ts";
import { monitorEventLoop } from "./observability/event-loop.ts";
import type { Settings } from "./config/settings.ts";
import { createBus } from "./kafka/create-bus.ts";
import type { MemoryBroker } from "./kafka/memory-bus.ts";
import { createRestClient, type RestClient } from "./rest/client.ts";
import { getLogger } from "./observability/log.ts";
import { installTracing, traceHttpHeaders } from "./observability/tracing.ts";
import { startOtlpExporter } from "./observability/otlp.ts";
import { createAccountRegistry } from "./features/account/registry.ts";
import { createPresence } from "./features/map/presence.ts";
import {
  broadcastPacket,
  encodeShared,
  sendEncoded,
  sendPacket,
  type TablesOf,
} from "./features/outbound.ts";
import { DEFAULT_PACKET_LIMITS } from "./net/packet-limits.ts";
import { type Clock, SYSTEM_CLOCK } from "./net/clock.ts";
import { tenantIdentity } from "./tenant.ts";
import type { ChannelServer, Feature, FeatureContext } from "./features/feature.ts";
import { FEATURES } from "./features/mod.ts";
import type { HandlerRegistry } from "./net/dispatch.ts";
import type { Session } from "./net/session.ts";
import type { PacketReader } from "./protocol/reader.ts";
import { type BootConfiguration, loadBootConfiguration } from "./server/configuration.ts";
import { type RunningChannels, startChannels } from "./server/channels.ts";

const log = getLogger("app");

/** Something to undo on shutdown (close a listener, flush a producer, ...). */
export interface Closer {
  name: string;
  close(): Promise<void> | void;
}

/** A started server. `stop` is idempotent and never throws. */
export interface App {
  readonly settings: Settings;
  /** The channels this process serves. */
  readonly channels: readonly ChannelServer[];
  /** Whether the server does its job now, and if not, why (one reason per problem). */
  readiness(): Readiness;
  /**
   * Drains the channels: stop accepting, let the features stop announcing and tell the players, wait
   * up to `deadlineMs` for the sessions to end, then close the rest the way a disconnect does.
   * Idempotent (a second call returns the first drain).
   */
  drain(deadlineMs: number): Promise<DrainReport>;
  stop(): Promise<void>;
}

/** See {@link App.readiness}. */
export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

/** What a drain did. */
export interface DrainReport {
  /** Sessions open when the drain began. */
  readonly sessions: number;
  /** Sessions that ended on their own (left, changed channel) before the deadline. */
  readonly left: number;
  /** Sessions closed at the deadline. */
  readonly loggedOut: number;
  readonly elapsedMs: number;
}

/** Test and embedding seams; production passes nothing. */
export interface AppOptions {
  features?: readonly Feature[];
  /** The in-memory broker to join when no Kafka is configured (the sandbox shares one). */
  memoryBroker?: MemoryBroker;
  /** Environment for per-service REST root overrides (`<DOMAIN>_SERVICE_URL`). */
  env?: Readonly<Record<string, string>>;
  /** The configuration main.ts already loaded and checked (fail-fast); otherwise it is loaded here. */
  configuration?: { value: BootConfiguration | undefined };
  /** The time source of feature timers (default: the system clock); tests pass a manual one. */
  clock?: Clock;
}

/** Runs closers in reverse registration order, logging (not throwing) failures. */
export async function closeAll(closers: readonly Closer[]): Promise<void> {
  for (const closer of [...closers].reverse()) {
    try {
      await closer.close();
      log.debug("closed", { component: closer.name });
    } catch (err) {
      log.error("failed to close component", { component: closer.name, error: err });
    }
  }
}

/** The REST client for these settings, or undefined when no service root is configured. */
export function restClientFor(
  settings: Settings,
  env: Readonly<Record<string, string>>,
): RestClient | undefined {
  const anyOverride = Object.keys(env).some((k) => k.endsWith("_SERVICE_URL"));
  if (!settings.baseServiceUrl && !anyOverride) return undefined;
  return createRestClient({
    baseServiceUrl: settings.baseServiceUrl,
    env: (name) => env[name],
    injectHeaders: (headers) => {
      for (const [k, v] of Object.entries(traceHttpHeaders())) headers.set(k, v);
    },
  });
}

function mergeHandlers(
  features: readonly Feature[],
  ctx: FeatureContext,
): HandlerRegistry<Session, PacketReader> {
  const merged: Record<string, HandlerRegistry<Session, PacketReader>[string]> = {};
  for (const feature of features) {
    for (const [name, handler] of Object.entries(feature.handlers?.(ctx) ?? {})) {
      if (merged[name]) {
        throw new Error(`handler ${name} is registered by two features (second: ${feature.name})`);
      }
      merged[name] = handler;
    }
  }
  return merged;
}

/**
 * Boots the server from validated settings. Rejects (after undoing what started) when the
 * configuration is unusable or a port cannot be bound.
 */
export async function startApp(settings: Settings, options: AppOptions = {}): Promise<App> {
  installTracing();
  const features = options.features ?? FEATURES;
  const closers: Closer[] = [];
  log.info("starting", {
    bus: settings.bootstrapServers ? "kafka" : "in-memory",
    bootstrapServers: settings.bootstrapServers,
    baseServiceUrl: settings.baseServiceUrl,
    serviceId: settings.serviceId,
    serviceType: settings.serviceType,
    configFile: settings.configFile,
  });

  const env = options.env ?? Deno.env.toObject();
  const bus = createBus(settings, options.memoryBroker);
  const rest = restClientFor(settings, env);
  const accounts = createAccountRegistry();
  const presence = createPresence();
  let channels: readonly ChannelServer[] = [];
  const tablesByTenant = new Map<string, ChannelServer["tables"]>();
  const tablesOf: TablesOf = (tenant) => tablesByTenant.get(tenantIdentity(tenant));
  const ctx: FeatureContext = {
    settings,
    bus,
    rest,
    accounts,
    presence,
    channels: () => channels,
    send: (session, writer, build) => sendPacket(tablesOf, session, writer, build),
    broadcast: (sessions, writer, build, except, coalesceKey) =>
      broadcastPacket(tablesOf, sessions, writer, build, except, coalesceKey),
    encode: (tenant, writer, build) => encodeShared(tablesOf, tenant, writer, build),
    sendEncoded,
    clock: options.clock ?? SYSTEM_CLOCK,
    onStop: (name, close) => closers.push({ name, close }),
    async enteredField(session, mapId, shownWith) {
      for (const feature of features) {
        if (!feature.onFieldEnter || session.isClosed) continue;
        try {
          await feature.onFieldEnter(ctx, session, mapId, shownWith);
        } catch (err) {
          log.error("field entry failed for a feature", {
            feature: feature.name,
            sessionId: session.id,
            mapId,
            error: err,
          });
        }
      }
    },
  };
  // First closer registered, so it stays last to run: the bus and channels end their spans before it.
  const spanExport = settings.traceEndpoint
    ? startOtlpExporter({ endpoint: settings.traceEndpoint, serviceInstanceId: settings.serviceId })
    : undefined;
  if (spanExport) closers.push({ name: "span export", close: () => spanExport.shutdown() });
  closers.push({ name: "event-loop monitor", close: monitorEventLoop() });
  closers.push({ name: "write pacing", close: startWritePacing({ intervalMs: settings.writeIntervalMs }) });

  const ready = Promise.withResolvers<void>();
  const busRunning = ready.promise;
  busRunning.catch(() => {}); // a failed start rejects only the sessions waiting on it
  let config: BootConfiguration | undefined;
  let running: RunningChannels | undefined;
  try {
    config = options.configuration
      ? options.configuration.value
      : await loadBootConfiguration(settings, rest, env);
    const registry = mergeHandlers(features, ctx);
    const writers = features.flatMap((f) => f.writers ?? []);
    if (config) {
      log.info("configuration loaded", { source: config.source, tenants: config.tenants.map((t) => t.id) });
      running = await startChannels({
        config,
        registry,
        writers,
        isLoggedIn: (session) =>
          session.accountId !== undefined && accounts.isLoggedIn(session.tenant, session.accountId),
        hostname: settings.bindAddress,
        maxSessions: settings.maxSessions,
        admission: {
          maxPending: settings.maxPendingSessions,
          maxPendingPerAddress: settings.maxPendingPerAddress,
        },
        limits: {
          ...DEFAULT_PACKET_LIMITS,
          totalPerSecond: settings.packetRate,
          movementPerSecond: settings.movementRate,
          chatPerSecond: settings.chatRate,
        },
        sessionOptions: {
          loginDeadlineMs: settings.loginDeadlineMs,
          partialFrameDeadlineMs: settings.partialFrameDeadlineMs,
        },
        async onSession(session) {
          // A client that connects while the server is still starting waits (its packets unread) until
          // the bus runs, so nothing it does can publish before the producer is ready.
          await busRunning;
          for (const feature of features) feature.onSession?.(ctx, session);
          session.onClose(() => presence.forget(session));
        },
      });
      channels = running.channels;
      for (const c of channels) tablesByTenant.set(tenantIdentity(c.tenant), c.tables);
      closers.push({ name: "channels", close: running.close });
    }
    // The bus stops after the channels' sessions closed (their hooks may still publish), before span export.
    closers.splice(spanExport ? 1 : 0, 0, { name: "bus", close: () => bus.stop() });
    for (const feature of features) await feature.start?.(ctx);
    await bus.start();
    ready.resolve();
  } catch (err) {
    // Sessions that connected during start-up are refused by the rejection and closed with the channels.
    ready.reject(err);
    await closeAll(closers);
    throw err;
  }
  for (const c of channels) {
    log.info("channel ready", {
      tenantId: c.tenant.id,
      region: c.tenant.region,
      version: `${c.tenant.majorVersion}.${c.tenant.minorVersion}`,
      worldId: c.worldId,
      channelId: c.channelId,
      port: c.port,
    });
  }

  let stopping: Promise<void> | undefined;
  let draining: Promise<DrainReport> | undefined;
  const bootConfig = config;
  const listeners = running;
  const liveSessions = () => channels.flatMap((c) => [...c.sessions.values()]);

  async function drainChannels(deadlineMs: number): Promise<DrainReport> {
    const started = performance.now();
    await listeners?.stopAccepting();
    const open = liveSessions();
    log.info("draining: not accepting players; waiting for the connected ones to leave", {
      sessions: open.length,
      deadlineMs,
    });
    const hooks = Promise.all(features.map(async (feature) => {
      try {
        await feature.drain?.(ctx, deadlineMs);
      } catch (err) {
        log.error("drain step failed for a feature", { feature: feature.name, error: err });
      }
    }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(open.map((s) => s.closed)),
      new Promise((resolve) => timer = setTimeout(resolve, deadlineMs)),
    ]);
    clearTimeout(timer);
    const remaining = liveSessions();
    // Closing runs the same hooks as a disconnect: logout commands, session events, presence.
    await Promise.all(remaining.map((s) => s.close("drain")));
    await hooks;
    const report: DrainReport = {
      sessions: open.length,
      left: open.length - remaining.length,
      loggedOut: remaining.length,
      elapsedMs: Math.round(performance.now() - started),
    };
    log.info("drained", { ...report });
    return report;
  }

  return {
    settings,
    channels,
    readiness() {
      const reasons: string[] = [];
      if (stopping) reasons.push("stopping");
      else if (draining) reasons.push("draining: the channels accept no new players");
      if (!bootConfig) reasons.push("no configuration loaded: serving no channels");
      else if (channels.length === 0) {
        reasons.push("the configuration names no channel this process could serve");
      }
      if (!draining && !stopping) {
        for (const closed of listeners?.notAccepting() ?? []) reasons.push(`listener not open: ${closed}`);
      }
      const health = bus.health?.();
      if (health && !health.ready) reasons.push(health.reason ?? "the bus is not ready");
      return { ready: reasons.length === 0, reasons };
    },
    drain(deadlineMs) {
      draining ??= drainChannels(deadlineMs);
      return draining;
    },
    stop() {
      stopping ??= closeAll(closers).then(() => log.info("stopped"));
      return stopping;
    },
  };
}
