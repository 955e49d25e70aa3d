/**
 * Fixture world for field tests: accounts and characters with stats, equipment, inventory, skills,
 * keys and a buddy list, as JSON:API documents in the shapes of rest-contract.md §3 (samples 3.3–3.13).
 * @module
 */
import type { JsonApiServer } from "./jsonapi-server.ts";
import {
  characterDocument as sampleCharacterDocument,
  equipableData,
} from "../../src/features/character/fixtures.ts";

/** One fixture character: what its REST documents are built from. */
export interface FixtureCharacter {
  id: number;
  accountId: number;
  name: string;
  mapId: number;
  level: number;
  jobId: number;
  gender: number;
  gm: number;
  hp: number;
  maxHp: number;
  mp: number;
  maxMp: number;
  meso: number;
  ap: number;
  sp: string;
  x: number;
  y: number;
  /** Pets served by `characters/{id}/pets`; none by default. */
  pets?: readonly FixturePet[];
}

/** A pet of a fixture character (summoned when `slot` is 0–2). */
export interface FixturePet {
  id: number;
  templateId: number;
  name: string;
  slot: number;
}

/** Henesys and Ellinia (ids from the reference samples). */
export const HENESYS = 100000000;
/** Second map, so "other maps receive nothing" can be tested. */
export const ELLINIA = 101000000;

function character(
  id: number,
  accountId: number,
  name: string,
  extra: Partial<FixtureCharacter> = {},
): FixtureCharacter {
  return {
    id,
    accountId,
    name,
    mapId: HENESYS,
    level: 30,
    jobId: 400,
    gender: 1,
    gm: 0,
    hp: 820,
    maxHp: 820,
    mp: 310,
    maxMp: 310,
    meso: 150000,
    ap: 5,
    sp: "2,0,0,0,0,0,0,0,0,0",
    x: -200,
    y: 274,
    ...extra,
  };
}

/**
 * The default characters, each on an account of its own so any of them can be online together: 1001,
 * 2001, 3001, 4001 (a GM) and 5001 (an Evan) in Henesys, 1002 in Ellinia.
 */
export const FIXTURE_CHARACTERS: readonly FixtureCharacter[] = Object.freeze([
  character(1001, 1, "Aria"),
  character(1002, 6, "Brin", { mapId: ELLINIA, jobId: 200, gender: 0 }),
  character(2001, 2, "Cody", { jobId: 100, gender: 0, level: 12 }),
  character(3001, 3, "Dana", { jobId: 300 }),
  character(4001, 4, "Gwen", { gm: 1, jobId: 910 }),
  character(5001, 5, "Evie", { jobId: 2212, sp: "0,0,0,4,0,0,0,0,0,0" }),
]);

const ZERO_TIME = "0001-01-01T00:00:00Z";

/** `characters/{id}` (rest-contract.md §3.6): the sample character with this one's stats. */
export function characterDocument(c: FixtureCharacter): unknown {
  return sampleCharacterDocument(c.id, {
    accountId: c.accountId,
    name: c.name,
    level: c.level,
    experience: 1234,
    hp: c.hp,
    maxHp: c.maxHp,
    mp: c.mp,
    maxMp: c.maxMp,
    meso: c.meso,
    jobId: c.jobId,
    gender: c.gender,
    hair: 30000,
    face: 20000,
    ap: c.ap,
    sp: c.sp,
    mapId: c.mapId,
    gm: c.gm,
    x: c.x,
    y: c.y,
  });
}

function equip(id: number, slot: number, templateId: number, weaponAttack = 0): unknown {
  return {
    type: "assets",
    id: String(id),
    attributes: {
      slot,
      templateId,
      expiration: ZERO_TIME,
      referenceId: id + 1000,
      referenceType: "equipable",
      referenceData: equipableData({ weaponAttack, weaponDefense: 3 }),
    },
  };
}

function stack(
  id: number,
  slot: number,
  templateId: number,
  referenceType: string,
  quantity: number,
): unknown {
  const referenceData = referenceType === "consumable"
    ? { ownerId: 0, quantity, flag: 0, rechargeable: 0 }
    : { ownerId: 0, quantity, flag: 0 };
  return {
    type: "assets",
    id: String(id),
    attributes: {
      slot,
      templateId,
      expiration: ZERO_TIME,
      referenceId: id + 1000,
      referenceType,
      referenceData,
    },
  };
}

/** A pet's cash item (referenceId = the pet id), as atlas-inventory lists it. */
function petItem(id: number, slot: number, ownerId: number, pet: FixturePet): unknown {
  return {
    type: "assets",
    id: String(id),
    attributes: {
      slot,
      templateId: pet.templateId,
      expiration: ZERO_TIME,
      referenceId: pet.id,
      referenceType: "pet",
      referenceData: {
        ownerId,
        cashId: String(pet.id + 5_000_000),
        flag: 0,
        purchasedBy: ownerId,
        name: pet.name,
        level: 1,
        closeness: 0,
        fullness: 100,
        slot: pet.slot,
      },
    },
  };
}

/**
 * `characters/{id}/inventory` (rest-contract.md §3.8): five compartments; equipped top, bottom, shoes
 * and weapon, a spare equip, 50 red potions, one setup item and 3 etc items. A character with pets also
 * has their cash items (cash slots 1, 2, ... in pet order) and 10 pet food (use slot 2).
 */
