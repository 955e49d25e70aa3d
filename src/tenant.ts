/**
 * The tenant a message, request or session belongs to: one game region and version served by Atlas.
 * Every layer names tenants through this module; how they travel is the transport's business
 * (`src/kafka/tenant-headers.ts`, `src/rest/tenant-headers.ts`).
 * @module
 */
import { z } from "zod";

/** A tenant: one game region and version served by Atlas. */
export const tenantSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  region: z.string().min(1),
  majorVersion: z.number().int().min(0).max(0xffff),
  minorVersion: z.number().int().min(0).max(0xffff),
});
/** See {@link tenantSchema}. */
export type Tenant = z.infer<typeof tenantSchema>;

/** Header names, exactly as Atlas writes them on Kafka messages and HTTP requests. */
export const TENANT_HEADERS = {
  id: "TENANT_ID",
  region: "REGION",
  majorVersion: "MAJOR_VERSION",
  minorVersion: "MINOR_VERSION",
} as const;

/**
 * The identity of a tenant for routing and for maps keyed by tenant: all four parts, as Atlas compares
 * tenants (id case-insensitively).
 */
export function tenantIdentity(tenant: Tenant): string {
  return `${tenant.id.toLowerCase()}|${tenant.region}|${tenant.majorVersion}.${tenant.minorVersion}`;
}

/** Whether two tenants are the same tenant (see {@link tenantIdentity}). */
export function sameTenant(a: Tenant, b: Tenant): boolean {
  return a === b || tenantIdentity(a) === tenantIdentity(b);
}
