/**
 * atlas-inventory lookups (rest-contract.md §2.6): the whole inventory of a character
 * (`GET characters/{id}/inventory`, compartments and their assets included) and one compartment
 * (`GET characters/{id}/inventory/compartments?type=`). `referenceData` is validated per
 * `referenceType`; an asset of a type the channel does not know is kept as `kind: "unknown"` so one odd
 * record does not cost the whole inventory (the packet writers skip it).
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int16, int64String, int8, uint16, uint32, uint64, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema, toMany, uuidId } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";
import { optionalGoTime } from "../character/time.ts";

const zero = (schema: z.ZodNumber) => schema.default(0);

/** Inventory types (compartment `type`). */
export const INVENTORY_TYPES = { equip: 1, use: 2, setup: 3, etc: 4, cash: 5 } as const;

/** Stats of an equipable (`equipable` reference data; also part of `cash-equipable`). */
export const equipableDataSchema = z.object({
  ownerId: zero(uint32),
  strength: zero(uint16),
  dexterity: zero(uint16),
  intelligence: zero(uint16),
  luck: zero(uint16),
  hp: zero(uint16),
  mp: zero(uint16),
  weaponAttack: zero(uint16),
  magicAttack: zero(uint16),
  weaponDefense: zero(uint16),
  magicDefense: zero(uint16),
  accuracy: zero(uint16),
  avoidability: zero(uint16),
  hands: zero(uint16),
  speed: zero(uint16),
  jump: zero(uint16),
  slots: zero(uint16),
  locked: z.boolean().default(false),
  spikes: z.boolean().default(false),
  karmaUsed: z.boolean().default(false),
  cold: z.boolean().default(false),
  canBeTraded: z.boolean().default(false),
  levelType: zero(uint8),
  level: zero(uint8),
  experience: zero(uint32),
  hammersApplied: zero(uint32),
});
/** See {@link equipableDataSchema}. */
export type EquipableData = z.output<typeof equipableDataSchema>;

/** `cash-equipable`: a cash serial number (decimal text) plus the equipable fields (zeros in practice). */
export const cashEquipableDataSchema = equipableDataSchema.extend({ cashId: int64String.default("0") });

/** `consumable`: stackable, with the recharge amount of stars and bullets. */
export const consumableDataSchema = z.object({
  ownerId: zero(uint32),
  quantity: zero(uint32),
  flag: zero(uint16),
  rechargeable: zero(uint64),
});

/** `setup` and `etc`: stackable. */
export const stackableDataSchema = z.object({
  ownerId: zero(uint32),
  quantity: zero(uint32),
  flag: zero(uint16),
});

/** `cash`: a cash item. */
export const cashDataSchema = z.object({
  ownerId: zero(uint32),
  cashId: int64String.default("0"),
  quantity: zero(uint32),
  flag: zero(uint16),
  purchasedBy: zero(uint32),
});

/** `pet`: the pet's cash item. */
export const petItemDataSchema = z.object({
  ownerId: zero(uint32),
  cashId: int64String.default("0"),
  flag: zero(uint16),
  purchasedBy: zero(uint32),
  name: z.string().default(""),
  level: zero(uint8),
  closeness: zero(uint16),
  fullness: zero(uint8),
  /** −1 = not summoned. */
  slot: int8.default(-1),
});

const REFERENCE_DATA = {
  "equipable": equipableDataSchema,
  "cash-equipable": cashEquipableDataSchema,
  "consumable": consumableDataSchema,
  "setup": stackableDataSchema,
  "etc": stackableDataSchema,
  "cash": cashDataSchema,
  "pet": petItemDataSchema,
} as const;

/** The referenceType values the channel understands. */
export type ReferenceType = keyof typeof REFERENCE_DATA;

/** An asset's typed payload, tagged by `kind` (the referenceType, or "unknown"). */
export type AssetPayload =
  | { kind: "equipable"; data: EquipableData }
  | { kind: "cash-equipable"; data: z.output<typeof cashEquipableDataSchema> }
  | { kind: "consumable"; data: z.output<typeof consumableDataSchema> }
  | { kind: "setup"; data: z.output<typeof stackableDataSchema> }
  | { kind: "etc"; data: z.output<typeof stackableDataSchema> }
  | { kind: "cash"; data: z.output<typeof cashDataSchema> }
  | { kind: "pet"; data: z.output<typeof petItemDataSchema> }
  | { kind: "unknown"; referenceType: string };

