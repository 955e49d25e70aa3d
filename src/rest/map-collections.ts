/**
 * Look-ups of what one map instance holds. The map-scoped services (atlas-monsters, atlas-drops,
 * atlas-reactors, atlas-chairs, …) all serve the things in a map at `worlds/{w}/channels/{c}/maps/{m}/<kind>`
 * as a JSON:API collection (rest-contract.md §2.16–2.18); {@link mapCollectionLookup} builds the look-up
 * for one of them, so each feature only names its service, collection and resource schema.
 * @module
 */
import type { z } from "zod";
import type { Tenant } from "../tenant.ts";
import { coalescedGetMany } from "./coalesce.ts";
import type { RequestOptions, RestClient } from "./client.ts";
import type { ServiceKey } from "./url.ts";

/** `worlds/{w}/channels/{c}/maps/{m}/{kind}`: the path of collection `kind` of one map instance. */
export function mapCollectionPath(worldId: number, channelId: number, mapId: number, kind: string): string {
  return `worlds/${worldId}/channels/${channelId}/maps/${mapId}/${kind}`;
}

/** A look-up of one collection of a map instance, as {@link mapCollectionLookup} builds it. */
export type MapCollectionLookup<T> = (
  rest: RestClient,
  tenant: Tenant,
  worldId: number,
  channelId: number,
  mapId: number,
  options?: Omit<RequestOptions, "tenant" | "include">,
) => Promise<T[]>;

/**
 * The look-up `GET {service}worlds/{w}/channels/{c}/maps/{m}/{kind}`: every resource parsed with `schema`
 * (any that does not fit fails the call with a RestSchemaError), then turned into what the feature keeps
 * with `toEntity`, in the service's order.
 */
export function mapCollectionLookup<S extends z.ZodType, T>(
  service: ServiceKey,
  kind: string,
  schema: S,
  toEntity: (resource: z.output<S>) => T,
): MapCollectionLookup<T> {
  return async (rest, tenant, worldId, channelId, mapId, options = {}) => {
    const path = mapCollectionPath(worldId, channelId, mapId, kind);
    const resources = await coalescedGetMany(rest, service, path, schema, { ...options, tenant });
    return resources.map(toEntity);
  };
}

/** A resource as a flat entity: its id next to its attributes. */
export function idWithAttributes<A extends object>(
  resource: { id: number; attributes: A },
): A & { id: number } {
  return { id: resource.id, ...resource.attributes };
}
