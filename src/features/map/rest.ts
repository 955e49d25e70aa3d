/**
 * atlas-maps look-up (rest-contract.md §2.16): the characters the maps service has in one map instance.
 * Used on map entry only, to show characters that play on another channel instance.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import { mapCollectionPath } from "../../rest/map-collections.ts";
import { coalescedGetMany } from "../../rest/coalesce.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A `characters` resource of the maps flavour: only the character id. */
export const mapCharacterResourceSchema = resourceSchema("characters", {
  id: decimalId,
  attributes: z.object({}),
});

/**
 * `GET {MAPS}worlds/{w}/channels/{c}/maps/{m}/characters`: the character ids in the map. Unlike the
 * reference there is no trailing slash: atlas-maps serves the path without it and answers the slashed
 * one with a 301 (rest-contract.md quirk 11). Newcomers entering one map together share requests
 * (map-collections.ts `coalescedGetMany`).
 */
export async function charactersInMap(
  rest: RestClient,
  tenant: Tenant,
  worldId: number,
  channelId: number,
  mapId: number,
  options: LookupOptions = {},
): Promise<number[]> {
  const resources = await coalescedGetMany(
    rest,
    "MAPS",
    mapCollectionPath(worldId, channelId, mapId, "characters"),
    mapCharacterResourceSchema,
    { ...options, tenant },
  );
  return resources.map((r) => r.id);
}
