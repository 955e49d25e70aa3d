/**
 * Everything SetField (and the cash shop and character spawn) needs about one character, composed the
 * way the reference's login does: the character record, then inventory, skills and pets, each of which
 * may fail without failing the login (that part is then empty, as in the reference, but logged).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { RestClient } from "../../rest/client.ts";
import { type Asset, compartmentOf, getInventory, type Inventory } from "../inventory/rest.ts";
import { getPets, type Pet } from "../pet/rest.ts";
import { getSkills, type Skill } from "../skill/rest.ts";
import { type Character, getCharacter, type LookupOptions } from "./rest.ts";

const log = getLogger("character.data");

/** A character with the parts the decorators add. */
export interface CharacterData {
  character: Character;
  /** `null` when the inventory lookup failed. */
  inventory: Inventory | null;
  skills: Skill[];
  /** Sorted by slot. */
  pets: Pet[];
}

/** Which decorators {@link loadCharacterData} runs (all by default). */
export interface LoadParts {
  inventory?: boolean;
  skills?: boolean;
  pets?: boolean;
}

/**
 * Fetches the character (its failure rejects: RestNotFoundError / RestError), then the requested
 * decorators in parallel ({@link decorateCharacter}).
 */
export async function loadCharacterData(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  parts: LoadParts = {},
  options: LookupOptions = {},
): Promise<CharacterData> {
  const character = await getCharacter(rest, tenant, characterId, options);
  return await decorateCharacter(rest, tenant, character, parts, options);
}

/**
 * Adds inventory, skills and pets to an already fetched character, in parallel; each failure is logged
 * and leaves that part empty, as the reference's decorators do.
 */
export async function decorateCharacter(
  rest: RestClient,
  tenant: Tenant,
  character: Character,
  parts: LoadParts = {},
  options: LookupOptions = {},
): Promise<CharacterData> {
  const characterId = character.id;
  const optional = async <T>(
    wanted: boolean | undefined,
    what: string,
    fetch: () => Promise<T>,
    empty: T,
  ) => {
    if (wanted === false) return empty;
    try {
      return await fetch();
    } catch (err) {
      log.warn(`${what} lookup failed; continuing without it`, {
        tenantId: tenant.id,
        characterId,
        error: err instanceof Error ? err.message : String(err),
      });
      return empty;
    }
  };
  const [inventory, skills, pets] = await Promise.all([
    optional<Inventory | null>(
      parts.inventory,
      "inventory",
      () => getInventory(rest, tenant, characterId, options),
      null,
    ),
    optional<Skill[]>(parts.skills, "skills", () => getSkills(rest, tenant, characterId, options), []),
    optional<Pet[]>(parts.pets, "pets", () => getPets(rest, tenant, characterId, options), []),
  ]);
  return { character, inventory, skills, pets };
}

/**
 * The equipment slots in the reference's order (atlas-constants `slot.Slots`): SetField writes worn
 * items in this order, and we write the avatar look in it too (the reference iterates a Go map there,
 * so its order is random).
 */
export const EQUIPMENT_SLOTS: readonly { name: string; position: number }[] = Object.freeze([
  ["hat", -1],
  ["medal", -49],
  ["forehead", -2],
  ["ring1", -12],
  ["ring2", -13],
  ["eye", -3],
  ["earring", -4],
  ["shoulder", -51],
  ["cape", -9],
  ["top", -5],
  ["pendant", -17],
  ["weapon", -11],
  ["shield", -10],
  ["gloves", -8],
  ["pants", -6],
  ["belt", -50],
  ["ring3", -15],
  ["ring4", -16],
  ["shoes", -7],
  ["tamingMob", -18],
  ["saddle", -19],
  ["mobEquip", -20],
  ["petEquip", -14],
  ["petRing1", -21],
  ["petPouch", -22],
  ["petMesoMagnet", -23],
  ["petHP", -24],
  ["petMP", -25],
  ["petShoes", -26],
  ["petBinocular", -27],
  ["petMagicScales", -28],
  ["petRing2", -29],
  ["pet2Equip", -30],
  ["pet2Ring1", -31],
  ["pet2Pouch", -32],
  ["pet2MesoMagnet", -33],
  ["pet2Shoes", -34],
  ["pet2Binocular", -35],
  ["pet2MagicScales", -36],
  ["pet2Ring2", -37],
  ["pet3Equip", -38],
  ["pet3Ring1", -39],
  ["pet3Pouch", -40],
  ["pet3MesoMagnet", -41],
  ["pet3Shoes", -42],
  ["pet3Binocular", -43],
  ["pet3MagicScales", -44],
  ["pet3Ring2", -45],
  ["petItemIgnore", -46],
  ["pet2ItemIgnore", -47],
  ["pet3ItemIgnore", -48],
].map(([name, position]) => Object.freeze({ name: name as string, position: position as number })));

const SLOT_INDEX = new Map(EQUIPMENT_SLOTS.map((slot, index) => [slot.position, index]));

