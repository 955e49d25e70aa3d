/**
 * The map domain's consumers: atlas-maps' `CHARACTER_ENTER` / `CHARACTER_EXIT` (spawn and despawn through
 * the presence index) and atlas-character's `MAP_CHANGED` (warp SetField). kafka-consumed.md §2.3–§2.4.
 *
 * Differences from the reference, on purpose: spawn data of this process's characters comes from the
 * sessions' own state (REST only for characters playing on another instance, on entry), a character
 * whose look-up fails is skipped rather than failing the whole entry, and an
 * exit only moves the session out of the map the event names (events of two topics may arrive in
 * either order).
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import type { FeatureContext } from "../feature.ts";
import { characterSession, servesChannel } from "../routing.ts";
import type { CharacterStatusEvent } from "../character/messages.ts";
import { createRemoteCharacters, type RemoteCharacters } from "./remote-characters.ts";
import { getCharacter } from "../character/rest.ts";
import { SET_FIELD_WRITER, writeSetFieldWarp } from "../character/set-field.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import type { MapStatusEvent } from "./messages.ts";
import { charactersInMap } from "./rest.ts";
import {
  type FieldPosition,
  fieldPositionKey,
  spawnCharacterFrom,
  spawnCharacterOf,
  standingSpawnPacket,
} from "./spawn.ts";
import { CHARACTER_DESPAWN, CHARACTER_SPAWN, characterDespawnBody, characterSpawnBody } from "./writers.ts";

const log = getLogger("map");

/**
 * `CHARACTER_ENTER`: the newcomer appears to the map's sessions here, and they appear to the newcomer,
 * from the sessions' own state. Characters the maps service lists in the map that play on another
 * channel instance are then looked up over REST and shown to the newcomer (map entry only; broadcasts
 * never call REST).
 */
export async function characterEnter(
  ctx: FeatureContext,
  tenant: Tenant,
  event: MapStatusEvent,
  departures: Departures = createDepartures(),
  remoteCharacters: RemoteCharacters = createRemoteCharacters(),
): Promise<void> {
  const session = characterSession(ctx, tenant, event.body.characterId, {
    worldId: event.worldId,
    channelId: event.channelId,
  });
  if (!session) return;
  if (ctx.presence.mapOf(session) !== event.mapId) {
    // A warp: the maps service's entry may be consumed before the warp's SetField went out (another topic,
    // and MAP_CHANGED looks the character up first). The client drops spawns and map objects that arrive
    // before it entered the field, so they wait for the SetField.
    const arrived = await warpArrival(session, event.mapId, WARP_ARRIVAL_WAIT_MS);
    if (session.isClosed) return;
    if (!arrived) {
      log.warn("map entry without the warp's SetField; spawning anyway", {
        characterId: event.body.characterId,
        mapId: event.mapId,
        waitedMs: WARP_ARRIVAL_WAIT_MS,
      });
    }
  }
  ctx.presence.enter(session, event.mapId);
  const newcomer = spawnCharacterOf(session);
  if (!newcomer) {
    log.warn("character entered a map before its login completed", { characterId: event.body.characterId });
    return;
  }
  // Only with the sessions already shown here: one whose entry is still to be handled gets the
  // exchange with this newcomer then (see presence.ts), so no pair is spawned twice.
  const others = [...ctx.presence.shownIn(tenant, event.worldId, event.channelId, event.mapId)]
    .filter((other) => other !== session);
  ctx.presence.show(session);
  if (others.length > 0) ctx.broadcast(others, CHARACTER_SPAWN, characterSpawnBody(tenant, newcomer, true));
  for (const other of others) {
    const shown = standingSpawnPacket(ctx, other, session.tenant);
    if (shown) ctx.sendEncoded(session, CHARACTER_SPAWN, shown);
  }
  await Promise.all([
    spawnRemoteCharacters(ctx, session, event, departures, remoteCharacters),
    ctx.enteredField(session, event.mapId, others),
  ]);
}

/** How long an entry waits for its warp's SetField: longer than the warp's character look-up (2 s). */
const WARP_ARRIVAL_WAIT_MS = 3000;

