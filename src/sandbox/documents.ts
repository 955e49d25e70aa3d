/**
 * The JSON:API documents the sandbox serves, in the shapes of rest-contract.md §2–§3 (the services'
 * exact attribute names). Character parts reuse the character feature's fixture builders, so the sandbox
 * and the feature tests describe one contract.
 * @module
 */
import { SANDBOX_SEATS } from "./ground.ts";
import type { SkillMacro } from "../features/skill/messages.ts";
import {
  buffsDocument,
  characterDocument,
  inventoryDocument,
  keysDocument,
  macrosDocument,
  petsDocument,
  skillsDocument,
} from "../features/character/fixtures.ts";
import type {
  SandboxBuddyList,
  SandboxCharacter,
  SandboxGuild,
  SandboxMessenger,
  SandboxNote,
  SandboxParty,
  SandboxStore,
  SandboxThread,
} from "./store.ts";
import {
  DEFAULT_CHANNEL_PORT,
  SANDBOX_CHANNEL_IDS,
  SANDBOX_SERVICE_ID,
  SANDBOX_TENANTS,
  SANDBOX_WORLD_ID,
  type SandboxMap,
  type SandboxTenant,
  sandboxTenantOf,
} from "./world.ts";

/** A JSON:API document as sent. */
export type Document = Record<string, unknown>;

/** How the channel service of the sandbox is laid out: advertised address and channel ports. */
export interface ServiceLayout {
  /** Advertised address of the channels; default 127.0.0.1. */
  ipAddress?: string;
  /**
   * Port of channel 0, 1 and 2 of the GMS v83 tenant; default 8585, 8586, 8587. The other tenants'
   * channels follow channel 0's port by their `portOffset` (v95: +3..+5, JMS: +6..+8).
   */
  channelPorts?: readonly number[];
  /** The tenants served (ids); default every sandbox tenant. */
  tenants?: readonly string[];
  /** Idle time after which a session is closed; default 300000 ms. */
  idleTimeoutMs?: number;
}

/** The ports of the three channels of a tenant (default the GMS v83 tenant) for a layout. */
export function channelPorts(
  layout: ServiceLayout = {},
  tenant: SandboxTenant = SANDBOX_TENANTS[0],
): number[] {
  const first = layout.channelPorts?.[0] ?? DEFAULT_CHANNEL_PORT;
  return SANDBOX_CHANNEL_IDS.map((_, i) =>
    tenant.portOffset === 0 ? layout.channelPorts?.[i] ?? first + i : first + tenant.portOffset + i
  );
}

/** The tenants a layout serves. */
export function servedTenants(layout: ServiceLayout = {}): SandboxTenant[] {
  return SANDBOX_TENANTS.filter((t) => layout.tenants === undefined || layout.tenants.includes(t.id));
}

/** `configurations/services/{SANDBOX_SERVICE_ID}`: each served tenant with world 0, channels 0–2. */
export function serviceDocument(layout: ServiceLayout = {}): Document {
  return {
    data: {
      type: "services",
      id: SANDBOX_SERVICE_ID,
      attributes: {
        tasks: [{ type: "timeout", interval: 10_000, duration: layout.idleTimeoutMs ?? 300_000 }],
        tenants: servedTenants(layout).map((tenant) => {
          const ports = channelPorts(layout, tenant);
          return {
            id: tenant.id,
            ipAddress: layout.ipAddress ?? "127.0.0.1",
            worlds: [{
              id: SANDBOX_WORLD_ID,
              channels: SANDBOX_CHANNEL_IDS.map((id, i) => ({ id, port: ports[i] })),
            }],
          };
        }),
      },
    },
  };
}

/** `configurations/tenants/{id}` of a sandbox tenant (undefined for any other id). */
export function tenantDocument(id: string = SANDBOX_TENANTS[0].id): Document | undefined {
  const tenant = sandboxTenantOf(id);
  if (!tenant) return undefined;
  return { data: { type: "tenants", id: tenant.id, attributes: tenant.attributes } };
}

