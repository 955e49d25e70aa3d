/**
 * atlas-monsters in the box (services/atlas-monsters at b0c865294b: `kafka/consumer/map`,
 * `kafka/consumer/monster`, `monster/processor.go`), over the store's live monsters:
 *
 * - `EVENT_TOPIC_MAP_STATUS` `CHARACTER_ENTER`: every monster of the map without a controller is given
 *   to the character in the map controlling the fewest (`START_CONTROL`); `CHARACTER_EXIT`: the leaver's
 *   monsters get `STOP_CONTROL`, then a new controller among those still there.
 * - `COMMAND_TOPIC_MONSTER` `DAMAGE`: the hit is applied (never below 0 HP); a kill publishes `KILLED`
 *   (the per-character damage totals) and the spawn point respawns after `respawnMs` (`START_CONTROL`
 *   for the new instance, then `CREATED`, as atlas-monsters orders them); otherwise the damage leader
 *   takes control if it is not the controller, and `DAMAGED` follows.
 * - `COMMAND_TOPIC_MONSTER_MOVEMENT`: the monster's position and stance are recorded.
 *
 * Status events are keyed by the monster's unique id.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import { monsterCommandContract, monsterStatusContract } from "../../features/monster/messages.ts";
import { monsterMovementContract } from "../../features/movement/messages.ts";
import type { SandboxMonster } from "../monsters.ts";
import type { SandboxStore } from "../store.ts";

const log = getLogger("sandbox.monster");

/** Options of {@link monsterResponder}. */
export interface MonsterResponderOptions {
  /** Delay before a killed monster's spawn point spawns again; default 5000 ms. */
  respawnMs?: number;
  /**
   * Called as each status event is handed to the bus (a benchmark's "event published" time), with the
   * event's type, the monster, the actor and the publish (settles once the broker acknowledged it).
   */
  onStatus?: (type: string, uniqueId: number, actorId: number, published: Promise<void>) => void;
}

/** The running responder. */
export interface MonsterResponder {
  /** Cancels pending respawns. */
  stop(): void;
}

/** Per-character damage totals, as atlas-monsters' damage summary. */
export function damageSummary(m: SandboxMonster): { characterId: number; damage: number }[] {
  const totals = new Map<number, number>();
  for (const e of m.damageEntries) totals.set(e.characterId, (totals.get(e.characterId) ?? 0) + e.damage);
  return [...totals].map(([characterId, damage]) => ({ characterId, damage }));
}

