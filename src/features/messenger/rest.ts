/**
 * atlas-messengers lookups (rest-contract.md §2.14, §3.17): a character's messenger room and a room by
 * id, each with its members resolved from `included`. Rooms have no attributes of their own.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema, toMany } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/**
 * A `members` resource of the messenger flavour: the id is the character id. A member listed without
 * being included reads with default attributes.
 */
export const messengerMemberResourceSchema = resourceSchema("members", {
  id: decimalId,
  attributes: z.object({
    name: z.string().default(""),
    worldId: uint8.default(0),
    channelId: uint8.default(0),
    online: z.boolean().default(false),
    /** Position in the messenger window. */
    slot: uint8.default(0),
  }).prefault({}),
});

/** A messenger room member. */
export type MessengerMember = z.output<typeof messengerMemberResourceSchema>["attributes"] & {
  characterId: number;
};

/** A `messengers` resource (empty attributes) with its `members` relationship. */
export const messengerResourceSchema = resourceSchema("messengers", {
  id: decimalId,
  attributes: z.object({}),
  relationships: { members: toMany(messengerMemberResourceSchema) },
});

/** A messenger room. */
export interface Messenger {
  id: number;
  members: MessengerMember[];
}

function toMessenger(resource: z.output<typeof messengerResourceSchema>): Messenger {
  return {
    id: resource.id,
    members: resource.relationships.members.map((m) => ({ characterId: m.id, ...m.attributes })),
  };
}

/**
 * `GET {MESSENGERS}messengers?filter[members.id]={characterId}`: the character's room (first listed), or
 * `undefined` when there is none. The brackets are sent as is.
 */
export async function findMessengerByMember(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Messenger | undefined> {
  const found = await rest.getMany(
    "MESSENGERS",
    `messengers?filter[members.id]=${characterId}`,
    messengerResourceSchema,
    { ...options, tenant },
  );
  return found[0] ? toMessenger(found[0]) : undefined;
}

/** `GET {MESSENGERS}messengers/{id}`. 404 → RestNotFoundError. */
export async function getMessenger(
  rest: RestClient,
  tenant: Tenant,
  messengerId: number,
  options: LookupOptions = {},
): Promise<Messenger> {
  const r = await rest.get("MESSENGERS", `messengers/${messengerId}`, messengerResourceSchema, {
    ...options,
    tenant,
  });
  return toMessenger(r);
}
