/**
 * The sandbox's fixture world: three tenants (GMS v83, GMS v95 and JMS v185, {@link SANDBOX_TENANTS}),
 * each with one world and three channels, sharing one set of characters: named characters on
 * two accounts (stats, equipment, inventory, skills, key map, a pet), generated characters for load tests
 * (ids {@link GENERATED_FIRST_ID}.. on accounts of the same id), three maps joined in a ring by
 * portals, with NPCs and monster spawns, and a boat from Ellinia to Orbis Station (its waiting room
 * and the ship itself are maps of their own). Everything here is plain data; `store.ts` keeps the
 * mutable copy the responders change and the HTTP server serves.
 *
 * Every map of the ring has a portal named {@link NEXT_PORTAL} to the next map of the ring and
 * {@link PREV_PORTAL} to the previous one, so a bot can walk through a portal without knowing where it
 * stands; Orbis Station's {@link NEXT_PORTAL} leads back to Ellinia.
 * @module
 */
import {
  type AssetFixture,
  cashAsset,
  equipAsset,
  petAsset,
  sampleCharacterAttributes,
  type SkillFixture,
  stackAsset,
} from "../features/character/fixtures.ts";
import type { CharacterAttributes } from "../features/character/rest.ts";
import tenantAttributes from "./tenant-gms83.json" with { type: "json" };
import tenant95Attributes from "./tenant-gms95.json" with { type: "json" };
import tenantJmsAttributes from "./tenant-jms185.json" with { type: "json" };

/** The configurations-service id of the sandbox's channel service (`SERVICE_ID` of a sandboxed channel). */
export const SANDBOX_SERVICE_ID = "5a4db0c5-0000-4000-8000-5a4db0c50001";
/** The sandbox tenant's id. */
export const SANDBOX_TENANT_ID = "5a4db0c5-0000-4000-8000-5a4db0c583a1";
/** The sandbox tenant's configuration attributes (GMS 83.1 opcode tables; see tenant-gms83.json). */
export const SANDBOX_TENANT_ATTRIBUTES = tenantAttributes;
/** The tenant identity carried in Kafka and REST headers. */
export const SANDBOX_TENANT = Object.freeze({
  id: SANDBOX_TENANT_ID,
  region: tenantAttributes.region,
  majorVersion: tenantAttributes.majorVersion,
  minorVersion: tenantAttributes.minorVersion,
});
/** One tenant of the sandbox: its configuration and where its channels listen. */
export interface SandboxTenant {
  readonly id: string;
  /** `GMS 83`, `GMS 95`, `JMS 185`. */
  readonly label: string;
  /** Short name for command lines: `gms83`, `gms95`, `jms185`. */
  readonly key: string;
  /** The configurations-service attributes (opcode tables and options). */
  readonly attributes: typeof tenantAttributes;
  /** The Kafka/REST identity. */
  readonly tenant: { id: string; region: string; majorVersion: number; minorVersion: number };
  /** Its channel ports follow channel 0 of the first tenant by this many ports. */
  readonly portOffset: number;
}

function sandboxTenant(
  id: string,
  key: string,
  attributes: typeof tenantAttributes,
  portOffset: number,
): SandboxTenant {
  const { region, majorVersion, minorVersion } = attributes;
  return Object.freeze({
    id,
    key,
    label: `${region} ${majorVersion}`,
    attributes,
    tenant: Object.freeze({ id, region, majorVersion, minorVersion }),
    portOffset,
  });
}

/** The GMS v95 tenant's id. */
export const SANDBOX_TENANT_GMS95_ID = "5a4db0c5-0000-4000-8000-5a4db0c595a1";
/** The JMS v185 tenant's id. */
export const SANDBOX_TENANT_JMS185_ID = "5a4db0c5-0000-4000-8000-5a4db0c5185a";

/**
 * The sandbox's tenants. GMS v83 uses the reference's template (tenant-gms83.json) plus what it lacks for
 * the cash shop, taken from d59a1ad2df's v83 seed template: CashShopCheckWallet 0xE4, CashShopOperation
 * 0xE5 with its operation codes, and the CashShopOperation writer's full operation and error tables. GMS v95 uses Atlas's
 * later v95 template (tenant-gms95.json, from d59a1ad2df's seed data, whose handler and writer names are
 * accepted by dispatch's alias tables) plus six entries that template lacks — MapChange 0x29, CashShopEntry
 * 0x2B, NPCStartConversation 0x3F, PortalScript 0x70, multi chat 0x8C and writer CashShopOpen 0x8F — at the
 * v95 client's opcodes (each sits where every other version's template puts it relative to its
 * neighbours: MapChange three below CharacterMove, PortalScript one above CancelDebuff, CashShopOpen two
 * above SetField, ...). JMS v185 uses Atlas's later JMS template (tenant-jms185.json, d59a1ad2df seed
 * data). Options a template lacks (StatChanged statistics, movement types, ...) are filled by dispatch
 * from the client's known values.
 */
