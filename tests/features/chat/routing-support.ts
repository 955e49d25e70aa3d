/**
 * Unit-test support for the chat, expression and system-message routing: real sessions (over local TCP
 * pairs), a real presence index, and a feature context whose send/broadcast record the packet bodies
 * built with the tenant's writer options instead of writing them to sockets.
 */
import { createSession, type Session } from "../../../src/net/session.ts";
import { serverCrypto } from "../../../src/protocol/crypto.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { createPresence, type Presence } from "../../../src/features/map/presence.ts";
import type { ChannelServer, FeatureContext } from "../../../src/features/feature.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import type { Tenant } from "../../../src/tenant.ts";
import type { Delivery } from "../../../src/kafka/bus.ts";
import { gmKey, loggedInCharacterKey } from "../../../src/features/login/state.ts";
import type { Character } from "../../../src/features/character/rest.ts";

/** GMS 83's writer options for the writers these domains use (template_gms_83_1.json). */
export const GMS83_WRITER_OPTIONS: Record<string, Record<string, unknown>> = {
  WorldMessage: {
    operations: {
      NOTICE: 0,
      POP_UP: 1,
      MEGAPHONE: 2,
      SUPER_MEGAPHONE: 3,
      TOP_SCROLL: 4,
      PINK_TEXT: 5,
      BLUE_TEXT: 6,
    },
  },
  MessengerOperation: { operations: { ADD: 0, JOIN: 1, REMOVE: 2, CHAT: 6 } },
};

/** One recorded packet. */
export interface Sent {
  session: Session;
  writer: string;
  body: Uint8Array;
}

/** A routing context over real sessions. */
export interface RoutingWorld {
  ctx: Pick<FeatureContext, "channels" | "presence" | "send" | "broadcast">;
  presence: Presence;
  sent: Sent[];
  /** A logged-in character's session in `mapId` (tenant/world/channel default to the first channel). */
  player(
    characterId: number,
    name: string,
    mapId: number,
    where?: { tenant?: Tenant; worldId?: number; channelId?: number; gm?: boolean },
  ): Promise<Session>;
  /** Packets sent to `session`, as `writer:hex`. */
  to(session: Session): string[];
  close(): Promise<void>;
}

/** Tenants used by the routing tests. */
export const TENANT: Tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
/** Another tenant with the same ids for world and channel. */
export const OTHER_TENANT: Tenant = {
  id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

/** Hex of bytes, lower-case, no separators. */
export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A delivery of `value` for `tenant`. */
export function delivery<T>(value: T, tenant: Tenant = TENANT): Delivery<T> {
  return { value, tenant, topic: "t", partition: 0, offset: "0", headers: {} };
}

/**
 * Channels served: (TENANT, world 0, channels 1 and 2) and (OTHER_TENANT, world 0, channel 1). A session
 * on an unserved channel can still be created (to prove it is never targeted).
 */
export function routingWorld(): RoutingWorld {
  const presence = createPresence();
  const sent: Sent[] = [];
  const sockets: Deno.Conn[] = [];
  const sessions: Session[] = [];
  const served = [
    { tenant: TENANT, worldId: 0, channelId: 1 },
    { tenant: TENANT, worldId: 0, channelId: 2 },
    { tenant: OTHER_TENANT, worldId: 0, channelId: 1 },
  ];
  const channelSessions = served.map(() => new Map<string, Session>());
  const channels = served.map((s, i) => ({ ...s, sessions: channelSessions[i] }) as unknown as ChannelServer);
  const record = (session: Session, writer: string, build: BuildPacket) => {
    const w = packetWriter();
    build(w, GMS83_WRITER_OPTIONS[writer] ?? {});
    sent.push({ session, writer, body: w.toBytes() });
    return true;
  };
  return {
    presence,
    sent,
    ctx: {
      presence,
      channels: () => channels,
      send: record,
      broadcast(targets, writer, build, except) {
        let n = 0;
        for (const s of targets) if (s !== except && record(s, writer, build)) n++;
        return n;
      },
    },
    async player(characterId, name, mapId, where = {}) {
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const [client, conn] = await Promise.all([
        Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
        listener.accept(),
      ]);
      listener.close();
      sockets.push(client);
      const tenant = where.tenant ?? TENANT;
      const session = createSession({
        conn,
        tenant,
        worldId: where.worldId ?? 0,
        channelId: where.channelId ?? 1,
        handshake: {
          hello: new Uint8Array(0),
          ...serverCrypto(
            { region: "GMS", majorVersion: 83 },
            Uint8Array.of(1, 2, 3, 4),
            Uint8Array.of(5, 6, 7, 8),
          ),
        },
        onPacket: () => {},
      });
      sessions.push(session);
      session.characterId = characterId;
      // What login caches: the character record and the GM flag.
      session.set(loggedInCharacterKey, { id: characterId, name, x: 0, y: 0 } as Character);
      session.set(gmKey, where.gm ?? false);
      presence.bindCharacter(session, characterId);
      presence.enter(session, mapId);
      const i = served.findIndex((s) =>
        s.tenant === tenant && s.worldId === session.worldId && s.channelId === session.channelId
      );
      if (i >= 0) channelSessions[i].set(session.id, session);
      return session;
    },
    to: (session) => sent.filter((s) => s.session === session).map((s) => `${s.writer}:${hex(s.body)}`),
    async close() {
      for (const s of sessions) await s.close("test");
      for (const c of sockets) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
    },
  };
}
