/**
 * The lookup matrix: every REST lookup of the channel (src/features/*\/rest.ts and the configuration
 * reads) against the local fixture server, each in six situations — success (with `included`
 * relationships where the endpoint has them), 404, 500, timeout, malformed JSON and a schema mismatch.
 * Adding a lookup means adding one row to {@link ROWS}; the coverage tests at the end fail until it is
 * there, and check the rows implement the whole catalogue of rest-contract.md §2.25.
 * @module
 */
import { assertEquals, assertRejects, assertStringIncludes, assertTrue, fail } from "../support/assert.ts";
import {
  type JsonApiServer,
  type RecordedRequest,
  type Reply,
  SAMPLE_TENANT,
  startJsonApiServer,
} from "../support/jsonapi-server.ts";
import { REST_FIXTURES, withAttribute } from "../support/rest-fixtures.ts";
import { CONTENT_TYPE, createRestClient, type RestClient } from "../../src/rest/client.ts";
import {
  RestError,
  RestMalformedResponseError,
  RestNotFoundError,
  RestSchemaError,
  RestTimeoutError,
} from "../../src/rest/errors.ts";
import type { ServiceKey } from "../../src/rest/url.ts";
import {
  fetchConfigurations,
  fetchServiceConfiguration,
  fetchTenantConfiguration,
} from "../../src/config/config-service.ts";
import { channelServiceAttributesSchema, tenantAttributesSchema } from "../../src/config/tenant-config.ts";
import { getAccount, listAccounts, loggedInAccountIds } from "../../src/features/account/rest.ts";
import { announceChannels, getChannel, getWorld, registerChannel } from "../../src/features/channel/rest.ts";
import { findCharacterByName, getCharacter } from "../../src/features/character/rest.ts";
import { getCompartment, getInventory } from "../../src/features/inventory/rest.ts";
import { getSkillMacros, getSkills } from "../../src/features/skill/rest.ts";
import { getPet, getPets } from "../../src/features/pet/rest.ts";
import { getBuddyList } from "../../src/features/buddy/rest.ts";
import { getBuffs } from "../../src/features/buff/rest.ts";
import { changeKeyBinding, getKeyBindings } from "../../src/features/keymap/rest.ts";
import {
  findGuildByMember,
  getGuild,
  getGuildThread,
  getGuildThreads,
} from "../../src/features/guild/rest.ts";
import { findPartyByMember, getParty } from "../../src/features/party/rest.ts";
import { findMessengerByMember, getMessenger } from "../../src/features/messenger/rest.ts";
import { getNote, getNotes } from "../../src/features/note/rest.ts";
import { charactersInMap } from "../../src/features/map/rest.ts";
import { getMonster, getMonstersInMap } from "../../src/features/monster/rest.ts";
import { getDropsInMap } from "../../src/features/drop/rest.ts";
import { getReactorsInMap } from "../../src/features/reactor/rest.ts";
import { getChairsInMap } from "../../src/features/chair/rest.ts";
import { getChalkboardsInMap } from "../../src/features/chalkboard/rest.ts";
import {
  findMapNpcByObjectId,
  getMapData,
  getMapNpcs,
  getNpcTemplate,
  getSkillData,
} from "../../src/features/data/rest.ts";
import { portalDirectory } from "../../src/features/portal/rest.ts";
import { findNpcShop, getNpcShop } from "../../src/features/npc/rest.ts";
import { getStorage, getStorageAssets } from "../../src/features/storage/rest.ts";
import {
  addWishlistItem,
  clearWishlist,
  getCashAsset,
  getCashCompartment,
  getWallet,
  getWishlist,
} from "../../src/features/cash-shop/rest.ts";
import { getRoutes } from "../../src/features/transport/rest.ts";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** What a row's call gets besides the client. */
interface CallContext {
  /** The client's per-attempt timeout (for lookups that pass their own). */
  timeoutMs: number;
}

/** One lookup function and how to exercise it. */
interface Row<T> {
  /** The exported function, as named in its module. */
  fn: string;
  /** Its module, relative to src/. */
  module: string;
  /** The §2.25 catalogue entries it implements. */
  catalogue: readonly number[];
  service: ServiceKey;
  method: Method;
  /** The exact path (and query) the server must see, relative to `/api/`. */
  path: string;
  /** The successful answer (GET: the fixture document). */
  reply: Reply;
  /** Further routes the call needs on success (same service). */
  also?: readonly { method: Method; path: string; reply: Reply }[];
  call: (rest: RestClient, ctx: CallContext) => Promise<T>;
  /** Assertions on the successful result. */
  expect: (result: T) => void;
  /** The exact JSON request body of a write. */
  requestBody?: unknown;
  /** Configuration reads carry no tenant headers. */
  tenantless?: boolean;
  /** The value a 404 resolves to, where the reference maps 404 to "none"; otherwise RestNotFoundError. */
  notFoundResolves?: { value: unknown };
  /** For calls that never reject: assertions on what they resolve to after any failure. */
  failureResolves?: (result: T) => void;
  /**
   * A document with one attribute of the wrong type, and the attribute path the error must name; or
   * "body-ignored" for writes whose answer is not parsed (a malformed body is then still a success).
   */
  mismatch: { document: unknown; names: string } | "body-ignored";
}

function row<T>(r: Row<T>): Row<unknown> {
  return r as unknown as Row<unknown>;
}

const T = SAMPLE_TENANT;
const CASH_COMPARTMENT = "6e7f8091-a2b3-4c4d-8e5f-607182930a1b";
const CASH_ASSET = "0f1e2d3c-4b5a-4968-8776-655443322110";
const FIXED_NOW = new Date("2026-01-15T18:04:05.123Z");
const json = (document: unknown): Reply => ({ json: document });

