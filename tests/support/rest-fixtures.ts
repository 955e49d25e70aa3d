/**
 * JSON:API response documents for every endpoint of rest-contract.md §2.25, written from the samples in
 * §3 (values as there; relationship `links` kept where the reference shows them). Complements
 * `FIXTURES` of `./jsonapi-server.ts` (configurations, channel, world, parties, shop), which it re-exports.
 * @module
 */
import { FIXTURES } from "./jsonapi-server.ts";
import {
  characterDocument,
  equipableData,
  samplePetAttributes,
} from "../../src/features/character/fixtures.ts";

/** The character of the samples (§3.6): Aria, id 1001, account 42. */
const character = characterDocument(1001).data;

const account = {
  type: "accounts",
  id: "42",
  attributes: {
    name: "ariaplayer",
    pin: "1234",
    pic: "",
    loggedIn: 1,
    lastLogin: 1768500245000,
    gender: 0,
    banned: false,
    tos: true,
    language: "en",
    country: "us",
    characterSlots: 6,
  },
};

const pet = { type: "pets", id: "301", attributes: samplePetAttributes(1001) };

const guild = {
  type: "guilds",
  id: "12",
  attributes: {
    worldId: 0,
    name: "Nightfall",
    notice: "Hi",
    points: 0,
    capacity: 30,
    logo: 1000,
    logoColor: 1,
    logoBackground: 2000,
    logoBackgroundColor: 3,
    leaderId: 1001,
    members: [{
      characterId: 1001,
      name: "Aria",
      jobId: 400,
      level: 30,
      title: 1,
      online: true,
      allianceTitle: 5,
    }],
    titles: [
      { name: "Master", index: 1 },
      { name: "Jr. Master", index: 2 },
      { name: "Member", index: 3 },
      { name: "Member", index: 4 },
      { name: "Member", index: 5 },
    ],
  },
};

const thread = {
  type: "threads",
  id: "3",
  attributes: {
    posterId: 1001,
    title: "Raid night",
    message: "Friday 8pm",
    emoticonId: 0,
    notice: false,
    replies: [{ id: 1, posterId: 1002, message: "I'm in", createdAt: "2026-01-15T19:00:00Z" }],
    createdAt: "2026-01-15T18:30:00Z",
  },
};

const messenger = {
  data: {
    type: "messengers",
    id: "55",
    attributes: {},
    relationships: { members: { data: [{ type: "members", id: "1001" }] } },
  },
  included: [{
    type: "members",
    id: "1001",
    attributes: { name: "Aria", worldId: 0, channelId: 1, online: true, slot: 0 },
  }],
};

const note = {
  type: "notes",
  id: "77",
  attributes: {
    characterId: 1001,
    senderId: 1002,
    message: "gg",
    flag: 0,
    timestamp: "2026-01-14T21:10:00Z",
  },
};

const monster = {
  type: "monsters",
  id: "1000123",
  attributes: {
    worldId: 0,
    channelId: 1,
    mapId: 100010000,
    monsterId: 100100,
    controlCharacterId: 1001,
    x: 150,
    y: 274,
    fh: 18,
    stance: 5,
    team: -1,
    maxHp: 8,
    hp: 8,
    maxMp: 0,
    mp: 0,
    damageEntries: [],
  },
};

const mapNpc = {
  type: "npcs",
  id: "1000000",
  attributes: {
    template: 1012000,
    name: "Regular Cab",
    cy: 274,
    f: 1,
    fh: 20,
    rx0: -350,
    rx1: -250,
    x: -300,
    y: 274,
    hide: false,
  },
};

const cashCompartmentId = "6e7f8091-a2b3-4c4d-8e5f-607182930a1b";
const cashAssetId = "0f1e2d3c-4b5a-4968-8776-655443322110";
const cashAsset = {
  type: "assets",
  id: cashAssetId,
  attributes: { compartmentId: cashCompartmentId },
  relationships: { item: { data: { type: "items", id: "4401" } } },
};
const cashItem = {
  type: "items",
  id: "4401",
  attributes: { cashId: "9000000000789", templateId: 5150000, quantity: 1, flag: 0, purchasedBy: 1001 },
};

