/**
 * atlas-data lookups (rest-contract.md §2.19, §3.22–3.25): static game data — a map (with its portals
 * and NPCs resolved from `included`), a map's NPCs, an NPC template (storage fees) and a skill with its
 * per-level effects. Portal-by-name lives in the portal domain (`../portal/rest.ts`).
 * Mixed-case and snake_case attribute names are atlas-data's exactly (`MHPRRate`, `trunk_put`).
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { goSlice, int16, int32, uint16, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema, toMany } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";
import { portalResourceSchema } from "../portal/rest.ts";

/** A `npcs` resource of the map-life flavour: the id is the NPC's object id in the map. */
export const mapNpcResourceSchema = resourceSchema("npcs", {
  id: decimalId,
  attributes: z.object({
    /** The NPC template id. */
    template: uint32,
    name: z.string().default(""),
    cy: int16.default(0),
    f: uint32.default(0),
    fh: uint16.default(0),
    rx0: int16.default(0),
    rx1: int16.default(0),
    x: int16.default(0),
    y: int16.default(0),
    hide: z.boolean().default(false),
  }),
});

/** An NPC placed in a map. */
export type MapNpc = z.output<typeof mapNpcResourceSchema>["attributes"] & { objectId: number };

function toMapNpc(resource: z.output<typeof mapNpcResourceSchema>): MapNpc {
  return { objectId: resource.id, ...resource.attributes };
}

/** A portal of a map, as atlas-data lists it. */
export type MapPortal = z.output<typeof portalResourceSchema>["attributes"] & { id: number };

/**
 * A `maps` resource. Besides the attributes below the service sends the foothold tree and areas
 * (ignored) and relationships to every portal, reactor, NPC and monster, all included; the portals and
 * NPCs are resolved here, the rest is dropped.
 */
export const mapDataResourceSchema = resourceSchema("maps", {
  id: decimalId,
  attributes: z.object({
    name: z.string().default(""),
    streetName: z.string().default(""),
    returnMapId: uint32.default(0),
    monsterRate: z.number().default(0),
    onFirstUserEnter: z.string().default(""),
    onUserEnter: z.string().default(""),
    fieldLimit: uint32.default(0),
    mobInterval: uint32.default(0),
    seats: uint32.default(0),
    /** A town clock is shown on entry. */
    clock: z.boolean().default(false),
    everLast: z.boolean().default(false),
    town: z.boolean().default(false),
    decHP: uint32.default(0),
    protectItem: uint32.default(0),
    forcedReturnMapId: uint32.default(0),
    boat: z.boolean().default(false),
    timeLimit: int32.default(0),
    fieldType: uint32.default(0),
    mobCapacity: uint32.default(0),
    recovery: z.number().default(0),
  }),
  relationships: { portals: toMany(portalResourceSchema), npcs: toMany(mapNpcResourceSchema) },
});

/** A map's static data. */
export type MapData = z.output<typeof mapDataResourceSchema>["attributes"] & {
  id: number;
  portals: MapPortal[];
  npcs: MapNpc[];
};

/** `GET {DATA}data/maps/{id}`. 404 → RestNotFoundError. The body is large; call it once per map, not per entry. */
export async function getMapData(
  rest: RestClient,
  tenant: Tenant,
  mapId: number,
  options: LookupOptions = {},
): Promise<MapData> {
  const r = await rest.get("DATA", `data/maps/${mapId}`, mapDataResourceSchema, { ...options, tenant });
  return {
    id: r.id,
    ...r.attributes,
    portals: r.relationships.portals.map((p) => ({ id: p.id, ...p.attributes })),
    npcs: r.relationships.npcs.map(toMapNpc),
  };
}