const ROWS: readonly Row<unknown>[] = [
  row({
    fn: "fetchServiceConfiguration",
    module: "config/config-service.ts",
    catalogue: [1],
    service: "CONFIGURATIONS",
    method: "GET",
    path: "configurations/services/e7fb1d7e-47b8-46bd-97dc-867d93530000",
    reply: json(REST_FIXTURES.service),
    tenantless: true,
    call: (rest) =>
      fetchServiceConfiguration(rest, "e7fb1d7e-47b8-46bd-97dc-867d93530000", channelServiceAttributesSchema),
    expect: (r) => {
      assertEquals(r.id, "e7fb1d7e-47b8-46bd-97dc-867d93530000");
      assertEquals(r.attributes.tasks, [{ type: "timeout", interval: 10000, duration: 300000 }]);
      assertEquals(r.attributes.tenants[0].ipAddress, "192.168.23.232");
      assertEquals(r.attributes.tenants[0].worlds[0].channels, [{ id: 0, port: 8301 }, {
        id: 1,
        port: 8302,
      }]);
    },
    mismatch: { document: withAttribute("service", "tasks", "timeout"), names: "data.attributes.tasks" },
  }),
  row({
    fn: "fetchTenantConfiguration",
    module: "config/config-service.ts",
    catalogue: [2],
    service: "CONFIGURATIONS",
    method: "GET",
    path: `configurations/tenants/${T.id}`,
    reply: json(REST_FIXTURES.tenant),
    tenantless: true,
    call: (rest) => fetchTenantConfiguration(rest, T.id, tenantAttributesSchema),
    expect: (r) => {
      assertEquals([r.id, r.attributes.region, r.attributes.majorVersion, r.attributes.minorVersion], [
        T.id,
        "GMS",
        83,
        1,
      ]);
      assertEquals(r.attributes.socket.handlers.map((h) => h.handler), [
        "CharacterLoggedInHandle",
        "CharacterMoveHandle",
      ]);
    },
    mismatch: {
      document: withAttribute("tenant", "majorVersion", "83"),
      names: "data.attributes.majorVersion",
    },
  }),
  row({
    fn: "fetchConfigurations",
    module: "config/config-service.ts",
    catalogue: [1, 2],
    service: "CONFIGURATIONS",
    method: "GET",
    path: "configurations/services/e7fb1d7e-47b8-46bd-97dc-867d93530000",
    reply: json(REST_FIXTURES.service),
    also: [{ method: "GET", path: `configurations/tenants/${T.id}`, reply: json(REST_FIXTURES.tenant) }],
    tenantless: true,
    call: (rest) =>
      fetchConfigurations(rest, "e7fb1d7e-47b8-46bd-97dc-867d93530000", {
        service: channelServiceAttributesSchema,
        tenant: tenantAttributesSchema,
        tenantIds: (s) => s.tenants.map((t) => t.id),
      }),
    expect: (r) => {
      assertEquals(r.tenants.map((t) => [t.id, t.attributes.region]), [[T.id, "GMS"]]);
    },
    mismatch: { document: withAttribute("service", "tenants", {}), names: "data.attributes.tenants" },
  }),
  row({
    fn: "listAccounts",
    module: "features/account/rest.ts",
    catalogue: [3],
    service: "ACCOUNTS",
    method: "GET",
    path: "accounts",
    reply: json(REST_FIXTURES.accounts),
    call: (rest) => listAccounts(rest, T),
    expect: (r) => assertEquals(r.map((a) => [a.id, a.attributes.name]), [[42, "ariaplayer"], [43, "brin"]]),
    mismatch: { document: withAttribute("accounts", "loggedIn", true), names: "data[0].attributes.loggedIn" },
  }),
  row({
    fn: "loggedInAccountIds",
    module: "features/account/rest.ts",
    catalogue: [3],
    service: "ACCOUNTS",
    method: "GET",
    path: "accounts",
    reply: json(REST_FIXTURES.accounts),
    call: (rest) => loggedInAccountIds(rest, T),
    expect: (r) => assertEquals(r, [42]),
    mismatch: { document: withAttribute("accounts", "loggedIn", "1"), names: "data[0].attributes.loggedIn" },
  }),
  row({
    fn: "getAccount",
    module: "features/account/rest.ts",
    catalogue: [4],
    service: "ACCOUNTS",
    method: "GET",
    path: "accounts/42",
    reply: json(REST_FIXTURES.account),
    call: (rest) => getAccount(rest, T, 42),
    expect: (r) => {
      assertEquals(r.id, 42);
      assertEquals(r.attributes, {
        name: "ariaplayer",
        loggedIn: 1,
        gender: 0,
        banned: false,
        characterSlots: 6,
        pin: "1234",
        pic: "",
        lastLogin: 1768500245000,
        tos: true,
        language: "en",
        country: "us",
      });
    },
    mismatch: {
      document: withAttribute("account", "characterSlots", "6"),
      names: "data.attributes.characterSlots",
    },
  }),
  row({
    fn: "registerChannel",
    module: "features/channel/rest.ts",
    catalogue: [5],
    service: "CHANNELS",
    method: "POST",
    path: "worlds/0/channels",
    reply: { status: 202 },
    call: (rest) =>
      registerChannel(rest, T, { worldId: 0, channelId: 1, ipAddress: "192.168.23.232", port: 8302 }, {
        now: () => FIXED_NOW,
      }),
    expect: (r) => assertEquals(r, undefined),
    requestBody: {
      data: {
        type: "channels",
        id: "00000000-0000-0000-0000-000000000000",
        attributes: {
          worldId: 0,
          channelId: 1,
          ipAddress: "192.168.23.232",
          port: 8302,
          currentCapacity: 0,
          maxCapacity: 0,
          createdAt: "2026-01-15T18:04:05.123Z",
        },
      },
    },
    mismatch: "body-ignored",
  }),
  row({
    fn: "announceChannels",
    module: "features/channel/rest.ts",
    catalogue: [5],
    service: "CHANNELS",
    method: "POST",
    path: "worlds/0/channels",
    reply: { status: 202 },
    call: (rest) =>
      announceChannels(rest, [{
        tenant: T,
        registration: { worldId: 0, channelId: 1, ipAddress: "192.168.23.232", port: 8302, maxCapacity: 100 },
      }], { now: () => FIXED_NOW }),
    expect: (r) => assertEquals(r, { registered: 1, failed: 0 }),
    failureResolves: (r) => assertEquals(r, { registered: 0, failed: 1 }),
    requestBody: {
      data: {
        type: "channels",
        id: "00000000-0000-0000-0000-000000000000",
        attributes: {
          worldId: 0,
          channelId: 1,
          ipAddress: "192.168.23.232",
          port: 8302,
          currentCapacity: 0,
          maxCapacity: 100,
          createdAt: "2026-01-15T18:04:05.123Z",
        },
      },
    },
    mismatch: "body-ignored",
  }),
  row({
    fn: "getChannel",
    module: "features/channel/rest.ts",
    catalogue: [6],
    service: "CHANNELS",
    method: "GET",
    path: "worlds/0/channels/1",
    reply: json(REST_FIXTURES.channel),
    call: (rest) => getChannel(rest, T, 0, 1),
    expect: (r) => {
      assertEquals([r.id, r.ipAddress, r.port, r.worldId, r.channelId], [
        "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11",
        "192.168.23.232",
        8302,
        0,
        1,
      ]);
    },
    mismatch: { document: withAttribute("channel", "port", "8302"), names: "data.attributes.port" },
  }),
  row({
    fn: "getWorld",
    module: "features/channel/rest.ts",
    catalogue: [7],
    service: "WORLDS",
    method: "GET",
    path: "worlds/0",
    reply: json(REST_FIXTURES.world),
    call: (rest) => getWorld(rest, T, 0),
    expect: (r) => {
      assertEquals([r.id, r.name, r.message, r.recommended], [0, "Scania", "Welcome to Scania!", true]);
      assertEquals(r.channelIds, []);
    },
    mismatch: { document: withAttribute("world", "message", 7), names: "data.attributes.message" },
  }),
  row({
    fn: "getCharacter",
    module: "features/character/rest.ts",
    catalogue: [8],
    service: "CHARACTERS",
    method: "GET",
    path: "characters/1001",
    reply: json(REST_FIXTURES.character),
    call: (rest) => getCharacter(rest, T, 1001),
    expect: (r) => {
      assertEquals([r.id, r.name, r.accountId, r.jobId, r.sp, r.x, r.y], [
        1001,
        "Aria",
        42,
        400,
        "2,0,0,0,0,0,0,0,0,0",
        -200,
        274,
      ]);
    },
    mismatch: { document: withAttribute("character", "level", 300), names: "data.attributes.level" },
  }),
  row({
    fn: "findCharacterByName",
    module: "features/character/rest.ts",
    catalogue: [9],
    service: "CHARACTERS",
    method: "GET",
    path: "characters?name=Aria",
    reply: json(REST_FIXTURES.charactersByName),
    call: (rest) => findCharacterByName(rest, T, "Aria"),
    expect: (r) => assertEquals([r?.id, r?.name], [1001, "Aria"]),
    mismatch: { document: withAttribute("charactersByName", "name", null), names: "data[0].attributes.name" },
  }),
  row({
    fn: "getInventory",
    module: "features/inventory/rest.ts",
    catalogue: [10],
    service: "INVENTORY",
    method: "GET",
    path: "characters/1001/inventory",
    reply: json(REST_FIXTURES.inventory),
    call: (rest) => getInventory(rest, T, 1001),
    expect: (r) => {
      assertEquals(r.characterId, 1001);
      assertEquals(r.compartments.map((c) => [c.type, c.capacity, c.assets.map((a) => a.id)]), [
        [1, 24, [5001]],
        [2, 24, [5002]],
      ]);
      const weapon = r.compartments[0].assets[0];
      assertEquals([weapon.slot, weapon.templateId, weapon.expiration], [-11, 1472000, null]);
      if (weapon.payload.kind !== "equipable") fail(`expected equipable, got ${weapon.payload.kind}`);
      assertEquals([weapon.payload.data.weaponAttack, weapon.payload.data.slots], [12, 7]);
      const potion = r.compartments[1].assets[0].payload;
      if (potion.kind !== "consumable") fail(`expected consumable, got ${potion.kind}`);
      assertEquals(potion.data.quantity, 50);
    },
    mismatch: {
      document: withAttribute("inventory", "slot", "-11", { in: "included", type: "assets" }),
      names: "relationships.compartments.0.relationships.assets.0.attributes.slot",
    },
  }),
  row({
    fn: "getCompartment",
    module: "features/inventory/rest.ts",
    catalogue: [11],
    service: "INVENTORY",
    method: "GET",
    path: "characters/1001/inventory/compartments?type=2",
    reply: json(REST_FIXTURES.compartment),
    call: (rest) => getCompartment(rest, T, 1001, 2),
    expect: (r) => {
      assertEquals([r.id, r.type, r.capacity], ["2f6f3a1e-0a0b-4c1c-9d8e-222222222222", 2, 24]);
      assertEquals(r.assets.map((a) => [a.id, a.slot, a.templateId]), [[5002, 1, 2000000]]);
    },
    mismatch: {
      document: withAttribute("compartment", "templateId", -1, { in: "included", type: "assets" }),
      names: "relationships.assets.0.attributes.templateId",
    },
  }),
  row({
    fn: "getSkills",
    module: "features/skill/rest.ts",
    catalogue: [12],
    service: "SKILLS",
    method: "GET",
    path: "characters/1001/skills",
    reply: json(REST_FIXTURES.skills),
    call: (rest) => getSkills(rest, T, 1001),
    expect: (r) =>
      assertEquals(r, [{
        id: 4001003,
        level: 10,
        masterLevel: 0,
        expiration: null,
        cooldownExpiresAt: null,
      }]),
    mismatch: {
      document: withAttribute("skills", "expiration", "soon"),
      names: "data[0].attributes.expiration",
    },
  }),
  row({
    fn: "getSkillMacros",
    module: "features/skill/rest.ts",
    catalogue: [13],
    service: "SKILLS",
    method: "GET",
    path: "characters/1001/macros",
    reply: json(REST_FIXTURES.macros),
    call: (rest) => getSkillMacros(rest, T, 1001),
    expect: (r) =>
      assertEquals(r, [{ id: 0, name: "Buffs", shout: false, skillId1: 4001003, skillId2: 0, skillId3: 0 }]),
    mismatch: { document: withAttribute("macros", "shout", "no"), names: "data[0].attributes.shout" },
  }),
  row({
    fn: "getPets",
    module: "features/pet/rest.ts",
    catalogue: [14],
    service: "PETS",
    method: "GET",
    path: "characters/1001/pets",
    reply: json(REST_FIXTURES.pets),
    call: (rest) => getPets(rest, T, 1001),
    expect: (r) =>
      assertEquals(r.map((p) => [p.id, p.name, p.slot, p.cashId]), [[301, "Kitty", 0, 9000000000456]]),
    mismatch: {
      document: withAttribute("pets", "cashId", "9000000000456"),
      names: "data[0].attributes.cashId",
    },
  }),
  row({
    fn: "getPet",
    module: "features/pet/rest.ts",
    catalogue: [15],
    service: "PETS",
    method: "GET",
    path: "pets/301",
    reply: json(REST_FIXTURES.pet),
    call: (rest) => getPet(rest, T, 301),
    expect: (r) => {
      assertEquals([r.id, r.ownerId, r.purchaseBy, r.fh], [301, 1001, 1001, 12]);
      assertEquals(r.excludes, [{ itemId: 4000000 }]);
      assertEquals(r.expiration?.toISOString(), "2026-04-15T00:00:00.000Z");
    },
    mismatch: { document: withAttribute("pet", "slot", 3.5), names: "data.attributes.slot" },
  }),
  row({
    fn: "getBuddyList",
    module: "features/buddy/rest.ts",
    catalogue: [16],
    service: "BUDDIES",
    method: "GET",
    path: "characters/1001/buddy-list",
    reply: json(REST_FIXTURES.buddyList),
    call: (rest) => getBuddyList(rest, T, 1001),
    expect: (r) => {
      assertEquals([r.id, r.characterId, r.capacity], ["7a3e2f10-4c5b-4d6e-8f90-a1b2c3d4e5f6", 1001, 20]);
      assertEquals(r.buddies, [{
        characterId: 1002,
        group: "Default Group",
        characterName: "Brin",
        channelId: -1,
        inShop: false,
        pending: false,
      }]);
    },
    mismatch: {
      document: withAttribute("buddyList", "buddies", [{ characterId: "1002" }]),
      names: "buddies.0.characterId",
    },
  }),
  row({
    fn: "getBuffs",
    module: "features/buff/rest.ts",
    catalogue: [17],
    service: "BUFFS",
    method: "GET",
    path: "characters/1001/buffs",
    reply: json(REST_FIXTURES.buffs),
    call: (rest) => getBuffs(rest, T, 1001),
    expect: (r) => {
      assertEquals(r.map((b) => [b.id, b.sourceId, b.duration, b.changes]), [[
        "0b1f4a52-9d6e-4c7a-8b1e-2d3c4e5f6a7b",
        4001003,
        180000,
        [{ type: "DARK_SIGHT", amount: 1 }],
      ]]);
      assertEquals(r[0].expiresAt.toISOString(), "2026-01-15T18:07:05.000Z");
    },
    notFoundResolves: { value: [] },
    mismatch: {
      document: withAttribute("buffs", "sourceId", "4001003"),
      names: "data[0].attributes.sourceId",
    },
  }),
  row({
    fn: "getKeyBindings",
    module: "features/keymap/rest.ts",
    catalogue: [18],
    service: "KEYS",
    method: "GET",
    path: "characters/1001/keys",
    reply: json(REST_FIXTURES.keys),
    call: (rest) => getKeyBindings(rest, T, 1001),
    expect: (r) => assertEquals(r, [{ key: 18, type: 4, action: 0 }, { key: 91, type: 7, action: 2000000 }]),
    mismatch: { document: withAttribute("keys", "type", 400), names: "data[0].attributes.type" },
  }),
  row({
    fn: "changeKeyBinding",
    module: "features/keymap/rest.ts",
    catalogue: [19],
    service: "KEYS",
    method: "PATCH",
    path: "characters/1001/keys/29",
    reply: { status: 200 },
    call: (rest) => changeKeyBinding(rest, T, 1001, { key: 29, type: 1, action: 4001003 }),
    expect: (r) => assertEquals(r, undefined),
    requestBody: { data: { type: "keys", id: "29", attributes: { type: 1, action: 4001003 } } },
    mismatch: "body-ignored",
  }),
  row({
    fn: "findGuildByMember",
    module: "features/guild/rest.ts",
    catalogue: [20],
    service: "GUILDS",
    method: "GET",
    path: "guilds?filter[members.id]=1001",
    reply: json(REST_FIXTURES.guilds),
    call: (rest) => findGuildByMember(rest, T, 1001),
    expect: (r) => {
      assertEquals([r?.id, r?.name, r?.leaderId, r?.titles.length], [12, "Nightfall", 1001, 5]);
      assertEquals(r?.members, [{
        characterId: 1001,
        name: "Aria",
        jobId: 400,
        level: 30,
        title: 1,
        online: true,
        allianceTitle: 5,
      }]);
    },
    mismatch: { document: withAttribute("guilds", "logo", -1), names: "data[0].attributes.logo" },
  }),
  row({
    fn: "getGuild",
    module: "features/guild/rest.ts",
    catalogue: [21],
    service: "GUILDS",
    method: "GET",
    path: "guilds/12",
    reply: json(REST_FIXTURES.guild),
    call: (rest) => getGuild(rest, T, 12),
    expect: (r) => {
      assertEquals([r.id, r.notice, r.capacity, r.logoBackground, r.logoBackgroundColor], [
        12,
        "Hi",
        30,
        2000,
        3,
      ]);
      assertEquals(r.titles[1], { name: "Jr. Master", index: 2 });
    },
    mismatch: { document: withAttribute("guild", "titles", [{ name: 1, index: 1 }]), names: "titles.0.name" },
  }),
  row({
    fn: "getGuildThreads",
    module: "features/guild/rest.ts",
    catalogue: [22],
    service: "GUILD_THREADS",
    method: "GET",
    path: "guilds/12/threads",
    reply: json(REST_FIXTURES.threads),
    call: (rest) => getGuildThreads(rest, T, 12),
    expect: (r) => assertEquals(r.map((t) => [t.id, t.title, t.replies.length]), [[3, "Raid night", 1]]),
    mismatch: { document: withAttribute("threads", "notice", 0), names: "data[0].attributes.notice" },
  }),
  row({
    fn: "getGuildThread",
    module: "features/guild/rest.ts",
    catalogue: [23],
    service: "GUILD_THREADS",
    method: "GET",
    path: "guilds/12/threads/3",
    reply: json(REST_FIXTURES.thread),
    call: (rest) => getGuildThread(rest, T, 12, 3),
    expect: (r) => {
      assertEquals([r.id, r.posterId, r.message, r.createdAt.toISOString()], [
        3,
        1001,
        "Friday 8pm",
        "2026-01-15T18:30:00.000Z",
      ]);
      assertEquals(r.replies.map((x) => [x.id, x.posterId, x.message, x.createdAt.toISOString()]), [
        [1, 1002, "I'm in", "2026-01-15T19:00:00.000Z"],
      ]);
    },
    mismatch: {
      document: withAttribute("thread", "createdAt", "yesterday"),
      names: "data.attributes.createdAt",
    },
  }),
  row({
    fn: "findPartyByMember",
    module: "features/party/rest.ts",
    catalogue: [24],
    service: "PARTIES",
    method: "GET",
    path: "parties?filter[members.id]=1001",
    reply: json(REST_FIXTURES.parties),
    call: (rest) => findPartyByMember(rest, T, 1001),
    expect: (r) => {
      assertEquals([r?.id, r?.leaderId], [1000000001, 1001]);
      assertEquals(r?.members.map((m) => [m.characterId, m.name, m.level, m.jobId, m.channelId, m.online]), [
        [1001, "Aria", 30, 400, 1, true],
        [1002, "Brin", 28, 200, 1, true],
      ]);
    },
    mismatch: {
      document: withAttribute("parties", "level", "thirty", { in: "included", type: "members" }),
      names: "relationships.members.0.attributes.level",
    },
  }),
  row({
    fn: "getParty",
    module: "features/party/rest.ts",
    catalogue: [25],
    service: "PARTIES",
    method: "GET",
    path: "parties/1000000001",
    reply: json(REST_FIXTURES.party),
    call: (rest) => getParty(rest, T, 1000000001),
    expect: (r) => {
      assertEquals([r.id, r.leaderId], [1000000001, 1001]);
      assertEquals(r.members[1], {
        characterId: 1002,
        name: "Brin",
        level: 28,
        jobId: 200,
        worldId: 0,
        channelId: 1,
        mapId: 100000000,
        online: true,
      });
    },
    mismatch: {
      document: withAttribute("party", "online", "yes", { in: "included", type: "members" }),
      names: "relationships.members.0.attributes.online",
    },
  }),
  row({
    fn: "findMessengerByMember",
    module: "features/messenger/rest.ts",
    catalogue: [26],
    service: "MESSENGERS",
    method: "GET",
    path: "messengers?filter[members.id]=1001",
    reply: json(REST_FIXTURES.messengers),
    call: (rest) => findMessengerByMember(rest, T, 1001),
    expect: (r) =>
      assertEquals(r, {
        id: 55,
        members: [{ characterId: 1001, name: "Aria", worldId: 0, channelId: 1, online: true, slot: 0 }],
      }),
    mismatch: {
      document: withAttribute("messengers", "slot", -1, { in: "included", type: "members" }),
      names: "relationships.members.0.attributes.slot",
    },
  }),
  row({
    fn: "getMessenger",
    module: "features/messenger/rest.ts",
    catalogue: [27],
    service: "MESSENGERS",
    method: "GET",
    path: "messengers/55",
    reply: json(REST_FIXTURES.messenger),
    call: (rest) => getMessenger(rest, T, 55),
    expect: (r) => assertEquals(r.members.map((m) => [m.characterId, m.name, m.slot]), [[1001, "Aria", 0]]),
    mismatch: {
      document: withAttribute("messenger", "name", 5, { in: "included", type: "members" }),
      names: "relationships.members.0.attributes.name",
    },
  }),
  row({
    fn: "getNotes",
    module: "features/note/rest.ts",
    catalogue: [28],
    service: "NOTES",
    method: "GET",
    path: "characters/1001/notes",
    reply: json(REST_FIXTURES.notes),
    call: (rest) => getNotes(rest, T, 1001),
    expect: (r) =>
      assertEquals(
        r.map((n) => [n.id, n.characterId, n.senderId, n.message, n.flag, n.timestamp.toISOString()]),
        [
          [77, 1001, 1002, "gg", 0, "2026-01-14T21:10:00.000Z"],
        ],
      ),
    mismatch: { document: withAttribute("notes", "senderId", "1002"), names: "data[0].attributes.senderId" },
  }),
  row({
    fn: "getNote",
    module: "features/note/rest.ts",
    catalogue: [29],
    service: "NOTES",
    method: "GET",
    path: "notes/77",
    reply: json(REST_FIXTURES.note),
    call: (rest) => getNote(rest, T, 77),
    expect: (r) => assertEquals([r.id, r.senderId, r.message], [77, 1002, "gg"]),
    mismatch: { document: withAttribute("note", "flag", 256), names: "data.attributes.flag" },
  }),
  row({
    fn: "charactersInMap",
    module: "features/map/rest.ts",
    catalogue: [30],
    service: "MAPS",
    method: "GET",
    path: "worlds/0/channels/1/maps/100000000/characters",
    reply: json(REST_FIXTURES.mapCharacters),
    call: (rest) => charactersInMap(rest, T, 0, 1, 100000000),
    expect: (r) => assertEquals(r, [1001, 1002]),
    mismatch: {
      document: { data: [{ type: "characters", id: "Aria", attributes: {} }] },
      names: "data[0].id",
    },
  }),
  row({
    fn: "getMonstersInMap",
    module: "features/monster/rest.ts",
    catalogue: [31],
    service: "MONSTERS",
    method: "GET",
    path: "worlds/0/channels/1/maps/100010000/monsters",
    reply: json(REST_FIXTURES.monsters),
    call: (rest) => getMonstersInMap(rest, T, 0, 1, 100010000),
    expect: (r) =>
      assertEquals(r.map((m) => [m.id, m.monsterId, m.controlCharacterId, m.team]), [[
        1000123,
        100100,
        1001,
        -1,
      ]]),
    mismatch: { document: withAttribute("monsters", "hp", -8), names: "data[0].attributes.hp" },
  }),
  row({
    fn: "getMonster",
    module: "features/monster/rest.ts",
    catalogue: [32],
    service: "MONSTERS",
    method: "GET",
    path: "monsters/1000123",
    reply: json(REST_FIXTURES.monster),
    call: (rest) => getMonster(rest, T, 1000123),
    expect: (r) => {
      assertEquals([r.id, r.mapId, r.x, r.y, r.fh, r.stance, r.maxHp, r.hp, r.mp], [
        1000123,
        100010000,
        150,
        274,
        18,
        5,
        8,
        8,
        0,
      ]);
      assertEquals(r.damageEntries, []);
    },
    mismatch: { document: withAttribute("monster", "x", "150"), names: "data.attributes.x" },
  }),
  row({
    fn: "getDropsInMap",
    module: "features/drop/rest.ts",
    catalogue: [33],
    service: "DROPS",
    method: "GET",
    path: "worlds/0/channels/1/maps/100010000/drops",
    reply: json(REST_FIXTURES.drops),
    call: (rest) => getDropsInMap(rest, T, 0, 1, 100010000),
    expect: (r) => {
      assertEquals(r.map((d) => [d.id, d.itemId, d.quantity, d.ownerId, d.dropperId, d.characterDrop]), [
        [900001, 4000019, 1, 1001, 1000123, false],
      ]);
      assertEquals(r[0].dropTime?.toISOString(), "2026-01-15T18:05:00.000Z");
    },
    mismatch: { document: withAttribute("drops", "meso", -1), names: "data[0].attributes.meso" },
  }),
  row({
    fn: "getReactorsInMap",
    module: "features/reactor/rest.ts",
    catalogue: [34],
    service: "REACTORS",
    method: "GET",
    path: "worlds/0/channels/1/maps/100010000/reactors",
    reply: json(REST_FIXTURES.reactors),
    call: (rest) => getReactorsInMap(rest, T, 0, 1, 100010000),
    expect: (r) =>
      assertEquals(r.map((x) => [x.id, x.classification, x.name, x.state, x.x, x.y]), [
        [600001, 1002000, "box1", 0, 300, 200],
      ]),
    mismatch: { document: withAttribute("reactors", "state", 128), names: "data[0].attributes.state" },
  }),
  row({
    fn: "getChairsInMap",
    module: "features/chair/rest.ts",
    catalogue: [35],
    service: "CHAIRS",
    method: "GET",
    path: "worlds/0/channels/1/maps/100010000/chairs",
    reply: json(REST_FIXTURES.chairs),
    call: (rest) => getChairsInMap(rest, T, 0, 1, 100010000),
    expect: (r) => assertEquals(r, [{ id: 3010000, type: "PORTABLE", characterId: 1002 }]),
    mismatch: {
      document: withAttribute("chairs", "characterId", "1002"),
      names: "data[0].attributes.characterId",
    },
  }),
  row({
    fn: "getChalkboardsInMap",
    module: "features/chalkboard/rest.ts",
    catalogue: [36],
    service: "CHALKBOARDS",
    method: "GET",
    path: "worlds/0/channels/1/maps/100010000/chalkboards",
    reply: json(REST_FIXTURES.chalkboards),
    call: (rest) => getChalkboardsInMap(rest, T, 0, 1, 100010000),
    expect: (r) => assertEquals(r, [{ characterId: 1002, message: "Selling Zakum helm" }]),
    mismatch: {
      document: withAttribute("chalkboards", "message", null),
      names: "data[0].attributes.message",
    },
  }),
  row({
    fn: "getMapData",
    module: "features/data/rest.ts",
    catalogue: [37],
    service: "DATA",
    method: "GET",
    path: "data/maps/100000000",
    reply: json(REST_FIXTURES.mapData),
    call: (rest) => getMapData(rest, T, 100000000),
    expect: (r) => {
      assertEquals([r.id, r.name, r.clock, r.town, r.timeLimit, r.forcedReturnMapId, r.recovery], [
        100000000,
        "Henesys",
        true,
        true,
        -1,
        999999999,
        1,
      ]);
      assertEquals(r.portals.map((p) => [p.id, p.name, p.x, p.targetMapId]), [[0, "sp", -100, 999999999]]);
      assertEquals(r.npcs.map((n) => [n.objectId, n.template]), [[1000000, 1012000]]);
    },
    mismatch: {
      document: withAttribute("mapData", "x", "left", { in: "included", type: "portals" }),
      names: "relationships.portals.0.attributes.x",
    },
  }),
  row({
    fn: "getMapNpcs",
    module: "features/data/rest.ts",
    catalogue: [38],
    service: "DATA",
    method: "GET",
    path: "data/maps/100000000/npcs",
    reply: json(REST_FIXTURES.mapNpcs),
    call: (rest) => getMapNpcs(rest, T, 100000000),
    expect: (r) =>
      assertEquals(r, [{
        objectId: 1000000,
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
      }]),
    mismatch: { document: withAttribute("mapNpcs", "hide", 0), names: "data[0].attributes.hide" },
  }),
  row({
    fn: "findMapNpcByObjectId",
    module: "features/data/rest.ts",
    catalogue: [39],
    service: "DATA",
    method: "GET",
    path: "data/maps/100000000/npcs?objectId=1000000",
    reply: json(REST_FIXTURES.mapNpcs),
    call: (rest) => findMapNpcByObjectId(rest, T, 100000000, 1000000),
    expect: (r) => assertEquals([r?.objectId, r?.template, r?.name], [1000000, 1012000, "Regular Cab"]),
    mismatch: {
      document: withAttribute("mapNpcs", "template", "1012000"),
      names: "data[0].attributes.template",
    },
  }),
  row({
    fn: "portalDirectory",
    module: "features/portal/rest.ts",
    catalogue: [40],
    service: "DATA",
    method: "GET",
    path: "data/maps/100000000/portals?name=east00",
    reply: json(REST_FIXTURES.portals),
    call: (rest, ctx) => portalDirectory(rest, { timeoutMs: ctx.timeoutMs }).idOf(T, 100000000, "east00"),
    expect: (r) => assertEquals(r, 3),
    mismatch: { document: withAttribute("portals", "type", "2"), names: "data[0].attributes.type" },
  }),
  row({
    fn: "getNpcTemplate",
    module: "features/data/rest.ts",
    catalogue: [41],
    service: "DATA",
    method: "GET",
    path: "data/npcs/1012009",
    reply: json(REST_FIXTURES.npcTemplate),
    call: (rest) => getNpcTemplate(rest, T, 1012009),
    expect: (r) =>
      assertEquals(r, { id: 1012009, name: "Storage Keeper", trunkPut: 100, trunkGet: 0, storebank: true }),
    mismatch: {
      document: withAttribute("npcTemplate", "trunk_put", "100"),
      names: "data.attributes.trunk_put",
    },
  }),
  row({
    fn: "getSkillData",
    module: "features/data/rest.ts",
    catalogue: [42],
    service: "DATA",
    method: "GET",
    path: "data/skills/4001003",
    reply: json(REST_FIXTURES.skillData),
    call: (rest) => getSkillData(rest, T, 4001003),
    expect: (r) => {
      assertEquals([r.id, r.element, r.effects.length], [4001003, "NEUTRAL", 1]);
      const e = r.effects[0];
      assertEquals([e.MPConsume, e.HPConsume, e.duration, e.speed, e.moveTo, e.prop, e.skill], [
        16,
        0,
        20000,
        -30,
        -1,
        1,
        true,
      ]);
      assertEquals(e.statups, [{ type: "DARK_SIGHT", amount: 0 }, { type: "SPEED", amount: -30 }]);
      assertEquals(e.cardStats, { itemCode: 0, probability: 0, areas: [], inParty: false });
    },
    mismatch: {
      document: withAttribute("skillData", "effects", [{ MPConsume: "16" }]),
      names: "data.attributes.effects.0.MPConsume",
    },
  }),
  row({
    fn: "getNpcShop",
    module: "features/npc/rest.ts",
    catalogue: [43],
    service: "NPC_SHOP",
    method: "GET",
    path: "npcs/1011100/shop?include=commodities",
    reply: json(REST_FIXTURES.shop),
    call: (rest) => getNpcShop(rest, T, 1011100),
    expect: (r) => {
      assertEquals([r.id, r.npcId, r.recharger], ["shop-1011100", 1011100, false]);
      assertEquals(r.commodities.map((c) => [c.id, c.templateId, c.mesoPrice, c.slotMax]), [
        ["a3c1d2e4-5f60-4a7b-8c9d-0e1f2a3b4c5d", 2000000, 50, 100],
      ]);
    },
    mismatch: {
      document: withAttribute("shop", "mesoPrice", "50", { in: "included", type: "commodities" }),
      names: "relationships.commodities.0.attributes.mesoPrice",
    },
  }),
  row({
    fn: "findNpcShop",
    module: "features/npc/rest.ts",
    catalogue: [43],
    service: "NPC_SHOP",
    method: "GET",
    path: "npcs/1011100/shop?include=commodities",
    reply: json(REST_FIXTURES.shop),
    call: (rest) => findNpcShop(rest, T, 1011100),
    expect: (r) => assertEquals(r?.commodities.length, 1),
    notFoundResolves: { value: undefined },
    mismatch: { document: withAttribute("shop", "npcId", "1011100"), names: "data.attributes.npcId" },
  }),
  row({
    fn: "getStorage",
    module: "features/storage/rest.ts",
    catalogue: [44],
    service: "STORAGE",
    method: "GET",
    path: "storage/accounts/42?worldId=0",
    reply: json(REST_FIXTURES.storage),
    call: (rest) => getStorage(rest, T, 42, 0),
    expect: (r) =>
      assertEquals(r, {
        id: "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70",
        worldId: 0,
        accountId: 42,
        capacity: 4,
        mesos: 5000,
      }),
    mismatch: { document: withAttribute("storage", "capacity", "4"), names: "data.attributes.capacity" },
  }),
  row({
    fn: "getStorageAssets",
    module: "features/storage/rest.ts",
    catalogue: [45],
    service: "STORAGE",
    method: "GET",
    path: "storage/accounts/42/assets?worldId=0",
    reply: json(REST_FIXTURES.storageAssets),
    call: (rest) => getStorageAssets(rest, T, 42, 0),
    expect: (r) => {
      assertEquals(r.map((a) => [a.id, a.inventoryType, a.slot, a.templateId, a.referenceType, a.quantity]), [
        [12, 2, 0, 2000000, "consumable", 20],
        [13, 1, 1, 1302000, "equipable", undefined],
      ]);
      assertEquals([r[0].expiration, r[0].ownerId, r[0].flag, r[1].flag], [null, 0, 0, undefined]);
    },
    mismatch: {
      document: withAttribute("storageAssets", "template_id", "2000000"),
      names: "data[0].attributes.template_id",
    },
  }),
  row({
    fn: "getWallet",
    module: "features/cash-shop/rest.ts",
    catalogue: [46],
    service: "CASHSHOP",
    method: "GET",
    path: "accounts/42/wallet",
    reply: json(REST_FIXTURES.wallet),
    call: (rest) => getWallet(rest, T, 42),
    expect: (r) => assertEquals(r, { credit: 10000, points: 2500, prepaid: 0 }),
    mismatch: { document: withAttribute("wallet", "credit", -5), names: "data.attributes.credit" },
  }),
  row({
    fn: "getCashCompartment",
    module: "features/cash-shop/rest.ts",
    catalogue: [47],
    service: "CASHSHOP",
    method: "GET",
    path: "accounts/42/cash-shop/inventory/compartments?type=1",
    reply: json(REST_FIXTURES.cashCompartment),
    call: (rest) => getCashCompartment(rest, T, 42),
    expect: (r) => {
      assertEquals([r.id, r.accountId, r.type, r.capacity], [CASH_COMPARTMENT, 42, 1, 55]);
      assertEquals(r.items, [{
        assetId: CASH_ASSET,
        itemId: 4401,
        cashId: "9000000000789",
        templateId: 5150000,
        quantity: 1,
        flag: 0,
        purchasedBy: 1001,
      }]);
    },
    mismatch: {
      document: withAttribute("cashCompartment", "cashId", 9000000000789, { in: "included", type: "items" }),
      names: "relationships.assets.0.relationships.item.attributes.cashId",
    },
  }),
  row({
    fn: "getCashAsset",
    module: "features/cash-shop/rest.ts",
    catalogue: [48],
    service: "CASHSHOP",
    method: "GET",
    path: `accounts/42/cash-shop/inventory/compartments/${CASH_COMPARTMENT}/assets/${CASH_ASSET}`,
    reply: json(REST_FIXTURES.cashAsset),
    call: (rest) => getCashAsset(rest, T, 42, CASH_COMPARTMENT, CASH_ASSET),
    expect: (r) => {
      assertEquals([r.id, r.compartmentId], [CASH_ASSET, CASH_COMPARTMENT]);
      assertEquals([r.item?.itemId, r.item?.cashId, r.item?.templateId], [4401, "9000000000789", 5150000]);
    },
    mismatch: {
      document: withAttribute("cashAsset", "templateId", "5150000", { in: "included", type: "items" }),
      names: "relationships.item.attributes.templateId",
    },
  }),
  row({
    fn: "getWishlist",
    module: "features/cash-shop/rest.ts",
    catalogue: [49],
    service: "CASHSHOP",
    method: "GET",
    path: "characters/1001/cash-shop/wishlist",
    reply: json(REST_FIXTURES.wishlist),
    call: (rest) => getWishlist(rest, T, 1001),
    expect: (r) => assertEquals(r, [20000000]),
    mismatch: {
      document: withAttribute("wishlist", "serialNumber", "20000000"),
      names: "data[0].attributes.serialNumber",
    },
  }),
  row({
    fn: "clearWishlist",
    module: "features/cash-shop/rest.ts",
    catalogue: [50],
    service: "CASHSHOP",
    method: "DELETE",
    path: "characters/1001/cash-shop/wishlist",
    reply: { status: 204 },
    call: (rest) => clearWishlist(rest, T, 1001),
    expect: (r) => assertEquals(r, undefined),
    requestBody: "",
    mismatch: "body-ignored",
  }),
  row({
    fn: "addWishlistItem",
    module: "features/cash-shop/rest.ts",
    catalogue: [51],
    service: "CASHSHOP",
    method: "POST",
    path: "characters/1001/cash-shop/wishlist",
    reply: json(REST_FIXTURES.wishlistItem),
    call: (rest) => addWishlistItem(rest, T, 1001, 20000000),
    expect: (r) => assertEquals(r, undefined),
    requestBody: {
      data: {
        type: "items",
        id: "00000000-0000-0000-0000-000000000000",
        attributes: { characterId: 1001, serialNumber: 20000000 },
      },
    },
    mismatch: "body-ignored",
  }),
  row({
    fn: "getRoutes",
    module: "features/transport/rest.ts",
    catalogue: [52],
    service: "ROUTES",
    method: "GET",
    path: "transports/routes",
    reply: json(REST_FIXTURES.routes),
    call: (rest) => getRoutes(rest, T),
    expect: (r) => {
      assertEquals(r.map((x) => [x.id, x.name, x.startMapId, x.state, x.cycleInterval, x.enRouteMapIds]), [[
        "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
        "Ellinia-Orbis",
        101000300,
        "open_entry",
        600000000000,
        [200090010, 200090011],
      ]]);
      assertEquals(r[0].schedule.map((s) => [s.id, s.departure?.toISOString(), s.arrival?.toISOString()]), [
        ["c0ffee00-1111-4222-8333-444455556666", "2026-01-15T18:05:00.000Z", "2026-01-15T18:10:00.000Z"],
      ]);
    },
    mismatch: {
      document: withAttribute("routes", "departure", 5, { in: "included", type: "trip-schedule" }),
      names: "relationships.schedule.0.attributes.departure",
    },
  }),
];

