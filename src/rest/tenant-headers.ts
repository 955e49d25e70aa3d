/**
 * The tenant as Atlas' REST layer sends it: the four tenant headers, versions as decimal text.
 * @module
 */
import { type Tenant, TENANT_HEADERS } from "../tenant.ts";

/** HTTP headers for a tenant. */
export function tenantHttpHeaders(tenant: Tenant): Record<string, string> {
  return {
    [TENANT_HEADERS.id]: tenant.id,
    [TENANT_HEADERS.region]: tenant.region,
    [TENANT_HEADERS.majorVersion]: String(tenant.majorVersion),
    [TENANT_HEADERS.minorVersion]: String(tenant.minorVersion),
  };
}
