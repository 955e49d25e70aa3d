/**
 * The live monsters of the maps this process serves, kept from atlas-monsters' status events and the
 * map-entry collection look-up, so hot paths (attack trust checks, monster movement, HP indicators) never
 * call REST. One entry per monster instance, keyed by tenant, world, channel and unique id; each map
 * keeps the set of its instances.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import type { ShownMonster } from "./writers.ts";

/** A monster instance as this process knows it. */
export interface LiveMonster extends ShownMonster {
  worldId: number;
  channelId: number;
  mapId: number;
  /** The character whose client moves it (0 = none). */
  controllerId: number;
  maxHp: number;
  hp: number;
  mp: number;
}

/** Where a monster lives: a channel of a tenant's world. */
export interface ChannelOf {
  tenant: Tenant;
  worldId: number;
  channelId: number;
}

/** The index; see the module documentation. */
export interface LiveMonsters {
  /** Adds or replaces a monster. */
  put(where: ChannelOf, monster: LiveMonster): void;
  /** A monster by its unique id on a channel. */
  get(where: ChannelOf, uniqueId: number): LiveMonster | undefined;
  /** Forgets a monster (destroyed or killed); returns what was known. */
  remove(where: ChannelOf, uniqueId: number): LiveMonster | undefined;
  /** The monsters of one map (a live view). */
  inMap(where: ChannelOf, mapId: number): Iterable<LiveMonster>;
  /** Whether the map's monsters were listed from atlas-monsters (later changes arrive as events). */
  isLoaded(where: ChannelOf, mapId: number): boolean;
  /**
   * Merges a listing taken at `listedAtMs` into a map and marks it loaded: monsters already known keep
   * their (newer, event-fed) state, and monsters removed since the listing was asked for stay removed.
   */
  load(where: ChannelOf, mapId: number, monsters: readonly LiveMonster[], listedAtMs: number): void;
  /** How many monsters are known (all maps). */
  readonly size: number;
}

/** How long a removal is remembered: longer than any listing may take (REST timeouts are shorter). */
const REMOVAL_MEMORY_MS = 30_000;

/** An empty {@link LiveMonsters}. */
export function createLiveMonsters(now: () => number = Date.now): LiveMonsters {
  const byId = new Map<string, LiveMonster>();
  const loaded = new Set<string>();
  /** Recently removed ids (for {@link LiveMonsters.load}), oldest first. */
  const removedAt = new Map<string, number>();
  const byMap = new Map<string, Map<number, LiveMonster>>();
  const channelKey = (w: ChannelOf) => `${tenantIdentity(w.tenant)}|${w.worldId}|${w.channelId}`;
  const idKey = (w: ChannelOf, uniqueId: number) => `${channelKey(w)}|${uniqueId}`;
  const mapKey = (w: ChannelOf, mapId: number) => `${channelKey(w)}|m${mapId}`;

  const remove = (where: ChannelOf, uniqueId: number) => {
    const key = idKey(where, uniqueId);
    const known = byId.get(key);
    if (!known) return undefined;
    byId.delete(key);
    const at = now();
    removedAt.delete(key);
    removedAt.set(key, at);
    for (const [k, when] of removedAt) {
      if (at - when <= REMOVAL_MEMORY_MS) break;
      removedAt.delete(k);
    }
    const mk = mapKey(where, known.mapId);
    const map = byMap.get(mk);
    map?.delete(uniqueId);
    if (map && map.size === 0) byMap.delete(mk);
    return known;
  };
  const put = (where: ChannelOf, monster: LiveMonster) => {
    const known = byId.get(idKey(where, monster.uniqueId));
    if (known && known.mapId !== monster.mapId) remove(where, monster.uniqueId);
    byId.set(idKey(where, monster.uniqueId), monster);
    const mk = mapKey(where, monster.mapId);
    let map = byMap.get(mk);
    if (!map) byMap.set(mk, map = new Map());
    map.set(monster.uniqueId, monster);
  };

  return {
    put,
    get: (where, uniqueId) => byId.get(idKey(where, uniqueId)),
    remove,
    inMap: (where, mapId) => byMap.get(mapKey(where, mapId))?.values() ?? [],
    isLoaded: (where, mapId) => loaded.has(mapKey(where, mapId)),
    load(where, mapId, monsters, listedAtMs) {
      for (const monster of monsters) {
        const key = idKey(where, monster.uniqueId);
        if (byId.has(key) || (removedAt.get(key) ?? -Infinity) >= listedAtMs) continue;
        put(where, monster);
      }
      loaded.add(mapKey(where, mapId));
    },
    get size() {
      return byId.size;
    },
  };
}
