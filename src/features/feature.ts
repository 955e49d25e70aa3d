/**
 * What a feature (one game domain) contributes to the server, and what the server gives it.
 * Features are listed once in `src/features/mod.ts`; nothing else wires them by hand.
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { TenantConfig } from "../config/tenant-config.ts";
import type { Bus } from "../kafka/bus.ts";
import type { TopicContract } from "../kafka/contract.ts";
import type { Tenant } from "../tenant.ts";
import type { HandlerRegistry, OpcodeTables } from "../net/dispatch.ts";
import type { Session } from "../net/session.ts";
import type { Clock } from "../net/clock.ts";
import type { PacketReader } from "../protocol/reader.ts";
import type { SharedBody } from "../protocol/crypto.ts";
import type { RestClient } from "../rest/client.ts";
import type { AccountRegistry } from "./account/registry.ts";
import type { Presence } from "./map/presence.ts";
import type { BuildPacket } from "./outbound.ts";

/** A channel this process serves: one (tenant, world, channel) listener. */
export interface ChannelServer {
  readonly tenant: Tenant;
  readonly tenantConfig: TenantConfig;
  readonly worldId: number;
  readonly channelId: number;
  /** Advertised address (service configuration `tenants[].ipAddress`); never a bind address. */
  readonly ipAddress: string;
  /** The bound port. */
  readonly port: number;
  /** Live sessions by id. */
  readonly sessions: ReadonlyMap<string, Session>;
  /** Most sessions the channel admits; further connections are refused. */
  readonly maxSessions: number;
  /** This tenant's opcode tables (handlers and writers). */
  readonly tables: OpcodeTables<Session, PacketReader>;
}

/** Everything a feature may use at run time. */
export interface FeatureContext {
  readonly settings: Settings;
  readonly bus: Bus;
  /** Absent when no REST services are configured (e.g. a bare `deno task dev`). */
  readonly rest?: RestClient;
  /** Logged-in accounts per tenant (the LoggedInValidator's table). */
  readonly accounts: AccountRegistry;
  /** Which session is in which map, and which session plays which character, on this process. */
  readonly presence: Presence;
  /** The channels served by this process. */
  channels(): readonly ChannelServer[];
  /** Sends a packet by writer name to one session; false when nothing was sent. */
  send(session: Session, writerName: string, build: BuildPacket): boolean;
  /**
   * Sends one packet to many sessions (encoded once per tenant), skipping `except`. With `coalesceKey`
   * (e.g. a character's movement), a recipient that has fallen behind keeps only the newest queued packet
   * of that key (see `Session.sendShared`).
   */
  broadcast(
    sessions: Iterable<Session>,
    writerName: string,
    build: BuildPacket,
    except?: Session,
    coalesceKey?: string,
  ): number;
  /**
   * Encodes a packet for `tenant` once, for {@link FeatureContext.sendEncoded} to that tenant's sessions
   * (a packet kept and shown to many over time); undefined when the tenant does not bind the writer.
   */
  encode(tenant: Tenant, writerName: string, build: BuildPacket): SharedBody | undefined;
  /** Sends a packet {@link FeatureContext.encode}d for the session's tenant; false when nothing was sent. */
  sendEncoded(session: Session, writerName: string, packet: SharedBody): boolean;
  /** The time source of features' timers (heartbeats); tests pass a manual clock. */
  readonly clock: Clock;
  /** Runs `fn` on stop, in reverse order of registration. */
  onStop(name: string, fn: () => Promise<void> | void): void;
  /**
   * Tells every feature's {@link Feature.onFieldEnter} that `session` entered `mapId` (the map domain
   * calls it on `CHARACTER_ENTER`, after the characters' spawns), with the sessions it exchanged spawns
   * with. Never rejects: failures are logged.
   */
  enteredField(session: Session, mapId: number, shownWith: readonly Session[]): Promise<void>;
}

/** One game domain's contribution. */
export interface Feature {
  readonly name: string;
  /** Every Kafka contract of the domain (consumed and produced). */
  readonly contracts: readonly TopicContract[];
  /** Packet handlers by the configured handler name. */
  handlers?(ctx: FeatureContext): HandlerRegistry<Session, PacketReader>;
  /** Names of the packet writers the domain implements. */
  readonly writers?: readonly string[];
  /**
   * Runs for every new session before its first packet. Close hooks registered here run in feature
   * order when the session closes, before the presence index forgets the session.
   */
  onSession?(ctx: FeatureContext, session: Session): void;
  /**
   * Sends a newcomer what this domain shows in the map it entered (NPCs, monsters, drops, ...), from
   * local state or a bounded number of look-ups. Runs in feature order after the map domain spawned the
   * characters; a failure is logged and does not stop the other features. `shownWith`: the sessions of
   * this process the newcomer and it were spawned for each other with (those shown in the map before
   * it); what goes between each pair of characters (pets) goes between these, so a hook running after a
   * later newcomer's entry shows nothing twice.
   */
  onFieldEnter?(
    ctx: FeatureContext,
    session: Session,
    mapId: number,
    shownWith: readonly Session[],
  ): Promise<void> | void;
  /** Subscribes consumers and starts timers; runs once the channels listen and before the bus starts. */
  start?(ctx: FeatureContext): Promise<void> | void;
  /**
   * The channels stopped accepting and are draining (SIGTERM or the admin `/drain`): stop announcing
   * them, tell the players. Players then have `deadlineMs` to leave before the rest are logged out the
   * way a disconnect does. A failure is logged and does not stop the drain.
   */
  drain?(ctx: FeatureContext, deadlineMs: number): Promise<void> | void;
}
