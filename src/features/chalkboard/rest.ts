/**
 * atlas-chalkboards lookup (rest-contract.md §2.18, §3.21): the chalkboards held up in one map
 * instance, shown to a character entering the map.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../kafka/tenant.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

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
export async function getChalkboardsInMap(
  rest: RestClient,
  tenant: Tenant,
  worldId: number,
  channelId: number,
  mapId: number,
  options: LookupOptions = {},
): Promise<Chalkboard[]> {
  const resources = await rest.getMany(
    "CHALKBOARDS",
    `worlds/${worldId}/channels/${channelId}/maps/${mapId}/chalkboards`,
    chalkboardResourceSchema,
    { ...options, tenant },
  );
  return resources.map((r) => ({ characterId: r.id, message: r.attributes.message }));
}
