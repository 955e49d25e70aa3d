/**
 * atlas-pets lookups (rest-contract.md §2.8): a character's pets and one pet.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int16, int8, uint16, uint32, uint64, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";
import { optionalGoTime } from "../character/time.ts";

/** A `pets` resource. */
export const petResourceSchema = resourceSchema("pets", {
  id: decimalId,
  attributes: z.object({
    /** A JSON number here (a string in inventory assets). */
    cashId: uint64.default(0),
    templateId: uint32.default(0),
    name: z.string().default(""),
    level: uint8.default(0),
    closeness: uint16.default(0),
    fullness: uint8.default(0),
    expiration: optionalGoTime.default(null),
    ownerId: uint32.default(0),
    /** −1 = not summoned, 0..2 = summoned position. */
    slot: int8.default(-1),
    x: int16.default(0),
    y: int16.default(0),
    stance: uint8.default(0),
    fh: int16.default(0),
    excludes: z.array(z.object({ itemId: uint32 })).nullable().default([]).transform((v) => v ?? []),
    flag: uint16.default(0),
    /** Spelled `purchaseBy` by atlas-pets (assets say `purchasedBy`). */
    purchaseBy: uint32.default(0),
  }),
});

/** A pet. */
export type Pet = z.output<typeof petResourceSchema>["attributes"] & { id: number };

/** `GET {PETS}characters/{id}/pets`, sorted by slot as the reference's decorator does. */
export async function getPets(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Pet[]> {
  const resources = await rest.getMany("PETS", `characters/${characterId}/pets`, petResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({ id: r.id, ...r.attributes })).sort((a, b) => a.slot - b.slot);
}

/** `GET {PETS}pets/{id}`. 404 → RestNotFoundError. */
export async function getPet(
  rest: RestClient,
  tenant: Tenant,
  petId: number,
  options: LookupOptions = {},
): Promise<Pet> {
  const r = await rest.get("PETS", `pets/${petId}`, petResourceSchema, { ...options, tenant });
  return { id: r.id, ...r.attributes };
}