// ---------------------------------------------------------------------------------------------------
// Running one row in every situation.

const GET_ATTEMPTS = 3;
const TIMEOUT_ATTEMPTS = 2;
const SHORT_TIMEOUT_MS = 80;
const NORMAL_TIMEOUT_MS = 3_000;
/** Nothing listens here: a lookup that used the wrong service key fails instead of reaching the fixture. */
const UNUSED_BASE = "http://127.0.0.1:1/api/";

function clientFor(server: JsonApiServer, r: Row<unknown>, timeoutMs: number, attempts: number): RestClient {
  return createRestClient({
    baseServiceUrl: UNUSED_BASE,
    env: (name) => name === `${r.service}_SERVICE_URL` ? server.root : undefined,
    timeoutMs,
    retry: { attempts, baseDelayMs: 2, maxDelayMs: 5 },
  });
}

/** The row's success status, unless that status cannot carry a body (204 → 200). */
function statusWithBody(r: Row<unknown>): number {
  const status = r.reply.status ?? 200;
  return status === 204 ? 200 : status;
}

function route(server: JsonApiServer, r: Row<unknown>, reply: Reply): void {
  server.on(r.method, r.path, reply);
  for (const extra of r.also ?? []) server.on(extra.method, extra.path, extra.reply);
}