export const SANDBOX_TENANTS: readonly SandboxTenant[] = Object.freeze([
  sandboxTenant(SANDBOX_TENANT_ID, "gms83", tenantAttributes, 0),
  sandboxTenant(SANDBOX_TENANT_GMS95_ID, "gms95", tenant95Attributes as typeof tenantAttributes, 3),
  sandboxTenant(SANDBOX_TENANT_JMS185_ID, "jms185", tenantJmsAttributes as typeof tenantAttributes, 6),
]);

/** The sandbox tenant of an id (any case), if it is one. */
export function sandboxTenantOf(id: string | null | undefined): SandboxTenant | undefined {
  const lower = id?.toLowerCase();
  return SANDBOX_TENANTS.find((t) => t.id === lower);
}

/** The sandbox tenant of a command-line key (`gms83`, `gms95`, `jms185`, or `83`, `95`, `jms`). */
export function sandboxTenantByKey(key: string): SandboxTenant | undefined {
  const k = key.toLowerCase();
  return SANDBOX_TENANTS.find((t) =>
    t.key === k || t.key === `gms${k}` || (k === "jms" && t.key.startsWith("jms"))
  );
}

/** The one world. */
export const SANDBOX_WORLD_ID = 0;
/** Channel ids of the world (0-based, as Atlas numbers them). */
export const SANDBOX_CHANNEL_IDS: readonly number[] = Object.freeze([0, 1, 2]);
/** The port of channel 0 when nothing else is asked; channels 1 and 2 take the next ports. */
export const DEFAULT_CHANNEL_PORT = 8585;

/** Portal every sandbox map has, leading to the next map of the ring. */
export const NEXT_PORTAL = "next00";
/** Portal every sandbox map has, leading to the previous map of the ring. */
export const PREV_PORTAL = "prev00";
/** Target map id of portals that lead nowhere (as the data service writes it). */
export const NO_MAP = 999999999;

/** One portal of a map (`portals` resource of atlas-data; `id` is the portal index). */
export interface SandboxPortal {
  id: number;
  name: string;
  target: string;
  type: number;
  x: number;
  y: number;
  targetMapId: number;
  scriptName: string;
}

/** An NPC placed in a map (`npcs` map-life resource; `id` is the object id). */
export interface SandboxNpc {
  id: number;
  template: number;
  name: string;
  cy: number;
  f: number;
  fh: number;
  rx0: number;
  rx1: number;
  x: number;
  y: number;
  hide: boolean;
}

/** A monster spawn point of a map. */
export interface SandboxMonsterSpawn {
  id: number;
  template: number;
  mobTime: number;
  team: number;
  cy: number;
  f: number;
  fh: number;
  rx0: number;
  rx1: number;
  x: number;
  y: number;
  hide: boolean;
  maxHp: number;
  maxMp: number;
}

/** A map of the fixture world. */
export interface SandboxMap {
  id: number;
  name: string;
  streetName: string;
  returnMapId: number;
  town: boolean;
  portals: readonly SandboxPortal[];
  npcs: readonly SandboxNpc[];
  monsters: readonly SandboxMonsterSpawn[];
}

/** Henesys: the town most characters start in. */
export const HENESYS = 100000000;
/** Henesys Hunting Ground I: monsters. */
export const HUNTING_GROUND = 100010000;
/** Ellinia. */
export const ELLINIA = 101000000;
/** Before Takeoff <To Orbis>: the boat's waiting room (the route's staging map), reached from Ellinia. */
export const BOAT_STAGING = 101000301;
/** During the Ride <To Orbis>: on board while the boat travels (the route's en-route map). */
export const BOAT_EN_ROUTE = 200090010;
/** Orbis Station <To Ellinia>: where the boat arrives (the route's destination). */
export const ORBIS_STATION = 200000100;
/** The Ellinia portal that boards the boat (atlas-portals lets one through only while boarding is open). */
export const BOAT_PORTAL = "boat00";

function exit(id: number, name: string, x: number, targetMapId: number, target: string): SandboxPortal {
  return { id, name, target, type: 2, x, y: 274, targetMapId, scriptName: "" };
}

const spawnPoint = (): SandboxPortal => ({
  id: 0,
  name: "sp",
  target: "",
  type: 0,
  x: 0,
  y: 274,
  targetMapId: NO_MAP,
  scriptName: "",
});

