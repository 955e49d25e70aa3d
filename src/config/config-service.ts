/**
 * Boot-time reads of atlas-configurations: `GET configurations/services/{id}` (type `services`) and
 * `GET configurations/tenants/{id}` (type `tenants`). The attribute schemas are passed in by the
 * caller (see `tenant-config.ts`) so this module only knows the resource envelope. As in Atlas these
 * calls carry no tenant headers; unlike Atlas a failure is a typed error (retried for 5xx and timeouts
 * by the client) that the caller reports, rather than an immediate process exit.
 * @module
 */
import type { z } from "zod";
import type { RequestOptions, RestClient } from "../rest/client.ts";
import { RestError } from "../rest/errors.ts";
import { resourceSchema, uuidId } from "../rest/jsonapi.ts";

/** One configuration resource: its UUID and validated attributes. */
export interface ConfigurationResource<A> {
  id: string;
  attributes: A;
}

/** Options for configuration reads (no tenant: atlas-configurations does not need one). */
export type ConfigurationReadOptions = Omit<RequestOptions, "tenant" | "include">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function fetchConfiguration<S extends z.ZodType>(
  rest: RestClient,
  kind: "services" | "tenants",
  id: string,
  attributes: S,
  options: ConfigurationReadOptions,
): Promise<ConfigurationResource<z.output<S>>> {
  const path = `configurations/${kind}/${id}`;
  if (!UUID.test(id)) {
    // The service would answer 400; say why locally instead.
    throw new RestError(
      { service: "CONFIGURATIONS", method: "GET", path },
      `${kind} id ${JSON.stringify(id)} is not a UUID`,
    );
  }
  const schema = resourceSchema(kind, { id: uuidId, attributes });
  // The generic attribute schema hides the resolved shape from the compiler; the parse guarantees it.
  const resource = await rest.get("CONFIGURATIONS", path, schema, options) as ConfigurationResource<
    z.output<S>
  >;
  return { id: resource.id, attributes: resource.attributes };
}

/** `GET configurations/services/{serviceId}`, attributes validated with `attributes`. */
export function fetchServiceConfiguration<S extends z.ZodType>(
  rest: RestClient,
  serviceId: string,
  attributes: S,
  options: ConfigurationReadOptions = {},
): Promise<ConfigurationResource<z.output<S>>> {
  return fetchConfiguration(rest, "services", serviceId, attributes, options);
}

/** `GET configurations/tenants/{tenantId}`, attributes validated with `attributes`. */
export function fetchTenantConfiguration<S extends z.ZodType>(
  rest: RestClient,
  tenantId: string,
  attributes: S,
  options: ConfigurationReadOptions = {},
): Promise<ConfigurationResource<z.output<S>>> {
  return fetchConfiguration(rest, "tenants", tenantId, attributes, options);
}

/** What {@link fetchConfigurations} needs to know about the caller's schemas. */
export interface ConfigurationSchemas<SS extends z.ZodType, TS extends z.ZodType> {
  /** Attributes of the `services` resource. */
  service: SS;
  /** Attributes of each `tenants` resource. */
  tenant: TS;
  /** The tenant ids the service configuration lists, in order. */
  tenantIds: (service: z.output<SS>) => readonly string[];
}

/** The service configuration and the configuration of every tenant it lists. */
export interface FetchedConfigurations<S, T> {
  service: ConfigurationResource<S>;
  tenants: ConfigurationResource<T>[];
}

/**
 * The boot sequence of Atlas' channel: the service configuration, then each listed tenant's
 * configuration in the listed order. The first failure rejects with its {@link RestError}.
 */
export async function fetchConfigurations<SS extends z.ZodType, TS extends z.ZodType>(
  rest: RestClient,
  serviceId: string,
  schemas: ConfigurationSchemas<SS, TS>,
  options: ConfigurationReadOptions = {},
): Promise<FetchedConfigurations<z.output<SS>, z.output<TS>>> {
  const service = await fetchServiceConfiguration(rest, serviceId, schemas.service, options);
  const tenants: ConfigurationResource<z.output<TS>>[] = [];
  for (const tenantId of schemas.tenantIds(service.attributes)) {
    tenants.push(await fetchTenantConfiguration(rest, tenantId, schemas.tenant, options));
  }
  return { service, tenants };
}
