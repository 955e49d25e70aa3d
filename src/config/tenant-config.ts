/**
 * Configuration the channel reads from the Atlas configurations service (socket-protocol §5,
 * rest-contract §2.1): the `services` resource (which tenants, worlds, channels and ports this process
 * serves, plus task settings) and the `tenants` resource (region, versions and the socket opcode tables).
 *
 * Both arrive as JSON:API documents (`{"data":{"type","id","attributes"}}`); the same attribute objects
 * also come from a local file (`--config`, see `local-config.ts`) or the seed templates. Entries the
 * channel does not understand (login-service handlers, odd opcodes) are kept here and judged later, when
 * the opcode tables are built, so that every real template loads.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../tenant.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string({ message: "expected a UUID" }).regex(UUID, "expected a UUID");
const u8 = z.number().int().min(0).max(0xff);
const u16 = z.number().int().min(0).max(0xffff);
const u32 = z.number().int().min(0).max(0xffff_ffff);
const port = z.number().int().min(1).max(0xffff);
const milliseconds = z.number().int().min(1);

/** One periodic task setting of the service; the channel requires the `timeout` task. */
export const serviceTaskSchema = z.object({
  type: z.string().min(1),
  /** Milliseconds between runs (for `timeout`: the idle sweep period). */
  interval: milliseconds,
  /** Milliseconds (for `timeout`: idle time after which a session is destroyed). */
  duration: milliseconds,
});
/** See {@link serviceTaskSchema}. */
export type ServiceTask = z.infer<typeof serviceTaskSchema>;

/** One channel listener: `port` is bound on all interfaces. */
export const channelEntrySchema = z.object({ id: u8, port });
/** A world and its channels. */
export const worldEntrySchema = z.object({ id: u8, channels: z.array(channelEntrySchema) });
/** One tenant served by this process; `ipAddress` is advertised, never bound. */
export const serviceTenantSchema = z.object({
  id: uuid.transform((s) => s.toLowerCase()),
  ipAddress: z.string().min(1),
  worlds: z.array(worldEntrySchema),
});

/** The task type the session-timeout sweep reads. */
export const TIMEOUT_TASK = "timeout";

/**
 * Attributes of a `services` resource of kind `channel-service`. Beyond the reference's shape it
 * rejects what would only fail later: a missing `timeout` task, duplicate tenants, duplicate world or
 * channel ids, and one port used by two listeners.
 */
export const channelServiceAttributesSchema = z.object({
  tasks: z.array(serviceTaskSchema),
  tenants: z.array(serviceTenantSchema),
}).superRefine((service, ctx) => {
  if (!service.tasks.some((t) => t.type === TIMEOUT_TASK)) {
    ctx.addIssue({ code: "custom", path: ["tasks"], message: `a "${TIMEOUT_TASK}" task is required` });
  }
  const tenantIds = new Set<string>();
  const ports = new Map<number, string>();
  service.tenants.forEach((tenant, t) => {
    if (tenantIds.has(tenant.id)) {
      ctx.addIssue({ code: "custom", path: ["tenants", t, "id"], message: `duplicate tenant ${tenant.id}` });
    }
    tenantIds.add(tenant.id);
    const worldIds = new Set<number>();
    tenant.worlds.forEach((world, w) => {
      if (worldIds.has(world.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["tenants", t, "worlds", w, "id"],
          message: `duplicate world ${world.id}`,
        });
      }
      worldIds.add(world.id);
      const channelIds = new Set<number>();
      world.channels.forEach((channel, c) => {
        const path = ["tenants", t, "worlds", w, "channels", c];
        if (channelIds.has(channel.id)) {
          ctx.addIssue({ code: "custom", path: [...path, "id"], message: `duplicate channel ${channel.id}` });
        }
        channelIds.add(channel.id);
        const owner = ports.get(channel.port);
        if (owner !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "port"],
            message: `port ${channel.port} is already used by ${owner}`,
          });
        } else ports.set(channel.port, `tenant ${tenant.id} world ${world.id} channel ${channel.id}`);
      });
    });
  });
});

/** The service configuration: its id (the `SERVICE_ID`, when known) and attributes. */
export type ChannelServiceConfig = z.infer<typeof channelServiceAttributesSchema> & { id?: string };

