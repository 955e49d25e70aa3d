/**
 * Where the channel's configuration comes from at boot: a local file (`--config`), or the Atlas
 * configurations service (`SERVICE_ID` + REST). A tenant whose configuration cannot be loaded is
 * logged and skipped; the others still come up.
 * @module
 */
import type { Settings } from "../config/settings.ts";
import { loadLocalConfig } from "../config/local-config.ts";
import {
  channelServiceAttributesSchema,
  type ChannelServiceConfig,
  tenantAttributesSchema,
  type TenantConfig,
} from "../config/tenant-config.ts";
import { fetchServiceConfiguration, fetchTenantConfiguration } from "../config/config-service.ts";
import type { RestClient } from "../rest/client.ts";
import { serviceRoot } from "../rest/url.ts";
import { getLogger } from "../observability/log.ts";

const log = getLogger("server.configuration");

/** The service configuration and the tenants that loaded, in the service's order. */
export interface BootConfiguration {
  service: ChannelServiceConfig;
  tenants: TenantConfig[];
  /** Where it came from, for logs: the file name or `configurations service`. */
  source: string;
}

/** No usable configuration source, or the service configuration itself failed. */
export class BootConfigurationError extends Error {
  override name = "BootConfigurationError";
}

/**
 * Loads the configuration, or `undefined` when the settings name no source (then the server runs with
 * no channels). Throws {@link BootConfigurationError} when the service configuration cannot be used.
 */
export async function loadBootConfiguration(
  settings: Pick<Settings, "configFile" | "serviceId" | "baseServiceUrl">,
  rest: RestClient | undefined,
  env: Readonly<Record<string, string>> = {},
): Promise<BootConfiguration | undefined> {
  if (settings.configFile) {
    try {
      const config = await loadLocalConfig(settings.configFile);
      return { service: config.service, tenants: [...config.tenants.values()], source: settings.configFile };
    } catch (err) {
      throw new BootConfigurationError(err instanceof Error ? err.message : String(err), { cause: err });
    }
  }
  if (!settings.serviceId || !rest) {
    log.warn(
      "no configuration source: pass --config FILE, or SERVICE_ID with BASE_SERVICE_URL; serving no channels",
    );
    return undefined;
  }
  let service: ChannelServiceConfig;
  try {
    const resource = await fetchServiceConfiguration(
      rest,
      settings.serviceId,
      channelServiceAttributesSchema,
    );
    service = { ...resource.attributes, id: resource.id };
  } catch (err) {
    const { root, from } = serviceRoot("CONFIGURATIONS", {
      baseServiceUrl: settings.baseServiceUrl,
      env: (name) => env[name],
    });
    throw new BootConfigurationError(
      `cannot load the configuration of SERVICE_ID=${settings.serviceId} from ${from}=${root}: ${
        err instanceof Error ? err.message : err
      }`,
      { cause: err },
    );
  }
  const tenants: TenantConfig[] = [];
  for (const entry of service.tenants) {
    try {
      const resource = await fetchTenantConfiguration(rest, entry.id, tenantAttributesSchema);
      tenants.push({ ...resource.attributes, id: resource.id });
    } catch (err) {
      log.error("tenant configuration could not be loaded; skipping this tenant", {
        tenantId: entry.id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { service, tenants, source: "configurations service" };
}