const skillEffect = {
  weaponAttack: 0,
  magicAttack: 0,
  weaponDefense: 0,
  magicDefense: 0,
  accuracy: 0,
  avoidability: 0,
  speed: -30,
  jump: 0,
  hp: 0,
  mp: 0,
  hpR: 0,
  mpR: 0,
  MHPRRate: 0,
  MMPRRate: 0,
  mobSkill: 0,
  mobSkillLevel: 0,
  mhpr: 0,
  mmpr: 0,
  HPConsume: 0,
  MPConsume: 16,
  duration: 20000,
  target: 0,
  barrier: 0,
  mob: 0,
  overTime: false,
  repeatEffect: false,
  moveTo: -1,
  cp: 0,
  nuffSkill: 0,
  skill: true,
  x: 0,
  y: 0,
  mobCount: 1,
  moneyConsume: 0,
  cooldown: 0,
  morphId: 0,
  ghost: 0,
  fatigue: 0,
  berserk: 0,
  booster: 0,
  prop: 1.0,
  itemConsume: 0,
  itemConsumeAmount: 0,
  damage: 100,
  attackCount: 1,
  fixDamage: 0,
  bulletCount: 0,
  bulletConsume: 0,
  mapProtection: 0,
  cureAbnormalStatuses: [],
  statups: [{ type: "DARK_SIGHT", amount: 0 }, { type: "SPEED", amount: -30 }],
  monsterStatus: {},
  cardStats: { itemCode: 0, probability: 0, areas: [], inParty: false },
};

