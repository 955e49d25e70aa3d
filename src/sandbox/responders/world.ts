/**
 * The character and maps services' answer to channel sessions, for the sandbox and the field test
 * harness. atlas-character consumes `EVENT_TOPIC_SESSION_STATUS` from channels and marks the character
 * logged in (or back from a channel change) or out; atlas-maps turns that into
 * `EVENT_TOPIC_MAP_STATUS` `CHARACTER_ENTER` / `CHARACTER_EXIT` for the character's map on that world
 * and channel, keyed by the map id (services/atlas-maps/atlas.com/maps/map/producer.go). This responder
 * collapses the chain: `CREATED` → `CHARACTER_ENTER`, `DESTROYED` of a logged-in character →
 * `CHARACTER_EXIT`.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../kafka/tenant.ts";
import { tenantIdentity } from "../../kafka/tenant-router.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import { sessionStatusContract } from "../../features/session/messages.ts";

/** Where a character is when it logs in (its stored `mapId`), or undefined when unknown. */
export type CharacterMapOf = (tenant: Tenant, characterId: number) => number | undefined;

/** The world responder; see the module documentation. */
export interface WorldResponder {
  /** Records a character's map (e.g. after a test's portal), so its next exit/enter names it. */
  setMap(tenant: Tenant, characterId: number, mapId: number): void;
  /** The map the responder believes the character is in. */
  mapOf(tenant: Tenant, characterId: number): number | undefined;
}

/** Subscribes the responder on `bus` (call before `bus.start()`). */
export function worldResponder(bus: Bus, options: { initialMap: CharacterMapOf }): WorldResponder {
  const maps = new Map<string, number>();
  const key = (tenant: Tenant, characterId: number) => `${tenantIdentity(tenant)}|${characterId}`;
  const mapOf = (tenant: Tenant, characterId: number) =>
    maps.get(key(tenant, characterId)) ?? options.initialMap(tenant, characterId);

  bus.subscribe(sessionStatusContract, async ({ value: event, tenant }) => {
    if (event.issuer !== "CHANNEL" || event.characterId === 0) return;
    const mapId = mapOf(tenant, event.characterId);
    if (mapId === undefined) return;
    await bus.publish(mapStatusContract, {
      worldId: event.worldId,
      channelId: event.channelId,
      mapId,
      type: event.type === "CREATED" ? "CHARACTER_ENTER" : "CHARACTER_EXIT",
      body: { characterId: event.characterId },
    }, { tenant, key: mapId });
  }, { name: "sandbox_session_status_event" });

  return {
    setMap: (tenant, characterId, mapId) => void maps.set(key(tenant, characterId), mapId),
    mapOf,
  };
}
