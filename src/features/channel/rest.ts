/**
 * The channel's calls to atlas-world: channel registration (`POST worlds/{w}/channels`, service key
 * `CHANNELS`), the address of a registered channel (`GET worlds/{w}/channels/{c}`) and the world
 * record (`GET worlds/{w}`, key `WORLDS`). Bodies and attribute names follow rest-contract.md §2.3,
 * §2.4 and §3.4 exactly.
 * @module
 */
import { coalescedGet } from "../../rest/coalesce.ts";
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { RequestOptions, RestClient } from "../../rest/client.ts";
import {
  decimalId,
  identifierOf,
  type JsonApiRequestBody,
  NIL_UUID,
  requestBody,
  resourceSchema,
  toMany,
  uuidId,
  zodIssues,
} from "../../rest/jsonapi.ts";
import { RestError, RestNotFoundError } from "../../rest/errors.ts";

const u8 = z.number().int().min(0).max(0xff);
const u16 = z.number().int().min(0).max(0xffff);
const u32 = z.number().int().min(0).max(0xffff_ffff);

/** What a channel announces about itself. */
export const channelRegistrationSchema = z.object({
  worldId: u8,
  channelId: u8,
  /** Advertised address (`tenants[].ipAddress` of the service configuration). */
  ipAddress: z.string().min(1),
  port: u16,
  /** Players connected now; the reference always sends 0. */
  currentCapacity: u32.default(0),
  /** Players the channel admits; the reference always sends 0. */
  maxCapacity: u32.default(0),
});
/** See {@link channelRegistrationSchema}. */
export type ChannelRegistration = z.input<typeof channelRegistrationSchema>;

/** Attributes of a `channels` resource, as atlas-world writes and reads them. */
export const channelAttributesSchema = z.object({
  worldId: u8,
  channelId: u8,
  ipAddress: z.string(),
  port: z.number().int(),
  currentCapacity: u32,
  maxCapacity: u32,
  createdAt: z.string(),
});
/** See {@link channelAttributesSchema}. */
export type ChannelAttributes = z.infer<typeof channelAttributesSchema>;

/** A `channels` resource; its id is a UUID. */
export const channelResourceSchema = resourceSchema("channels", {
  id: uuidId,
  attributes: channelAttributesSchema,
});

/** A registered channel: its atlas-world id and attributes. */
export type RegisteredChannel = ChannelAttributes & { id: string };

/** A `worlds` resource: decimal id, attributes, and the ids of its channels when the server lists them. */
export const worldResourceSchema = resourceSchema("worlds", {
  id: decimalId,
  attributes: z.object({
    name: z.string(),
    state: u8,
    message: z.string(),
    eventMessage: z.string(),
    recommended: z.boolean(),
    recommendedMessage: z.string(),
    capacityStatus: u16,
  }),
  relationships: { channels: toMany(identifierOf("channels")) },
});

/** A world as atlas-world describes it. */
export interface World {
  id: number;
  name: string;
  state: number;
  /** The scrolling top message shown at login. */
  message: string;
  eventMessage: string;
  recommended: boolean;
  recommendedMessage: string;
  capacityStatus: number;
  /** Channel ids listed in the relationship (empty unless the server was asked to include them). */
  channelIds: string[];
}

/**
 * Go's RFC 3339 text with nanosecond precision and trailing zeros trimmed (`time.RFC3339Nano`), as
 * Atlas writes `createdAt`: `2026-01-15T18:04:05.12Z`, `2026-01-15T18:04:05Z`.
 */
export function goTimeText(date: Date): string {
  const iso = date.toISOString(); // always UTC with milliseconds
  const [seconds, fraction] = iso.slice(0, -1).split(".");
  const trimmed = (fraction ?? "").replace(/0+$/, "");
  return `${seconds}${trimmed ? "." + trimmed : ""}Z`;
}

/** The registration body: `channels` resource, nil UUID id, attributes in Atlas' field order. */
export function channelRegistrationBody(
  registration: ChannelRegistration,
  now: Date = new Date(),
): JsonApiRequestBody<ChannelAttributes> {
  return requestBody("channels", NIL_UUID, {
    worldId: registration.worldId,
    channelId: registration.channelId,
    ipAddress: registration.ipAddress,
    port: registration.port,
    currentCapacity: registration.currentCapacity ?? 0,
    maxCapacity: registration.maxCapacity ?? 0,
    createdAt: goTimeText(now),
  });
}