/** Entries waiting for a warp's SetField, per session. */
const arrivalWaiters = new WeakMap<Session, Set<{ mapId: number; arrived: () => void }>>();

/**
 * Resolves true once the warp SetField into `mapId` was sent to `session`, false when `timeoutMs` passed
 * or the session closed first.
 */
function warpArrival(session: Session, mapId: number, timeoutMs: number): Promise<boolean> {
  const { promise, resolve } = Promise.withResolvers<boolean>();
  const waiters = arrivalWaiters.get(session) ?? new Set();
  arrivalWaiters.set(session, waiters);
  const waiter = { mapId, arrived: () => resolve(true) };
  waiters.add(waiter);
  const timer = setTimeout(() => resolve(false), timeoutMs);
  session.closed.then(() => resolve(false), () => resolve(false));
  return promise.finally(() => {
    clearTimeout(timer);
    waiters.delete(waiter);
  });
}

/** The warp SetField into `mapId` went out to `session`: entries waiting for it go on. */
function warpArrived(session: Session, mapId: number): void {
  for (const waiter of arrivalWaiters.get(session) ?? []) if (waiter.mapId === mapId) waiter.arrived();
}

/**
 * Recent `CHARACTER_EXIT`s per map, so a remote character whose look-up was still under way when it
 * left is not shown afterwards.
 */
export interface Departures {
  /** Records that `characterId` left the map now. */
  left(tenant: Tenant, event: MapStatusEvent): void;
  /** Whether `characterId` left the map at or after `sinceMs`. */
  leftSince(tenant: Tenant, event: MapStatusEvent, characterId: number, sinceMs: number): boolean;
}

/** How long an exit is remembered: longer than any look-up may take (REST timeouts are shorter). */
const DEPARTURE_MEMORY_MS = 30_000;

/** An empty {@link Departures}. */
export function createDepartures(now: () => number = Date.now): Departures {
  const exits = new Map<string, number>();
  const keyOf = (tenant: Tenant, e: MapStatusEvent, characterId: number) =>
    `${tenantIdentity(tenant)}|${e.worldId}|${e.channelId}|${e.mapId}|${characterId}`;
  return {
    left(tenant, event) {
      const at = now();
      // Map iteration is insertion order (re-inserted on update), so the oldest come first.
      exits.delete(keyOf(tenant, event, event.body.characterId));
      exits.set(keyOf(tenant, event, event.body.characterId), at);
      for (const [key, when] of exits) {
        if (at - when <= DEPARTURE_MEMORY_MS) break;
        exits.delete(key);
      }
    },
    leftSince: (tenant, event, characterId, sinceMs) =>
      (exits.get(keyOf(tenant, event, characterId)) ?? -Infinity) >= sinceMs,
  };
}

/** Per-call limit of the entry look-ups: a slow service delays only the remote characters' spawns. */
const REMOTE_LOOKUP_TIMEOUT_MS = 3000;
/** Remote characters not loaded this long after the entry are not shown to this newcomer. */
const REMOTE_ENTRY_DEADLINE_MS = 5000;

/**
 * The reference's "spawn other characters for the newcomer" for characters with no session here: the
 * maps service's list of the map (`GET worlds/{w}/channels/{c}/maps/{m}/characters`), then the
 * characters with their inventory and pets through the shared {@link RemoteCharacters} loader (cached,
 * deduplicated, bounded; see remote-characters.ts). Failures skip only what failed.
 */