/** Subscribes the responder on `bus` (call before `bus.start()`). */
export function monsterResponder(
  bus: Bus,
  store: SandboxStore,
  options: MonsterResponderOptions = {},
): MonsterResponder {
  const respawnMs = options.respawnMs ?? 5000;
  const present = new Map<string, Set<number>>();
  const respawns = new Set<ReturnType<typeof setTimeout>>();
  const mapKey = (w: number, c: number, m: number) => `${w}|${c}|${m}`;

  const status = (tenant: Tenant, m: SandboxMonster, type: string, body: Record<string, unknown>) => {
    const published = bus.publish(monsterStatusContract, {
      worldId: m.worldId,
      channelId: m.channelId,
      mapId: m.mapId,
      uniqueId: m.id,
      monsterId: m.monsterId,
      type,
      body,
    } as never, { tenant, key: m.id });
    options.onStatus?.(type, m.id, Number(body.actorId ?? 0), published);
    return published;
  };

  const startControl = async (tenant: Tenant, m: SandboxMonster, characterId: number) => {
    if (m.controlCharacterId !== 0) await stopControl(tenant, m);
    m.controlCharacterId = characterId;
    await status(tenant, m, "START_CONTROL", {
      actorId: characterId,
      x: m.x,
      y: m.y,
      stance: m.stance,
      fh: m.fh,
      team: m.team,
    });
  };
  const stopControl = async (tenant: Tenant, m: SandboxMonster) => {
    const actorId = m.controlCharacterId;
    m.controlCharacterId = 0;
    await status(tenant, m, "STOP_CONTROL", { actorId });
  };

  /** The character in the map controlling the fewest monsters (atlas-monsters' candidate). */
  const candidate = (monsters: SandboxMonster[], characters: Iterable<number>) => {
    let best: number | undefined;
    let bestCount = Infinity;
    for (const id of characters) {
      const count = monsters.filter((m) => m.controlCharacterId === id).length;
      if (count < bestCount) [best, bestCount] = [id, count];
    }
    return best;
  };

  const assignUncontrolled = async (tenant: Tenant, worldId: number, channelId: number, mapId: number) => {
    const map = store.map(mapId);
    const here = present.get(mapKey(worldId, channelId, mapId));
    if (!map || !here || here.size === 0) return;
    const monsters = store.monsters.inMap(worldId, channelId, map);
    for (const m of monsters) {
      if (m.controlCharacterId !== 0) continue;
      const next = candidate(monsters, here);
      if (next !== undefined) await startControl(tenant, m, next);
    }
  };

  bus.subscribe(mapStatusContract, async ({ value: event, tenant }) => {
    const k = mapKey(event.worldId, event.channelId, event.mapId);
    let here = present.get(k);
    if (!here) present.set(k, here = new Set());
    const characterId = event.body.characterId;
    if (event.type === "CHARACTER_ENTER") {
      here.add(characterId);
    } else {
      here.delete(characterId);
      const map = store.map(event.mapId);
      if (!map) return;
      for (const m of store.monsters.inMap(event.worldId, event.channelId, map)) {
        if (m.controlCharacterId === characterId) await stopControl(tenant, m);
      }
    }
    await assignUncontrolled(tenant, event.worldId, event.channelId, event.mapId);
  }, { name: "sandbox_monster_map_status_event" });

  bus.subscribe(monsterCommandContract, async ({ value: command, tenant }) => {
    const m = store.monsters.get(command.monsterId);
    if (!m || m.hp === 0 || m.worldId !== command.worldId || m.channelId !== command.channelId) {
      log.debug("damage to an unknown or dead monster ignored", { monsterId: command.monsterId });
      return;
    }
    const { characterId, damage } = command.body;
    const dealt = Math.min(m.hp, damage);
    m.hp -= dealt;
    m.damageEntries.push({ characterId, damage: dealt });
    const body = { x: m.x, y: m.y, actorId: characterId, damageEntries: damageSummary(m) };
    if (m.hp === 0) {
      await status(tenant, m, "KILLED", body);
      store.monsters.remove(m.id);
      const timer = setTimeout(() => {
        respawns.delete(timer);
        respawn(tenant, m).catch((err) =>
          log.error("respawn failed", { spawnId: m.spawnId, error: String(err) })
        );
      }, respawnMs);
      respawns.add(timer);
      return;
    }
    const leader = body.damageEntries.reduce((a, b) => (b.damage > a.damage ? b : a));
    if (characterId !== m.controlCharacterId && leader.characterId === characterId) {
      await startControl(tenant, m, characterId);
    }
    await status(tenant, m, "DAMAGED", body);
  }, { name: "sandbox_monster_command" });

  const respawn = async (tenant: Tenant, dead: SandboxMonster) => {
    const map = store.map(dead.mapId);
    if (!map) return;
    const fresh = store.monsters.spawn(dead.worldId, dead.channelId, map, dead.spawnId);
    if (!fresh) return;
    const here = present.get(mapKey(fresh.worldId, fresh.channelId, fresh.mapId));
    const next = here && candidate(store.monsters.inMap(fresh.worldId, fresh.channelId, map), here);
    if (next !== undefined) await startControl(tenant, fresh, next);
    await status(tenant, fresh, "CREATED", { actorId: 0 });
  };

  bus.subscribe(monsterMovementContract, ({ value: move }) => {
    const m = store.monsters.get(move.objectId);
    if (!m || m.mapId !== move.mapId) return;
    m.x = move.x;
    m.y = move.y;
    m.stance = move.stance;
  }, { name: "sandbox_monster_movement_command" });

  return {
    stop() {
      for (const timer of respawns) clearTimeout(timer);
      respawns.clear();
    },
  };
}
