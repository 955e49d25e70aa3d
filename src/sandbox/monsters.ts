/**
 * The sandbox's atlas-monsters: live monster instances per map of a channel, created from the maps'
 * spawn points the first time a map is looked at, with HP, MP, position and controller. The HTTP server
 * lists them (`worlds/{w}/channels/{c}/maps/{m}/monsters`, `monsters/{id}`) and the monster responder
 * (`responders/monster.ts`) changes them as atlas-monsters does (control on map entry/exit, damage,
 * kills, respawns).
 * @module
 */
import type { SandboxMap } from "./world.ts";

/** A live monster instance. */
export interface SandboxMonster {
  /** Unique object id. */
  id: number;
  worldId: number;
  channelId: number;
  mapId: number;
  /** Template id. */
  monsterId: number;
  /** The spawn point it came from (for the respawn). */
  spawnId: number;
  controlCharacterId: number;
  x: number;
  y: number;
  fh: number;
  stance: number;
  team: number;
  maxHp: number;
  hp: number;
  maxMp: number;
  mp: number;
  /** Damage dealt so far, one entry per hit (atlas-monsters' record). */
  damageEntries: { characterId: number; damage: number }[];
}

/** The live monsters; see the module documentation. */
export interface SandboxMonsters {
  /** The monsters of a map on a channel (spawned from the map's spawn points on first use). */
  inMap(worldId: number, channelId: number, map: SandboxMap): SandboxMonster[];
  /** A monster by unique id. */
  get(id: number): SandboxMonster | undefined;
  /** Removes a monster (killed). */
  remove(id: number): SandboxMonster | undefined;
  /** Spawns a fresh monster at one of the map's spawn points. */
  spawn(worldId: number, channelId: number, map: SandboxMap, spawnId: number): SandboxMonster | undefined;
}

/** The first unique id handed out. */
export const FIRST_MONSTER_ID = 5_000_000;

/** An empty monster world. */
export function createSandboxMonsters(): SandboxMonsters {
  const byId = new Map<number, SandboxMonster>();
  const maps = new Map<string, Set<number>>();
  let nextId = FIRST_MONSTER_ID;
  const key = (w: number, c: number, m: number) => `${w}|${c}|${m}`;

  const spawn = (worldId: number, channelId: number, map: SandboxMap, spawnId: number) => {
    const point = map.monsters.find((s) => s.id === spawnId);
    if (!point) return undefined;
    const monster: SandboxMonster = {
      id: nextId++,
      worldId,
      channelId,
      mapId: map.id,
      monsterId: point.template,
      spawnId,
      controlCharacterId: 0,
      x: point.x,
      y: point.y,
      fh: point.fh,
      stance: 5,
      team: point.team,
      maxHp: point.maxHp,
      hp: point.maxHp,
      maxMp: point.maxMp,
      mp: point.maxMp,
      damageEntries: [],
    };
    byId.set(monster.id, monster);
    let ids = maps.get(key(worldId, channelId, map.id));
    if (!ids) maps.set(key(worldId, channelId, map.id), ids = new Set());
    ids.add(monster.id);
    return monster;
  };

  return {
    inMap(worldId, channelId, map) {
      const k = key(worldId, channelId, map.id);
      if (!maps.has(k)) {
        maps.set(k, new Set());
        for (const point of map.monsters) spawn(worldId, channelId, map, point.id);
      }
      return [...maps.get(k)!].map((id) => byId.get(id)!);
    },
    get: (id) => byId.get(id),
    remove(id) {
      const monster = byId.get(id);
      if (!monster) return undefined;
      byId.delete(id);
      maps.get(key(monster.worldId, monster.channelId, monster.mapId))?.delete(id);
      return monster;
    },
    spawn,
  };
}

/** The JSON:API `monsters` resource of a live monster. */
export function monsterResource(m: SandboxMonster) {
  return {
    type: "monsters",
    id: String(m.id),
    attributes: {
      worldId: m.worldId,
      channelId: m.channelId,
      mapId: m.mapId,
      monsterId: m.monsterId,
      controlCharacterId: m.controlCharacterId,
      x: m.x,
      y: m.y,
      fh: m.fh,
      stance: m.stance,
      team: m.team,
      maxHp: m.maxHp,
      hp: m.hp,
      maxMp: m.maxMp,
      mp: m.mp,
      damageEntries: m.damageEntries.map((e) => ({ ...e })),
    },
  };
}
