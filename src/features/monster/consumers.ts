/**
 * `EVENT_TOPIC_MONSTER_STATUS` → packets (kafka-consumed.md §2.12). Every type needs the reference's
 * server match (tenant, world and channel served here); the local monster index ({@link LiveMonsters})
 * follows every event, so attacks and monster movement are checked without REST.
 *
 * - `CREATED`: the monster is read once from atlas-monsters (the event has no position), kept, and
 *   `SpawnMonster` (fresh spawn) goes to everyone in the map.
 * - `DESTROYED` / `KILLED`: forgotten; `DestroyMonster` (fade out) to everyone in the map.
 * - `START_CONTROL` / `STOP_CONTROL`: the controller is recorded; `ControlMonster` to that character's
 *   session only.
 * - `DAMAGED`: `MonsterHealth` to the attacker, or to its party members in the map when it has a party.
 *
 * Differences from the reference, on purpose: `DAMAGED` computes the HP from the kept maximum and the
 * event's per-character damage totals (atlas-monsters' damage summary) instead of reading the monster
 * over REST for every hit (REST only for a monster this process never saw), and the party of an attacker
 * is looked up at most once per {@link PARTY_CACHE_MS} instead of per hit; party members are the ones
 * whose session here is in the event's map (the presence index), not the party record's map.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { Session } from "../../net/session.ts";
import type { FeatureContext } from "../feature.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { findPartyByMember } from "../party/rest.ts";
import type { MonsterStatusEvent } from "./messages.ts";
import { getMonster, type Monster } from "./rest.ts";
import { type ChannelOf, createLiveMonsters, type LiveMonster, type LiveMonsters } from "./live.ts";
import {
  destroyMonsterBody,
  hpPercent,
  MONSTER_WRITERS,
  monsterHealthBody,
  spawnMonsterBody,
  startControlBody,
  stopControlBody,
} from "./writers.ts";

const log = getLogger("monster");

/** How long an attacker's party membership is reused for `DAMAGED` fan-out before it is looked up again. */
export const PARTY_CACHE_MS = 10_000;

/** Per-app state of the monster domain. */
export interface MonsterState {
  readonly live: LiveMonsters;
  /** Party member ids of a character (itself included), cached; `[id]` without a party. */
  partyOf(tenant: Tenant, characterId: number): Promise<readonly number[]>;
}

const states = new WeakMap<object, MonsterState>();

/** The monster state of an app (one per feature context). */
export function monsterState(ctx: Pick<FeatureContext, "rest" | "presence">): MonsterState {
  let state = states.get(ctx.presence);
  if (!state) {
    state = createMonsterState(ctx);
    states.set(ctx.presence, state);
  }
  return state;
}

function createMonsterState(ctx: Pick<FeatureContext, "rest">): MonsterState {
  const parties = new Map<string, { at: number; ids: Promise<readonly number[]>; refreshing?: boolean }>();
  const lookUp = (rest: NonNullable<FeatureContext["rest"]>, tenant: Tenant, characterId: number) =>
    findPartyByMember(rest, tenant, characterId, { timeoutMs: 2000 }).then(
      (party) => party ? party.members.map((m) => m.characterId) : [characterId],
      (err) => {
        log.warn("party look-up for a monster's HP failed; only the attacker is told", {
          characterId,
          error: err instanceof Error ? err.message : String(err),
        });
        return [characterId]; // kept for the cache period too: a failing service is not asked per hit
      },
    );
  return {
    live: createLiveMonsters(),
    partyOf(tenant, characterId) {
      const rest = ctx.rest;
      if (!rest) return Promise.resolve([characterId]);
      const key = `${tenantIdentity(tenant)}|${characterId}`;
      const now = Date.now();
      const cached = parties.get(key);
      if (cached) {
        // An expired entry still answers while its refresh runs: a DAMAGED waits on atlas-parties only
        // for a character never seen, never every cache period, since the consumer's wait holds up every
        // event behind it.
        if (now - cached.at >= PARTY_CACHE_MS && !cached.refreshing) {
          cached.refreshing = true;
          const fresh = lookUp(rest, tenant, characterId);
          fresh.then(() => {
            if (parties.get(key) === cached) parties.set(key, { at: Date.now(), ids: fresh });
          });
        }
        return cached.ids;
      }
      const ids = lookUp(rest, tenant, characterId);
      if (parties.size > 10_000) parties.clear(); // bounded: stale entries are cheap to refetch
      parties.set(key, { at: now, ids });
      return ids;
    },
  };
}

