/**
 * What login leaves on a session for later hot paths (no REST after login): the character as fetched
 * at login completion and its GM flag, plus the login in progress.
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";
import type { Character } from "../character/rest.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";

/** The character as atlas-character described it at login completion (stats may since have changed). */
export const loggedInCharacterKey = sessionKey<Character>("login.character");

/**
 * The GM flag (`gm > 0` at login). The reference writes it and loses it on its next session copy;
 * here it stays for the session's life.
 */
export const gmKey = sessionKey<boolean>("login.gm");

/**
 * The character record `CharacterLoggedIn` read to learn the account, and when (performance.now()); the
 * completion uses it instead of reading it again when it is recent ({@link LOGIN_RECORD_FRESH_MS}).
 */
export const loginLookupKey = sessionKey<{ character: Character; readAt: number }>("login.lookup");

/**
 * How old the login's own character read may be for its completion to use it: the account service's
 * answer normally comes within milliseconds, within seconds in a login storm; an older read is repeated.
 */
export const LOGIN_RECORD_FRESH_MS = 5_000;

/** The character id a `CharacterLoggedIn` asked for, until the account service answers. */
export const pendingCharacterKey = sessionKey<number>("login.pendingCharacter");

/** Whether the session's character is a GM. */
export function isGm(session: Session): boolean {
  return session.get(gmKey) ?? false;
}

/**
 * Characters with a login under way on this process (asked, not yet completed or failed), so a second
 * client cannot race the first one for the same character.
 */
export interface PendingLogins {
  /** Claims the character for the session; false when another live session holds it. */
  claim(session: Session, characterId: number): boolean;
  /** Releases the session's claim (login completed, failed or the session closed). */
  release(session: Session): void;
}

/** An empty {@link PendingLogins}. */
export function createPendingLogins(): PendingLogins {
  const byCharacter = new Map<string, Session>();
  const keyOf = (tenant: Tenant, characterId: number) => `${tenantIdentity(tenant)}|${characterId}`;
  return {
    claim(session, characterId) {
      const key = keyOf(session.tenant, characterId);
      const holder = byCharacter.get(key);
      if (holder && holder !== session && !holder.isClosed) return false;
      byCharacter.set(key, session);
      session.set(pendingCharacterKey, characterId);
      return true;
    },
    release(session) {
      const characterId = session.get(pendingCharacterKey);
      if (characterId === undefined) return;
      const key = keyOf(session.tenant, characterId);
      if (byCharacter.get(key) === session) byCharacter.delete(key);
      session.set(pendingCharacterKey, undefined);
    },
  };
}
