/**
 * The town clock: a character entering a map whose data has a clock gets `Clock` with the server's
 * current time (as the reference does). Whether a map has one comes from atlas-data (`data/maps/{id}`),
 * fetched once per tenant and map: map data does not change while the service runs.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { BuildPacket } from "../outbound.ts";
import { getMapData } from "../data/rest.ts";

const log = getLogger("clock");

/** The writer name of this feature. */
export const CLOCK = "Clock";

/** The client's clock kinds (CField::OnClock). */
export const CLOCK_TYPE = { event: 0, town: 1, timer: 2 } as const;

/** Per-call limit of the map data look-up. */
const LOOKUP_TIMEOUT_MS = 2000;

/** `Clock` showing the town clock at `at` (hour, minute, second; Atlas `field/clientbound/clock.go`). */
export function townClockBody(at: Date): BuildPacket {
  return (w) => {
    w.byte(CLOCK_TYPE.town).byte(at.getHours()).byte(at.getMinutes()).byte(at.getSeconds());
  };
}

/** Whether maps have a town clock, loaded once per tenant and map (a failed load is retried). */
export function createClockCatalog(load: (tenant: Tenant, mapId: number) => Promise<boolean>) {
  const maps = new Map<string, Promise<boolean>>();
  return (tenant: Tenant, mapId: number): Promise<boolean> => {
    const key = `${tenantIdentity(tenant)}|${mapId}`;
    let found = maps.get(key);
    if (!found) {
      found = load(tenant, mapId);
      maps.set(key, found);
      found.catch(() => maps.delete(key));
    }
    return found;
  };
}

/** Sends the newcomer the town clock when its map has one. */
export async function showClock(
  ctx: FeatureContext,
  hasClock: (tenant: Tenant, mapId: number) => Promise<boolean>,
  session: Session,
  mapId: number,
  now: () => Date = () => new Date(),
): Promise<void> {
  let clock: boolean;
  try {
    clock = await hasClock(session.tenant, mapId);
  } catch (err) {
    log.warn("map data look-up failed; no clock shown", {
      sessionId: session.id,
      mapId,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (!clock || session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  ctx.send(session, CLOCK, townClockBody(now()));
}

/** Builds the clock feature; each running app (its context) gets a catalogue of its own. */
export function createClockFeature(): Feature {
  const catalogs = new WeakMap<FeatureContext, (tenant: Tenant, mapId: number) => Promise<boolean>>();
  const catalogOf = (ctx: FeatureContext) => {
    let catalog = catalogs.get(ctx);
    if (!catalog) {
      catalog = createClockCatalog(async (tenant, mapId) =>
        ctx.rest ? (await getMapData(ctx.rest, tenant, mapId, { timeoutMs: LOOKUP_TIMEOUT_MS })).clock : false
      );
      catalogs.set(ctx, catalog);
    }
    return catalog;
  };
  return {
    name: "clock",
    contracts: [],
    writers: [CLOCK],
    onFieldEnter: (ctx, session, mapId) => showClock(ctx, catalogOf(ctx), session, mapId),
  };
}

/** See the module documentation. */
export const clockFeature: Feature = createClockFeature();