/** A monster from atlas-monsters as the index keeps it. */
export function liveFromRest(m: Monster): LiveMonster {
  return {
    uniqueId: m.id,
    monsterId: m.monsterId,
    worldId: m.worldId,
    channelId: m.channelId,
    mapId: m.mapId,
    x: m.x,
    y: m.y,
    stance: m.stance,
    fh: m.fh,
    team: m.team,
    controllerId: m.controlCharacterId,
    controlled: m.controlCharacterId !== 0,
    maxHp: m.maxHp,
    hp: m.hp,
    mp: m.mp,
  };
}

function sessionsInMap(ctx: FeatureContext, where: ChannelOf, mapId: number): Session[] {
  return [...ctx.presence.sessionsIn(where.tenant, where.worldId, where.channelId, mapId)];
}

/** Per app: each monster's status events still waiting on a REST read, chained in their order. */
const unsettled = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Handles one monster status event (see the module documentation). `CREATED` and `DAMAGED` may read
 * atlas-monsters or atlas-parties; they, and any later event of the same monster while one of them is
 * unsettled, run in that monster's own chain instead of holding the consumer, whose wait would hold up
 * every other monster's (and every other topic's) events behind one REST call. One monster's events keep
 * their order; different monsters' need none.
 */
export function onMonsterStatus(
  ctx: FeatureContext,
  delivery: Pick<Delivery<MonsterStatusEvent>, "value" | "tenant">,
): Promise<void> {
  const { value: event, tenant } = delivery;
  let chains = unsettled.get(ctx.presence);
  if (!chains) unsettled.set(ctx.presence, chains = new Map());
  const key = `${tenantIdentity(tenant)}|${event.worldId}|${event.channelId}|${event.uniqueId}`;
  const before = chains.get(key);
  if (!before && event.type !== "CREATED" && event.type !== "DAMAGED") {
    return handleMonsterStatus(ctx, delivery);
  }
  const running: Promise<void> = (before ?? Promise.resolve())
    .then(() => handleMonsterStatus(ctx, delivery))
    .catch((err) => {
      log.error("monster status event failed", {
        type: event.type,
        uniqueId: event.uniqueId,
        error: err instanceof Error ? err.message : String(err),
      });
    })
    .finally(() => {
      if (chains.get(key) === running) chains.delete(key);
    });
  chains.set(key, running);
  return Promise.resolve();
}

