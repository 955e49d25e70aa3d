/**
 * Hands each delivery only to the listeners (world/channel servers) of its tenant, so that events
 * never cross tenants. Tenants are equal when id, region and both versions are equal, as in Atlas.
 * @module
 */
import type { Delivery, DeliveryHandler } from "./bus.ts";
import type { Tenant } from "./tenant.ts";

/** Routes deliveries of one topic to per-tenant listeners. */
export interface TenantRouter<T> {
  /** Adds a listener for `tenant`; returns the function that removes it. */
  register(tenant: Tenant, listener: DeliveryHandler<T>): () => void;
  /**
   * Runs every listener of the delivery's tenant (all of them, even when one fails); rejects with an
   * `AggregateError` of the failures so the bus logs and counts them.
   */
  route(delivery: Delivery<T>): Promise<void>;
  /** How many listeners `tenant` has. */
  listenerCount(tenant: Tenant): number;
}

/** The identity of a tenant for routing: all four parts. */
export function tenantIdentity(tenant: Tenant): string {
  return `${tenant.id.toLowerCase()}|${tenant.region}|${tenant.majorVersion}.${tenant.minorVersion}`;
}

/** Creates an empty {@link TenantRouter}; pass `router.route` to `bus.subscribe`. */
export function createTenantRouter<T>(): TenantRouter<T> {
  const listeners = new Map<string, DeliveryHandler<T>[]>();
  return {
    register(tenant, listener) {
      const id = tenantIdentity(tenant);
      const list = listeners.get(id) ?? [];
      list.push(listener);
      listeners.set(id, list);
      return () => {
        const current = listeners.get(id);
        if (!current) return;
        const i = current.indexOf(listener);
        if (i >= 0) current.splice(i, 1);
        if (current.length === 0) listeners.delete(id);
      };
    },
    async route(delivery) {
      const list = listeners.get(tenantIdentity(delivery.tenant));
      if (!list || list.length === 0) return;
      const results = await Promise.allSettled([...list].map(async (listener) => await listener(delivery)));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failures.length > 0) {
        throw new AggregateError(
          failures.map((f) => f.reason),
          `${failures.length} of ${list.length} listeners failed for ${delivery.topic}`,
        );
      }
    },
    listenerCount: (tenant) => listeners.get(tenantIdentity(tenant))?.length ?? 0,
  };
}
