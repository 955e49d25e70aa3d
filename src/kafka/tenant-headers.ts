/**
 * The tenant as it travels on Kafka messages: four headers, versions as 2-byte big-endian integers.
 * @module
 */
import { type Tenant, TENANT_HEADERS, tenantSchema } from "../tenant.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function u16be(value: number): Uint8Array {
  return new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
}

/** Kafka headers for a tenant: id and region as text, versions as 2-byte big-endian integers. */
export function tenantKafkaHeaders(tenant: Tenant): Record<string, Uint8Array> {
  return {
    [TENANT_HEADERS.id]: encoder.encode(tenant.id.toLowerCase()),
    [TENANT_HEADERS.region]: encoder.encode(tenant.region),
    [TENANT_HEADERS.majorVersion]: u16be(tenant.majorVersion),
    [TENANT_HEADERS.minorVersion]: u16be(tenant.minorVersion),
  };
}

/** Why a message's tenant headers were rejected. */
export class TenantHeaderError extends Error {
  override name = "TenantHeaderError";
}

type HeaderValue = Uint8Array | string | undefined | null | (Uint8Array | string)[];

function bytesOf(value: HeaderValue): Uint8Array | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return bytesOf(value[0]);
  return typeof value === "string" ? encoder.encode(value) : value;
}

/**
 * Reads the tenant from Kafka headers with the rules of Atlas' consumer: `TENANT_ID` must be exactly 36
 * bytes, the versions exactly 2 bytes. Throws {@link TenantHeaderError} naming the bad header.
 */
export function tenantFromKafkaHeaders(headers: Readonly<Record<string, HeaderValue>> | undefined): Tenant {
  const h = headers ?? {};
  const id = bytesOf(h[TENANT_HEADERS.id]);
  if (!id || id.length !== 36) {
    throw new TenantHeaderError(`${TENANT_HEADERS.id} header missing or not 36 bytes`);
  }
  const region = bytesOf(h[TENANT_HEADERS.region]);
  if (!region || region.length === 0) throw new TenantHeaderError(`${TENANT_HEADERS.region} header missing`);
  const major = bytesOf(h[TENANT_HEADERS.majorVersion]);
  const minor = bytesOf(h[TENANT_HEADERS.minorVersion]);
  if (!major || major.length !== 2) {
    throw new TenantHeaderError(`${TENANT_HEADERS.majorVersion} header missing or not 2 bytes`);
  }
  if (!minor || minor.length !== 2) {
    throw new TenantHeaderError(`${TENANT_HEADERS.minorVersion} header missing or not 2 bytes`);
  }
  const parsed = tenantSchema.safeParse({
    id: decoder.decode(id).toLowerCase(),
    region: decoder.decode(region),
    majorVersion: (major[0] << 8) | major[1],
    minorVersion: (minor[0] << 8) | minor[1],
  });
  if (!parsed.success) throw new TenantHeaderError(`${TENANT_HEADERS.id} header is not a UUID`);
  return parsed.data;
}
