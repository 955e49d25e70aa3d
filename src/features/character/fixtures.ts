/**
 * JSON:API documents shaped exactly like the Atlas services' answers for the lookups login needs
 * (rest-contract.md §3.6–3.13), built from small overridable samples. Tests and the test harness serve
 * them from the fixture REST server; the schemas in the `rest.ts` modules parse every one of them.
 * @module
 */
import type { CharacterAttributes } from "./rest.ts";

const ZERO_TIME = "0001-01-01T00:00:00Z";

/** A JSON:API resource object as a service writes it. */
export interface ResourceObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: { type: string; id: string }[] }>;
}

/** The attributes of the reference's sample character (§3.6), with `overrides` applied. */
export function sampleCharacterAttributes(
  overrides: Partial<CharacterAttributes> = {},
): CharacterAttributes {
  return {
    accountId: 42,
    worldId: 0,
    name: "Aria",
    level: 30,
    experience: 12345,
    gachaponExperience: 0,
    strength: 4,
    dexterity: 25,
    intelligence: 4,
    luck: 120,
    hp: 820,
    maxHp: 820,
    mp: 310,
    maxMp: 310,
    meso: 150000,
    hpMpUsed: 0,
    jobId: 400,
    skinColor: 0,
    gender: 1,
    fame: 3,
    hair: 31000,
    face: 21000,
    ap: 0,
    sp: "2,0,0,0,0,0,0,0,0,0",
    mapId: 100000000,
    spawnPoint: 0,
    gm: 0,
    x: -200,
    y: 274,
    stance: 4,
    ...overrides,
  };
}

/** `GET characters/{id}`: one `characters` resource. */
export function characterDocument(id: number, overrides: Partial<CharacterAttributes> = {}) {
  return { data: { type: "characters", id: String(id), attributes: sampleCharacterAttributes(overrides) } };
}

/** One inventory asset to put in {@link inventoryDocument}. */
export interface AssetFixture {
  id: number;
  /** Inventory type of the compartment it lives in (1 equip … 5 cash). */
  inventoryType: number;
  slot: number;
  templateId: number;
  referenceType: string;
  referenceId?: number;
  expiration?: string;
  referenceData: Record<string, unknown>;
}

/** The stats of an equipable (all zeros, slots 7, tradeable) with `overrides`. */
export function equipableData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ownerId: 0,
    strength: 0,
    dexterity: 0,
    intelligence: 0,
    luck: 0,
    hp: 0,
    mp: 0,
    weaponAttack: 0,
    magicAttack: 0,
    weaponDefense: 0,
    magicDefense: 0,
    accuracy: 0,
    avoidability: 0,
    hands: 0,
    speed: 0,
    jump: 0,
    slots: 7,
    locked: false,
    spikes: false,
    karmaUsed: false,
    cold: false,
    canBeTraded: true,
    levelType: 0,
    level: 0,
    experience: 0,
    hammersApplied: 0,
    ...overrides,
  };
}

/** An equipable: negative `slot` = equipped (e.g. −11 weapon, −5 top); positive = equip tab. */
export function equipAsset(
  id: number,
  slot: number,
  templateId: number,
  stats: Record<string, unknown> = {},
): AssetFixture {
  return {
    id,
    inventoryType: 1,
    slot,
    templateId,
    referenceType: "equipable",
    referenceId: id + 2000,
    referenceData: equipableData(stats),
  };
}

/** A cash equipable (`slot` below −100 when worn). */
export function cashEquipAsset(id: number, slot: number, templateId: number, cashId: string): AssetFixture {
  return {
    id,
    inventoryType: 1,
    slot,
    templateId,
    referenceType: "cash-equipable",
    referenceId: id + 2000,
    referenceData: { cashId, ...equipableData({ slots: 0 }) },
  };
}

/** A stack of a use (`consumable`), `setup` or `etc` item. */
export function stackAsset(
  id: number,
  inventoryType: 2 | 3 | 4,
  slot: number,
  templateId: number,
  quantity: number,
  extra: Record<string, unknown> = {},
): AssetFixture {
  const referenceType = inventoryType === 2 ? "consumable" : inventoryType === 3 ? "setup" : "etc";
  const base: Record<string, unknown> = { ownerId: 0, quantity, flag: 0 };
  if (inventoryType === 2) base.rechargeable = 0;
  return {
    id,
    inventoryType,
    slot,
    templateId,
    referenceType,
    referenceId: id + 2000,
    referenceData: { ...base, ...extra },
  };
}

/** A cash-tab item. */
export function cashAsset(
  id: number,
  slot: number,
  templateId: number,
  cashId: string,
  quantity = 1,
): AssetFixture {
  return {
    id,
    inventoryType: 5,
    slot,
    templateId,
    referenceType: "cash",
    referenceId: id + 2000,
    referenceData: { ownerId: 0, cashId, quantity, flag: 0, purchasedBy: 0 },
  };
}

/** A pet's cash item; `referenceId` is the pet id. */
export function petAsset(
  id: number,
  slot: number,
  templateId: number,
  petId: number,
  name: string,
): AssetFixture {
  return {
    id,
    inventoryType: 5,
    slot,
    templateId,
    referenceType: "pet",
    referenceId: petId,
    expiration: "2026-04-15T00:00:00Z",
    referenceData: {
      ownerId: 0,
      cashId: "9000000000456",
      flag: 0,
      purchasedBy: 0,
      name,
      level: 5,
      closeness: 120,
      fullness: 90,
      slot: 0,
    },
  };
}

/** The reference's sample inventory contents (§3.8): a worn weapon and 50 red potions. */
export function sampleAssets(): AssetFixture[] {
  return [
    equipAsset(5001, -11, 1472000, { luck: 2, weaponAttack: 12 }),
    stackAsset(5002, 2, 1, 2000000, 50),
  ];
}