const assetAttributesSchema = z.object({
  /** Negative = equipped (below −100: cash equipment). */
  slot: int16,
  templateId: uint32,
  expiration: optionalGoTime.default(null),
  referenceId: zero(uint32),
  referenceType: z.string(),
  referenceData: z.unknown().optional(),
}).transform((attributes, ctx) => {
  const { referenceType, referenceData, ...rest } = attributes;
  const schema = Object.hasOwn(REFERENCE_DATA, referenceType)
    ? REFERENCE_DATA[referenceType as ReferenceType]
    : undefined;
  if (!schema) return { ...rest, payload: { kind: "unknown", referenceType } as AssetPayload };
  const parsed = schema.safeParse(referenceData ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", path: ["referenceData", ...issue.path], message: issue.message });
    }
    return z.NEVER;
  }
  return { ...rest, payload: { kind: referenceType, data: parsed.data } as AssetPayload };
});

/**
 * An asset from the attributes atlas-inventory puts in its REST documents and asset events (`slot`,
 * `templateId`, `expiration`, `referenceId`, `referenceType`, `referenceData`); throws a ZodError when
 * the reference data does not fit its type.
 */
export function assetFromAttributes(id: number, attributes: z.input<typeof assetAttributesSchema>): Asset {
  return { id, ...assetAttributesSchema.parse(attributes) };
}

/** An `assets` resource (inventory flavour): the id is decimal. */
export const assetResourceSchema = resourceSchema("assets", {
  id: decimalId,
  attributes: assetAttributesSchema,
});

/** One item of a compartment. */
export type Asset = z.output<typeof assetAttributesSchema> & { id: number };

/** A `compartments` resource (inventory flavour) with its assets. */
export const compartmentResourceSchema = resourceSchema("compartments", {
  id: uuidId,
  attributes: z.object({ type: int8, capacity: zero(uint32) }),
  relationships: { assets: toMany(assetResourceSchema) },
});

/** One inventory tab. */
export interface Compartment {
  id: string;
  /** 1 equip, 2 use, 3 setup, 4 etc, 5 cash. */
  type: number;
  capacity: number;
  /** In the order the service listed them. */
  assets: Asset[];
}

/** An `inventories` resource; its id is a fresh UUID per response and means nothing. */
export const inventoryResourceSchema = resourceSchema("inventories", {
  id: uuidId,
  attributes: z.object({ characterId: zero(uint32) }),
  relationships: { compartments: toMany(compartmentResourceSchema) },
});

/** A character's inventory: compartments by type (absent types have no compartment). */
export interface Inventory {
  characterId: number;
  compartments: Compartment[];
}

function toCompartment(resource: z.output<typeof compartmentResourceSchema>): Compartment {
  return {
    id: resource.id,
    type: resource.attributes.type,
    capacity: resource.attributes.capacity,
    assets: resource.relationships.assets.map((asset) => ({ id: asset.id, ...asset.attributes })),
  };
}

/** `GET {INVENTORY}characters/{id}/inventory`. 404 (no inventory) → RestNotFoundError. */
export async function getInventory(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Inventory> {
  const resource = await rest.get(
    "INVENTORY",
    `characters/${characterId}/inventory`,
    inventoryResourceSchema,
    {
      ...options,
      tenant,
    },
  );
  return {
    characterId: resource.attributes.characterId,
    compartments: resource.relationships.compartments.map(toCompartment),
  };
}

/** `GET {INVENTORY}characters/{id}/inventory/compartments?type={type}`. 404 → RestNotFoundError. */
export async function getCompartment(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  inventoryType: number,
  options: LookupOptions = {},
): Promise<Compartment> {
  const resource = await rest.get(
    "INVENTORY",
    `characters/${characterId}/inventory/compartments?type=${inventoryType}`,
    compartmentResourceSchema,
    { ...options, tenant },
  );
  return toCompartment(resource);
}

/** The compartment of `type`, or an empty one (capacity 0, as the reference writes for a missing one). */
export function compartmentOf(inventory: Inventory | null, type: number, defaultCapacity = 0): Compartment {
  return inventory?.compartments.find((c) => c.type === type) ??
    { id: "", type, capacity: defaultCapacity, assets: [] };
}
