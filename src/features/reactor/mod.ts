/**
 * The reactor domain: atlas-reactors' `EVENT_TOPIC_REACTOR_STATUS` → `ReactorSpawn` / `ReactorDestroy`
 * for everyone in the map, and the reactors of a map shown to a character entering it (one REST
 * collection call per entry).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { servesChannel } from "../routing.ts";
import { reactorStatusContract, type ReactorStatusEvent } from "./messages.ts";
import { getReactorsInMap } from "./rest.ts";
import { REACTOR_WRITERS, reactorDestroyBody, reactorSpawnBody } from "./writers.ts";

const log = getLogger("reactor");

/** Per-call limit of the map-entry look-up. */
const LOOKUP_TIMEOUT_MS = 2000;

/** Handles one reactor status event; returns how many packets were queued. */
export function onReactorStatus(ctx: FeatureContext, delivery: Delivery<ReactorStatusEvent>): number {
  const { value: event, tenant } = delivery;
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return 0;
  const map = [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)];
  if (event.type === "CREATED") {
    const reactor = { id: event.reactorId, ...event.body };
    return ctx.broadcast(map, REACTOR_WRITERS.spawn, reactorSpawnBody(tenant, reactor));
  }
  const { state, x, y } = event.body;
  return ctx.broadcast(map, REACTOR_WRITERS.destroy, reactorDestroyBody(event.reactorId, state, x, y));
}

/** Shows the newcomer its map's reactors. */
export async function showReactors(ctx: FeatureContext, session: Session, mapId: number): Promise<void> {
  if (!ctx.rest) return;
  let reactors;
  try {
    reactors = await getReactorsInMap(ctx.rest, session.tenant, session.worldId, session.channelId, mapId, {
      timeoutMs: LOOKUP_TIMEOUT_MS,
    });
  } catch (err) {
    log.warn("reactors look-up failed; reactors not shown", {
      sessionId: session.id,
      mapId,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  for (const reactor of reactors) {
    ctx.send(session, REACTOR_WRITERS.spawn, reactorSpawnBody(session.tenant, reactor));
  }
}

/** See the module documentation. */
export const reactorFeature: Feature = {
  name: "reactor",
  contracts: [reactorStatusContract],
  writers: [REACTOR_WRITERS.spawn, REACTOR_WRITERS.destroy],
  onFieldEnter: showReactors,
  start(ctx) {
    ctx.bus.subscribe(reactorStatusContract, (delivery) => void onReactorStatus(ctx, delivery), {
      name: "reactor_status_event",
    });
  },
};
