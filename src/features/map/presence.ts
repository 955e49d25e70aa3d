/**
 * Who is where on this process: the single truth for "which sessions are in this map on this
 * channel" and "which session plays this character". Updated by the sessions' own field changes and
 * by map status events; broadcasts (movement, chat, emotes) read it and never call REST.
 *
 * A session is in a map from its field entry (login or warp) on, but it is *shown* there, i.e. spawned
 * for the map's other sessions and they for it, only once its `CHARACTER_ENTER` was handled. Entries
 * exchange spawns only with sessions already shown, so two characters entering side by side (both in the
 * map, neither entry handled yet) are spawned for each other once, by the later entry, not once by each.
 * @module
 */
import type { Session } from "../../net/session.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";

/** The local index of sessions by map and by character. */
export interface Presence {
  /** Records that the session's character is in `mapId` (leaving any previous map). */
  enter(session: Session, mapId: number): void;
  /** Removes the session from its map (logout, disconnect, channel change). */
  leave(session: Session): void;
  /** The map the session's character is in, if any. */
  mapOf(session: Session): number | undefined;
  /** The sessions in a map of a channel (live view; copy before awaiting). */
  sessionsIn(tenant: Tenant, worldId: number, channelId: number, mapId: number): ReadonlySet<Session>;
  /** Records that the session is shown in the map it is in (its entry was handled); no-op outside a map. */
  show(session: Session): void;
  /** The sessions shown in a map of a channel, a subset of {@link sessionsIn} (live view). */
  shownIn(tenant: Tenant, worldId: number, channelId: number, mapId: number): ReadonlySet<Session>;
  /** Associates a logged-in character with its session (unique per tenant on this process). */
  bindCharacter(session: Session, characterId: number): void;
  /** The session playing `characterId` for `tenant` on this process. */
  sessionOfCharacter(tenant: Tenant, characterId: number): Session | undefined;
  /** Forgets everything about the session (its close hook calls this). */
  forget(session: Session): void;
}

const EMPTY: ReadonlySet<Session> = new Set();

function mapKey(tenant: Tenant, worldId: number, channelId: number, mapId: number): string {
  return `${tenantIdentity(tenant)}|${worldId}|${channelId}|${mapId}`;
}

/** An empty {@link Presence}. */
export function createPresence(): Presence {
  const maps = new Map<string, Set<Session>>();
  const shown = new Map<string, Set<Session>>();
  const mapOfSession = new Map<Session, { key: string; mapId: number }>();
  const characters = new Map<string, Session>();
  const characterOfSession = new Map<Session, string>();

  const leave = (session: Session) => {
    const where = mapOfSession.get(session);
    if (!where) return;
    mapOfSession.delete(session);
    removeFrom(maps, where.key, session);
    removeFrom(shown, where.key, session);
  };

  return {
    enter(session, mapId) {
      // Entering the map it is in already keeps the session shown there.
      if (mapOfSession.get(session)?.mapId === mapId) return;
      leave(session);
      const key = mapKey(session.tenant, session.worldId, session.channelId, mapId);
      addTo(maps, key, session);
      mapOfSession.set(session, { key, mapId });
    },
    leave,
    mapOf: (session) => mapOfSession.get(session)?.mapId,
    sessionsIn: (tenant, worldId, channelId, mapId) =>
      maps.get(mapKey(tenant, worldId, channelId, mapId)) ?? EMPTY,
    show(session) {
      const where = mapOfSession.get(session);
      if (where) addTo(shown, where.key, session);
    },
    shownIn: (tenant, worldId, channelId, mapId) =>
      shown.get(mapKey(tenant, worldId, channelId, mapId)) ?? EMPTY,
    bindCharacter(session, characterId) {
      const key = `${tenantIdentity(session.tenant)}|${characterId}`;
      const previous = characterOfSession.get(session);
      if (previous) characters.delete(previous);
      characters.set(key, session);
      characterOfSession.set(session, key);
    },
    sessionOfCharacter: (tenant, characterId) => characters.get(`${tenantIdentity(tenant)}|${characterId}`),
    forget(session) {
      leave(session);
      const key = characterOfSession.get(session);
      if (key !== undefined) {
        characterOfSession.delete(session);
        if (characters.get(key) === session) characters.delete(key);
      }
    },
  };
}

function addTo(index: Map<string, Set<Session>>, key: string, session: Session): void {
  let set = index.get(key);
  if (!set) index.set(key, set = new Set());
  set.add(session);
}

function removeFrom(index: Map<string, Set<Session>>, key: string, session: Session): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(session);
  if (set.size === 0) index.delete(key);
}
