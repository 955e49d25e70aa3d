/**
 * The one REST read of the stats domain: `GET {CHARACTERS}/characters/{id}` (rest-contract.md §2.5),
 * reduced to what stat updates and fame replies show. It runs for stat and fame events of characters
 * that are on this process, never on a packet path.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../kafka/tenant.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";

// Go decodes a missing attribute as its zero value; so do we.
const int = z.number().int().default(0);

/** The `characters` attributes the stats domain reads, with Atlas' names. */
export const characterStatsAttributesSchema = z.object({
  name: z.string().default(""),
  level: int,
  experience: int,
  gachaponExperience: int,
  strength: int,
  dexterity: int,
  intelligence: int,
  luck: int,
  hp: int,
  maxHp: int,
  mp: int,
  maxMp: int,
  meso: int,
  jobId: int,
  skinColor: int,
  fame: int,
  hair: int,
  face: int,
  ap: int,
  /** Comma-separated SP counters, one per skill book. */
  sp: z.string().default(""),
  mapId: int,
});

/** A `characters` resource with a decimal id. */
export const characterStatsResourceSchema = resourceSchema("characters", {
  id: decimalId,
  attributes: characterStatsAttributesSchema,
});

/** A character's stats as atlas-character reports them; `sp` is split into counters. */
export type CharacterStats = Omit<z.infer<typeof characterStatsAttributesSchema>, "sp"> & {
  id: number;
  /** SP counters per skill book. */
  sp: number[];
};

/**
 * Splits `"3,0,1"` into counters. A part that is not a 16-bit unsigned number reads as 0 so later
 * counters keep their skill-book index (the reference drops such parts, shifting the rest).
 */
export function parseSkillPoints(text: string): number[] {
  if (text.trim() === "") return [];
  return text.split(",").map((part) => {
    const value = Number(part.trim());
    return /^\s*\d+\s*$/.test(part) && value <= 0xffff ? value : 0;
  });
}

/** Reads a character's stats; rejects with the REST client's typed errors (404 → RestNotFoundError). */
export async function fetchCharacterStats(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
): Promise<CharacterStats> {
  const resource = await rest.get("CHARACTERS", `characters/${characterId}`, characterStatsResourceSchema, {
    tenant,
  });
  return { ...resource.attributes, id: resource.id, sp: parseSkillPoints(resource.attributes.sp) };
}
