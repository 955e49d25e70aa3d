/**
 * atlas-drops lookup (rest-contract.md §2.18, §3.20): the drops lying in one map instance, shown to a
 * character entering the map.
 * @module
 */
import { z } from "zod";
import { int16, uint32, uint8 } from "../../kafka/wire.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import {
  idWithAttributes,
  type MapCollectionLookup,
  mapCollectionLookup,
} from "../../rest/map-collections.ts";
import { optionalGoTime } from "../character/time.ts";

/** A `drops` resource. */
export const dropResourceSchema = resourceSchema("drops", {
  id: decimalId,
  attributes: z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    /** 0 for a meso drop. */
    itemId: uint32.default(0),
    equipmentId: uint32.default(0),
    quantity: uint32.default(0),
    meso: uint32.default(0),
    /** Drop ownership type. */
    type: uint8.default(0),
    x: int16,
    y: int16,
    ownerId: uint32.default(0),
    ownerPartyId: uint32.default(0),
    /** `null` for Go's zero time. */
    dropTime: optionalGoTime.default(null),
    dropperId: uint32.default(0),
    dropperX: int16.default(0),
    dropperY: int16.default(0),
    /** Dropped by a player (not a monster). */
    characterDrop: z.boolean().default(false),
  }),
});

/** A drop on the ground. */
export type Drop = z.output<typeof dropResourceSchema>["attributes"] & { id: number };

/** `GET {DROPS}worlds/{w}/channels/{c}/maps/{m}/drops`. */
export const getDropsInMap: MapCollectionLookup<Drop> = mapCollectionLookup(
  "DROPS",
  "drops",
  dropResourceSchema,
  idWithAttributes,
);