/** Options of channel REST calls. */
export interface ChannelCallOptions extends Omit<RequestOptions, "tenant" | "include"> {
  /** Clock for `createdAt` (tests pin it). */
  now?: () => Date;
}

/**
 * Announces a channel to atlas-world for `tenant` (the server answers 202 and publishes a channel
 * "started" event). Not retried: the 10 s heartbeat repeats it anyway. Rejects with a RestError, also
 * (without any request) when the registration itself is invalid.
 */
export async function registerChannel(
  rest: RestClient,
  tenant: Tenant,
  registration: ChannelRegistration,
  options: ChannelCallOptions = {},
): Promise<void> {
  const path = `worlds/${registration.worldId}/channels`;
  const parsed = channelRegistrationSchema.safeParse(registration);
  if (!parsed.success) {
    throw new RestError(
      { service: "CHANNELS", method: "POST", path, cause: parsed.error },
      `invalid registration: ${zodIssues(parsed.error).join("; ")}`,
    );
  }
  const { now, ...request } = options;
  await rest.post("CHANNELS", path, channelRegistrationBody(parsed.data, now?.() ?? new Date()), {
    ...request,
    tenant,
  });
}

/** Outcome of {@link announceChannels}. */
export interface AnnounceResult {
  registered: number;
  failed: number;
}

/**
 * Registers every channel, one after another, for the heartbeat and for `COMMAND_TOPIC_CHANNEL_STATUS`.
 * Never rejects: each failure is logged with its tenant, world and channel, and counted.
 */
export async function announceChannels(
  rest: RestClient,
  channels: readonly { tenant: Tenant; registration: ChannelRegistration }[],
  options: ChannelCallOptions = {},
): Promise<AnnounceResult> {
  const log = getLogger("channel.registration");
  const result: AnnounceResult = { registered: 0, failed: 0 };
  for (const { tenant, registration } of channels) {
    try {
      await registerChannel(rest, tenant, registration, options);
      result.registered++;
    } catch (err) {
      result.failed++;
      log.warn("channel registration failed", {
        tenantId: tenant.id,
        worldId: registration.worldId,
        channelId: registration.channelId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return result;
}

/**
 * Removes the channel from atlas-world's registry (`DELETE worlds/{w}/channels/{c}`, as the later
 * reference's drain does). A 404 means it is gone already, which is the goal. atlas-world at revision
 * b0c865294b has no such route (405): it forgets a channel 15 s after its last registration instead.
 */
export async function unregisterChannel(
  rest: RestClient,
  tenant: Tenant,
  worldId: number,
  channelId: number,
  options: ChannelCallOptions = {},
): Promise<"removed" | "absent"> {
  const { now: _now, ...request } = options;
  try {
    await rest.delete("CHANNELS", `worlds/${worldId}/channels/${channelId}`, { ...request, tenant });
    return "removed";
  } catch (err) {
    if (err instanceof RestNotFoundError) return "absent";
    throw err;
  }
}

/** The registered channel `worldId`/`channelId` (address for a channel change). 404 → RestNotFoundError. */
export async function getChannel(
  rest: RestClient,
  tenant: Tenant,
  worldId: number,
  channelId: number,
  options: ChannelCallOptions = {},
): Promise<RegisteredChannel> {
  const { now: _now, ...request } = options;
  const resource = await rest.get(
    "CHANNELS",
    `worlds/${worldId}/channels/${channelId}`,
    channelResourceSchema,
    {
      ...request,
      tenant,
    },
  );
  return { id: resource.id, ...resource.attributes };
}

/**
 * The world record (its `message` is the login top message); callers asking while a request for it is in
 * flight share the next one (rest/coalesce.ts). 404 → RestNotFoundError.
 */
export async function getWorld(
  rest: RestClient,
  tenant: Tenant,
  worldId: number,
  options: ChannelCallOptions = {},
): Promise<World> {
  const { now: _now, ...request } = options;
  // Shared while in flight: a crowd logging in reads its world once per round trip, not once each.
  const resource = await coalescedGet(rest, "WORLDS", `worlds/${worldId}`, worldResourceSchema, {
    ...request,
    tenant,
  });
  return {
    id: resource.id,
    ...resource.attributes,
    channelIds: resource.relationships.channels.map((channel) => channel.id),
  };
}
