/**
 * The sandbox's mutable world state: characters (created from the fixtures on first use, then changed by
 * the responders: map, stats, meso, key bindings), who is online on which channel, and the channels that
 * registered. The HTTP server answers from it and the responders update it, so a stat change answered on
 * Kafka is what the channel reads back over REST — as with the real services.
 * @module
 */
import {
  DEFAULT_GENERATED_COUNT,
  GENERATED_FIRST_ID,
  generatedCharacter,
  isGeneratedId,
  NAMED_CHARACTERS,
  SANDBOX_MAPS,
  SANDBOX_TENANT_ID,
  type SandboxCharacterFixture,
  type SandboxMap,
} from "./world.ts";
import { createSandboxMonsters, type SandboxMonsters } from "./monsters.ts";
import type { SandboxBuffs } from "./skills.ts";
import {
  createTenantDrops,
  createTenantSeats,
  type SandboxDrops,
  type SandboxRouteState,
  type SandboxSeats,
} from "./ground.ts";

/** A character as the sandbox keeps it. */
export type SandboxCharacter = SandboxCharacterFixture;

/** One entry of a sandbox buddy list (atlas-buddies' attributes). */
export interface SandboxBuddy {
  characterId: number;
  group: string;
  characterName: string;
  /** −1 when offline. */
  channelId: number;
  inShop: boolean;
  /** A request the other character has not answered yet. */
  pending: boolean;
}

/** A character's buddy list as atlas-buddies keeps it. */
export interface SandboxBuddyList {
  capacity: number;
  buddies: SandboxBuddy[];
}

/** A party as atlas-parties keeps it: the leader and the member ids in joining order. */
export interface SandboxParty {
  readonly id: number;
  leaderId: number;
  members: number[];
}

/** A note as atlas-notes keeps it. */
export interface SandboxNote {
  readonly id: number;
  /** The recipient. */
  readonly characterId: number;
  readonly senderId: number;
  readonly message: string;
  readonly flag: number;
  readonly timestamp: string;
}

/** A messenger room as atlas-messengers keeps it: members by window slot (0–2). */
export interface SandboxMessenger {
  readonly id: number;
  members: { characterId: number; slot: number }[];
}

/** A guild as atlas-guilds keeps it: members with their rank title (1 master … 5), five rank titles. */
export interface SandboxGuild {
  readonly id: number;
  readonly worldId: number;
  readonly name: string;
  leaderId: number;
  notice: string;
  capacity: number;
  logo: number;
  logoColor: number;
  logoBackground: number;
  logoBackgroundColor: number;
  members: { characterId: number; title: number }[];
  titles: string[];
  /** The guild board. */
  threads: SandboxThread[];
}

/** A guild board thread as atlas-guilds keeps it (times as RFC 3339 text). */
export interface SandboxThread {
  readonly id: number;
  readonly posterId: number;
  title: string;
  message: string;
  emoticonId: number;
  notice: boolean;
  readonly createdAt: string;
  replies: { id: number; posterId: number; message: string; createdAt: string }[];
}

/** Where an online character plays. */
export interface OnlineCharacter {
  characterId: number;
  worldId: number;
  channelId: number;
}

/** A channel that registered (`POST worlds/{w}/channels`). */
export interface RegisteredChannel {
  id: string;
  /** The registering tenant (each sandbox tenant has its own channels); default the GMS v83 tenant. */
  tenantId?: string;
  worldId: number;
  channelId: number;
  ipAddress: string;
  port: number;
  currentCapacity: number;
  maxCapacity: number;
  createdAt: string;
}

