/**
 * atlas-chairs lookup (rest-contract.md §2.18, §3.21): the chairs in use in one map instance, shown to
 * a character entering the map.
 * @module
 */
import { z } from "zod";
import { uint32 } from "../../kafka/wire.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import {
  idWithAttributes,
  type MapCollectionLookup,
  mapCollectionLookup,
} from "../../rest/map-collections.ts";

/** A `chairs` resource: the id is the chair (item or map seat) id. */
export const chairResourceSchema = resourceSchema("chairs", {
  id: decimalId,
  attributes: z.object({
    /** `FIXED` (a map seat) or `PORTABLE` (an item); unrelated to the JSON:API resource type. */
    type: z.string(),
    /** The sitting character. */
    characterId: uint32,
  }),
});

/** A chair in use. */
export type Chair = z.output<typeof chairResourceSchema>["attributes"] & { id: number };

/** `GET {CHAIRS}worlds/{w}/channels/{c}/maps/{m}/chairs`. */
export const getChairsInMap: MapCollectionLookup<Chair> = mapCollectionLookup(
  "CHAIRS",
  "chairs",
  chairResourceSchema,
  idWithAttributes,
);