/** The compartment id the fixtures give a character's tab of `type`. */
export function compartmentId(characterId: number, type: number): string {
  const hex = (characterId >>> 0).toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-00000000000${type}`;
}

/**
 * `GET characters/{id}/inventory`: an `inventories` resource with five compartments (capacity 24 unless
 * given) and every asset in `included`, as atlas-inventory flattens them.
 */
export function inventoryDocument(
  characterId: number,
  assets: readonly AssetFixture[] = sampleAssets(),
  capacities: Partial<Record<1 | 2 | 3 | 4 | 5, number>> = {},
) {
  const types = [1, 2, 3, 4, 5] as const;
  const compartments: ResourceObject[] = types.map((type) => ({
    type: "compartments",
    id: compartmentId(characterId, type),
    attributes: { type, capacity: capacities[type] ?? 24 },
    relationships: {
      assets: {
        data: assets.filter((a) => a.inventoryType === type).map((a) => ({
          type: "assets",
          id: String(a.id),
        })),
      },
    },
  }));
  const assetObjects: ResourceObject[] = assets.map((a) => ({
    type: "assets",
    id: String(a.id),
    attributes: {
      slot: a.slot,
      templateId: a.templateId,
      expiration: a.expiration ?? ZERO_TIME,
      referenceId: a.referenceId ?? 0,
      referenceType: a.referenceType,
      referenceData: a.referenceData,
    },
  }));
  return {
    data: {
      type: "inventories",
      id: crypto.randomUUID(),
      attributes: { characterId },
      relationships: {
        compartments: { data: compartments.map((c) => ({ type: "compartments", id: c.id })) },
      },
    },
    included: [...compartments, ...assetObjects],
  };
}

/** One skill to put in {@link skillsDocument}. */
export interface SkillFixture {
  id: number;
  level: number;
  masterLevel?: number;
  expiration?: string;
  cooldownExpiresAt?: string;
}

/** `GET characters/{id}/skills` (default: the §3.9 sample, Dark Sight level 10). */
export function skillsDocument(skills: readonly SkillFixture[] = [{ id: 4001003, level: 10 }]) {
  return {
    data: skills.map((s) => ({
      type: "skills",
      id: String(s.id),
      attributes: {
        level: s.level,
        masterLevel: s.masterLevel ?? 0,
        expiration: s.expiration ?? ZERO_TIME,
        cooldownExpiresAt: s.cooldownExpiresAt ?? ZERO_TIME,
      },
    })),
  };
}

/** `GET characters/{id}/macros` (default: the §3.9 sample). */
export function macrosDocument(
  macros: readonly { id: number; name: string; shout?: boolean; skills?: [number, number, number] }[] = [
    { id: 0, name: "Buffs", skills: [4001003, 0, 0] },
  ],
) {
  return {
    data: macros.map((m) => ({
      type: "macros",
      id: String(m.id),
      attributes: {
        name: m.name,
        shout: m.shout ?? false,
        skillId1: m.skills?.[0] ?? 0,
        skillId2: m.skills?.[1] ?? 0,
        skillId3: m.skills?.[2] ?? 0,
      },
    })),
  };
}

/** One pet's attributes (the §3.10 sample) with `overrides`. */
export function samplePetAttributes(
  ownerId: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    cashId: 9000000000456,
    templateId: 5000000,
    name: "Kitty",
    level: 5,
    closeness: 120,
    fullness: 90,
    expiration: "2026-04-15T00:00:00Z",
    ownerId,
    slot: 0,
    x: -190,
    y: 274,
    stance: 0,
    fh: 12,
    excludes: [{ itemId: 4000000 }],
    flag: 0,
    purchaseBy: ownerId,
    ...overrides,
  };
}

/** `GET characters/{id}/pets`: `pets` maps pet id → attribute overrides (default: none). */
export function petsDocument(ownerId: number, pets: Readonly<Record<number, Record<string, unknown>>> = {}) {
  return {
    data: Object.entries(pets).map(([id, overrides]) => ({
      type: "pets",
      id,
      attributes: samplePetAttributes(ownerId, overrides),
    })),
  };
}

/** A few bindings of a fresh character (key index → [type, action]), plus the §3.13 auto-HP slot. */
export const SAMPLE_KEY_BINDINGS: Readonly<Record<number, readonly [number, number]>> = Object.freeze({
  2: [4, 10],
  3: [4, 12],
  18: [4, 0],
  29: [5, 52],
  91: [7, 2000000],
});

/** `GET characters/{id}/keys`. */
export function keysDocument(
  bindings: Readonly<Record<number, readonly [number, number]>> = SAMPLE_KEY_BINDINGS,
) {
  return {
    data: Object.entries(bindings).map(([key, [type, action]]) => ({
      type: "keys",
      id: key,
      attributes: { type, action },
    })),
  };
}

/** One buff to put in {@link buffsDocument}. */
export interface BuffFixture {
  sourceId: number;
  durationMs: number;
  changes: { type: string; amount: number }[];
  createdAt: Date;
}

/** `GET characters/{id}/buffs` (default: no buffs). */
export function buffsDocument(buffs: readonly BuffFixture[] = []) {
  return {
    data: buffs.map((b, i) => ({
      type: "buffs",
      id: `0b1f4a52-9d6e-4c7a-8b1e-${String(i).padStart(12, "0")}`,
      attributes: {
        sourceId: b.sourceId,
        duration: b.durationMs,
        changes: b.changes,
        createdAt: b.createdAt.toISOString(),
        expiresAt: new Date(b.createdAt.getTime() + b.durationMs).toISOString(),
      },
    })),
  };
}
