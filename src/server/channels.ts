/**
 * Opens one TCP listener per (tenant, world, channel) of the boot configuration, each with its
 * tenant's opcode tables, dispatcher and session limits.
 * @module
 */
import { type TenantConfig, tenantOf, timeoutTask } from "../config/tenant-config.ts";
import {
  buildOpcodeTables,
  createDispatcher,
  describeStartupReport,
  type DispatchOutcome,
  type HandlerRegistry,
  type StartupReport,
} from "../net/dispatch.ts";
import { type Admission, type ChannelListener, listen } from "../net/listener.ts";
import type { PacketLimits } from "../net/packet-limits.ts";
import type { Session, SessionOptions } from "../net/session.ts";
import { type PacketReader, packetReader } from "../protocol/reader.ts";
import { getLogger } from "../observability/log.ts";
import { type Counter, counter, increment } from "../observability/metrics.ts";
import { withPacketArrival } from "../observability/packet-timing.ts";
import type { ChannelServer } from "../features/feature.ts";
import type { BootConfiguration } from "./configuration.ts";

const log = getLogger("server.channels");

/** Dispatch outcomes that count toward a session's misbehaviour limit: no honest client causes them. */
const MISBEHAVIOUR: ReadonlySet<DispatchOutcome> = new Set(["unknown-opcode", "not-ready", "empty"]);

/** What {@link startChannels} needs. */
export interface StartChannelsOptions {
  config: BootConfiguration;
  registry: HandlerRegistry<Session, PacketReader>;
  writers: Iterable<string>;
  /** The LoggedInValidator's question. */
  isLoggedIn: (session: Session) => boolean;
  /** Bind address; Atlas binds every interface. */
  hostname?: string;
  /** Logged-in players admitted per channel; further connections are refused at once. */
  maxSessions: number;
  /** Admission bounds for connections that have not logged in yet (see `Admission`). */
  admission?: Partial<Omit<Admission, "maxSessions">>;
  /** Per-session packet budgets; unset, nothing is throttled. */
  limits?: Readonly<PacketLimits>;
  /** Runs for every admitted session before its first packet (features register close hooks here). */
  onSession?: (session: Session) => Promise<void> | void;
  /** Session tunables; the idle timeout defaults to the service's `timeout` task duration. */
  sessionOptions?: Partial<SessionOptions> & { idleSweepIntervalMs?: number };
}

/** The running channels and how to stop them. */
export interface RunningChannels {
  readonly channels: readonly ChannelServer[];
  /** Listeners whose port is not open (for readiness), as `tenant … world … channel … port …`. */
  notAccepting(): string[];
  /** Closes every port and keeps the sessions (the start of a drain). Idempotent. */
  stopAccepting(): Promise<void>;
  /** Closes every listener and session. Idempotent. */
  close(): Promise<void>;
}

function channelServer(
  tenantConfig: TenantConfig,
  ipAddress: string,
  worldId: number,
  channelId: number,
  listener: ChannelListener,
  maxSessions: number,
  tables: ChannelServer["tables"],
): ChannelServer {
  return {
    tenant: tenantOf(tenantConfig),
    tenantConfig,
    worldId,
    channelId,
    ipAddress,
    port: listener.addr.port,
    sessions: listener.sessions,
    maxSessions,
    tables,
  };
}

const outcomes = new Map<string, Counter>();
/** `net.packet{outcome}`, bound once per outcome (this runs for every inbound packet). */
function outcomeCounter(outcome: string): Counter {
  let c = outcomes.get(outcome);
  if (!c) outcomes.set(outcome, c = counter("net.packet", { outcome }));
  return c;
}

/** `net.packets.in{name}` counters by opcode, named after the bound handler (`unknown` otherwise). */
function packetCounters(tables: ChannelServer["tables"]): (opcode: number | undefined) => Counter {
  const byOpcode = new Map<number, Counter>();
  const unknown = counter("net.packets.in", { name: "unknown" });
  return (opcode) => {
    if (opcode === undefined) return unknown;
    let c = byOpcode.get(opcode);
    if (!c) {
      const name = tables.handlers.get(opcode)?.name;
      c = name ? counter("net.packets.in", { name }) : unknown;
      byOpcode.set(opcode, c);
    }
    return c;
  };
}

/**
 * What a tenant's configuration asks for that we do not serve, as one info line with counts. The
 * lists (dozens of names on a stock template) go to debug; entries that are configuration mistakes
 * (a missing or malformed option, an unusable entry) stay warnings, one line each.
 */