// `options` is free-form per entry; the server sends `null` when there are none. We normalise to `{}`.
const entryOptions = z.record(z.string(), z.unknown()).nullish().transform((o) => o ?? {});
// The contract says string; a bare JSON number is accepted too and judged as decimal text.
const opCodeText = z.union([z.string(), z.number().int().min(0)]).transform(String);

/** One `socket.handlers[]` entry, as configured (not yet validated against what the channel knows). */
export const handlerEntrySchema = z.object({
  opCode: opCodeText,
  validator: z.string(),
  handler: z.string(),
  options: entryOptions,
});
/** See {@link handlerEntrySchema}. */
export type HandlerEntry = z.infer<typeof handlerEntrySchema>;

/** One `socket.writers[]` entry, as configured. */
export const writerEntrySchema = z.object({
  opCode: opCodeText,
  writer: z.string(),
  options: entryOptions,
});
/** See {@link writerEntrySchema}. */
export type WriterEntry = z.infer<typeof writerEntrySchema>;

const u32List = z.array(u32).default([]);

/** `characters.templates[]`: new-character choices (decoded, unused by the socket layer). */
export const characterTemplateSchema = z.object({
  jobIndex: u32,
  subJobIndex: u32,
  mapId: u32,
  gender: u8,
  faces: u32List,
  hairs: u32List,
  hairColors: u32List,
  skinColors: u32List,
  tops: u32List,
  bottoms: u32List,
  shoes: u32List,
  weapons: u32List,
  items: u32List,
  skills: u32List,
});

/** `worlds[]` of a tenant: display settings (decoded, unused by the socket layer). */
export const tenantWorldSchema = z.object({
  name: z.string(),
  flag: z.string().default(""),
  serverMessage: z.string().default(""),
  eventMessage: z.string().default(""),
  whyAmIRecommended: z.string().default(""),
});

/** Attributes of a `tenants` resource; the seed templates have exactly this shape. */
export const tenantAttributesSchema = z.object({
  region: z.string().min(1),
  majorVersion: u16,
  minorVersion: u16,
  usesPin: z.boolean().default(false),
  socket: z.object({
    handlers: z.array(handlerEntrySchema).nullish().transform((h) => h ?? []),
    writers: z.array(writerEntrySchema).nullish().transform((w) => w ?? []),
  }),
  characters: z.object({ templates: z.array(characterTemplateSchema).nullish().transform((t) => t ?? []) })
    .nullish().transform((c) => c ?? { templates: [] }),
  npcs: z.array(z.object({ npcId: u32, impl: z.string() })).nullish().transform((n) => n ?? []),
  worlds: z.array(tenantWorldSchema).nullish().transform((w) => w ?? []),
});

/** A tenant's configuration: its id and attributes. */
export type TenantConfig = z.infer<typeof tenantAttributesSchema> & { id: string };

