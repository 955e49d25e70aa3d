/**
 * The logged-in accounts of each tenant: the table the LoggedInValidator consults
 * (socket-protocol.md §6.6). Filled at boot from the account service, then kept current by
 * `EVENT_TOPIC_ACCOUNT_STATUS`.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";

/** Logged-in state by (tenant, account id). */
export interface AccountRegistry {
  isLoggedIn(tenant: Tenant, accountId: number): boolean;
  setLoggedIn(tenant: Tenant, accountId: number, loggedIn: boolean): void;
  /** Marks accounts logged in (boot prefill from the account service). */
  prefill(tenant: Tenant, loggedInAccountIds: Iterable<number>): void;
  /** How many accounts of `tenant` are logged in. */
  count(tenant: Tenant): number;
}

/** An empty {@link AccountRegistry}. */
export function createAccountRegistry(): AccountRegistry {
  const byTenant = new Map<string, Set<number>>();
  const table = (tenant: Tenant) => {
    const id = tenantIdentity(tenant);
    let set = byTenant.get(id);
    if (!set) byTenant.set(id, set = new Set());
    return set;
  };
  return {
    isLoggedIn: (tenant, accountId) => byTenant.get(tenantIdentity(tenant))?.has(accountId) ?? false,
    setLoggedIn(tenant, accountId, loggedIn) {
      if (loggedIn) table(tenant).add(accountId);
      else table(tenant).delete(accountId);
    },
    prefill(tenant, ids) {
      const set = table(tenant);
      for (const id of ids) set.add(id);
    },
    count: (tenant) => byTenant.get(tenantIdentity(tenant))?.size ?? 0,
  };
}
