/**
 * Boats and trains: atlas-transports' `EVENT_TOPIC_TRANSPORT_STATUS` (`ARRIVED` / `DEPARTED`) →
 * `FieldTransportState` for everyone in the route's map, and the current state shown to a character
 * entering a map a route starts from.
 *
 * Unlike the reference (kafka-consumed.md quirks 9 and 22): an event reaches only its own tenant's
 * sessions, once each, on whichever channel of that tenant they play (the event names no world or
 * channel); and entering a map sends the state only when a route starts there. The states come from the
 * events; a map no event has named yet is answered from atlas-transports' route list, fetched once per
 * tenant (a failed fetch is retried by the next entry).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { sameTenant, type Tenant, tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { BuildPacket } from "../outbound.ts";
import { transportStatusContract, type TransportStatusEvent } from "./messages.ts";
import { getRoutes, isBoatDocked, type Route } from "./rest.ts";

const log = getLogger("transport");

/** The writer name of this domain. */
export const FIELD_TRANSPORT_STATE = "FieldTransportState";

/** The client's transport states: the boat is docked (boarding), or it has left. */
export const TRANSPORT_STATE = { docked: 0, gone: 2 } as const;

/** Per-call limit of the route look-up. */
const LOOKUP_TIMEOUT_MS = 2000;

/** `FieldTransportState` (Atlas `libs/atlas-packet` d59a1ad2df `field/clientbound/transport.go`). */
export function fieldTransportBody(state: number): BuildPacket {
  return (w) => {
    w.byte(state).bool(false); // no override of the appear animation
  };
}

/** Route states per tenant and map: from events, else from the route list. */
export interface TransportStates {
  /** Records an event's state. */
  set(tenant: Tenant, mapId: number, docked: boolean): void;
  /** The state of a map a route starts from, or undefined for other maps (or when the list failed). */
  of(tenant: Tenant, mapId: number): Promise<boolean | undefined>;
}

/** Creates the state index over a route-list loader. */
export function createTransportStates(load: (tenant: Tenant) => Promise<Route[]>): TransportStates {
  const known = new Map<string, boolean>();
  const routes = new Map<string, Promise<Route[]>>();
  return {
    set: (tenant, mapId, docked) => void known.set(`${tenantIdentity(tenant)}|${mapId}`, docked),
    async of(tenant, mapId) {
      const key = `${tenantIdentity(tenant)}|${mapId}`;
      const fromEvent = known.get(key);
      if (fromEvent !== undefined) return fromEvent;
      const id = tenantIdentity(tenant);
      let list = routes.get(id);
      if (!list) {
        list = load(tenant);
        routes.set(id, list);
        list.catch(() => routes.delete(id));
      }
      const loaded = await list;
      if (!loaded.some((r) => r.startMapId === mapId)) return undefined;
      return known.get(key) ?? isBoatDocked(loaded, mapId);
    },
  };
}

/** Handles one transport event; returns how many packets were queued. */
export function onTransportStatus(
  ctx: FeatureContext,
  states: TransportStates,
  delivery: Delivery<TransportStatusEvent>,
): number {
  const { value: event, tenant } = delivery;
  const docked = event.type === "ARRIVED";
  states.set(tenant, event.body.mapId, docked);
  const sessions = new Set<Session>();
  for (const channel of ctx.channels()) {
    if (!sameTenant(channel.tenant, tenant)) continue;
    for (const s of ctx.presence.sessionsIn(tenant, channel.worldId, channel.channelId, event.body.mapId)) {
      sessions.add(s);
    }
  }
  const state = docked ? TRANSPORT_STATE.docked : TRANSPORT_STATE.gone;
  return ctx.broadcast(sessions, FIELD_TRANSPORT_STATE, fieldTransportBody(state));
}

/** Shows the newcomer whether the boat of a route starting here is docked. */
export async function showTransport(
  ctx: FeatureContext,
  states: TransportStates,
  session: Session,
  mapId: number,
): Promise<void> {
  let docked: boolean | undefined;
  try {
    docked = await states.of(session.tenant, mapId);
  } catch (err) {
    log.warn("routes look-up failed; transport state not shown", {
      sessionId: session.id,
      mapId,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (docked === undefined || session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  const state = docked ? TRANSPORT_STATE.docked : TRANSPORT_STATE.gone;
  ctx.send(session, FIELD_TRANSPORT_STATE, fieldTransportBody(state));
}

/** Builds the transport feature; each running app (its context) gets a state index of its own. */
export function createTransportFeature(): Feature {
  const indexes = new WeakMap<FeatureContext, TransportStates>();
  const statesOf = (ctx: FeatureContext) => {
    let states = indexes.get(ctx);
    if (!states) {
      states = createTransportStates((tenant) =>
        ctx.rest ? getRoutes(ctx.rest, tenant, { timeoutMs: LOOKUP_TIMEOUT_MS }) : Promise.resolve([])
      );
      indexes.set(ctx, states);
    }
    return states;
  };
  return {
    name: "transport",
    contracts: [transportStatusContract],
    writers: [FIELD_TRANSPORT_STATE],
    onFieldEnter: (ctx, session, mapId) => showTransport(ctx, statesOf(ctx), session, mapId),
    start(ctx) {
      ctx.bus.subscribe(
        transportStatusContract,
        (delivery) => void onTransportStatus(ctx, statesOf(ctx), delivery),
        {
          name: "route_status_event",
        },
      );
    },
  };
}

/** See the module documentation. */
export const transportFeature: Feature = createTransportFeature();
