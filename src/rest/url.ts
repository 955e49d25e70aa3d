/**
 * Where each Atlas REST service lives. Follows Atlas exactly: the root for service key `K` is the
 * environment variable `K_SERVICE_URL` when it exists (even when empty), otherwise `BASE_SERVICE_URL`;
 * the resource path is appended with no separator and no normalisation, so roots end with `/api/`.
 * @module
 */

/** Every service key the channel calls, as Atlas spells them. */
export const SERVICE_KEYS = [
  "ACCOUNTS",
  "BUDDIES",
  "BUFFS",
  "CASHSHOP",
  "CHAIRS",
  "CHALKBOARDS",
  "CHANNELS",
  "CHARACTERS",
  "CONFIGURATIONS",
  "DATA",
  "DROPS",
  "GUILDS",
  "GUILD_THREADS",
  "INVENTORY",
  "KEYS",
  "MAPS",
  "MESSENGERS",
  "MONSTERS",
  "NOTES",
  "NPC_SHOP",
  "PARTIES",
  "PETS",
  "REACTORS",
  "ROUTES",
  "SKILLS",
  "STORAGE",
  "WORLDS",
] as const;

/** One of {@link SERVICE_KEYS}. */
export type ServiceKey = typeof SERVICE_KEYS[number];

/** The variable that holds every service's root unless overridden. */
export const BASE_SERVICE_URL_VARIABLE = "BASE_SERVICE_URL";

/** Reads an environment variable; `undefined` means "not set", `""` means "set but empty". */
export type EnvReader = (name: string) => string | undefined;

/** Reads the process environment; without `--allow-env` every variable counts as unset. */
export const processEnv: EnvReader = (name) => {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
};

/** Where roots come from: the configured base (flag or env, already resolved by settings) and overrides. */
export interface ServiceRootSource {
  /** `BASE_SERVICE_URL` as resolved by the settings; when absent the environment variable is read. */
  baseServiceUrl?: string;
  /** Environment lookup for the per-service overrides; defaults to {@link processEnv}. */
  env?: EnvReader;
}

/** The override variable of a service key, e.g. `CHARACTERS_SERVICE_URL`. */
export function serviceUrlVariable(service: ServiceKey): string {
  return `${service}_SERVICE_URL`;
}

/** The resolved root of a service and which setting it came from (for error messages). */
export interface ServiceRoot {
  /** The root URL text, possibly empty. */
  root: string;
  /** The variable (or setting) the root came from. */
  from: string;
}

/**
 * The root URL of `service`: `K_SERVICE_URL` if that variable exists (even empty, as Atlas does),
 * else the base URL. Read on every call, so a changed environment takes effect immediately.
 */
export function serviceRoot(service: ServiceKey, source: ServiceRootSource = {}): ServiceRoot {
  const env = source.env ?? processEnv;
  const variable = serviceUrlVariable(service);
  const override = env(variable);
  if (override !== undefined) return { root: override, from: variable };
  const base = source.baseServiceUrl ?? env(BASE_SERVICE_URL_VARIABLE) ?? "";
  return { root: base, from: BASE_SERVICE_URL_VARIABLE };
}

/** The full URL text of a resource: root + path, concatenated exactly as Atlas does. */
export function serviceUrl(service: ServiceKey, path: string, source: ServiceRootSource = {}): string {
  return serviceRoot(service, source).root + path;
}
