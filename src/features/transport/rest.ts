/**
 * atlas-transports lookup (rest-contract.md §2.23, §3.31): every route of the tenant with its trip
 * schedule (`trip-schedule` resources, included). Map entry uses it to tell whether a boat is docked.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { goSlice, int64, uint32 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { resourceSchema, toMany, uuidId } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";
import { optionalGoTime } from "../character/time.ts";

/** Route states atlas-transports writes. */
export const ROUTE_STATES = ["awaiting_return", "open_entry", "locked_entry", "in_transit"] as const;

/** A `trip-schedule` resource; times read `null` when the trip was listed but not included. */
export const tripScheduleResourceSchema = resourceSchema("trip-schedule", {
  id: uuidId,
  attributes: z.object({
    boardingOpen: optionalGoTime.default(null),
    boardingClosed: optionalGoTime.default(null),
    departure: optionalGoTime.default(null),
    arrival: optionalGoTime.default(null),
  }).prefault({}),
});

/** One trip of a route. */
export type TripSchedule = z.output<typeof tripScheduleResourceSchema>["attributes"] & { id: string };

/** A `routes` resource. */
export const routeResourceSchema = resourceSchema("routes", {
  id: uuidId,
  attributes: z.object({
    name: z.string().default(""),
    startMapId: uint32,
    stagingMapId: uint32.default(0),
    enRouteMapIds: goSlice(uint32).default([]),
    destinationMapId: uint32.default(0),
    /** One of {@link ROUTE_STATES}; kept as text so a new state does not fail the whole list. */
    state: z.string(),
    /** Go `time.Duration`: integer nanoseconds. */
    cycleInterval: int64.default(0),
  }),
  relationships: { schedule: toMany(tripScheduleResourceSchema) },
});

/** A transport route and its trips. */
export type Route = z.output<typeof routeResourceSchema>["attributes"] & {
  id: string;
  schedule: TripSchedule[];
};

/** `GET {ROUTES}transports/routes`. */
export async function getRoutes(
  rest: RestClient,
  tenant: Tenant,
  options: LookupOptions = {},
): Promise<Route[]> {
  const resources = await rest.getMany("ROUTES", "transports/routes", routeResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({
    id: r.id,
    ...r.attributes,
    schedule: r.relationships.schedule.map((s) => ({ id: s.id, ...s.attributes })),
  }));
}

/** Whether a boat is docked in `mapId`: a route starts there and is boarding (open or locked entry). */
export function isBoatDocked(routes: readonly Pick<Route, "startMapId" | "state">[], mapId: number): boolean {
  return routes.some((r) =>
    r.startMapId === mapId && (r.state === "open_entry" || r.state === "locked_entry")
  );
}