export function inventoryDocument(c: FixtureCharacter): unknown {
  const base = c.id * 10;
  const byType: Record<number, unknown[]> = {
    1: [
      equip(base + 1, -5, 1040002),
      equip(base + 2, -6, 1060002),
      equip(base + 3, -7, 1072001),
      equip(base + 4, -11, 1302000, 17),
      equip(base + 5, 1, 1002001),
    ],
    2: [stack(base + 6, 1, 2000000, "consumable", 50)],
    3: [stack(base + 7, 1, 3010000, "setup", 1)],
    4: [stack(base + 8, 1, 4000000, "etc", 3)],
    5: (c.pets ?? []).map((pet, i) => petItem(c.id * 100 + 90 + i, i + 1, c.id, pet)),
  };
  if (c.pets?.length) byType[2].push(stack(c.id * 100 + 80, 2, 2120000, "consumable", 10));
  const compartmentId = (type: number) =>
    `00000000-0000-4000-8000-${String(c.id).padStart(8, "0")}${String(type).padStart(4, "0")}`;
  const compartments = [1, 2, 3, 4, 5].map((type) => ({
    type: "compartments",
    id: compartmentId(type),
    attributes: { type, capacity: 24 },
    relationships: {
      assets: { data: byType[type].map((a) => ({ type: "assets", id: (a as { id: string }).id })) },
    },
  }));
  return {
    data: {
      type: "inventories",
      id: `00000000-0000-4000-8000-${String(c.id).padStart(12, "0")}`,
      attributes: { characterId: c.id },
      relationships: {
        compartments: { data: compartments.map((x) => ({ type: "compartments", id: x.id })) },
      },
    },
    included: [...compartments, ...Object.values(byType).flat()],
  };
}

/** `characters/{id}/skills` (§3.9): one regular skill and one 4th-job skill with a master level. */
export function skillsDocument(_c: FixtureCharacter): unknown {
  return {
    data: [
      {
        type: "skills",
        id: "4001003",
        attributes: { level: 10, masterLevel: 0, expiration: ZERO_TIME, cooldownExpiresAt: ZERO_TIME },
      },
      {
        type: "skills",
        id: "4121006",
        attributes: { level: 5, masterLevel: 20, expiration: ZERO_TIME, cooldownExpiresAt: ZERO_TIME },
      },
    ],
  };
}

/** `characters/{id}/keys` (§3.13): two bindings plus the auto-HP potion key 91. */
export function keysDocument(_c: FixtureCharacter): unknown {
  return {
    data: [
      { type: "keys", id: "18", attributes: { type: 4, action: 0 } },
      { type: "keys", id: "29", attributes: { type: 1, action: 4001003 } },
      { type: "keys", id: "91", attributes: { type: 7, action: 2000000 } },
    ],
  };
}

/** `characters/{id}/pets` (rest-contract.md §2.8): the character's pets, standing where it stands. */
export function petsDocument(c: FixtureCharacter): unknown {
  return {
    data: (c.pets ?? []).map((p) => ({
      type: "pets",
      id: String(p.id),
      attributes: {
        cashId: p.id + 5_000_000,
        templateId: p.templateId,
        name: p.name,
        level: 1,
        closeness: 0,
        fullness: 100,
        expiration: ZERO_TIME,
        ownerId: c.id,
        slot: p.slot,
        x: c.x,
        y: c.y,
        stance: 0,
        fh: 0,
        excludes: [],
        flag: 0,
        purchaseBy: c.id,
      },
    })),
  };
}

/** `characters/{id}/buddy-list` (§3.11), empty. */
export function buddyListDocument(c: FixtureCharacter): unknown {
  return {
    data: {
      type: "buddy-list",
      id: `00000000-0000-4000-9000-${String(c.id).padStart(12, "0")}`,
      attributes: { characterId: c.id, capacity: 20, buddies: [] },
    },
  };
}

/** `accounts/{id}` (§3.3). */
export function accountDocument(accountId: number, loggedIn = 0): unknown {
  return { data: accountResource(accountId, loggedIn) };
}

function accountResource(accountId: number, loggedIn: number): unknown {
  return {
    type: "accounts",
    id: String(accountId),
    attributes: {
      name: `account${accountId}`,
      pin: "",
      pic: "",
      loggedIn,
      lastLogin: 0,
      gender: 0,
      banned: false,
      tos: true,
      language: "en",
      country: "us",
      characterSlots: 6,
    },
  };
}

/** Routes every per-character and per-account document of `characters` on the fixture server. */
export function serveCharacters(server: JsonApiServer, characters: readonly FixtureCharacter[]): void {
  const accountIds = [...new Set(characters.map((c) => c.accountId))].sort((a, b) => a - b);
  server.on("GET", "accounts", { json: { data: accountIds.map((id) => accountResource(id, 0)) } });
  for (const id of accountIds) server.on("GET", `accounts/${id}`, { json: accountDocument(id) });
  for (const c of characters) {
    const at = `characters/${c.id}`;
    server.on("GET", at, { json: characterDocument(c) });
    const byName = { data: [(characterDocument(c) as { data: unknown }).data] };
    server.on("GET", `characters?name=${encodeURIComponent(c.name)}`, { json: byName });
    server.on("GET", `${at}/inventory`, { json: inventoryDocument(c) });
    server.on("GET", `${at}/skills`, { json: skillsDocument(c) });
    server.on("GET", `${at}/macros`, { json: { data: [] } });
    server.on("GET", `${at}/pets`, { json: petsDocument(c) });
    server.on("GET", `${at}/buddy-list`, { json: buddyListDocument(c) });
    server.on("GET", `${at}/keys`, { json: keysDocument(c) });
    server.on("GET", `${at}/buffs`, { json: { data: [] } });
    server.on("GET", `${at}/notes`, { json: { data: [] } });
    server.on("GET", `guilds?filter[members.id]=${c.id}`, { json: { data: [] } });
    server.on("GET", `parties?filter[members.id]=${c.id}`, { json: { data: [] } });
  }
}
