/**
 * atlas-buffs lookup (rest-contract.md §2.10): a character's active buffs. The service answers 404 when
 * it has no record for the character, which means "no buffs".
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int32, time } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { RestNotFoundError } from "../../rest/errors.ts";
import { resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A `buffs` resource; its id is opaque text (a UUID in practice). */
export const buffResourceSchema = resourceSchema("buffs", {
  id: z.string(),
  attributes: z.object({
    sourceId: int32,
    duration: int32.default(0),
    /** Temporary stat changes, e.g. `{"type":"DARK_SIGHT","amount":1}`. */
    changes: z.array(z.object({ type: z.string(), amount: int32 })).nullable().transform((v) => v ?? []),
    createdAt: time.transform((t) => new Date(t)),
    expiresAt: time.transform((t) => new Date(t)),
  }),
});

/** An active buff. */
export type Buff = z.output<typeof buffResourceSchema>["attributes"] & { id: string };

/** `GET {BUFFS}characters/{id}/buffs`; `[]` when the service has no record (404). */
export async function getBuffs(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Buff[]> {
  try {
    const resources = await rest.getMany("BUFFS", `characters/${characterId}/buffs`, buffResourceSchema, {
      ...options,
      tenant,
    });
    return resources.map((r) => ({ id: r.id, ...r.attributes }));
  } catch (err) {
    if (err instanceof RestNotFoundError) return [];
    throw err;
  }
}
