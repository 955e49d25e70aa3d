/**
 * atlas-chalkboards lookup (rest-contract.md §2.18, §3.21): the chalkboards held up in one map
 * instance, shown to a character entering the map.
 * @module
 */
import { z } from "zod";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import { type MapCollectionLookup, mapCollectionLookup } from "../../rest/map-collections.ts";

/** A `chalkboards` resource: the id is the id of the character holding it. */
export const chalkboardResourceSchema = resourceSchema("chalkboards", {
  id: decimalId,
  attributes: z.object({ message: z.string() }),
});

/** A chalkboard and who holds it. */
export interface Chalkboard {
  characterId: number;
  message: string;
}

/** `GET {CHALKBOARDS}worlds/{w}/channels/{c}/maps/{m}/chalkboards`. */
export const getChalkboardsInMap: MapCollectionLookup<Chalkboard> = mapCollectionLookup(
  "CHALKBOARDS",
  "chalkboards",
  chalkboardResourceSchema,
  (r) => ({ characterId: r.id, message: r.attributes.message }),
);