function portals(next: number, prev: number): SandboxPortal[] {
  return [
    { id: 0, name: "sp", target: "", type: 0, x: 0, y: 274, targetMapId: NO_MAP, scriptName: "" },
    {
      id: 1,
      name: NEXT_PORTAL,
      target: PREV_PORTAL,
      type: 2,
      x: 1800,
      y: 274,
      targetMapId: next,
      scriptName: "",
    },
    {
      id: 2,
      name: PREV_PORTAL,
      target: NEXT_PORTAL,
      type: 2,
      x: -1800,
      y: 274,
      targetMapId: prev,
      scriptName: "",
    },
  ];
}

function npc(id: number, template: number, name: string, x: number, y: number): SandboxNpc {
  return { id, template, name, cy: y, f: 0, fh: 10, rx0: x - 50, rx1: x + 50, x, y, hide: false };
}

function spawn(id: number, template: number, x: number, y: number, maxHp: number, maxMp: number) {
  return {
    id,
    template,
    mobTime: 0,
    team: -1,
    cy: y,
    f: 0,
    fh: 20,
    rx0: x - 100,
    rx1: x + 100,
    x,
    y,
    hide: false,
    maxHp,
    maxMp,
  };
}

/** The three maps of the ring, in ring order, then the boat's maps (see {@link BOAT_STAGING}). */
export const SANDBOX_MAPS: readonly SandboxMap[] = Object.freeze([
  {
    id: HENESYS,
    name: "Henesys",
    streetName: "Victoria Road",
    returnMapId: HENESYS,
    town: true,
    portals: portals(HUNTING_GROUND, ELLINIA),
    npcs: [
      npc(1000, 9010000, "Maple Administrator", -300, 274),
      npc(1001, 1012100, "Athena Pierce", 400, 274),
      npc(1002, 1012009, "Storage Keeper", 100, 274),
    ],
    monsters: [],
  },
  {
    id: HUNTING_GROUND,
    name: "Henesys Hunting Ground I",
    streetName: "Victoria Road",
    returnMapId: HENESYS,
    town: false,
    portals: portals(ELLINIA, HENESYS),
    npcs: [npc(1000, 1012101, "Maya's Friend", 0, 274)],
    monsters: [
      spawn(2000, 100100, -400, 274, 8, 0),
      spawn(2001, 100100, 200, 274, 8, 0),
      spawn(2002, 1210102, 600, 274, 80, 10),
    ],
  },
  {
    id: ELLINIA,
    name: "Ellinia",
    streetName: "Victoria Road",
    returnMapId: ELLINIA,
    town: true,
    portals: [...portals(HENESYS, HUNTING_GROUND), exit(3, BOAT_PORTAL, 900, BOAT_STAGING, "out00")],
    npcs: [npc(1000, 1032001, "Grendel the Really Old", 100, 274)],
    monsters: [spawn(2000, 120100, -200, 274, 15, 0)],
  },
  // The boat to Orbis (SANDBOX_ROUTE): waiting room, on board, and the station it arrives at.
  {
    id: BOAT_STAGING,
    name: "Before Takeoff <To Orbis>",
    streetName: "Ellinia",
    returnMapId: ELLINIA,
    town: false,
    portals: [spawnPoint(), exit(1, "out00", -300, ELLINIA, BOAT_PORTAL)],
    npcs: [],
    monsters: [],
  },
  {
    id: BOAT_EN_ROUTE,
    name: "During the Ride <To Orbis>",
    streetName: "Ship to Orbis",
    returnMapId: ELLINIA,
    town: false,
    portals: [spawnPoint()],
    npcs: [],
    monsters: [],
  },
  {
    id: ORBIS_STATION,
    name: "Orbis Station <To Ellinia>",
    streetName: "Orbis",
    returnMapId: ORBIS_STATION,
    town: true,
    portals: [spawnPoint(), exit(1, NEXT_PORTAL, 600, ELLINIA, "sp")],
    npcs: [],
    monsters: [],
  },
]);

/** A fixture character: its REST attributes and the parts the other services serve. */
export interface SandboxCharacterFixture {
  id: number;
  accountId: number;
  attributes: CharacterAttributes;
  assets: AssetFixture[];
  skills: SkillFixture[];
  /** Pet id → pet attribute overrides. */
  pets: Record<number, Record<string, unknown>>;
  /** Key index → [type, action]. */
  keys: Record<number, [number, number]>;
}

const DEFAULT_KEYS: Record<number, [number, number]> = {
  2: [4, 10],
  3: [4, 12],
  4: [4, 13],
  18: [4, 0],
  19: [4, 4],
  23: [4, 1],
  29: [5, 52],
  31: [4, 2],
  56: [5, 53],
  91: [7, 2000000],
};

