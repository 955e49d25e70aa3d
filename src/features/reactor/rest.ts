/**
 * atlas-reactors lookup (rest-contract.md §2.18, §3.21): the reactors of one map instance, shown to a
 * character entering the map.
 * @module
 */
import { z } from "zod";
import { int16, int8, uint32, uint8 } from "../../kafka/wire.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import {
  idWithAttributes,
  type MapCollectionLookup,
  mapCollectionLookup,
} from "../../rest/map-collections.ts";

/** A `reactors` resource. */
export const reactorResourceSchema = resourceSchema("reactors", {
  id: decimalId,
  attributes: z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    /** The reactor template id. */
    classification: uint32,
    name: z.string().default(""),
    state: int8.default(0),
    eventState: uint8.default(0),
    x: int16,
    y: int16,
    delay: uint32.default(0),
    direction: uint8.default(0),
  }),
});

/** A reactor in a map. */
export type Reactor = z.output<typeof reactorResourceSchema>["attributes"] & { id: number };

/** `GET {REACTORS}worlds/{w}/channels/{c}/maps/{m}/reactors`. */
export const getReactorsInMap: MapCollectionLookup<Reactor> = mapCollectionLookup(
  "REACTORS",
  "reactors",
  reactorResourceSchema,
  idWithAttributes,
);