async function handleMonsterStatus(
  ctx: FeatureContext,
  { value: event, tenant }: Pick<Delivery<MonsterStatusEvent>, "value" | "tenant">,
): Promise<void> {
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return;
  const { live } = monsterState(ctx);
  const where: ChannelOf = { tenant, worldId: event.worldId, channelId: event.channelId };
  switch (event.type) {
    case "CREATED": {
      const rest = ctx.rest;
      if (!rest) {
        log.warn("monster created but no REST service to read it from", { uniqueId: event.uniqueId });
        return;
      }
      let monster: LiveMonster;
      try {
        monster = liveFromRest(await getMonster(rest, tenant, event.uniqueId, { timeoutMs: 3000 }));
      } catch (err) {
        log.error("created monster could not be read; not shown", {
          uniqueId: event.uniqueId,
          mapId: event.mapId,
          error: err instanceof Error ? err.message : String(err),
        });
        return;
      }
      // A START_CONTROL published before CREATED (atlas-monsters assigns control first) stays in force.
      const known = live.get(where, event.uniqueId);
      if (known && known.controllerId !== 0 && monster.controllerId === 0) {
        monster.controllerId = known.controllerId;
        monster.controlled = true;
      }
      live.put(where, monster);
      const sessions = sessionsInMap(ctx, where, event.mapId);
      if (sessions.length > 0) {
        ctx.broadcast(sessions, MONSTER_WRITERS.spawn, spawnMonsterBody(tenant, monster, true));
      }
      return;
    }
    case "DESTROYED":
    case "KILLED": {
      live.remove(where, event.uniqueId);
      const sessions = sessionsInMap(ctx, where, event.mapId);
      if (sessions.length > 0) {
        ctx.broadcast(sessions, MONSTER_WRITERS.destroy, destroyMonsterBody(event.uniqueId));
      }
      return;
    }
    case "START_CONTROL": {
      const body = event.body;
      const known = live.get(where, event.uniqueId);
      const monster: LiveMonster = {
        ...(known ?? {
          uniqueId: event.uniqueId,
          monsterId: event.monsterId,
          worldId: event.worldId,
          channelId: event.channelId,
          mapId: event.mapId,
          maxHp: 0,
          hp: 0,
          mp: 0,
        }),
        mapId: event.mapId,
        x: body.x,
        y: body.y,
        stance: body.stance,
        fh: body.fh,
        team: body.team,
        controllerId: body.actorId,
        controlled: true,
      };
      live.put(where, monster);
      const session = characterSession(ctx, tenant, body.actorId, where);
      if (session) ctx.send(session, MONSTER_WRITERS.control, startControlBody(tenant, monster));
      return;
    }
    case "STOP_CONTROL": {
      const known = live.get(where, event.uniqueId);
      if (known && known.controllerId === event.body.actorId) {
        known.controllerId = 0;
        known.controlled = false;
      }
      const session = characterSession(ctx, tenant, event.body.actorId, where);
      if (session) ctx.send(session, MONSTER_WRITERS.control, stopControlBody(event.uniqueId));
      return;
    }
    case "DAMAGED":
      await monsterDamaged(ctx, where, event);
      return;
  }
}

async function monsterDamaged(
  ctx: FeatureContext,
  where: ChannelOf,
  event: Extract<MonsterStatusEvent, { type: "DAMAGED" }>,
): Promise<void> {
  const state = monsterState(ctx);
  let monster = state.live.get(where, event.uniqueId);
  if (monster && monster.maxHp > 0) {
    const dealt = event.body.damageEntries.reduce((sum, e) => sum + e.damage, 0);
    monster.hp = Math.max(0, monster.maxHp - dealt);
    monster.x = event.body.x;
    monster.y = event.body.y;
  } else if (ctx.rest) {
    try {
      monster = liveFromRest(await getMonster(ctx.rest, where.tenant, event.uniqueId, { timeoutMs: 3000 }));
      state.live.put(where, monster);
    } catch (err) {
      log.warn("damaged monster could not be read; no HP shown", {
        uniqueId: event.uniqueId,
        error: err instanceof Error ? err.message : String(err),
      });
      return;
    }
  } else {
    return;
  }
  const members = await state.partyOf(where.tenant, event.body.actorId);
  const recipients: Session[] = [];
  for (const id of new Set([...members, event.body.actorId])) {
    const session = characterSession(ctx, where.tenant, id, where);
    if (session && ctx.presence.mapOf(session) === event.mapId) recipients.push(session);
  }
  if (recipients.length === 0) return;
  ctx.broadcast(
    recipients,
    MONSTER_WRITERS.health,
    monsterHealthBody(event.uniqueId, hpPercent(monster.hp, monster.maxHp)),
  );
}
