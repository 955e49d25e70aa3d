/**
 * The guild a session's character belongs to, as the map shows it under its name (CharacterSpawn):
 * loaded with the character at login, kept current by the guild status events (created, joined, left,
 * emblem changed, disbanded), so spawning a character never calls atlas-guilds.
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";
import type { Guild } from "./rest.ts";
import type { GuildEmblem } from "./writers.ts";

/** What others see of a character's guild. */
export interface GuildBadge extends GuildEmblem {
  readonly guildId: number;
  readonly name: string;
}

/** The session's guild badge; absent when its character has no guild (or it is not known). */
export const guildBadgeKey = sessionKey<GuildBadge>("guild.badge");

/** The badge of `guild`. */
export function badgeOf(guild: Guild): GuildBadge {
  const { id, name, logo, logoColor, logoBackground, logoBackgroundColor } = guild;
  return { guildId: id, name, logo, logoColor, logoBackground, logoBackgroundColor };
}

/** The guild shown under the session's character, if any. */
export function guildBadgeOf(session: Session): GuildBadge | undefined {
  return session.get(guildBadgeKey);
}

/** The emblem of no guild. */
export const NO_EMBLEM: GuildEmblem = Object.freeze({
  logo: 0,
  logoColor: 0,
  logoBackground: 0,
  logoBackgroundColor: 0,
});