/** One document per endpoint, named after what it answers. */
export const REST_FIXTURES = {
  ...FIXTURES,
  /** §3.3 GET accounts (list). */
  accounts: {
    data: [account, {
      ...account,
      id: "43",
      attributes: { ...account.attributes, name: "brin", loggedIn: 0 },
    }],
  },
  /** §3.3 GET accounts/{id}. */
  account: { data: account },
  /** §3.6 GET characters/{id}. */
  character: { data: character },
  /** §3.6 GET characters?name= (by-name returns an array). */
  charactersByName: { data: [character] },
  /** §3.7 GET worlds/{w}/channels/{c}/maps/{m}/characters (atlas-maps, ids only). */
  mapCharacters: {
    data: [{ type: "characters", id: "1001", attributes: {} }, {
      type: "characters",
      id: "1002",
      attributes: {},
    }],
  },
  /** §3.8 GET characters/{id}/inventory (compartments and assets included). */
  inventory: {
    data: {
      type: "inventories",
      id: "c9f0e0a8-1d53-4f52-8d0c-6d3a4b7f2e10",
      attributes: { characterId: 1001 },
      relationships: {
        compartments: {
          links: {
            self: "/api/inventories/c9f0e0a8-1d53-4f52-8d0c-6d3a4b7f2e10/relationships/compartments",
            related: "/api/inventories/c9f0e0a8-1d53-4f52-8d0c-6d3a4b7f2e10/compartments",
          },
          data: [
            { type: "compartments", id: "2f6f3a1e-0a0b-4c1c-9d8e-111111111111" },
            { type: "compartments", id: "2f6f3a1e-0a0b-4c1c-9d8e-222222222222" },
          ],
        },
      },
    },
    included: [
      {
        type: "compartments",
        id: "2f6f3a1e-0a0b-4c1c-9d8e-111111111111",
        attributes: { type: 1, capacity: 24 },
        relationships: { assets: { data: [{ type: "assets", id: "5001" }] } },
      },
      {
        type: "compartments",
        id: "2f6f3a1e-0a0b-4c1c-9d8e-222222222222",
        attributes: { type: 2, capacity: 24 },
        relationships: { assets: { data: [{ type: "assets", id: "5002" }] } },
      },
      {
        type: "assets",
        id: "5001",
        attributes: {
          slot: -11,
          templateId: 1472000,
          expiration: "0001-01-01T00:00:00Z",
          referenceId: 7001,
          referenceType: "equipable",
          referenceData: equipableData({ luck: 2, weaponAttack: 12 }),
        },
      },
      {
        type: "assets",
        id: "5002",
        attributes: {
          slot: 1,
          templateId: 2000000,
          expiration: "0001-01-01T00:00:00Z",
          referenceId: 8001,
          referenceType: "consumable",
          referenceData: { ownerId: 0, quantity: 50, flag: 0, rechargeable: 0 },
        },
      },
    ],
  },
  /** §3.8 GET characters/{id}/inventory/compartments?type=2 (one compartment, its assets included). */
  compartment: {
    data: {
      type: "compartments",
      id: "2f6f3a1e-0a0b-4c1c-9d8e-222222222222",
      attributes: { type: 2, capacity: 24 },
      relationships: { assets: { data: [{ type: "assets", id: "5002" }] } },
    },
    included: [{
      type: "assets",
      id: "5002",
      attributes: {
        slot: 1,
        templateId: 2000000,
        expiration: "0001-01-01T00:00:00Z",
        referenceId: 8001,
        referenceType: "consumable",
        referenceData: { ownerId: 0, quantity: 50, flag: 0, rechargeable: 0 },
      },
    }],
  },
  /** §3.9 GET characters/{id}/skills. */
  skills: {
    data: [{
      type: "skills",
      id: "4001003",
      attributes: {
        level: 10,
        masterLevel: 0,
        expiration: "0001-01-01T00:00:00Z",
        cooldownExpiresAt: "0001-01-01T00:00:00Z",
      },
    }],
  },
  /** §3.9 GET characters/{id}/macros. */
  macros: {
    data: [{
      type: "macros",
      id: "0",
      attributes: { name: "Buffs", shout: false, skillId1: 4001003, skillId2: 0, skillId3: 0 },
    }],
  },
  /** §3.10 GET characters/{id}/pets. */
  pets: { data: [pet] },
  /** §3.10 GET pets/{id}. */
  pet: { data: pet },
  /** §3.11 GET characters/{id}/buddy-list. */
  buddyList: {
    data: {
      type: "buddy-list",
      id: "7a3e2f10-4c5b-4d6e-8f90-a1b2c3d4e5f6",
      attributes: {
        characterId: 1001,
        capacity: 20,
        buddies: [{
          characterId: 1002,
          group: "Default Group",
          characterName: "Brin",
          channelId: -1,
          inShop: false,
          pending: false,
        }],
      },
    },
  },
  /** §3.12 GET characters/{id}/buffs. */
  buffs: {
    data: [{
      type: "buffs",
      id: "0b1f4a52-9d6e-4c7a-8b1e-2d3c4e5f6a7b",
      attributes: {
        sourceId: 4001003,
        duration: 180000,
        changes: [{ type: "DARK_SIGHT", amount: 1 }],
        createdAt: "2026-01-15T18:04:05Z",
        expiresAt: "2026-01-15T18:07:05Z",
      },
    }],
  },
  /** §3.13 GET characters/{id}/keys. */
  keys: {
    data: [
      { type: "keys", id: "18", attributes: { type: 4, action: 0 } },
      { type: "keys", id: "91", attributes: { type: 7, action: 2000000 } },
    ],
  },
  /** §3.14 GET guilds?filter[members.id]= (array). */
  guilds: { data: [guild] },
  /** §3.14 GET guilds/{id}. */
  guild: { data: guild },
  /** §3.15 GET guilds/{g}/threads. */
  threads: { data: [thread] },
  /** §3.15 GET guilds/{g}/threads/{t}. */
  thread: { data: thread },
  /** §3.16 GET parties/{id}: the single-resource form of `parties`. */
  party: { data: FIXTURES.parties.data[0], included: FIXTURES.parties.included },
  /** §3.17 GET messengers/{id}. */
  messenger,
  /** §3.17 GET messengers?filter[members.id]= (array form). */
  messengers: { data: [messenger.data], included: messenger.included },
  /** §3.18 GET characters/{id}/notes. */
  notes: { data: [note] },
  /** §3.18 GET notes/{id}. */
  note: { data: note },
  /** §3.19 GET monsters/{id}. */
  monster: { data: monster },
  /** §3.19 GET worlds/{w}/channels/{c}/maps/{m}/monsters. */
  monsters: { data: [monster] },
  /** §3.20 GET .../drops. */
  drops: {
    data: [{
      type: "drops",
      id: "900001",
      attributes: {
        worldId: 0,
        channelId: 1,
        mapId: 100010000,
        itemId: 4000019,
        equipmentId: 0,
        quantity: 1,
        meso: 0,
        type: 0,
        x: 160,
        y: 274,
        ownerId: 1001,
        ownerPartyId: 0,
        dropTime: "2026-01-15T18:05:00Z",
        dropperId: 1000123,
        dropperX: 150,
        dropperY: 274,
        characterDrop: false,
        mod: 0,
      },
    }],
  },
  /** §3.21 GET .../reactors. */
  reactors: {
    data: [{
      type: "reactors",
      id: "600001",
      attributes: {
        worldId: 0,
        channelId: 1,
        mapId: 100010000,
        classification: 1002000,
        name: "box1",
        state: 0,
        eventState: 0,
        x: 300,
        y: 200,
        delay: 0,
        direction: 0,
      },
    }],
  },
  /** §3.21 GET .../chairs. */
  chairs: { data: [{ type: "chairs", id: "3010000", attributes: { type: "PORTABLE", characterId: 1002 } }] },
  /** §3.21 GET .../chalkboards. */
  chalkboards: { data: [{ type: "chalkboards", id: "1002", attributes: { message: "Selling Zakum helm" } }] },
  /** §3.22 GET data/maps/{id} (abridged; one NPC added to the sample to show the npcs relationship). */
  mapData: {
    data: {
      type: "maps",
      id: "100000000",
      attributes: {
        name: "Henesys",
        streetName: "Victoria Road",
        returnMapId: 100000000,
        monsterRate: 1.0,
        onFirstUserEnter: "",
        onUserEnter: "",
        fieldLimit: 0,
        mobInterval: 0,
        time_mob: null,
        mapArea: { x: 0, y: 0, width: 0, height: 0 },
        footholdTree: { footholds: [], depth: 0, max_drop_x: 0, min_drop_x: 0 },
        areas: [],
        seats: 0,
        clock: true,
        everLast: false,
        town: true,
        decHP: 0,
        protectItem: 0,
        forcedReturnMapId: 999999999,
        boat: false,
        timeLimit: -1,
        fieldType: 0,
        mobCapacity: 0,
        recovery: 1.0,
        backgroundTypes: [],
        x_limit: {},
      },
      relationships: {
        portals: { data: [{ type: "portals", id: "0" }] },
        reactors: { data: [] },
        npcs: { data: [{ type: "npcs", id: "1000000" }] },
        monsters: { data: [] },
      },
      links: { self: "/api/maps/100000000" },
    },
    included: [
      {
        type: "portals",
        id: "0",
        attributes: {
          name: "sp",
          target: "",
          type: 0,
          x: -100,
          y: 274,
          targetMapId: 999999999,
          scriptName: "",
        },
      },
      mapNpc,
    ],
  },
  /** §3.23 GET data/maps/{id}/npcs (also the `?objectId=` form). */
  mapNpcs: { data: [mapNpc] },
  /** §3.23 GET data/npcs/{id} (template flavour). */
  npcTemplate: {
    data: {
      type: "npcs",
      id: "1012009",
      attributes: {
        name: "Storage Keeper",
        trunk_put: 100,
        trunk_get: 0,
        storebank: true,
        hide_name: false,
        dc_left: 0,
        dc_right: 0,
        dc_top: 0,
        dc_bottom: 0,
      },
    },
  },
  /** §3.24 GET data/maps/{id}/portals?name=. */
  portals: {
    data: [{
      type: "portals",
      id: "3",
      attributes: {
        name: "east00",
        target: "west00",
        type: 2,
        x: 1500,
        y: 274,
        targetMapId: 100010000,
        scriptName: "",
      },
    }],
  },
  /** §3.25 GET data/skills/{id}. */
  skillData: {
    data: {
      type: "skills",
      id: "4001003",
      attributes: { action: false, element: "NEUTRAL", animationTime: 0, effects: [skillEffect] },
    },
  },
  /** §3.27 GET storage/accounts/{a}?worldId=. */
  storage: {
    data: {
      type: "storages",
      id: "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70",
      attributes: { world_id: 0, account_id: 42, capacity: 4, mesos: 5000 },
    },
  },
  /** §3.27 GET storage/accounts/{a}/assets?worldId=. */
  storageAssets: {
    data: [
      {
        type: "storage_assets",
        id: "12",
        attributes: {
          storage_id: "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70",
          inventory_type: 2,
          slot: 0,
          template_id: 2000000,
          expiration: "0001-01-01T00:00:00Z",
          reference_id: 8002,
          reference_type: "consumable",
          quantity: 20,
          owner_id: 0,
          flag: 0,
        },
      },
      {
        type: "storage_assets",
        id: "13",
        attributes: {
          storage_id: "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70",
          inventory_type: 1,
          slot: 1,
          template_id: 1302000,
          expiration: "0001-01-01T00:00:00Z",
          reference_id: 7002,
          reference_type: "equipable",
        },
      },
    ],
  },
  /** §3.28 GET accounts/{a}/wallet. */
  wallet: {
    data: {
      type: "wallets",
      id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
      attributes: { accountId: 42, credit: 10000, points: 2500, prepaid: 0 },
    },
  },
  /** §3.29 GET accounts/{a}/cash-shop/inventory/compartments?type= (assets and their items included). */
  cashCompartment: {
    data: {
      type: "compartments",
      id: cashCompartmentId,
      attributes: { accountId: 42, type: 1, capacity: 55 },
      relationships: { assets: { data: [{ type: "assets", id: cashAssetId }] } },
    },
    included: [cashAsset, cashItem],
  },
  /** §3.29 GET .../compartments/{c}/assets/{id} (the item included). */
  cashAsset: { data: cashAsset, included: [cashItem] },
  /** §3.30 GET characters/{id}/cash-shop/wishlist. */
  wishlist: {
    data: [{
      type: "items",
      id: "8a9b0c1d-2e3f-4a5b-9c6d-7e8f90a1b2c3",
      attributes: { characterId: 1001, serialNumber: 20000000 },
    }],
  },
  /** §3.30 the created wishlist item the POST is answered with. */
  wishlistItem: {
    data: {
      type: "items",
      id: "8a9b0c1d-2e3f-4a5b-9c6d-7e8f90a1b2c3",
      attributes: { characterId: 1001, serialNumber: 20000000 },
    },
  },
  /** §3.31 GET transports/routes (trip schedule included). */
  routes: {
    data: [{
      type: "routes",
      id: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
      attributes: {
        name: "Ellinia-Orbis",
        startMapId: 101000300,
        stagingMapId: 101000301,
        enRouteMapIds: [200090010, 200090011],
        destinationMapId: 200000100,
        observationMapId: 0,
        state: "open_entry",
        cycleInterval: 600000000000,
      },
      relationships: {
        schedule: { data: [{ type: "trip-schedule", id: "c0ffee00-1111-4222-8333-444455556666" }] },
      },
    }],
    included: [{
      type: "trip-schedule",
      id: "c0ffee00-1111-4222-8333-444455556666",
      attributes: {
        boardingOpen: "2026-01-15T18:00:00Z",
        boardingClosed: "2026-01-15T18:04:00Z",
        departure: "2026-01-15T18:05:00Z",
        arrival: "2026-01-15T18:10:00Z",
      },
    }],
  },
} as const;