function accountResource(store: SandboxStore, accountId: number) {
  const online = store.charactersOf(accountId).some((c) => store.online(c.id) !== undefined);
  return {
    type: "accounts",
    id: String(accountId),
    attributes: {
      name: `account${accountId}`,
      pin: "",
      pic: "",
      loggedIn: online ? 1 : 0,
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

/** `accounts`: every account. */
export function accountsDocument(store: SandboxStore): Document {
  return { data: store.accountIds().map((id) => accountResource(store, id)) };
}

/** `accounts/{id}`, or undefined when no character plays on it. */
export function accountDocument(store: SandboxStore, accountId: number): Document | undefined {
  if (store.charactersOf(accountId).length === 0) return undefined;
  return { data: accountResource(store, accountId) };
}

/** `worlds/{id}` (atlas-world). */
export function worldDocument(): Document {
  return {
    data: {
      type: "worlds",
      id: String(SANDBOX_WORLD_ID),
      attributes: {
        name: "Sandbox",
        state: 0,
        message: "Welcome to the Atlas sandbox!",
        eventMessage: "",
        recommended: false,
        recommendedMessage: "",
        capacityStatus: 0,
      },
      relationships: { channels: { data: [] } },
    },
  };
}

/** `characters/{id}`. */
export function characterDoc(c: SandboxCharacter): Document {
  return characterDocument(c.id, c.attributes);
}

/** `characters/{id}/inventory`. */
export function inventoryDoc(c: SandboxCharacter): Document {
  return inventoryDocument(c.id, c.assets);
}

/** `characters/{id}/skills`. */
export function skillsDoc(c: SandboxCharacter): Document {
  return skillsDocument(c.skills);
}

/** Macros saved through `COMMAND_TOPIC_SKILL_MACRO`, per character object of a store. */
const savedMacros = new WeakMap<SandboxCharacter, readonly SkillMacro[]>();

/** Replaces a character's macros (atlas-skills' `UPDATE`). */
export function saveMacros(c: SandboxCharacter, macros: readonly SkillMacro[]): void {
  savedMacros.set(c, [...macros]);
}

/** `characters/{id}/macros`: the saved macros, or one macro with the first skill when there is one. */
export function macrosDoc(c: SandboxCharacter): Document {
  const saved = savedMacros.get(c);
  if (saved) {
    return macrosDocument(
      saved.map((m) => ({
        id: m.id,
        name: m.name,
        shout: m.shout,
        skills: [m.skillId1, m.skillId2, m.skillId3],
      })),
    );
  }
  const first = c.skills[0];
  return macrosDocument(first ? [{ id: 0, name: "Main", skills: [first.id, 0, 0] }] : []);
}

/** `characters/{id}/pets`. */
export function petsDoc(c: SandboxCharacter): Document {
  return petsDocument(c.id, c.pets);
}

/** `pets/{id}` of the character owning it. */
export function petDoc(c: SandboxCharacter, petId: number): Document | undefined {
  const all = petsDocument(c.id, c.pets).data;
  const found = all.find((p) => p.id === String(petId));
  return found ? { data: found } : undefined;
}

/** `characters/{id}/keys`. */
export function keysDoc(c: SandboxCharacter): Document {
  return keysDocument(c.keys);
}

/** `characters/{id}/buffs` (none). */
export function buffsDoc(): Document {
  return buffsDocument([]);
}

/** `characters/{id}/buddy-list` (empty, capacity 20, unless a list is given). */
export function buddyListDoc(
  c: SandboxCharacter,
  list: SandboxBuddyList = { capacity: 20, buddies: [] },
): Document {
  const hex = c.id.toString(16).padStart(12, "0");
  return {
    data: {
      type: "buddy-list",
      id: `00000000-0000-4000-9000-${hex}`,
      attributes: { characterId: c.id, capacity: list.capacity, buddies: list.buddies },
    },
  };
}

/** `data/maps/{id}` (only what atlas-data sends that a channel declares). */
export function mapDoc(map: SandboxMap): Document {
  return {
    data: {
      type: "maps",
      id: String(map.id),
      attributes: {
        name: map.name,
        streetName: map.streetName,
        returnMapId: map.returnMapId,
        monsterRate: 1,
        onFirstUserEnter: "",
        onUserEnter: "",
        fieldLimit: 0,
        mobInterval: 5000,
        seats: SANDBOX_SEATS,
        clock: map.town, // towns have a town clock
        everLast: false,
        town: map.town,
        decHP: 0,
        protectItem: 0,
        forcedReturnMapId: 999999999,
        boat: false,
        timeLimit: -1,
        fieldType: 0,
        mobCapacity: map.monsters.length,
        recovery: 1,
      },
    },
  };
}

/** `data/maps/{id}/portals[?name=]`. */
export function portalsDoc(map: SandboxMap, name?: string): Document {
  const portals = name === undefined ? map.portals : map.portals.filter((p) => p.name === name);
  return {
    data: portals.map(({ id, ...attributes }) => ({ type: "portals", id: String(id), attributes })),
  };
}

/** `data/maps/{id}/npcs[?objectId=]`. */
export function npcsDoc(map: SandboxMap, objectId?: number): Document {
  const npcs = objectId === undefined ? map.npcs : map.npcs.filter((n) => n.id === objectId);
  return { data: npcs.map(({ id, ...attributes }) => ({ type: "npcs", id: String(id), attributes })) };
}

/** `data/maps/{id}/monsters`: the map's spawn points. */
export function monsterSpawnsDoc(map: SandboxMap): Document {
  return {
    data: map.monsters.map(({ id, maxHp: _hp, maxMp: _mp, ...attributes }) => ({
      type: "monsters",
      id: String(id),
      attributes,
    })),
  };
}

/** `worlds/{w}/channels/{c}/maps/{m}/monsters` (atlas-monsters): one live monster per spawn point. */
export function liveMonstersDoc(map: SandboxMap, worldId: number, channelId: number): Document {
  return {
    data: map.monsters.map((m) => ({
      type: "monsters",
      id: String(map.id % 100000 * 100 + m.id),
      attributes: {
        worldId,
        channelId,
        mapId: map.id,
        monsterId: m.template,
        controlCharacterId: 0,
        x: m.x,
        y: m.y,
        fh: m.fh,
        stance: 5,
        team: m.team,
        maxHp: m.maxHp,
        hp: m.maxHp,
        maxMp: m.maxMp,
        mp: m.maxMp,
        damageEntries: [],
      },
    })),
  };
}

/** `worlds/{w}/channels/{c}/maps/{m}/characters` (atlas-maps flavour: ids only). */
export function mapCharactersDoc(ids: readonly number[]): Document {
  return { data: ids.map((id) => ({ type: "characters", id: String(id), attributes: {} })) };
}

/** `worlds/{w}/channels/{c}` of a registered channel. */
export function channelDoc(channel: {
  id: string;
  worldId: number;
  channelId: number;
  ipAddress: string;
  port: number;
  currentCapacity: number;
  maxCapacity: number;
  createdAt: string;
}): Document {
  const { id, ...attributes } = channel;
  return { data: { type: "channels", id, attributes } };
}

/** A `parties` resource with its `members` included (rest-contract.md §3.16), from the store. */
export function partyDoc(store: SandboxStore, party: SandboxParty, many: boolean): Document {
  const data = {
    type: "parties",
    id: String(party.id),
    attributes: { leaderId: party.leaderId },
    relationships: { members: { data: party.members.map((id) => ({ type: "members", id: String(id) })) } },
  };
  const included = party.members.map((id) => {
    const c = store.character(id)?.attributes;
    const online = store.online(id);
    return {
      type: "members",
      id: String(id),
      attributes: {
        name: c?.name ?? "",
        level: c?.level ?? 0,
        jobId: c?.jobId ?? 0,
        worldId: c?.worldId ?? 0,
        channelId: online?.channelId ?? 0,
        mapId: c?.mapId ?? 0,
        online: online !== undefined,
      },
    };
  });
  return { data: many ? [data] : data, included } as Document;
}

/** A `guilds` resource (rest-contract.md §3.14): members' name, job and level from their characters. */
export function guildResource(store: SandboxStore, guild: SandboxGuild) {
  const { id, members, titles, threads: _threads, ...attributes } = guild;
  return {
    type: "guilds",
    id: String(id),
    attributes: {
      ...attributes,
      points: 0,
      members: members.map((m) => {
        const c = store.character(m.characterId)?.attributes;
        return {
          characterId: m.characterId,
          name: c?.name ?? "",
          jobId: c?.jobId ?? 0,
          level: c?.level ?? 0,
          title: m.title,
          online: store.online(m.characterId) !== undefined,
          allianceTitle: 5,
        };
      }),
      titles: titles.map((name, i) => ({ name, index: i + 1 })),
    },
  };
}

/** A `threads` resource of the guild board (rest-contract.md §3.15). */
export function threadResource(thread: SandboxThread) {
  const { id, ...attributes } = thread;
  return { type: "threads", id: String(id), attributes };
}

/** A `notes` resource (rest-contract.md §3.18). */
export function noteResource(note: SandboxNote): Document {
  const { id, ...attributes } = note;
  return { type: "notes", id: String(id), attributes };
}

/** A `messengers` resource with its `members` included (rest-contract.md §3.17), from the store. */
export function messengerDoc(store: SandboxStore, room: SandboxMessenger, many: boolean): Document {
  const data = {
    type: "messengers",
    id: String(room.id),
    attributes: {},
    relationships: {
      members: { data: room.members.map((m) => ({ type: "members", id: String(m.characterId) })) },
    },
  };
  const included = room.members.map((m) => {
    const online = store.online(m.characterId);
    return {
      type: "members",
      id: String(m.characterId),
      attributes: {
        name: store.character(m.characterId)?.attributes.name ?? "",
        worldId: online?.worldId ?? 0,
        channelId: online?.channelId ?? 0,
        online: online !== undefined,
        slot: m.slot,
      },
    };
  });
  return { data: many ? [data] : data, included } as Document;
}