export function logStartupReport(report: StartupReport, tenantId: string): void {
  const counts = {
    tenantId,
    handlersBound: report.boundHandlers,
    writersBound: report.boundWriters,
    handlersNotImplemented: report.unimplementedHandlers.length,
    writersNotImplemented: report.unimplementedWriters.length,
    handlersWithoutOpcode: report.unboundHandlers.length,
    writersWithoutOpcode: report.unboundWriters.length,
  };
  log.info(
    `${report.label}: ${report.boundHandlers} handlers and ${report.boundWriters} writers bound; ` +
      `${report.unimplementedHandlers.length} handlers and ${report.unimplementedWriters.length} writers ` +
      `of the configuration not implemented here (lists at debug)`,
    counts,
  );
  const problems = report.missingOptions.length + report.invalidOptions.length + report.invalidEntries.length;
  const lines = describeStartupReport(report);
  // describeStartupReport lists the problem lines after the lists, in this order.
  const listLines = lines.length - problems - report.overridden.length;
  // Options filled from the client's known values come right before the problems: one info line each.
  const known = report.knownOptionsUsed.length;
  for (const [i, line] of lines.entries()) {
    if (i >= listLines && i < listLines + problems) log.warn(line, { tenantId });
    else if (i >= listLines - known && i < listLines) log.info(line, { tenantId });
    else log.debug(line, { tenantId });
  }
}

/**
 * Starts every configured listener. A port that cannot be bound is a start-up error naming the
 * tenant, world and channel; listeners opened before it are closed again.
 */
export async function startChannels(options: StartChannelsOptions): Promise<RunningChannels> {
  const { config, registry, isLoggedIn, maxSessions } = options;
  const writers = [...options.writers];
  const byId = new Map(config.tenants.map((t) => [t.id.toLowerCase(), t]));
  const listeners: ChannelListener[] = [];
  const channels: ChannelServer[] = [];
  const task = config.service.tasks.find((t) => t.type === "timeout");
  const sessionOptions = {
    ...(task
      ? {
        idleTimeoutMs: timeoutTask(config.service).duration,
        // Admission deadlines are seconds long; sweep at least every second whatever the task says.
        idleSweepIntervalMs: Math.min(task.interval, 1_000),
      }
      : {}),
    ...options.sessionOptions,
  };

  const closeAll = async () => {
    await Promise.all(listeners.map((l) => l.close()));
  };

  for (const entry of config.service.tenants) {
    const tenantConfig = byId.get(entry.id.toLowerCase());
    if (!tenantConfig) continue; // failed to load; already logged
    const tenant = tenantOf(tenantConfig);
    const { tables, report } = buildOpcodeTables<Session, PacketReader>(tenantConfig, registry, writers);
    logStartupReport(report, tenant.id);
    const packetsIn = packetCounters(tables);
    const dispatcher = createDispatcher<Session, PacketReader>(tables, {
      newReader: packetReader,
      isLoggedIn,
      readErrors: "rethrow",
      limits: options.limits,
      onOutcome: (session, outcome, opcode) => {
        outcomeCounter(outcome).inc();
        packetsIn(opcode).inc();
        if (outcome !== "handled") increment("net.packets.dropped", { reason: outcome });
        if (MISBEHAVIOUR.has(outcome)) session.misbehaved(outcome);
      },
    });
    // Publishes made while handling a packet report their packet→publish latency (packet-timing.ts).
    const dispatch = (session: Session, body: Uint8Array) =>
      withPacketArrival(performance.now(), () => dispatcher(session, body));
    for (const world of entry.worlds) {
      for (const channel of world.channels) {
        let listener: ChannelListener;
        try {
          listener = listen({
            hostname: options.hostname,
            port: channel.port,
            tenant,
            worldId: world.id,
            channelId: channel.id,
            onPacket: dispatch,
            onSession: options.onSession,
            options: sessionOptions,
            admission: { ...options.admission, maxSessions },
          });
        } catch (err) {
          await closeAll();
          throw err;
        }
        listeners.push(listener);
        channels.push(
          channelServer(tenantConfig, entry.ipAddress, world.id, channel.id, listener, maxSessions, tables),
        );
      }
    }
  }
  let closing: Promise<void> | undefined;
  return {
    channels,
    notAccepting: () =>
      listeners.flatMap((l, i) =>
        l.accepting ? [] : [
          `tenant ${channels[i].tenant.id} world ${channels[i].worldId} channel ${
            channels[i].channelId
          } port ${l.addr.port}`,
        ]
      ),
    stopAccepting: async () => {
      await Promise.all(listeners.map((l) => l.stopAccepting()));
    },
    close: () => closing ??= closeAll(),
  };
}
