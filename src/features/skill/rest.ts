/**
 * atlas-skills lookups (rest-contract.md §2.7): a character's skills and skill macros.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";
import { optionalGoTime } from "../character/time.ts";

/** A `skills` resource (character flavour): the id is the skill id. */
export const skillResourceSchema = resourceSchema("skills", {
  id: decimalId,
  attributes: z.object({
    level: uint8.default(0),
    masterLevel: uint8.default(0),
    /** `null` = never expires. */
    expiration: optionalGoTime.default(null),
    /** `null` = no cooldown. */
    cooldownExpiresAt: optionalGoTime.default(null),
  }),
});

/** A skill the character has. */
export interface Skill {
  id: number;
  level: number;
  masterLevel: number;
  expiration: Date | null;
  cooldownExpiresAt: Date | null;
}

/** A `macros` resource: the id is the macro slot. */
export const macroResourceSchema = resourceSchema("macros", {
  id: decimalId,
  attributes: z.object({
    name: z.string().default(""),
    shout: z.boolean().default(false),
    skillId1: uint32.default(0),
    skillId2: uint32.default(0),
    skillId3: uint32.default(0),
  }),
});

/** A skill macro. */
export type SkillMacro = z.output<typeof macroResourceSchema>["attributes"] & { id: number };

/** `GET {SKILLS}characters/{id}/skills`, in the service's order. */
export async function getSkills(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Skill[]> {
  const resources = await rest.getMany("SKILLS", `characters/${characterId}/skills`, skillResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({ id: r.id, ...r.attributes }));
}

/** `GET {SKILLS}characters/{id}/macros`, sorted by slot id as the reference does. */
export async function getSkillMacros(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<SkillMacro[]> {
  const resources = await rest.getMany("SKILLS", `characters/${characterId}/macros`, macroResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({ id: r.id, ...r.attributes })).sort((a, b) => a.id - b.id);
}

/** Jobs whose skills carry a master level in SetField (4th job, Cygnus 4, Aran 4, Evan 6–10). */
const FOURTH_JOBS: ReadonlySet<number> = new Set([
  112,
  122,
  132,
  212,
  222,
  232,
  312,
  322,
  412,
  422,
  512,
  522,
  1112,
  1212,
  1312,
  1412,
  1512,
  2112,
  2214,
  2215,
  2216,
  2217,
  2218,
]);

/** Whether a skill belongs to a fourth-job class (its job is `floor(skillId / 10000)`). */
export function isFourthJobSkill(skillId: number): boolean {
  return FOURTH_JOBS.has(Math.floor(skillId / 10_000));
}
