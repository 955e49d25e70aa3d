/**
 * atlas-character lookups (rest-contract.md §2.5): `GET characters/{id}` and `GET characters?name=`.
 * Attribute names are Atlas' exactly. Missing numeric attributes read as 0, as Go's decoder leaves
 * them, so an older character service does not break login.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int16, uint16, uint32, uint8 } from "../../kafka/wire.ts";
import type { RequestOptions, RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";

const zero = (schema: z.ZodNumber) => schema.default(0);

/** The attributes of a `characters` resource (atlas-character flavour). */
export const characterAttributesSchema = z.object({
  accountId: zero(uint32),
  worldId: zero(uint8),
  name: z.string().default(""),
  level: zero(uint8),
  experience: zero(uint32),
  gachaponExperience: zero(uint32),
  strength: zero(uint16),
  dexterity: zero(uint16),
  intelligence: zero(uint16),
  luck: zero(uint16),
  hp: zero(uint16),
  maxHp: zero(uint16),
  mp: zero(uint16),
  maxMp: zero(uint16),
  meso: zero(uint32),
  hpMpUsed: zero(z.number().int()),
  jobId: zero(uint16),
  skinColor: zero(uint8),
  gender: zero(uint8),
  fame: zero(int16),
  hair: zero(uint32),
  face: zero(uint32),
  ap: zero(uint16),
  /** Comma-separated SP counters (`"2,0,0,0,0,0,0,0,0,0"`); see {@link spCounters}. */
  sp: z.string().default(""),
  mapId: zero(uint32),
  /** Sent by atlas-character but not used by the reference (it always spawns at portal 0). */
  spawnPoint: zero(uint32),
  /** Greater than zero means GM. */
  gm: zero(z.number().int()),
  x: zero(int16),
  y: zero(int16),
  stance: zero(uint8),
});

/** A `characters` resource. */
export const characterResourceSchema = resourceSchema("characters", {
  id: decimalId,
  attributes: characterAttributesSchema,
});

/** A character as atlas-character describes it: its id plus every attribute. */
export type Character = z.output<typeof characterAttributesSchema> & { id: number };

/** A character's JSON attributes as the service writes them (what fixtures build). */
export type CharacterAttributes = z.input<typeof characterAttributesSchema>;

/** Per-call options of the lookups. */
export type LookupOptions = Omit<RequestOptions, "tenant" | "include">;

/** `GET {CHARACTERS}characters/{id}`. 404 → RestNotFoundError; other failures → RestError. */
export async function getCharacter(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Character> {
  const resource = await rest.get("CHARACTERS", `characters/${characterId}`, characterResourceSchema, {
    ...options,
    tenant,
  });
  return { id: resource.id, ...resource.attributes };
}

/**
 * `GET {CHARACTERS}characters?name={name}`: the first match, or `undefined` when there is none. Unlike the
 * reference the name is URL-encoded (names with `&` or spaces would otherwise change the query).
 */
export async function findCharacterByName(
  rest: RestClient,
  tenant: Tenant,
  name: string,
  options: LookupOptions = {},
): Promise<Character | undefined> {
  const found = await rest.getMany(
    "CHARACTERS",
    `characters?name=${encodeURIComponent(name)}`,
    characterResourceSchema,
    { ...options, tenant },
  );
  const first = found[0];
  return first ? { id: first.id, ...first.attributes } : undefined;
}

/** The SP counters of the `sp` text; parts that are not u16 numbers read as 0 (the reference drops them). */
export function spCounters(sp: string): number[] {
  if (sp.trim() === "") return [];
  return sp.split(",").map((part) => {
    const value = Number(part.trim());
    return Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : 0;
  });
}

/** Evan jobs (2001, 2200, 2210–2218) keep one SP counter per skill book. */
export function isEvanJob(jobId: number): boolean {
  return jobId === 2001 || jobId === 2200 || (jobId >= 2210 && jobId <= 2218);
}

/** The SP counter the character spends now: index 0, or `jobId − 2209` for Evan jobs 2210–2218. */
export function skillBookIndex(jobId: number): number {
  return jobId >= 2210 && jobId <= 2218 ? jobId - 2209 : 0;
}

/** The remaining SP of the character's current skill book (0 when the counter is missing). */
export function remainingSp(character: Pick<Character, "jobId" | "sp">): number {
  return spCounters(character.sp)[skillBookIndex(character.jobId)] ?? 0;
}
