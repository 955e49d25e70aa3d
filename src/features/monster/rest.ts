/**
 * atlas-monsters lookups (rest-contract.md §2.17, §3.19): the monsters of one map instance (map entry)
 * and one monster by its unique object id.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { goSlice, int16, int8, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import {
  idWithAttributes,
  type MapCollectionLookup,
  mapCollectionLookup,
} from "../../rest/map-collections.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A `monsters` resource: the id is the monster's unique object id in its map. */
export const monsterResourceSchema = resourceSchema("monsters", {
  id: decimalId,
  attributes: z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    /** The monster template id. */
    monsterId: uint32,
    /** The character whose client moves the monster (0 = none). */
    controlCharacterId: uint32.default(0),
    x: int16,
    y: int16,
    fh: int16.default(0),
    stance: uint8.default(0),
    team: int8.default(-1),
    maxHp: uint32.default(0),
    hp: uint32.default(0),
    maxMp: uint32.default(0),
    mp: uint32.default(0),
    /** Damage dealt so far per character (the reference ignores it). */
    damageEntries: goSlice(z.object({ characterId: uint32, damage: uint32 })).default([]),
  }),
});

/** A spawned monster. */
export type Monster = z.output<typeof monsterResourceSchema>["attributes"] & { id: number };

/** `GET {MONSTERS}worlds/{w}/channels/{c}/maps/{m}/monsters`. */
export const getMonstersInMap: MapCollectionLookup<Monster> = mapCollectionLookup(
  "MONSTERS",
  "monsters",
  monsterResourceSchema,
  idWithAttributes,
);

/** `GET {MONSTERS}monsters/{uniqueId}`. 404 (gone) → RestNotFoundError. */
export async function getMonster(
  rest: RestClient,
  tenant: Tenant,
  uniqueId: number,
  options: LookupOptions = {},
): Promise<Monster> {
  const r = await rest.get("MONSTERS", `monsters/${uniqueId}`, monsterResourceSchema, { ...options, tenant });
  return { id: r.id, ...r.attributes };
}