function assertTenantHeaders(request: RecordedRequest, r: Row<unknown>): void {
  assertEquals(request.headers.get("content-type"), CONTENT_TYPE, `${r.fn}: content type`);
  const sent = [
    request.headers.get("tenant_id"),
    request.headers.get("region"),
    request.headers.get("major_version"),
    request.headers.get("minor_version"),
  ];
  assertEquals(
    sent,
    r.tenantless
      ? [null, null, null, null]
      : [T.id, T.region, String(T.majorVersion), String(T.minorVersion)],
    `${r.fn}: tenant headers`,
  );
}

/** Runs the call expecting it to fail; returns the RestError (or checks `failureResolves`). */
async function expectFailure(
  r: Row<unknown>,
  rest: RestClient,
  ctx: CallContext,
  errorClass: abstract new (...args: never[]) => RestError,
): Promise<RestError | undefined> {
  if (r.failureResolves) {
    r.failureResolves(await r.call(rest, ctx));
    return undefined;
  }
  const err = await assertRejects(() => r.call(rest, ctx), errorClass);
  const restError = err as RestError;
  assertEquals([restError.service, restError.method], [r.service, r.method], `${r.fn}: error names the call`);
  assertTrue(restError.path.startsWith(r.path), `${r.fn}: error path ${restError.path}`);
  return restError;
}

