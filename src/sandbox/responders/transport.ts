/**
 * atlas-transports, for the sandbox: the boat route ({@link SANDBOX_ROUTE}) runs its schedule, one for
 * every tenant, as atlas-transports' route state machine does (transport/processor.go `UpdateRoute`):
 *
 * - `open_entry` (boarding; the Ellinia portal into the waiting room lets characters through) →
 *   `locked_entry` after the boarding window (nothing published; the portal refuses);
 * - → `in_transit` after the pre-departure time: everyone logged in in the waiting room is warped on
 *   board (atlas-transports' `CHANGE_MAP` to atlas-character, collapsed into atlas-character's
 *   `MAP_CHANGED` and atlas-maps' exit/enter), then `DEPARTED` for the observation map (Ellinia);
 * - → `awaiting_return` after the travel time: everyone on board is warped to Orbis Station;
 * - → `open_entry` again after the return time: `ARRIVED` for the observation map.
 *
 * Status events go to every sandbox tenant (they name no world or channel); warps go to each
 * character's own tenant, world and channel. The REST route list (`transports/routes`) shows the state.
 * A character logging out in the waiting room or on board is put back in the route's start map (its
 * next login starts there), as atlas-transports does on atlas-character's `LOGOUT`.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import { transportStatusContract } from "../../features/transport/messages.ts";
import { type RouteState, SANDBOX_ROUTE } from "../ground.ts";
import type { SandboxStore } from "../store.ts";
import { SANDBOX_TENANTS } from "../world.ts";
import type { WorldResponder } from "./world.ts";

const log = getLogger("sandbox.transport");

const ROUTE_KEY = new TextEncoder().encode(SANDBOX_ROUTE.id);

/** How long each state of a trip lasts. */
export interface TransportTimes {
  /** `open_entry`: boarding. */
  boardingMs: number;
  /** `locked_entry`: doors closed, before departure. */
  lockedMs: number;
  /** `in_transit`: on board. */
  travelMs: number;
  /** `awaiting_return`: the boat is away until the next boarding. */
  returnMs: number;
}

/** The sandbox's default trip (atlas-transports' Ellinia ferry, 4 + 1 + 10 minutes, in seconds). */
export const DEFAULT_TRANSPORT_TIMES: TransportTimes = Object.freeze({
  boardingMs: 24_000,
  lockedMs: 6_000,
  travelMs: 20_000,
  returnMs: 10_000,
});

/** The transport responder; see the module documentation. */
export interface TransportResponder {
  /** Whether a portal into `mapId` may be taken now (the waiting room only while boarding). */
  mayEnter(mapId: number): boolean;
  /** Stops the schedule. */
  stop(): void;
}

const NEXT: Record<RouteState, RouteState> = {
  open_entry: "locked_entry",
  locked_entry: "in_transit",
  in_transit: "awaiting_return",
  awaiting_return: "open_entry",
};

/** Starts the route's schedule on `bus` (events are published once the bus runs). */
export function transportResponder(
  bus: Bus,
  store: SandboxStore,
  world: WorldResponder,
  times: Partial<TransportTimes> = {},
): TransportResponder {
  const t = { ...DEFAULT_TRANSPORT_TIMES, ...times };
  const duration: Record<RouteState, number> = {
    open_entry: t.boardingMs,
    locked_entry: t.lockedMs,
    in_transit: t.travelMs,
    awaiting_return: t.returnMs,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const warpAll = async (from: number, to: number) => {
    const target = store.map(to);
    if (!target) return;
    const arrival = target.portals[0];
    for (const { tenant, characterId, worldId, channelId } of world.charactersIn(from)) {
      const c = store.character(characterId);
      if (!c) continue;
      c.attributes.mapId = to;
      c.attributes.x = arrival?.x ?? 0;
      c.attributes.y = arrival?.y ?? 0;
      world.setMap(tenant, characterId, to);
      log.info("transport warps a character", { characterId, from, to });
      await bus.publish(characterStatusContract, {
        characterId,
        type: "MAP_CHANGED",
        worldId,
        body: { channelId, oldMapId: from, targetMapId: to, targetPortalId: arrival?.id ?? 0 },
      }, { tenant, key: characterId });
      const where = { worldId, channelId };
      await bus.publish(mapStatusContract, {
        ...where,
        mapId: from,
        type: "CHARACTER_EXIT",
        body: { characterId },
      }, { tenant, key: from });
      await bus.publish(mapStatusContract, {
        ...where,
        mapId: to,
        type: "CHARACTER_ENTER",
        body: { characterId },
      }, { tenant, key: to });
    }
  };

  const announce = async (type: "ARRIVED" | "DEPARTED") => {
    for (const { tenant } of SANDBOX_TENANTS) {
      await bus.publish(transportStatusContract, {
        routeId: SANDBOX_ROUTE.id,
        type,
        body: { mapId: SANDBOX_ROUTE.observationMapId },
      }, { tenant, key: ROUTE_KEY }); // atlas-transports keys by the route id's text
    }
  };

  const enter = async (state: RouteState) => {
    store.route.state = state;
    log.info("route state", { route: SANDBOX_ROUTE.name, state });
    if (state === "in_transit") {
      await warpAll(SANDBOX_ROUTE.stagingMapId, SANDBOX_ROUTE.enRouteMapIds[0]);
      await announce("DEPARTED");
    } else if (state === "awaiting_return") {
      for (const mapId of SANDBOX_ROUTE.enRouteMapIds) await warpAll(mapId, SANDBOX_ROUTE.destinationMapId);
    } else if (state === "open_entry") {
      await announce("ARRIVED");
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        await enter(NEXT[store.route.state]);
      } catch (err) {
        log.error("route step failed", { error: err instanceof Error ? err.message : String(err) });
      }
      schedule();
    }, duration[store.route.state]);
  };
  schedule();

  const routeMaps = new Set([SANDBOX_ROUTE.stagingMapId, ...SANDBOX_ROUTE.enRouteMapIds]);
  bus.subscribe(characterStatusContract, ({ value: event, tenant }) => {
    if (event.type !== "LOGOUT") return;
    const mapId = Number((event.body as { mapId?: unknown }).mapId);
    const c = store.character(event.characterId);
    if (!c || !routeMaps.has(mapId)) return;
    const start = store.map(SANDBOX_ROUTE.startMapId)?.portals[0];
    c.attributes.mapId = SANDBOX_ROUTE.startMapId;
    c.attributes.x = start?.x ?? 0;
    c.attributes.y = start?.y ?? 0;
    world.setMap(tenant, event.characterId, SANDBOX_ROUTE.startMapId);
    log.info("logged out on the route; back to its start map", { characterId: event.characterId, mapId });
  }, { name: "sandbox_transport_logout" });

  return {
    mayEnter: (mapId) => mapId !== SANDBOX_ROUTE.stagingMapId || store.route.state === "open_entry",
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