/** `GET {DATA}data/maps/{id}/npcs`: every NPC of the map. 404 (unknown map) → RestNotFoundError. */
export async function getMapNpcs(
  rest: RestClient,
  tenant: Tenant,
  mapId: number,
  options: LookupOptions = {},
): Promise<MapNpc[]> {
  const resources = await rest.getMany("DATA", `data/maps/${mapId}/npcs`, mapNpcResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map(toMapNpc);
}

/** `GET {DATA}data/maps/{id}/npcs?objectId={objectId}`: the NPC with that object id, or `undefined`. */
export async function findMapNpcByObjectId(
  rest: RestClient,
  tenant: Tenant,
  mapId: number,
  objectId: number,
  options: LookupOptions = {},
): Promise<MapNpc | undefined> {
  const resources = await rest.getMany(
    "DATA",
    `data/maps/${mapId}/npcs?objectId=${objectId}`,
    mapNpcResourceSchema,
    { ...options, tenant },
  );
  const first = resources[0];
  return first ? toMapNpc(first) : undefined;
}

/** A `npcs` resource of the template flavour (snake_case attributes), read as camelCase. */
export const npcTemplateResourceSchema = resourceSchema("npcs", {
  id: decimalId,
  attributes: z.object({
    name: z.string().default(""),
    /** Storage deposit fee. */
    trunk_put: int32.default(0),
    /** Storage withdrawal fee. */
    trunk_get: int32.default(0),
    storebank: z.boolean().default(false),
  }).transform((a) => ({
    name: a.name,
    trunkPut: a.trunk_put,
    trunkGet: a.trunk_get,
    storebank: a.storebank,
  })),
});

/** An NPC template. */
export type NpcTemplate = z.output<typeof npcTemplateResourceSchema>["attributes"] & { id: number };

/** `GET {DATA}data/npcs/{id}`. 404 → RestNotFoundError. */
export async function getNpcTemplate(
  rest: RestClient,
  tenant: Tenant,
  npcId: number,
  options: LookupOptions = {},
): Promise<NpcTemplate> {
  const r = await rest.get("DATA", `data/npcs/${npcId}`, npcTemplateResourceSchema, { ...options, tenant });
  return { id: r.id, ...r.attributes };
}

const zero16 = int16.default(0);
const zeroU16 = uint16.default(0);
const zeroU32 = uint32.default(0);
const zeroI32 = int32.default(0);
const zeroF64 = z.number().default(0);

/** One level of a skill's effect (index = level − 1). Every name is atlas-data's exact spelling. */
export const skillEffectSchema = z.object({
  weaponAttack: zero16,
  magicAttack: zero16,
  weaponDefense: zero16,
  magicDefense: zero16,
  accuracy: zero16,
  avoidability: zero16,
  speed: zero16,
  jump: zero16,
  hp: zeroU16,
  mp: zeroU16,
  hpR: zeroF64,
  mpR: zeroF64,
  MHPRRate: zeroU16,
  MMPRRate: zeroU16,
  mobSkill: zeroU16,
  mobSkillLevel: zeroU16,
  mhpr: uint8.default(0),
  mmpr: uint8.default(0),
  HPConsume: zeroU16,
  MPConsume: zeroU16,
  duration: zeroI32,
  target: zeroU32,
  barrier: zeroI32,
  mob: zeroU32,
  overTime: z.boolean().default(false),
  repeatEffect: z.boolean().default(false),
  moveTo: zeroI32,
  cp: zeroU32,
  nuffSkill: zeroU32,
  skill: z.boolean().default(false),
  x: zero16,
  y: zero16,
  mobCount: zeroU32,
  moneyConsume: zeroU32,
  cooldown: zeroU32,
  morphId: zeroU32,
  ghost: zeroU32,
  fatigue: zeroU32,
  berserk: zeroU32,
  booster: zeroU32,
  prop: zeroF64,
  itemConsume: zeroU32,
  itemConsumeAmount: zeroU32,
  damage: zeroU32,
  attackCount: zeroU32,
  fixDamage: zeroI32,
  bulletCount: zeroU16,
  bulletConsume: zeroU16,
  mapProtection: uint8.default(0),
  cureAbnormalStatuses: goSlice(z.string()).default([]),
  /** Temporary stat changes, e.g. `{"type":"SPEED","amount":-30}`. */
  statups: goSlice(z.object({ type: z.string(), amount: int32 })).default([]),
  /** Monster status name → value. */
  monsterStatus: z.record(z.string(), uint32).nullable().default({}).transform((v) => v ?? {}),
  cardStats: z.object({
    itemCode: zeroU32,
    probability: zeroU32,
    areas: goSlice(z.object({ start: uint32, end: uint32 })).default([]),
    inParty: z.boolean().default(false),
  }).prefault({}),
});
/** See {@link skillEffectSchema}. */
export type SkillEffect = z.output<typeof skillEffectSchema>;

/** A `skills` resource of the data flavour (not the character's `skills`). */
export const skillDataResourceSchema = resourceSchema("skills", {
  id: decimalId,
  attributes: z.object({
    action: z.boolean().default(false),
    element: z.string().default(""),
    animationTime: uint32.default(0),
    effects: goSlice(skillEffectSchema).default([]),
  }),
});

/** A skill's static data. */
export type SkillData = z.output<typeof skillDataResourceSchema>["attributes"] & { id: number };

/** `GET {DATA}data/skills/{id}`. 404 → RestNotFoundError. */
export async function getSkillData(
  rest: RestClient,
  tenant: Tenant,
  skillId: number,
  options: LookupOptions = {},
): Promise<SkillData> {
  const r = await rest.get("DATA", `data/skills/${skillId}`, skillDataResourceSchema, { ...options, tenant });
  return { id: r.id, ...r.attributes };
}

/**
 * The effect of `skill` at `level`, or `undefined` when the level is out of range (the reference's
 * bounds check is off by one and indexes past the end; quirk 21).
 */
export function skillEffectAt(skill: Pick<SkillData, "effects">, level: number): SkillEffect | undefined {
  if (!Number.isInteger(level) || level < 1 || level > skill.effects.length) return undefined;
  return skill.effects[level - 1];
}

/** The highest level a skill has data for (the reference infers mastery max level this way). */
export function skillMaxLevel(skill: Pick<SkillData, "effects">): number {
  return skill.effects.length;
}