/** The sandbox state; see the module documentation. */
export interface SandboxStore {
  /** How many generated characters exist (ids from `GENERATED_FIRST_ID`). */
  readonly generatedCount: number;
  /** A character by id (named or generated), or undefined. */
  character(id: number): SandboxCharacter | undefined;
  /** A character by exact name (named characters and generated `Bot<id>` names). */
  characterByName(name: string): SandboxCharacter | undefined;
  /** Every account id with at least one character (generated accounts included). */
  accountIds(): number[];
  /** Characters of an account. */
  charactersOf(accountId: number): SandboxCharacter[];
  /** A map by id. */
  map(id: number): SandboxMap | undefined;
  /** Marks a character online on a channel, or offline. */
  setOnline(characterId: number, where: OnlineCharacter | undefined): void;
  /** Where a character is online, if it is. */
  online(characterId: number): OnlineCharacter | undefined;
  /** Ids of the characters online on a channel in a map. */
  charactersIn(worldId: number, channelId: number, mapId: number): number[];
  /** Records a channel registration (replacing an earlier one of the same world and channel). */
  register(channel: Omit<RegisteredChannel, "id">): RegisteredChannel;
  /** A registered channel. */
  channel(worldId: number, channelId: number, tenantId?: string): RegisteredChannel | undefined;
  /** Forgets a registration (`DELETE worlds/{w}/channels/{c}`, a draining channel); false if unknown. */
  unregister(worldId: number, channelId: number, tenantId?: string): boolean;
  /** The live monsters (atlas-monsters' registry). */
  readonly monsters: SandboxMonsters;
  /** Active buffs per character (atlas-buffs' registry). */
  readonly buffs: SandboxBuffs;
  /** The character's buddy list (created empty, capacity 20, on first use); responders change it in place. */
  buddyList(characterId: number): SandboxBuddyList;
  /** atlas-drops' registry of a tenant (id, any case): what lies on the ground. */
  drops(tenantId: string): SandboxDrops;
  /** atlas-chairs' and atlas-chalkboards' registries of a tenant: who sits and who holds up a board. */
  seats(tenantId: string): SandboxSeats;
  /** The boat route's state (atlas-transports); the transport responder moves it along its schedule. */
  readonly route: SandboxRouteState;
  /** The parties by id (atlas-parties' registry); responders change them in place. */
  readonly parties: Map<number, SandboxParty>;
  /** The party `characterId` is a member of. */
  partyOf(characterId: number): SandboxParty | undefined;
  /** Messenger rooms by id (atlas-messengers' registry); responders change them in place. */
  readonly messengers: Map<number, SandboxMessenger>;
  /** Every note by id (atlas-notes' registry); responders change it. */
  readonly notes: Map<number, SandboxNote>;
  /** The guilds by id (atlas-guilds' registry); responders change them in place. */
  readonly guilds: Map<number, SandboxGuild>;
  /** The guild `characterId` is a member of. */
  guildOf(characterId: number): SandboxGuild | undefined;
  /** An account's storage in a world (created empty, capacity 16, on first use); responders change it. */
  storage(accountId: number, worldId: number): SandboxStorage;
}

/** One item kept in storage (atlas-storage's `storage_assets` attributes, camelCase). */
export interface SandboxStorageAsset {
  id: number;
  inventoryType: number;
  /** Position in the storage, 0-based. */
  slot: number;
  templateId: number;
  referenceId: number;
  referenceType: string;
  /** Stackables only. */
  quantity?: number;
}

/** An account's storage in one world, as atlas-storage keeps it. */
export interface SandboxStorage {
  readonly id: string;
  readonly accountId: number;
  readonly worldId: number;
  capacity: number;
  mesos: number;
  assets: SandboxStorageAsset[];
  /** The next storage asset id (and, offset, the id of items taken out). */
  nextAssetId: number;
}

