/**
 * atlas-guilds lookups (rest-contract.md §2.12, §3.14–3.15): a character's guild, a guild by id (root
 * `GUILDS`), and the guild board's threads (root `GUILD_THREADS`). Members, titles and replies are
 * embedded attributes, not relationships.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { goSlice, time, uint16, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A guild member, embedded in the guild's attributes. */
export const guildMemberSchema = z.object({
  characterId: uint32,
  name: z.string().default(""),
  jobId: uint16.default(0),
  level: uint8.default(0),
  title: uint8.default(0),
  online: z.boolean().default(false),
  allianceTitle: uint8.default(0),
});
/** See {@link guildMemberSchema}. */
export type GuildMember = z.output<typeof guildMemberSchema>;

/** A guild rank title, embedded in the guild's attributes. */
export const guildTitleSchema = z.object({ name: z.string(), index: uint8 });
/** See {@link guildTitleSchema}. */
export type GuildTitle = z.output<typeof guildTitleSchema>;

/** A `guilds` resource. */
export const guildResourceSchema = resourceSchema("guilds", {
  id: decimalId,
  attributes: z.object({
    worldId: uint8.default(0),
    name: z.string(),
    notice: z.string().default(""),
    points: uint32.default(0),
    capacity: uint32.default(0),
    logo: uint16.default(0),
    logoColor: uint8.default(0),
    logoBackground: uint16.default(0),
    logoBackgroundColor: uint8.default(0),
    leaderId: uint32.default(0),
    members: goSlice(guildMemberSchema).default([]),
    titles: goSlice(guildTitleSchema).default([]),
  }),
});

/** A guild. */
export type Guild = z.output<typeof guildResourceSchema>["attributes"] & { id: number };

function toGuild(resource: z.output<typeof guildResourceSchema>): Guild {
  return { id: resource.id, ...resource.attributes };
}

/**
 * `GET {GUILDS}guilds?filter[members.id]={characterId}`: the character's guild (the first listed, as
 * the reference takes it), or `undefined` when the character has none. The brackets are sent as is.
 */
export async function findGuildByMember(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Guild | undefined> {
  const found = await rest.getMany(
    "GUILDS",
    `guilds?filter[members.id]=${characterId}`,
    guildResourceSchema,
    { ...options, tenant },
  );
  return found[0] ? toGuild(found[0]) : undefined;
}

/** `GET {GUILDS}guilds/{id}`. 404 → RestNotFoundError. */
export async function getGuild(
  rest: RestClient,
  tenant: Tenant,
  guildId: number,
  options: LookupOptions = {},
): Promise<Guild> {
  return toGuild(await rest.get("GUILDS", `guilds/${guildId}`, guildResourceSchema, { ...options, tenant }));
}

/** A reply to a guild board thread (its `id` is an attribute here). */
export const threadReplySchema = z.object({
  id: uint32,
  posterId: uint32,
  message: z.string().default(""),
  createdAt: time.transform((text) => new Date(text)),
});
/** See {@link threadReplySchema}. */
export type ThreadReply = z.output<typeof threadReplySchema>;

/** A `threads` resource of the guild board. */
export const threadResourceSchema = resourceSchema("threads", {
  id: decimalId,
  attributes: z.object({
    posterId: uint32,
    title: z.string().default(""),
    message: z.string().default(""),
    emoticonId: uint32.default(0),
    notice: z.boolean().default(false),
    replies: goSlice(threadReplySchema).default([]),
    createdAt: time.transform((text) => new Date(text)),
  }),
});

/** A guild board thread. */
export type GuildThread = z.output<typeof threadResourceSchema>["attributes"] & { id: number };

/** `GET {GUILD_THREADS}guilds/{g}/threads`. */
export async function getGuildThreads(
  rest: RestClient,
  tenant: Tenant,
  guildId: number,
  options: LookupOptions = {},
): Promise<GuildThread[]> {
  const resources = await rest.getMany("GUILD_THREADS", `guilds/${guildId}/threads`, threadResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({ id: r.id, ...r.attributes }));
}

/** `GET {GUILD_THREADS}guilds/{g}/threads/{t}`. 404 → RestNotFoundError. */
export async function getGuildThread(
  rest: RestClient,
  tenant: Tenant,
  guildId: number,
  threadId: number,
  options: LookupOptions = {},
): Promise<GuildThread> {
  const r = await rest.get(
    "GUILD_THREADS",
    `guilds/${guildId}/threads/${threadId}`,
    threadResourceSchema,
    { ...options, tenant },
  );
  return { id: r.id, ...r.attributes };
}