/** Why a configuration document was rejected; the message names the source and every bad path. */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
  /** One line per problem: `path: message`. */
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`${source}: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

/** Formats a JSON path such as `$.tenants[0].worlds[1].port` from zod's path segments. */
export function formatJsonPath(path: readonly PropertyKey[], root = "$"): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** Turns zod issues into `path: message` lines, with paths under `prefix`. */
export function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => `${formatJsonPath([...prefix, ...issue.path])}: ${issue.message}`);
}

function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  source: string,
  prefix: readonly PropertyKey[],
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigurationError(source, describeIssues(result.error, prefix));
  return result.data;
}

const resourceDocumentSchema = (type: string) =>
  z.object({
    data: z.object({
      type: z.literal(type, { message: `expected resource type "${type}"` }),
      id: z.string().min(1),
      attributes: z.record(z.string(), z.unknown()),
    }),
  });

/** True when `value` looks like a JSON:API document (an object with a `data` member). */
export function isJsonApiDocument(value: unknown): value is { data: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "data" in value;
}

/**
 * Parses the `services` attributes as a plain object. `id` is taken from the argument, else from an
 * `id` member of the object (allowed for local files), else left unset.
 */
export function parseServiceAttributes(
  value: unknown,
  options: { id?: string; source?: string; path?: readonly PropertyKey[] } = {},
): ChannelServiceConfig {
  const source = options.source ?? "service configuration";
  const prefix = options.path ?? [];
  const attributes = parseWith(channelServiceAttributesSchema, value, source, prefix);
  const ownId = parseWith(z.object({ id: uuid.optional() }), value, source, prefix).id;
  const id = options.id ?? ownId;
  return id === undefined ? attributes : { id: id.toLowerCase(), ...attributes };
}

/** Parses a `services` JSON:API document (`GET configurations/services/{id}`). */
export function parseServiceDocument(
  value: unknown,
  options: { source?: string; path?: readonly PropertyKey[] } = {},
): ChannelServiceConfig {
  const source = options.source ?? "service configuration";
  const prefix = options.path ?? [];
  const doc = parseWith(resourceDocumentSchema("services"), value, source, prefix);
  return parseServiceAttributes(doc.data.attributes, {
    id: parseWith(uuid, doc.data.id, source, [...prefix, "data", "id"]),
    source,
    path: [...prefix, "data", "attributes"],
  });
}

/**
 * Parses `tenants` attributes as a plain object (a template, or a local file entry). The id comes from
 * the argument or an `id` member; one of them is required.
 */
export function parseTenantAttributes(
  value: unknown,
  options: { id?: string; source?: string; path?: readonly PropertyKey[] } = {},
): TenantConfig {
  const source = options.source ?? "tenant configuration";
  const prefix = options.path ?? [];
  const attributes = parseWith(tenantAttributesSchema, value, source, prefix);
  let id = options.id;
  if (id === undefined) {
    id = parseWith(z.object({ id: uuid }, { message: "expected an object" }), value, source, prefix).id;
  }
  return { id: id.toLowerCase(), ...attributes };
}

/** Parses a `tenants` JSON:API document (`GET configurations/tenants/{id}`). */
export function parseTenantDocument(
  value: unknown,
  options: { source?: string; path?: readonly PropertyKey[] } = {},
): TenantConfig {
  const source = options.source ?? "tenant configuration";
  const prefix = options.path ?? [];
  const doc = parseWith(resourceDocumentSchema("tenants"), value, source, prefix);
  return parseTenantAttributes(doc.data.attributes, {
    id: parseWith(uuid, doc.data.id, source, [...prefix, "data", "id"]),
    source,
    path: [...prefix, "data", "attributes"],
  });
}

/** The tenant identity (as carried in Kafka and REST headers) of a tenant configuration. */
export function tenantOf(config: TenantConfig): Tenant {
  return {
    id: config.id,
    region: config.region,
    majorVersion: config.majorVersion,
    minorVersion: config.minorVersion,
  };
}

/** The `timeout` task of a service configuration (the schema guarantees there is one). */
export function timeoutTask(service: ChannelServiceConfig): ServiceTask {
  const task = service.tasks.find((t) => t.type === TIMEOUT_TASK);
  if (!task) throw new ConfigurationError("service configuration", [`$.tasks: no "${TIMEOUT_TASK}" task`]);
  return task;
}

/** Everything the channel needs at boot: the service and one configuration per served tenant. */
export interface ChannelConfiguration {
  service: ChannelServiceConfig;
  /** Keyed by lower-case tenant id; holds exactly the tenants the service lists. */
  tenants: ReadonlyMap<string, TenantConfig>;
}

/**
 * Pairs a service configuration with tenant configurations. Every tenant the service lists must have
 * one (the reference exits when one is missing); configurations for unlisted tenants are ignored.
 */
export function assembleConfiguration(
  service: ChannelServiceConfig,
  tenants: Iterable<TenantConfig>,
  source = "configuration",
): ChannelConfiguration {
  const byId = new Map<string, TenantConfig>();
  for (const tenant of tenants) byId.set(tenant.id.toLowerCase(), tenant);
  const selected = new Map<string, TenantConfig>();
  const problems: string[] = [];
  service.tenants.forEach((entry, index) => {
    const config = byId.get(entry.id);
    if (config) selected.set(entry.id, config);
    else {problems.push(
        `${formatJsonPath(["tenants", index, "id"])}: no tenant configuration for ${entry.id}`,
      );}
  });
  if (problems.length > 0) throw new ConfigurationError(source, problems);
  return { service, tenants: selected };
}