async function spawnRemoteCharacters(
  ctx: FeatureContext,
  session: Session,
  event: MapStatusEvent,
  departures: Departures,
  remoteCharacters: RemoteCharacters,
): Promise<void> {
  const rest = ctx.rest;
  if (!rest) return;
  const tenant = session.tenant;
  const startedAt = Date.now();
  const fields = { sessionId: session.id, characterId: event.body.characterId, mapId: event.mapId };
  let ids: number[];
  try {
    ids = await charactersInMap(rest, tenant, event.worldId, event.channelId, event.mapId, {
      timeoutMs: REMOTE_LOOKUP_TIMEOUT_MS,
    });
  } catch (err) {
    log.warn("characters-in-map look-up failed; only this process's characters are shown", {
      ...fields,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  const remote = [...new Set(ids)].filter((id) =>
    id !== event.body.characterId && !ctx.presence.sessionOfCharacter(tenant, id)
  );
  if (remote.length === 0) return;
  const loaded = await remoteCharacters.load(
    rest,
    tenant,
    remote,
    performance.now() + REMOTE_ENTRY_DEADLINE_MS,
  );
  if (session.isClosed || ctx.presence.mapOf(session) !== event.mapId) return;
  for (const data of loaded) {
    if (!data || departures.leftSince(tenant, event, data.character.id, startedAt)) continue;
    if (ctx.presence.sessionOfCharacter(tenant, data.character.id)) continue; // logged in here meanwhile
    ctx.send(session, CHARACTER_SPAWN, characterSpawnBody(tenant, spawnCharacterFrom(data), false));
  }
}

/** `CHARACTER_EXIT`: the others in the map see the character leave. */
export function characterExit(
  ctx: FeatureContext,
  tenant: Tenant,
  event: MapStatusEvent,
  departures?: Departures,
): void {
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return;
  departures?.left(tenant, event);
  const characterId = event.body.characterId;
  const leaving = characterSession(ctx, tenant, characterId, {
    worldId: event.worldId,
    channelId: event.channelId,
  });
  if (leaving && ctx.presence.mapOf(leaving) === event.mapId) ctx.presence.leave(leaving);
  const others = [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)]
    .filter((other) => other !== leaving && other.characterId !== characterId);
  if (others.length > 0) ctx.broadcast(others, CHARACTER_DESPAWN, characterDespawnBody(characterId));
}

/**
 * `MAP_CHANGED`: the character's session moves to the target map and gets the warp SetField. The current
 * HP and the arrival position (the target portal's, where atlas-character put the character) are read from
 * atlas-character as the reference does (a map change is rare); without REST, or when the look-up fails, the
 * HP login cached is used and the position is unknown until the character moves.
 */
export async function characterMapChanged(
  ctx: FeatureContext,
  tenant: Tenant,
  event: Extract<CharacterStatusEvent, { type: "MAP_CHANGED" }>,
): Promise<void> {
  const session = characterSession(ctx, tenant, event.characterId, {
    worldId: event.worldId,
    channelId: event.body.channelId,
  });
  if (!session) return;
  let hp = session.get(loggedInCharacterKey)?.hp ?? 0;
  // Where the character stands in the new map: atlas-character moved it to the target portal before it
  // announced the change, and its look-up reports that position. Without it the old map's is wrong.
  let arrival: FieldPosition | undefined;
  if (ctx.rest) {
    try {
      const character = await getCharacter(ctx.rest, tenant, event.characterId, { timeoutMs: 2000 });
      hp = character.hp;
      arrival = { x: character.x, y: character.y, stance: character.stance };
    } catch (err) {
      log.warn("character look-up for the warp failed; using the cached HP", {
        characterId: event.characterId,
        error: err,
      });
    }
  }
  if (session.isClosed) return;
  session.set(fieldPositionKey, arrival);
  ctx.presence.enter(session, event.body.targetMapId);
  const target = { mapId: event.body.targetMapId, portalId: event.body.targetPortalId, hp };
  ctx.send(
    session,
    SET_FIELD_WRITER,
    (w) => writeSetFieldWarp(w, target, { version: tenant, channelId: session.channelId }),
  );
  warpArrived(session, event.body.targetMapId);
}

/**
 * Routes one map status delivery. An entry's remote look-ups are not awaited: they must not hold up the
 * map events behind it (every map of a world shares the topic); what they find is only sent if the
 * newcomer is still in the map and the character did not leave meanwhile.
 */
export function onMapStatus(
  ctx: FeatureContext,
  { value, tenant }: Delivery<MapStatusEvent>,
  departures: Departures,
  remoteCharacters: RemoteCharacters,
): void {
  if (value.type === "CHARACTER_ENTER") {
    characterEnter(ctx, tenant, value, departures, remoteCharacters).catch((err) =>
      log.error("character entry failed", { characterId: value.body.characterId, error: err })
    );
  } else {
    characterExit(ctx, tenant, value, departures);
  }
}