function baseAttributes(accountId: number, name: string): CharacterAttributes {
  return sampleCharacterAttributes({
    accountId,
    worldId: SANDBOX_WORLD_ID,
    name,
    experience: 1234,
    hair: 30000,
    face: 20000,
    ap: 5,
    sp: "3,0,0,0,0,0,0,0,0,0",
    mapId: HENESYS,
    x: 0,
  });
}

function starterAssets(id: number, weapon: number): AssetFixture[] {
  const base = id * 10;
  return [
    equipAsset(base + 1, -5, 1040002),
    equipAsset(base + 2, -6, 1060002),
    equipAsset(base + 3, -7, 1072001),
    equipAsset(base + 4, -11, weapon, { weaponAttack: 17 }),
    equipAsset(base + 5, 1, 1002001),
    stackAsset(base + 6, 2, 1, 2000000, 50),
    stackAsset(base + 7, 3, 1, 3010000, 1),
    stackAsset(base + 8, 4, 1, 4000000, 3),
    // Things to use and arrange (ids of their own range: id × 100 + 5x).
    stackAsset(id * 100 + 51, 2, 2, 2000001, 20),
    stackAsset(id * 100 + 52, 2, 3, 2030000, 3),
    stackAsset(id * 100 + 53, 2, 4, 2040000, 2),
    stackAsset(id * 100 + 54, 4, 3, 4000000, 5),
    cashAsset(id * 100 + 55, 2, 5370000, String(9_100_000_000_000 + id)),
  ];
}

function named(
  id: number,
  accountId: number,
  name: string,
  overrides: Partial<CharacterAttributes>,
  weapon: number,
  skills: SkillFixture[],
  pet?: { petId: number; name: string },
): SandboxCharacterFixture {
  const assets = starterAssets(id, weapon);
  const pets: Record<number, Record<string, unknown>> = {};
  if (pet) {
    assets.push(petAsset(id * 10 + 9, 1, 5000000, pet.petId, pet.name));
    assets.push(stackAsset(id * 100 + 56, 2, 5, 2120000, 10)); // pet food
    pets[pet.petId] = { name: pet.name, ownerId: id, purchaseBy: id, slot: 0, x: 0, y: 274 };
  }
  return {
    id,
    accountId,
    attributes: { ...baseAttributes(accountId, name), ...overrides },
    assets,
    skills,
    pets,
    keys: { ...DEFAULT_KEYS },
  };
}

/**
 * The named characters: account 1 plays Aria (thief, with a pet) and Brin (magician, in Ellinia); account 2
 * plays Cody (warrior) and Dana (archer, a GM, in the hunting ground). One character per account can be
 * online at a time, so Aria and Cody are the pair that can play together in Henesys.
 */
export const NAMED_CHARACTERS: readonly SandboxCharacterFixture[] = Object.freeze([
  named(1001, 1, "Aria", {}, 1472000, [{ id: 4001003, level: 10 }, { id: 4001344, level: 20 }], {
    petId: 700001,
    name: "Kitty",
  }),
  named(1002, 1, "Brin", { jobId: 200, gender: 0, mapId: ELLINIA, intelligence: 90, luck: 4 }, 1372005, [
    { id: 2001002, level: 10 },
  ]),
  named(2001, 2, "Cody", { jobId: 100, gender: 0, level: 12, strength: 60, luck: 4 }, 1302000, [
    { id: 1001003, level: 5 },
  ]),
  named(2002, 2, "Dana", { jobId: 300, gm: 1, mapId: HUNTING_GROUND, dexterity: 80, luck: 4 }, 1452002, [
    { id: 3001004, level: 10 },
  ]),
]);

/** The first generated character id; generated character `n` plays on account `n`. */
export const GENERATED_FIRST_ID = 100001;
/** How many generated characters the sandbox serves by default. */
export const DEFAULT_GENERATED_COUNT = 500;

/** True when `id` names a generated character of a world with `count` of them. */
export function isGeneratedId(id: number, count: number = DEFAULT_GENERATED_COUNT): boolean {
  return Number.isInteger(id) && id >= GENERATED_FIRST_ID && id < GENERATED_FIRST_ID + count;
}

/** A generated character (load tests): a level 10 beginner in Henesys on its own account. */
export function generatedCharacter(id: number): SandboxCharacterFixture {
  const fixture = named(
    id,
    id,
    `Bot${id}`,
    { level: 10, jobId: 0, gender: id % 2, sp: "0,0,0,0,0,0,0,0,0,0", x: (id % 40) * 40 - 800 },
    1302000,
    [],
  );
  return fixture;
}
