/**
 * Portal data look-up (rest-contract.md: `GET {DATA}data/maps/{mapId}/portals?name={name}`, first
 * match used). Map data never changes at run time, so resolved ids are cached per tenant, map and name.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import { int16, uint32, uint8 } from "../../kafka/wire.ts";

/** A `portals` resource of the data service. */
export const portalResourceSchema = resourceSchema("portals", {
  id: decimalId,
  attributes: z.object({
    name: z.string(),
    target: z.string().default(""),
    type: uint8.default(0),
    x: int16.default(0),
    y: int16.default(0),
    targetMapId: uint32.default(0),
    scriptName: z.string().default(""),
  }),
});

/** Resolves portal names to ids; see the module documentation. */
export interface PortalDirectory {
  /** The id of the portal named `name` in `mapId`, or undefined when the map has none by that name. */
  idOf(tenant: Tenant, mapId: number, name: string): Promise<number | undefined>;
}

/** A {@link PortalDirectory} over the data service; failures reject and are not cached. */
export function portalDirectory(rest: RestClient, options: { timeoutMs?: number } = {}): PortalDirectory {
  const cache = new Map<string, number | undefined>();
  return {
    async idOf(tenant, mapId, name) {
      const key = `${tenantIdentity(tenant)}|${mapId}|${name}`;
      if (cache.has(key)) return cache.get(key);
      // Unlike the reference the name is URL-encoded, so a crafted name cannot change the query.
      const found = await rest.getMany(
        "DATA",
        `data/maps/${mapId}/portals?name=${encodeURIComponent(name)}`,
        portalResourceSchema,
        { tenant, timeoutMs: options.timeoutMs ?? 2000 },
      );
      const id = found.find((p) => p.attributes.name === name)?.id ?? found[0]?.id;
      if (cache.size > 10_000) cache.clear();
      cache.set(key, id);
      return id;
    },
  };
}