/** Name of one document of {@link REST_FIXTURES}. */
export type RestFixtureName = keyof typeof REST_FIXTURES;

/** A deep copy of a fixture, safe to modify. */
export function fixtureCopy(name: RestFixtureName): Record<string, unknown> {
  return structuredClone(REST_FIXTURES[name]) as unknown as Record<string, unknown>;
}

/** Where {@link withAttribute} writes: the first primary resource, or the first included one of a type. */
export type AttributeTarget = { in: "data" } | { in: "included"; type: string };

/**
 * A copy of fixture `name` with `attributes[attribute]` of one resource replaced by `value` (for schema
 * mismatch tests). Throws when the target resource does not exist, so a broken test cannot pass.
 */
export function withAttribute(
  name: RestFixtureName,
  attribute: string,
  value: unknown,
  target: AttributeTarget = { in: "data" },
): Record<string, unknown> {
  const doc = fixtureCopy(name);
  type Resource = { type: string; attributes: Record<string, unknown> };
  let resource: Resource | undefined;
  if (target.in === "data") {
    const data = doc.data as Resource | Resource[];
    resource = Array.isArray(data) ? data[0] : data;
  } else {
    resource = (doc.included as Resource[] | undefined)?.find((r) => r.type === target.type);
  }
  if (!resource) throw new Error(`fixture ${name} has no resource for ${JSON.stringify(target)}`);
  resource.attributes[attribute] = value;
  return doc;
}
