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
  type HandlerRegistry,
} from "../net/dispatch.ts";
import { type ChannelListener, listen } from "../net/listener.ts";
import type { Session, SessionOptions } from "../net/session.ts";
import { type PacketReader, packetReader } from "../protocol/reader.ts";
import { getLogger } from "../observability/log.ts";
import { increment } from "../observability/metrics.ts";
import type { ChannelServer } from "../features/feature.ts";
import type { BootConfiguration } from "./configuration.ts";

const log = getLogger("server.channels");

/** What {@link startChannels} needs. */
export interface StartChannelsOptions {
  config: BootConfiguration;
  registry: HandlerRegistry<Session, PacketReader>;
  writers: Iterable<string>;
  /** The LoggedInValidator's question. */
  isLoggedIn: (session: Session) => boolean;
  /** Bind address; Atlas binds every interface. */
  hostname?: string;
  /** Sessions admitted per channel; further connections are closed at once. */
  maxSessions: number;
  /** Runs for every admitted session before its first packet (features register close hooks here). */
  onSession?: (session: Session) => Promise<void> | void;
  /** Session tunables; the idle timeout defaults to the service's `timeout` task duration. */
  sessionOptions?: Partial<SessionOptions> & { idleSweepIntervalMs?: number };
}

/** The running channels and how to stop them. */
export interface RunningChannels {
  readonly channels: readonly ChannelServer[];
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
      ? { idleTimeoutMs: timeoutTask(config.service).duration, idleSweepIntervalMs: task.interval }
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
    for (const line of describeStartupReport(report)) log.warn(line, { tenantId: tenant.id });
    const dispatch = createDispatcher<Session, PacketReader>(tables, {
      newReader: packetReader,
      isLoggedIn,
      readErrors: "rethrow",
      onOutcome: (_session, outcome) => increment("net.packet", { outcome }),
    });
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
            onSession(session) {
              if (listener.sessions.size > maxSessions) {
                log.warn("channel full; refusing connection", {
                  tenantId: tenant.id,
                  worldId: world.id,
                  channelId: channel.id,
                  maxSessions,
                });
                increment("net.session.refused", { reason: "channel-full" });
                session.close("channel-full");
                return;
              }
              return options.onSession?.(session);
            },
            options: sessionOptions,
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
  return { channels, close: () => closing ??= closeAll() };
}
