/**
 * The character and maps services' answer to channel sessions, for the sandbox and the field test
 * harness. atlas-character consumes `EVENT_TOPIC_SESSION_STATUS` from channels and keeps a session
 * registry per character (services/atlas-character kafka/consumer/session/consumer.go and
 * session/task.go): a `CREATED` with no record logs the character in (`LOGIN`), a `DESTROYED` puts it in
 * transition, a `CREATED` during transition is a channel change (`CHANNEL_CHANGED`), and a transition
 * older than five seconds is a logout (`LOGOUT`). atlas-maps turns those into `EVENT_TOPIC_MAP_STATUS`
 * `CHARACTER_ENTER` / `CHARACTER_EXIT` on the character's map, world and channel, keyed by the map id
 * (services/atlas-maps kafka/consumer/character/consumer.go).
 *
 * Two modes:
 * - collapsed (default, what the field harness uses): `CREATED` → `CHARACTER_ENTER`, `DESTROYED` of a
 *   logged-in character → `CHARACTER_EXIT` at once, and no character status events;
 * - `characterSessions` (the sandbox): the registry above, publishing atlas-character's `LOGIN`,
 *   `CHANNEL_CHANGED` and `LOGOUT` status events and atlas-maps' map events after each; the logout
 *   delay is configurable (atlas-character's is 5000 ms). Unlike atlas-character, a `CREATED` while the
 *   character is still logged in elsewhere (the new session overtook the old one's `DESTROYED`) is
 *   treated as a channel change instead of being dropped, so the character is never left out of a map.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import { sessionStatusContract } from "../../features/session/messages.ts";

const log = getLogger("sandbox.world");

/** Where a character is when it logs in (its stored `mapId`), or undefined when unknown. */
export type CharacterMapOf = (tenant: Tenant, characterId: number) => number | undefined;

/** Options of {@link worldResponder}. */
export interface WorldResponderOptions {
  initialMap: CharacterMapOf;
  /** Model atlas-character's session registry; see the module documentation. */
  characterSessions?: {
    /** How long a closed session's character stays in transition before it is logged out. */
    logoutAfterMs: number;
  };
}

/** The world responder; see the module documentation. */
export interface WorldResponder {
  /** Records a character's map (e.g. after a test's portal), so its next exit/enter names it. */
  setMap(tenant: Tenant, characterId: number, mapId: number): void;
  /** The map the responder believes the character is in. */
  mapOf(tenant: Tenant, characterId: number): number | undefined;
  /**
   * The characters logged in (not in transition) whose map is `mapId`, of every tenant, with where they
   * play (the sandbox's session registry only; empty in the collapsed mode).
   */
  charactersIn(mapId: number): { tenant: Tenant; characterId: number; worldId: number; channelId: number }[];
  /** Cancels pending logouts (call when stopping). */
  stop(): void;
}

interface CharacterSession {
  tenant: Tenant;
  characterId: number;
  worldId: number;
  channelId: number;
  state: "LOGGED_IN" | "TRANSITION";
  logout?: ReturnType<typeof setTimeout>;
}

/** Subscribes the responder on `bus` (call before `bus.start()`). */
export function worldResponder(bus: Bus, options: WorldResponderOptions): WorldResponder {
  const maps = new Map<string, number>();
  const sessions = new Map<string, CharacterSession>();
  const key = (tenant: Tenant, characterId: number) => `${tenantIdentity(tenant)}|${characterId}`;
  const mapOf = (tenant: Tenant, characterId: number) =>
    maps.get(key(tenant, characterId)) ?? options.initialMap(tenant, characterId);

  const mapEvent = (
    tenant: Tenant,
    type: "CHARACTER_ENTER" | "CHARACTER_EXIT",
    at: { worldId: number; channelId: number; mapId: number },
    characterId: number,
  ) => bus.publish(mapStatusContract, { ...at, type, body: { characterId } }, { tenant, key: at.mapId });

  const logout = async (tenant: Tenant, characterId: number, record: CharacterSession) => {
    const mapId = mapOf(tenant, characterId);
    if (mapId === undefined) return;
    const { worldId, channelId } = record;
    await bus.publish(characterStatusContract, {
      characterId,
      type: "LOGOUT",
      worldId,
      body: { channelId, mapId },
    }, { tenant, key: characterId });
    await mapEvent(tenant, "CHARACTER_EXIT", { worldId, channelId, mapId }, characterId);
  };

  const modelled = options.characterSessions;
  bus.subscribe(sessionStatusContract, async ({ value: event, tenant }) => {
    if (event.issuer !== "CHANNEL" || event.characterId === 0) return;
    const { characterId, worldId, channelId } = event;
    const mapId = mapOf(tenant, characterId);
    if (mapId === undefined) return;
    if (!modelled) {
      await mapEvent(
        tenant,
        event.type === "CREATED" ? "CHARACTER_ENTER" : "CHARACTER_EXIT",
        { worldId, channelId, mapId },
        characterId,
      );
      return;
    }
    const id = key(tenant, characterId);
    const record = sessions.get(id);
    if (event.type === "DESTROYED") {
      if (!record || record.state !== "LOGGED_IN" || record.channelId !== channelId) return;
      record.state = "TRANSITION";
      const expire = () => {
        if (sessions.get(id) !== record || record.state !== "TRANSITION") return;
        sessions.delete(id);
        logout(tenant, characterId, record).catch((err) =>
          log.error("logout not published", { characterId, error: String(err) })
        );
      };
      if (modelled.logoutAfterMs <= 0) expire();
      else record.logout = setTimeout(expire, modelled.logoutAfterMs);
      return;
    }
    if (!record) {
      sessions.set(id, { tenant, characterId, worldId, channelId, state: "LOGGED_IN" });
      await bus.publish(characterStatusContract, {
        characterId,
        type: "LOGIN",
        worldId,
        body: { channelId, mapId },
      }, { tenant, key: characterId });
      await mapEvent(tenant, "CHARACTER_ENTER", { worldId, channelId, mapId }, characterId);
      return;
    }
    clearTimeout(record.logout);
    const oldChannelId = record.channelId;
    sessions.set(id, { tenant, characterId, worldId, channelId, state: "LOGGED_IN" });
    await bus.publish(characterStatusContract, {
      characterId,
      type: "CHANNEL_CHANGED",
      worldId,
      body: { channelId, oldChannelId, mapId },
    }, { tenant, key: characterId });
    await mapEvent(
      tenant,
      "CHARACTER_EXIT",
      { worldId: record.worldId, channelId: oldChannelId, mapId },
      characterId,
    );
    await mapEvent(tenant, "CHARACTER_ENTER", { worldId, channelId, mapId }, characterId);
  }, { name: "sandbox_session_status_event" });

  return {
    setMap: (tenant, characterId, mapId) => void maps.set(key(tenant, characterId), mapId),
    mapOf,
    charactersIn: (mapId) =>
      [...sessions.values()]
        .filter((r) => r.state === "LOGGED_IN" && mapOf(r.tenant, r.characterId) === mapId)
        .map(({ tenant, characterId, worldId, channelId }) => ({ tenant, characterId, worldId, channelId })),
    stop() {
      for (const record of sessions.values()) clearTimeout(record.logout);
    },
  };
}
