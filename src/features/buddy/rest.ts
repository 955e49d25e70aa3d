/**
 * atlas-buddies lookup (rest-contract.md §2.9, §3.11): a character's buddy list with its entries
 * embedded as an attribute (not as relationships).
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { goSlice, int8, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { resourceSchema, uuidId } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/** One entry of a buddy list, as atlas-buddies embeds it. */
export const buddyEntrySchema = z.object({
  characterId: uint32,
  group: z.string().default(""),
  characterName: z.string().default(""),
  /** −1 = offline. */
  channelId: int8.default(-1),
  inShop: z.boolean().default(false),
  pending: z.boolean().default(false),
});
/** See {@link buddyEntrySchema}. */
export type BuddyEntry = z.output<typeof buddyEntrySchema>;

/** A `buddy-list` resource. atlas-buddies may send an empty id (the reference then invents one). */
export const buddyListResourceSchema = resourceSchema("buddy-list", {
  id: uuidId.or(z.literal("")),
  attributes: z.object({
    characterId: uint32.default(0),
    capacity: uint8.default(0),
    buddies: goSlice(buddyEntrySchema).default([]),
  }),
});

/** A character's buddy list. */
export type BuddyList = z.output<typeof buddyListResourceSchema>["attributes"] & { id: string };

/** `GET {BUDDIES}characters/{id}/buddy-list`. 404 (no list) → RestNotFoundError. */
export async function getBuddyList(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<BuddyList> {
  const resource = await rest.get(
    "BUDDIES",
    `characters/${characterId}/buddy-list`,
    buddyListResourceSchema,
    { ...options, tenant },
  );
  return { id: resource.id, ...resource.attributes };
}