for (const r of ROWS) {
  Deno.test(`lookup ${r.fn} (${r.method} ${r.path})`, async (t) => {
    const server = await startJsonApiServer();
    const ctx = { timeoutMs: NORMAL_TIMEOUT_MS };
    const rest = clientFor(server, r, NORMAL_TIMEOUT_MS, GET_ATTEMPTS);
    const isGet = r.method === "GET";
    const served = () => server.requestsTo(r.method, r.path).length;
    try {
      await t.step("success", async () => {
        route(server, r, r.reply);
        const before = served();
        r.expect(await r.call(rest, ctx));
        const requests = server.requestsTo(r.method, r.path);
        assertEquals(requests.length - before, 1, `${r.fn}: one request`);
        const request = requests[requests.length - 1];
        assertTenantHeaders(request, r);
        if (r.requestBody !== undefined) {
          assertEquals(
            request.body === "" ? "" : JSON.parse(request.body),
            r.requestBody,
            `${r.fn}: request body`,
          );
        }
      });

      await t.step("404", async () => {
        route(server, r, { status: 404 });
        const before = served();
        if (r.notFoundResolves) {
          assertEquals(await r.call(rest, ctx), r.notFoundResolves.value, `${r.fn}: 404 means none`);
        } else {
          const err = await expectFailure(r, rest, ctx, RestNotFoundError);
          if (err) assertEquals([err.status, err.attempts], [404, 1]);
        }
        assertEquals(served() - before, 1, `${r.fn}: 404 is not retried`);
      });

      await t.step("500", async () => {
        route(server, r, { status: 500 });
        const before = served();
        const err = await expectFailure(r, rest, ctx, RestError);
        const attempts = isGet ? GET_ATTEMPTS : 1;
        if (err) {
          assertTrue(!(err instanceof RestNotFoundError), `${r.fn}: 500 is not "not found"`);
          assertEquals([err.status, err.attempts], [500, attempts]);
        }
        assertEquals(served() - before, attempts, `${r.fn}: ${isGet ? "GET retried" : "write not retried"}`);
      });

      await t.step("timeout", async () => {
        route(server, r, { ...r.reply, delayMs: 2_000 });
        const quick = clientFor(server, r, SHORT_TIMEOUT_MS, TIMEOUT_ATTEMPTS);
        const before = served();
        const err = await expectFailure(r, quick, { timeoutMs: SHORT_TIMEOUT_MS }, RestTimeoutError);
        const attempts = isGet ? TIMEOUT_ATTEMPTS : 1;
        if (err) {
          // The client's own count is exact. The server may never see an attempt the client gave up on
          // within 80 ms on a loaded machine, so its count only proves there was no extra attempt.
          assertEquals([(err as RestTimeoutError).timeoutMs, err.attempts], [SHORT_TIMEOUT_MS, attempts]);
          assertTrue(served() - before <= attempts, `${r.fn}: ${served() - before} attempts on timeout`);
        } else {
          assertEquals(served() - before, attempts, `${r.fn}: attempts on timeout`);
        }
      });

      await t.step("malformed JSON", async () => {
        // A write's answer is not read: even a 2xx with a broken body is a success.
        route(server, r, { status: statusWithBody(r), text: '{"data": [{"type": ' });
        if (r.mismatch === "body-ignored") {
          await r.call(rest, ctx); // the answer of this write is not read
        } else {
          const err = await expectFailure(r, rest, ctx, RestMalformedResponseError);
          if (err) assertStringIncludes(err.message, "malformed JSON");
        }
      });

      await t.step("schema mismatch", async () => {
        if (r.mismatch === "body-ignored") {
          route(server, r, {
            status: statusWithBody(r),
            json: { data: { type: "unexpected", id: "x" } },
          });
          await r.call(rest, ctx);
          return;
        }
        route(server, r, { json: r.mismatch.document });
        const err = await expectFailure(r, rest, ctx, RestSchemaError);
        if (err) {
          const issues = (err as RestSchemaError).issues.join("; ");
          assertStringIncludes(issues, r.mismatch.names, `${r.fn}: the mismatch is named`);
          assertEquals(err.attempts, 1, `${r.fn}: a schema mismatch is not retried`);
        }
      });
    } finally {
      await server.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Coverage: the catalogue of rest-contract.md §2.25 and every lookup function in the code.

/** One line of §2.25: the reference's template and the function implementing it. */
interface CatalogueEntry {
  n: number;
  service: ServiceKey;
  method: Method;
  /** The reference's path template. */
  template: string;
  /** What we send when it differs from the reference, and why. */
  sent?: { template: string; why: string };
  fn: string;
}

const CATALOGUE: readonly CatalogueEntry[] = [
  {
    n: 1,
    service: "CONFIGURATIONS",
    method: "GET",
    template: "configurations/services/{id}",
    fn: "fetchServiceConfiguration",
  },
  {
    n: 2,
    service: "CONFIGURATIONS",
    method: "GET",
    template: "configurations/tenants/{id}",
    fn: "fetchTenantConfiguration",
  },
  { n: 3, service: "ACCOUNTS", method: "GET", template: "accounts", fn: "listAccounts" },
  { n: 4, service: "ACCOUNTS", method: "GET", template: "accounts/{id}", fn: "getAccount" },
  { n: 5, service: "CHANNELS", method: "POST", template: "worlds/{w}/channels", fn: "registerChannel" },
  { n: 6, service: "CHANNELS", method: "GET", template: "worlds/{w}/channels/{c}", fn: "getChannel" },
  { n: 7, service: "WORLDS", method: "GET", template: "worlds/{w}", fn: "getWorld" },
  { n: 8, service: "CHARACTERS", method: "GET", template: "characters/{id}", fn: "getCharacter" },
  {
    n: 9,
    service: "CHARACTERS",
    method: "GET",
    template: "characters?name={name}&include=inventory",
    sent: {
      template: "characters?name={name}",
      why: "atlas-character ignores the include (quirk 12); name URL-encoded",
    },
    fn: "findCharacterByName",
  },
  { n: 10, service: "INVENTORY", method: "GET", template: "characters/{id}/inventory", fn: "getInventory" },
  {
    n: 11,
    service: "INVENTORY",
    method: "GET",
    template: "characters/{id}/inventory/compartments?type={t}",
    fn: "getCompartment",
  },
  { n: 12, service: "SKILLS", method: "GET", template: "characters/{id}/skills", fn: "getSkills" },
  { n: 13, service: "SKILLS", method: "GET", template: "characters/{id}/macros", fn: "getSkillMacros" },
  { n: 14, service: "PETS", method: "GET", template: "characters/{id}/pets", fn: "getPets" },
  { n: 15, service: "PETS", method: "GET", template: "pets/{id}", fn: "getPet" },
  { n: 16, service: "BUDDIES", method: "GET", template: "characters/{id}/buddy-list", fn: "getBuddyList" },
  { n: 17, service: "BUFFS", method: "GET", template: "characters/{id}/buffs", fn: "getBuffs" },
  { n: 18, service: "KEYS", method: "GET", template: "characters/{id}/keys", fn: "getKeyBindings" },
  { n: 19, service: "KEYS", method: "PATCH", template: "characters/{id}/keys/{key}", fn: "changeKeyBinding" },
  {
    n: 20,
    service: "GUILDS",
    method: "GET",
    template: "guilds?filter[members.id]={id}",
    fn: "findGuildByMember",
  },
  { n: 21, service: "GUILDS", method: "GET", template: "guilds/{id}", fn: "getGuild" },
  { n: 22, service: "GUILD_THREADS", method: "GET", template: "guilds/{g}/threads", fn: "getGuildThreads" },
  {
    n: 23,
    service: "GUILD_THREADS",
    method: "GET",
    template: "guilds/{g}/threads/{t}",
    fn: "getGuildThread",
  },
  {
    n: 24,
    service: "PARTIES",
    method: "GET",
    template: "parties?filter[members.id]={id}",
    fn: "findPartyByMember",
  },
  { n: 25, service: "PARTIES", method: "GET", template: "parties/{id}", fn: "getParty" },
  {
    n: 26,
    service: "MESSENGERS",
    method: "GET",
    template: "messengers?filter[members.id]={id}",
    fn: "findMessengerByMember",
  },
  { n: 27, service: "MESSENGERS", method: "GET", template: "messengers/{id}", fn: "getMessenger" },
  { n: 28, service: "NOTES", method: "GET", template: "characters/{id}/notes", fn: "getNotes" },
  { n: 29, service: "NOTES", method: "GET", template: "notes/{id}", fn: "getNote" },
  {
    n: 30,
    service: "MAPS",
    method: "GET",
    template: "worlds/{w}/channels/{c}/maps/{m}/characters/",
    sent: {
      template: "worlds/{w}/channels/{c}/maps/{m}/characters",
      why: "atlas-maps serves it without the slash and answers the slashed path with a 301 (quirk 11)",
    },
    fn: "charactersInMap",
  },
  {
    n: 31,
    service: "MONSTERS",
    method: "GET",
    template: "worlds/{w}/channels/{c}/maps/{m}/monsters",
    fn: "getMonstersInMap",
  },
  { n: 32, service: "MONSTERS", method: "GET", template: "monsters/{id}", fn: "getMonster" },
  {
    n: 33,
    service: "DROPS",
    method: "GET",
    template: "worlds/{w}/channels/{c}/maps/{m}/drops",
    fn: "getDropsInMap",
  },
  {
    n: 34,
    service: "REACTORS",
    method: "GET",
    template: "worlds/{w}/channels/{c}/maps/{m}/reactors",
    fn: "getReactorsInMap",
  },
  {
    n: 35,
    service: "CHAIRS",
    method: "GET",
    template: "worlds/{w}/channels/{c}/maps/{m}/chairs",
    fn: "getChairsInMap",
  },
  {
    n: 36,
    service: "CHALKBOARDS",
    method: "GET",
    template: "worlds/{w}/channels/{c}/maps/{m}/chalkboards",
    fn: "getChalkboardsInMap",
  },
  { n: 37, service: "DATA", method: "GET", template: "data/maps/{id}", fn: "getMapData" },
  { n: 38, service: "DATA", method: "GET", template: "data/maps/{id}/npcs", fn: "getMapNpcs" },
  {
    n: 39,
    service: "DATA",
    method: "GET",
    template: "data/maps/{id}/npcs?objectId={o}",
    fn: "findMapNpcByObjectId",
  },
  {
    n: 40,
    service: "DATA",
    method: "GET",
    template: "data/maps/{id}/portals?name={name}",
    fn: "portalDirectory",
  },
  { n: 41, service: "DATA", method: "GET", template: "data/npcs/{id}", fn: "getNpcTemplate" },
  { n: 42, service: "DATA", method: "GET", template: "data/skills/{id}", fn: "getSkillData" },
  {
    n: 43,
    service: "NPC_SHOP",
    method: "GET",
    template: "npcs/{t}/shop?include=commodities",
    fn: "getNpcShop",
  },
  {
    n: 44,
    service: "STORAGE",
    method: "GET",
    template: "storage/accounts/{a}?worldId={w}",
    fn: "getStorage",
  },
  {
    n: 45,
    service: "STORAGE",
    method: "GET",
    template: "storage/accounts/{a}/assets?worldId={w}",
    fn: "getStorageAssets",
  },
  { n: 46, service: "CASHSHOP", method: "GET", template: "accounts/{a}/wallet", fn: "getWallet" },
  {
    n: 47,
    service: "CASHSHOP",
    method: "GET",
    template: "accounts/{a}/cash-shop/inventory/compartments?type={t}",
    fn: "getCashCompartment",
  },
  {
    n: 48,
    service: "CASHSHOP",
    method: "GET",
    template: "accounts/{a}/cash-shop/inventory/compartments/{c}/assets/{id}",
    fn: "getCashAsset",
  },
  {
    n: 49,
    service: "CASHSHOP",
    method: "GET",
    template: "characters/{id}/cash-shop/wishlist",
    fn: "getWishlist",
  },
  {
    n: 50,
    service: "CASHSHOP",
    method: "DELETE",
    template: "characters/{id}/cash-shop/wishlist",
    fn: "clearWishlist",
  },
  {
    n: 51,
    service: "CASHSHOP",
    method: "POST",
    template: "characters/{id}/cash-shop/wishlist",
    fn: "addWishlistItem",
  },
  { n: 52, service: "ROUTES", method: "GET", template: "transports/routes", fn: "getRoutes" },
];

/** §2.24: client functions the reference defines but never calls; not implemented here. */
const NOT_IMPLEMENTED: readonly { method: Method; template: string; why: string }[] = [
  {
    method: "GET",
    template: "characters/{id}?include=inventory",
    why: "never called; the server ignores the include",
  },
  {
    method: "GET",
    template: "characters/{id}/skills/{skillId}",
    why: "never called; the skill list serves every use",
  },
  {
    method: "GET",
    template: "parties/{id}/members",
    why: "never called; members come included with the party",
  },
  {
    method: "GET",
    template: "messengers/{id}/members",
    why: "never called; members come included with the room",
  },
  {
    method: "GET",
    template: "accounts/{a}/cash-shop/inventory/compartments",
    why: "the server requires `type`",
  },
  { method: "GET", template: "transports/routes/{id}", why: "never called; the route list serves map entry" },
  { method: "GET", template: "transports/routes/{id}/state", why: "does not exist on atlas-transports" },
  { method: "GET", template: "transports/routes/{id}/schedule", why: "does not exist on atlas-transports" },
];

/** Exported functions of the REST modules that are not lookups (pure helpers), with what they are. */
const NOT_LOOKUPS: Readonly<Record<string, string>> = {
  "features/character/rest.ts#spCounters": "parses the sp attribute",
  "features/character/rest.ts#isEvanJob": "job predicate",
  "features/character/rest.ts#skillBookIndex": "job → SP counter index",
  "features/character/rest.ts#remainingSp": "reads a parsed character",
  "features/channel/rest.ts#goTimeText": "time formatting for the registration body",
  "features/channel/rest.ts#channelRegistrationBody": "request body builder (checked via registerChannel)",
  "features/channel/rest.ts#unregisterChannel":
    "drain deregistration, DELETE worlds/{w}/channels/{c} of the later reference (not in the b0c865294b catalogue); tests/features/channel/drain.test.ts",
  "features/keymap/rest.ts#keyBindingBody": "request body builder (checked via changeKeyBinding)",
  "features/cash-shop/rest.ts#wishlistItemBody": "request body builder (checked via addWishlistItem)",
  "features/inventory/rest.ts#compartmentOf": "reads a parsed inventory",
  "features/inventory/rest.ts#assetFromAttributes": "parses an asset document's attributes",
  "features/skill/rest.ts#isFourthJobSkill": "skill predicate",
  "features/transport/rest.ts#isBoatDocked": "reads parsed routes",
  "features/data/rest.ts#skillEffectAt": "reads parsed skill data",
  "features/data/rest.ts#skillMaxLevel": "reads parsed skill data",
};

function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, "[^/?&]+")}$`);
}

/**
 * The production callers (src/ without the sandbox and the bot) of each exported function of the REST
 * modules, as `module#fn` → caller files: a function is called when another file names it, or when a
 * called function of its own module does (e.g. a body builder used by a called request).
 */
async function productionCallers(modules: readonly string[]): Promise<Map<string, string[]>> {
  const srcRoot = new URL("../../src/", import.meta.url);
  const texts = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(new URL(dir, srcRoot))) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory && path !== "sandbox" && path !== "bot") await walk(`${path}/`);
      else if (entry.isFile && entry.name.endsWith(".ts")) {
        texts.set(path, await Deno.readTextFile(new URL(path, srcRoot)));
      }
    }
  };
  await walk("");
  const named = (text: string, fn: string) => new RegExp(`\\b${fn}\\b`).test(text);
  const callers = new Map<string, string[]>();
  for (const module of modules) {
    const text = texts.get(module)!;
    const bodies = new Map<string, string>();
    for (const part of text.split(/^(?=export )/m)) {
      const match = /^export (?:(?:async )?function|const) (\w+)/.exec(part);
      const fn = match?.[1];
      if (fn) bodies.set(fn, part);
    }
    for (const fn of bodies.keys()) {
      const files = [...texts].filter(([path, other]) => path !== module && named(other, fn)).map(([path]) =>
        path
      );
      if (files.length > 0) callers.set(`${module}#${fn}`, files);
    }
    for (let changed = true; changed;) {
      changed = false;
      for (const fn of bodies.keys()) {
        if (callers.has(`${module}#${fn}`)) continue;
        const via = [...bodies].find(([other, body]) => callers.has(`${module}#${other}`) && named(body, fn));
        if (via) {
          callers.set(`${module}#${fn}`, [`${module}#${via[0]}`]);
          changed = true;
        }
      }
    }
  }
  return callers;
}

