/**
 * Coalesced look-ups: callers asking for the same thing while a request for it is on the way share the
 * next request instead of sending one each.
 *
 * A map entry reads what the map holds (its characters, monsters, drops, reactors, chairs, chalkboards);
 * in a login storm hundreds of players enter one map within a second and each such read came once per
 * player, every answer listing everybody, so the services' work grew with the square of the crowd. With
 * {@link createCoalescer} the first caller's request goes out at once; everyone who asks while it is in
 * flight waits for one more request that starts when it returns, and shares its answer. A caller is never
 * answered from a request that started before it asked, so it sees at least what it would have seen alone
 * (nothing that happened before its entry is missing), and at most two requests per key are ever pending.
 *
 * {@link coalescedGet} and {@link coalescedGetMany} are the REST client's GETs so shared, per client,
 * tenant, service and path.
 * @module
 */
import type { z } from "zod";
import { type Tenant, tenantIdentity } from "../tenant.ts";
import type { RequestOptions, RestClient } from "./client.ts";
import type { ServiceKey } from "./url.ts";

/** Shares requests per key; see the module documentation. */
export type Coalescer<T> = (key: string, request: () => Promise<T>) => Promise<T>;

interface Round<T> {
  promise: Promise<T>;
  start(): void;
}

function round<T>(request: () => Promise<T>): Round<T> {
  let start!: () => void;
  const promise = new Promise<T>((resolve, reject) => {
    start = () => {
      try {
        request().then(resolve, reject);
      } catch (err) {
        reject(err);
      }
    };
  });
  return { promise, start };
}

/** A {@link Coalescer}. `request` of a joining caller is dropped: requests of one key must be equivalent. */
export function createCoalescer<T>(): Coalescer<T> {
  const inFlight = new Map<string, Promise<T>>();
  const next = new Map<string, Round<T>>();

  function launch(key: string, r: Round<T>): Promise<T> {
    inFlight.set(key, r.promise);
    const settled = () => {
      inFlight.delete(key);
      const waiting = next.get(key);
      if (waiting) {
        next.delete(key);
        launch(key, waiting);
      }
    };
    r.promise.then(settled, settled);
    r.start();
    return r.promise;
  }

  return (key, request) => {
    if (!inFlight.has(key)) return launch(key, round(request));
    let waiting = next.get(key);
    if (!waiting) {
      waiting = round(request);
      next.set(key, waiting);
    }
    return waiting.promise;
  };
}

const coalescers = new WeakMap<RestClient, Coalescer<unknown>>();

function coalesced<T>(
  rest: RestClient,
  service: ServiceKey,
  path: string,
  tenant: Tenant,
  request: () => Promise<T>,
): Promise<T> {
  let coalesce = coalescers.get(rest);
  if (!coalesce) {
    coalesce = createCoalescer();
    coalescers.set(rest, coalesce);
  }
  return coalesce(`${tenantIdentity(tenant)}|${service}|${path}`, request) as Promise<T>;
}

/**
 * `rest.get`, shared with the callers asking for the same resource of the same tenant while a request
 * for it is in flight (e.g. a crowd logging in reads its world once per round trip, not once each).
 * Every caller still gets an answer requested after it asked. Joining callers' `options` are not used:
 * use it only where every caller asks the same way.
 */
export function coalescedGet<S extends z.ZodType>(
  rest: RestClient,
  service: ServiceKey,
  path: string,
  schema: S,
  options: RequestOptions & { tenant: Tenant },
): Promise<z.output<S>> {
  return coalesced(
    rest,
    service,
    `GET ${path}`,
    options.tenant,
    () => rest.get(service, path, schema, options),
  );
}

/** `rest.getMany` shared as {@link coalescedGet} shares `rest.get` (a map instance's collections). */
export function coalescedGetMany<S extends z.ZodType>(
  rest: RestClient,
  service: ServiceKey,
  path: string,
  schema: S,
  options: RequestOptions & { tenant: Tenant },
): Promise<z.output<S>[]> {
  return coalesced(
    rest,
    service,
    `GET* ${path}`,
    options.tenant,
    () => rest.getMany(service, path, schema, options),
  );
}