/** A fresh store over the fixture world. */
export function createStore(
  options: { generatedCount?: number; extraMaps?: readonly SandboxMap[] } = {},
): SandboxStore {
  const generatedCount = options.generatedCount ?? DEFAULT_GENERATED_COUNT;
  const characters = new Map<number, SandboxCharacter>();
  for (const fixture of NAMED_CHARACTERS) characters.set(fixture.id, structuredClone(fixture));
  const online = new Map<number, OnlineCharacter>();
  const storages = new Map<string, SandboxStorage>();
  const channels = new Map<string, RegisteredChannel>();
  const maps = new Map([...SANDBOX_MAPS, ...(options.extraMaps ?? [])].map((m) => [m.id, m]));
  const monsters = createSandboxMonsters();
  const buffs: SandboxBuffs = new Map();
  const buddyLists = new Map<number, SandboxBuddyList>();
  const parties = new Map<number, SandboxParty>();
  const notes = new Map<number, SandboxNote>();
  const messengers = new Map<number, SandboxMessenger>();
  const guilds = new Map<number, SandboxGuild>();

  const character = (id: number): SandboxCharacter | undefined => {
    const found = characters.get(id);
    if (found) return found;
    if (!isGeneratedId(id, generatedCount)) return undefined;
    const made = generatedCharacter(id);
    characters.set(id, made);
    return made;
  };

  return {
    generatedCount,
    character,
    characterByName(name) {
      const generated = /^Bot(\d+)$/.exec(name);
      if (generated) return character(Number(generated[1]));
      return [...characters.values()].find((c) => c.attributes.name === name);
    },
    accountIds() {
      const ids = new Set(NAMED_CHARACTERS.map((c) => c.accountId));
      for (let i = 0; i < generatedCount; i++) ids.add(GENERATED_FIRST_ID + i);
      return [...ids].sort((a, b) => a - b);
    },
    charactersOf(accountId) {
      const found = NAMED_CHARACTERS.filter((c) => c.accountId === accountId).map((c) => character(c.id)!);
      const own = character(accountId);
      if (found.length === 0 && own && own.accountId === accountId) found.push(own);
      return found;
    },
    map: (id) => maps.get(id),
    setOnline(characterId, where) {
      if (where) online.set(characterId, where);
      else online.delete(characterId);
    },
    online: (characterId) => online.get(characterId),
    charactersIn(worldId, channelId, mapId) {
      const ids: number[] = [];
      for (const entry of online.values()) {
        if (entry.worldId !== worldId || entry.channelId !== channelId) continue;
        if (character(entry.characterId)?.attributes.mapId === mapId) ids.push(entry.characterId);
      }
      return ids;
    },
    register(channel) {
      const key = `${channel.tenantId ?? SANDBOX_TENANT_ID}|${channel.worldId}|${channel.channelId}`;
      const registered = { id: channels.get(key)?.id ?? crypto.randomUUID(), ...channel };
      channels.set(key, registered);
      return registered;
    },
    channel: (worldId, channelId, tenantId = SANDBOX_TENANT_ID) =>
      channels.get(`${tenantId}|${worldId}|${channelId}`),
    unregister: (worldId, channelId, tenantId = SANDBOX_TENANT_ID) =>
      channels.delete(`${tenantId}|${worldId}|${channelId}`),
    monsters,
    buffs,
    parties,
    notes,
    messengers,
    guilds,
    guildOf: (characterId) =>
      [...guilds.values()].find((g) => g.members.some((m) => m.characterId === characterId)),
    storage(accountId, worldId) {
      const key = `${accountId}|${worldId}`;
      let found = storages.get(key);
      if (!found) {
        found = {
          id: crypto.randomUUID(),
          accountId,
          worldId,
          capacity: 16,
          mesos: 0,
          assets: [],
          nextAssetId: 1,
        };
        storages.set(key, found);
      }
      return found;
    },
    partyOf: (characterId) => [...parties.values()].find((p) => p.members.includes(characterId)),
    buddyList(characterId) {
      let list = buddyLists.get(characterId);
      if (!list) buddyLists.set(characterId, list = { capacity: 20, buddies: [] });
      return list;
    },
    drops: createTenantDrops(),
    seats: createTenantSeats(),
    route: { state: "open_entry" },
  };
}
