/**
 * The map domain's consumers: atlas-maps' `CHARACTER_ENTER` / `CHARACTER_EXIT` (spawn and despawn through
 * the presence index) and atlas-character's `MAP_CHANGED` (warp SetField). kafka-consumed.md §2.3–§2.4.
 *
 * Differences from the reference, on purpose: spawn data comes from the sessions' own state (no REST
 * per character), a character not logged in here is skipped rather than failing the whole entry, and an
 * exit only moves the session out of the map the event names (events of two topics may arrive in
 * either order).
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import type { Tenant } from "../../kafka/tenant.ts";
import { tenantIdentity } from "../../kafka/tenant-router.ts";
import type { Session } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import type { FeatureContext } from "../feature.ts";
import type { CharacterStatusEvent } from "../character/messages.ts";
import { getCharacter } from "../character/rest.ts";
import { SET_FIELD_WRITER, writeSetFieldWarp } from "../character/set-field.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import type { MapStatusEvent } from "./messages.ts";
import { spawnCharacterOf } from "./spawn.ts";
import { CHARACTER_DESPAWN, CHARACTER_SPAWN, characterDespawnBody, characterSpawnBody } from "./writers.ts";

const log = getLogger("map");

/** True when this process serves the tenant's world and channel. */
export function servesChannel(
  ctx: FeatureContext,
  tenant: Tenant,
  worldId: number,
  channelId: number,
): boolean {
  const identity = tenantIdentity(tenant);
  return ctx.channels().some((c) =>
    c.worldId === worldId && c.channelId === channelId && tenantIdentity(c.tenant) === identity
  );
}

/** The session here playing `characterId` on that world and channel, if any. */
export function sessionOn(
  ctx: FeatureContext,
  tenant: Tenant,
  worldId: number,
  channelId: number,
  characterId: number,
): Session | undefined {
  const session = ctx.presence.sessionOfCharacter(tenant, characterId);
  if (!session || session.isClosed || session.worldId !== worldId || session.channelId !== channelId) {
    return undefined;
  }
  return session;
}

/** `CHARACTER_ENTER`: the newcomer appears to the map, and the map's characters to the newcomer. */
export function characterEnter(ctx: FeatureContext, tenant: Tenant, event: MapStatusEvent): void {
  const session = sessionOn(ctx, tenant, event.worldId, event.channelId, event.body.characterId);
  if (!session) return;
  ctx.presence.enter(session, event.mapId);
  const newcomer = spawnCharacterOf(session);
  if (!newcomer) {
    log.warn("character entered a map before its login completed", { characterId: event.body.characterId });
    return;
  }
  const others = [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)]
    .filter((other) => other !== session);
  if (others.length === 0) return;
  ctx.broadcast(others, CHARACTER_SPAWN, characterSpawnBody(tenant, newcomer, true));
  for (const other of others) {
    const shown = spawnCharacterOf(other);
    if (shown) ctx.send(session, CHARACTER_SPAWN, characterSpawnBody(tenant, shown, false));
  }
}

/** `CHARACTER_EXIT`: the others in the map see the character leave. */
export function characterExit(ctx: FeatureContext, tenant: Tenant, event: MapStatusEvent): void {
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return;
  const characterId = event.body.characterId;
  const leaving = sessionOn(ctx, tenant, event.worldId, event.channelId, characterId);
  if (leaving && ctx.presence.mapOf(leaving) === event.mapId) ctx.presence.leave(leaving);
  const others = [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)]
    .filter((other) => other !== leaving && other.characterId !== characterId);
  if (others.length > 0) ctx.broadcast(others, CHARACTER_DESPAWN, characterDespawnBody(characterId));
}

/**
 * `MAP_CHANGED`: the character's session moves to the target map and gets the warp SetField. The current
 * HP is read from atlas-character as the reference does (a map change is rare); without REST, or when the
 * look-up fails, the HP login cached is used.
 */
export async function characterMapChanged(
  ctx: FeatureContext,
  tenant: Tenant,
  event: Extract<CharacterStatusEvent, { type: "MAP_CHANGED" }>,
): Promise<void> {
  const session = sessionOn(ctx, tenant, event.worldId, event.body.channelId, event.characterId);
  if (!session) return;
  let hp = session.get(loggedInCharacterKey)?.hp ?? 0;
  if (ctx.rest) {
    try {
      hp = (await getCharacter(ctx.rest, tenant, event.characterId, { timeoutMs: 2000 })).hp;
    } catch (err) {
      log.warn("character look-up for the warp failed; using the cached HP", {
        characterId: event.characterId,
        error: err,
      });
    }
  }
  if (session.isClosed) return;
  ctx.presence.enter(session, event.body.targetMapId);
  const target = { mapId: event.body.targetMapId, portalId: event.body.targetPortalId, hp };
  ctx.send(
    session,
    SET_FIELD_WRITER,
    (w) => writeSetFieldWarp(w, target, { version: tenant, channelId: session.channelId }),
  );
}

/** Routes one map status delivery. */
export function onMapStatus(ctx: FeatureContext, { value, tenant }: Delivery<MapStatusEvent>): void {
  if (value.type === "CHARACTER_ENTER") characterEnter(ctx, tenant, value);
  else characterExit(ctx, tenant, value);
}
