/**
 * The drops lying in each map instance this process serves, kept from atlas-drops' status events and
 * refreshed from its REST collection when a character enters the map. Pick-up requests and map entries
 * are answered from here, so a player spamming the pick-up key costs no REST call.
 * @module
 */
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import type { ShownDrop } from "./writers.ts";

/** A drop on the ground, as the channel keeps it. */
export interface GroundDrop extends ShownDrop {
  equipmentId: number;
  quantity: number;
  /** When it dropped (ms since the epoch); null when unknown (Go's zero time). */
  droppedAt: number | null;
}

/** Where a drop lies. */
export interface MapInstance {
  worldId: number;
  channelId: number;
  mapId: number;
}

/** How long the owner (or its party) alone may pick a drop up (atlas-drops' `OwnershipDuration`). */
export const OWNERSHIP_WINDOW_MS = 15_000;

/** How long a removal is remembered, so an older REST listing cannot bring the drop back. */
const TOMBSTONE_MS = 60_000;

/** See the module documentation. */
export interface GroundDrops {
  /** A drop appeared (CREATED). */
  add(tenant: Tenant, where: MapInstance, drop: GroundDrop): void;
  /** A drop left (EXPIRED, PICKED_UP); returns it when it was known. */
  remove(tenant: Tenant, where: MapInstance, dropId: number): GroundDrop | undefined;
  /** A drop in a map, if known. */
  get(tenant: Tenant, where: MapInstance, dropId: number): GroundDrop | undefined;
  /** The drops of a map, in drop order. */
  list(tenant: Tenant, where: MapInstance): GroundDrop[];
  /**
   * Reconciles a map with atlas-drops' listing fetched since `requestedAt`: listed drops that were not
   * removed meanwhile are kept; drops known before the request but absent from the listing are gone.
   */
  reconcile(tenant: Tenant, where: MapInstance, listed: readonly GroundDrop[], requestedAt: number): void;
}

interface Entry {
  drop: GroundDrop;
  /** When this process learned of it. */
  seenAt: number;
}

/** Creates an empty index. */
export function createGroundDrops(now: () => number = Date.now): GroundDrops {
  const maps = new Map<string, Map<number, Entry>>();
  const removed = new Map<string, number>(); // `${mapKey}|${dropId}` → when
  const keyOf = (tenant: Tenant, w: MapInstance) =>
    `${tenantIdentity(tenant)}|${w.worldId}|${w.channelId}|${w.mapId}`;
  const forget = (at: number) => {
    for (const [key, when] of removed) {
      if (at - when <= TOMBSTONE_MS) break;
      removed.delete(key);
    }
  };
  const mapOf = (key: string) => {
    let map = maps.get(key);
    if (!map) maps.set(key, map = new Map());
    return map;
  };
  return {
    add(tenant, where, drop) {
      const key = keyOf(tenant, where);
      mapOf(key).set(drop.id, { drop, seenAt: now() });
      removed.delete(`${key}|${drop.id}`);
    },
    remove(tenant, where, dropId) {
      const key = keyOf(tenant, where);
      const at = now();
      forget(at);
      removed.delete(`${key}|${dropId}`);
      removed.set(`${key}|${dropId}`, at);
      const map = maps.get(key);
      const entry = map?.get(dropId);
      map?.delete(dropId);
      if (map && map.size === 0) maps.delete(key);
      return entry?.drop;
    },
    get: (tenant, where, dropId) => maps.get(keyOf(tenant, where))?.get(dropId)?.drop,
    list: (tenant, where) => [...(maps.get(keyOf(tenant, where))?.values() ?? [])].map((e) => e.drop),
    reconcile(tenant, where, listed, requestedAt) {
      const key = keyOf(tenant, where);
      const map = mapOf(key);
      const listedIds = new Set(listed.map((d) => d.id));
      for (const [id, entry] of map) {
        if (!listedIds.has(id) && entry.seenAt < requestedAt) map.delete(id);
      }
      for (const drop of listed) {
        const gone = removed.get(`${key}|${drop.id}`);
        if (gone !== undefined && gone >= requestedAt) continue;
        if (!map.has(drop.id)) map.set(drop.id, { drop, seenAt: now() });
      }
      if (map.size === 0) maps.delete(key);
    },
  };
}

/**
 * Whether `characterId` (in party `partyId`, 0 for none) may pick the drop up now, as atlas-drops
 * decides a reservation: a player's drop or an unowned one is anyone's, and so is any drop once the
 * ownership window has passed; before that only the owner or the owning party may take it.
 */
export function mayPickUp(
  drop: Pick<GroundDrop, "playerDrop" | "ownerId" | "ownerPartyId" | "droppedAt">,
  characterId: number,
  partyId: number,
  nowMs: number,
): boolean {
  if (drop.playerDrop) return true;
  if (drop.ownerId === 0 && drop.ownerPartyId === 0) return true;
  if (drop.droppedAt === null || nowMs - drop.droppedAt >= OWNERSHIP_WINDOW_MS) return true;
  if (drop.ownerId !== 0 && drop.ownerId === characterId) return true;
  return drop.ownerPartyId !== 0 && drop.ownerPartyId === partyId;
}

/** Whether the party alone can decide {@link mayPickUp} (so a party look-up is worth making). */
export function needsParty(
  drop: Pick<GroundDrop, "playerDrop" | "ownerId" | "ownerPartyId" | "droppedAt">,
  characterId: number,
  nowMs: number,
): boolean {
  return !mayPickUp(drop, characterId, 0, nowMs) && drop.ownerPartyId !== 0;
}