/** The REST modules: the configuration reads and every src/features/<domain>/rest.ts. */
async function restModules(): Promise<string[]> {
  const srcRoot = new URL("../../src/", import.meta.url);
  const modules = ["config/config-service.ts"];
  for await (const entry of Deno.readDir(new URL("features/", srcRoot))) {
    if (!entry.isDirectory) continue;
    try {
      await Deno.stat(new URL(`features/${entry.name}/rest.ts`, srcRoot));
      modules.push(`features/${entry.name}/rest.ts`);
    } catch {
      // no REST module in this domain
    }
  }
  return modules.sort();
}

Deno.test("lookup matrix: the §2.25 catalogue as the reference has it (52 templates and their methods)", () => {
  assertEquals(CATALOGUE.map((c) => c.n), Array.from({ length: 52 }, (_, i) => i + 1));
  const counts = { GET: 0, POST: 0, PATCH: 0, DELETE: 0 };
  for (const entry of CATALOGUE) counts[entry.method]++;
  assertEquals(counts, { GET: 48, POST: 2, PATCH: 1, DELETE: 1 }, "the reference's method counts");
});

Deno.test("lookup matrix: every catalogue template is implemented by its row and called by a code path", async () => {
  const callers = await productionCallers(await restModules());
  const called: string[] = [];
  const uncalled: string[] = [];
  for (const entry of CATALOGUE) {
    const implementing = ROWS.filter((r) => r.fn === entry.fn);
    assertEquals(implementing.length, 1, `#${entry.n}: exactly one row for ${entry.fn}`);
    const r = implementing[0];
    const key = `${r.module}#${r.fn}`;
    if (!callers.has(key)) {
      uncalled.push(`#${entry.n} ${entry.method} ${entry.template} (${key})`);
      continue;
    }
    called.push(`#${entry.n} ${key} ← ${callers.get(key)!.join(", ")}`);
    assertTrue(r.catalogue.includes(entry.n), `#${entry.n}: ${entry.fn}'s row lists it`);
    assertEquals([r.service, r.method], [entry.service, entry.method], `#${entry.n}: service and method`);
    const sent = entry.sent?.template ?? entry.template;
    assertTrue(templatePattern(sent).test(r.path), `#${entry.n}: ${r.path} matches ${sent}`);
  }
  for (const r of ROWS) {
    for (const n of r.catalogue) {
      const entry = CATALOGUE[n - 1];
      assertEquals([r.service, r.method], [entry.service, entry.method], `${r.fn} claims #${n}`);
      const pattern = templatePattern(entry.sent?.template ?? entry.template);
      const paths = [r.path, ...(r.also ?? []).map((a) => a.path)];
      assertTrue(paths.some((p) => pattern.test(p)), `${r.fn}: one of ${paths.join(", ")} is #${n}`);
    }
  }
  // Only what a code path calls counts as implemented; a function only tests call is not a feature:
  // a lookup nothing calls must be deleted (or listed in NOT_IMPLEMENTED with its reason).
  assertEquals(uncalled, [], "lookup functions that no code path calls");
  assertEquals(called.length + uncalled.length, CATALOGUE.length);
});

