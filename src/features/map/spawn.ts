/**
 * What a session shows of its character to the rest of the map, from what login cached on the session
 * (no REST: spawns of characters on this process never call a service).
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import type { ForeignBuffStat } from "./foreign-stats.ts";
import type { SpawnCharacter, SpawnGuild, SpawnPet, WornItem } from "./writers.ts";

/** Where the character stands now: its last movement's summary (set by the movement handler). */
export interface FieldPosition {
  x: number;
  y: number;
  stance: number;
}

/** The character's latest position in the field; absent until it first moves (login's x/y apply). */
export const fieldPositionKey = sessionKey<FieldPosition>("map.position");

/**
 * Spawn details beyond the character's stats: worn items, active pets, guild emblem and buffs. Whoever
 * fetches them (login completion, inventory/pet/buff/guild changes) sets this key; absent means none.
 */
export interface SpawnDetails {
  equips: readonly WornItem[];
  maskedEquips: readonly WornItem[];
  pets: readonly SpawnPet[];
  guild?: SpawnGuild;
  buffs: readonly ForeignBuffStat[];
}

/** See {@link SpawnDetails}. */
export const spawnDetailsKey = sessionKey<SpawnDetails>("map.spawnDetails");

/** The session's character as CharacterSpawn shows it, or undefined before login completed. */
export function spawnCharacterOf(session: Session): SpawnCharacter | undefined {
  const character = session.get(loggedInCharacterKey);
  if (!character) return undefined;
  const position = session.get(fieldPositionKey);
  const details = session.get(spawnDetailsKey);
  return {
    id: character.id,
    name: character.name,
    level: character.level,
    jobId: character.jobId,
    x: position?.x ?? character.x,
    y: position?.y ?? character.y,
    stance: position?.stance ?? character.stance,
    look: {
      gender: character.gender,
      skinColor: character.skinColor,
      face: character.face,
      hair: character.hair,
      equips: details?.equips ?? [],
      maskedEquips: details?.maskedEquips ?? [],
    },
    pets: details?.pets ?? [],
    guild: details?.guild,
    buffs: details?.buffs ?? [],
  };
}
