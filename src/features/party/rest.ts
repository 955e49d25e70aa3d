/**
 * atlas-parties lookups (rest-contract.md §2.13, §3.16): a character's party and a party by id, each
 * with its members resolved from `included`.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { uint16, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema, toMany } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/**
 * A `members` resource of the party flavour: the id is the character id. A member the server listed
 * without including it reads with default attributes, as the reference's decoder leaves it.
 */
export const partyMemberResourceSchema = resourceSchema("members", {
  id: decimalId,
  attributes: z.object({
    name: z.string().default(""),
    level: uint8.default(0),
    jobId: uint16.default(0),
    worldId: uint8.default(0),
    channelId: uint8.default(0),
    mapId: uint32.default(0),
    online: z.boolean().default(false),
  }).prefault({}),
});

/** A party member. */
export type PartyMember = z.output<typeof partyMemberResourceSchema>["attributes"] & { characterId: number };

/** A `parties` resource with its `members` relationship. */
export const partyResourceSchema = resourceSchema("parties", {
  id: decimalId,
  attributes: z.object({ leaderId: uint32 }),
  relationships: { members: toMany(partyMemberResourceSchema) },
});

/** A party and its members, in the order the service listed them. */
export interface Party {
  id: number;
  leaderId: number;
  members: PartyMember[];
}

function toParty(resource: z.output<typeof partyResourceSchema>): Party {
  return {
    id: resource.id,
    leaderId: resource.attributes.leaderId,
    members: resource.relationships.members.map((m) => ({ characterId: m.id, ...m.attributes })),
  };
}

/**
 * `GET {PARTIES}parties?filter[members.id]={characterId}`: the character's party (first listed, as the
 * reference), or `undefined` when there is none. The brackets are sent as is.
 */
export async function findPartyByMember(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Party | undefined> {
  const found = await rest.getMany(
    "PARTIES",
    `parties?filter[members.id]=${characterId}`,
    partyResourceSchema,
    { ...options, tenant },
  );
  return found[0] ? toParty(found[0]) : undefined;
}

/** `GET {PARTIES}parties/{id}`. 404 → RestNotFoundError. */
export async function getParty(
  rest: RestClient,
  tenant: Tenant,
  partyId: number,
  options: LookupOptions = {},
): Promise<Party> {
  return toParty(
    await rest.get("PARTIES", `parties/${partyId}`, partyResourceSchema, { ...options, tenant }),
  );
}