Deno.test("lookup matrix: the caller search finds direct and same-module callers and nothing in tests", async () => {
  const callers = await productionCallers(["features/channel/rest.ts", "features/keymap/rest.ts"]);
  // announceChannels is called by the channel feature; registerChannel only through announceChannels.
  assertEquals(callers.get("features/channel/rest.ts#announceChannels"), ["features/channel/mod.ts"]);
  assertEquals(callers.get("features/channel/rest.ts#registerChannel"), [
    "features/channel/rest.ts#announceChannels",
  ]);
  assertEquals(callers.get("features/keymap/rest.ts#keyBindingBody"), [
    "features/keymap/rest.ts#changeKeyBinding",
  ]);
});

Deno.test("lookup matrix: the uncalled functions of §2.24 are not implemented, each for a stated reason", () => {
  assertEquals(NOT_IMPLEMENTED.length, 8);
  for (const entry of NOT_IMPLEMENTED) {
    assertTrue(entry.why.length > 0);
    const pattern = templatePattern(entry.template);
    const clash = ROWS.find((r) => r.method === entry.method && pattern.test(r.path));
    assertEquals(clash?.fn, undefined, `${entry.template} is listed as not implemented`);
  }
});

Deno.test("lookup matrix: every exported function of the REST modules is a row or a named helper", async () => {
  const srcRoot = new URL("../../src/", import.meta.url);
  const modules = await restModules();
  const found: string[] = [];
  for (const module of modules) {
    const exports = await import(new URL(module, srcRoot).href) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function" && !/^[A-Z]/.test(name)) found.push(`${module}#${name}`);
    }
  }
  const rows = ROWS.map((r) => `${r.module}#${r.fn}`);
  assertEquals(new Set(rows).size, rows.length, "one row per function");
  const uncovered = found.filter((key) => !rows.includes(key) && !(key in NOT_LOOKUPS)).sort();
  assertEquals(uncovered, [], "lookup functions without a matrix row");
  const stale = [...rows, ...Object.keys(NOT_LOOKUPS)].filter((key) => !found.includes(key)).sort();
  assertEquals(stale, [], "rows or helpers naming no exported function");
});