/** What is worn in one slot: the regular item and/or the cash item covering it. */
export interface EquippedSlot {
  /** The slot's (negative) position, e.g. −11 for the weapon. */
  position: number;
  equip?: Asset;
  cash?: Asset;
}

/**
 * The worn items of an equip compartment, in {@link EQUIPMENT_SLOTS} order. Like the reference, a
 * position below −100 is the cash layer of position + 100, unknown positions are skipped, and only
 * `equipable` (regular) and `cash-equipable` (cash layer) assets count.
 */
export function equippedSlots(inventory: Inventory | null): EquippedSlot[] {
  const bySlot = new Map<number, EquippedSlot>();
  for (const asset of compartmentOf(inventory, 1).assets) {
    if (asset.slot > 0) continue;
    const cash = asset.slot < -100;
    const position = cash ? asset.slot + 100 : asset.slot;
    if (!SLOT_INDEX.has(position)) continue;
    const entry = bySlot.get(position) ?? { position };
    if (cash && asset.payload.kind === "cash-equipable") entry.cash = asset;
    else if (!cash && asset.payload.kind === "equipable") entry.equip = asset;
    else continue;
    bySlot.set(position, entry);
  }
  return [...bySlot.values()].sort((a, b) => SLOT_INDEX.get(a.position)! - SLOT_INDEX.get(b.position)!);
}

/** The equip tab's items (positive slots), in the service's order. */
export function equipTabAssets(inventory: Inventory | null): Asset[] {
  return compartmentOf(inventory, 1).assets.filter((asset) => asset.slot > 0);
}

const revisions = new WeakMap<Inventory, number>();

/**
 * How often `inventory` was changed in place by {@link applyInventoryChange} (0 for one never changed):
 * what is derived from an inventory (a spawn's look) stays valid while its object and revision are the same.
 */
export function inventoryRevision(inventory: Inventory): number {
  return revisions.get(inventory) ?? 0;
}

/**
 * One change to a character's inventory as atlas-inventory announces it (`EVENT_TOPIC_ASSET_STATUS`,
 * `EVENT_TOPIC_COMPARTMENT_STATUS`). Assets are matched by id, never by slot: a swap passes through
 * atlas-inventory's temporary slot (−32768), so two assets may briefly claim one slot number.
 */
export type InventoryChange =
  /** `CREATED` / `UPDATED`: the asset as it now is (replaces the one with its id, or is added). */
  | { kind: "put"; inventoryType: number; compartmentId: string; asset: Asset }
  /** `QUANTITY_CHANGED`. */
  | { kind: "quantity"; inventoryType: number; assetId: number; quantity: number }
  /** `MOVED`: the asset's new slot. */
  | { kind: "move"; inventoryType: number; assetId: number; slot: number }
  /** `DELETED`. */
  | { kind: "remove"; inventoryType: number; assetId: number }
  /** Compartment `CAPACITY_CHANGED` / `CREATED`. */
  | { kind: "capacity"; inventoryType: number; compartmentId: string; capacity: number };

/**
 * Applies one {@link InventoryChange} to the session's cached inventory (`CHARACTER_DATA`), so that
 * SetField, spawns and looks written later show what atlas-inventory holds without a new lookup. This is
 * the only place the cached inventory changes after login. Returns false (nothing changed) when there
 * is no cached inventory (its lookup failed at login) or the asset is unknown to the cache; the caller
 * logs that, since the cache then differs from the service until the next login.
 */
export function applyInventoryChange(inventory: Inventory | null, change: InventoryChange): boolean {
  if (!inventory) return false;
  revisions.set(inventory, inventoryRevision(inventory) + 1);
  let compartment = inventory.compartments.find((c) => c.type === change.inventoryType);
  if (!compartment) {
    if (change.kind !== "put" && change.kind !== "capacity") return false;
    compartment = { id: change.compartmentId, type: change.inventoryType, capacity: 0, assets: [] };
    inventory.compartments.push(compartment);
  }
  if (change.kind === "capacity") {
    compartment.capacity = change.capacity;
    return true;
  }
  const assets = compartment.assets;
  const id = change.kind === "put" ? change.asset.id : change.assetId;
  const index = assets.findIndex((a) => a.id === id);
  switch (change.kind) {
    case "put":
      if (index >= 0) assets[index] = change.asset;
      else assets.push(change.asset);
      return true;
    case "remove":
      if (index < 0) return false;
      assets.splice(index, 1);
      return true;
    case "move":
      if (index < 0) return false;
      assets[index] = { ...assets[index], slot: change.slot };
      return true;
    case "quantity": {
      if (index < 0) return false;
      const asset = assets[index];
      const p = asset.payload;
      if (p.kind !== "consumable" && p.kind !== "setup" && p.kind !== "etc" && p.kind !== "cash") {
        return false;
      }
      assets[index] = {
        ...asset,
        payload: { ...p, data: { ...p.data, quantity: change.quantity } } as typeof p,
      };
      return true;
    }
  }
}
