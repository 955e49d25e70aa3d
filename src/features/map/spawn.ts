/**
 * What a character shows of itself to the rest of the map (CharacterSpawn). For sessions on this process
 * it comes from what login cached on the session, so spawning them never calls a service: the
 * character record (`loggedInCharacterKey`, kept current by the stats domain) and the inventory and pets
 * field entry loaded (`CHARACTER_DATA`). Characters on another channel instance are described from
 * their REST data ({@link spawnCharacterFrom}).
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import type { CharacterData } from "../character/data.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { activeBuffStats } from "../buff/active.ts";
import { guildBadgeOf } from "../guild/state.ts";
import { lookOf } from "../character/look.ts";
import type { Character } from "../character/rest.ts";
import type { SpawnCharacter } from "./writers.ts";

/** Where the character stands now: its last movement's summary (set by the movement handler). */
export interface FieldPosition {
  x: number;
  y: number;
  stance: number;
  /** The foothold of the last NORMAL element (CharacterSpawn shows it; 0 when unknown). */
  foothold?: number;
}

/** The character's latest position in the field; absent until it first moves (login's x/y apply). */
export const fieldPositionKey = sessionKey<FieldPosition>("map.position");

/**
 * CharacterSpawn's view of a loaded character, standing at `position` (default: where atlas-character
 * last stored it). Guild and buffs are not shown: they are known only for sessions here.
 */
export function spawnCharacterFrom(
  data: Pick<CharacterData, "character" | "inventory" | "pets">,
  position?: FieldPosition,
): SpawnCharacter {
  const character = data.character;
  return {
    id: character.id,
    name: character.name,
    level: character.level,
    jobId: character.jobId,
    x: position?.x ?? character.x,
    y: position?.y ?? character.y,
    stance: position?.stance ?? character.stance,
    foothold: position?.foothold ?? 0,
    look: lookOf({ ...data, skills: [] }),
    buffs: [],
  };
}

/**
 * The session's character as CharacterSpawn shows it, or undefined before login completed. Before field
 * entry has loaded the inventory and pets the character is shown bare (field entry happens before the
 * session is announced to the world, so the maps service's CHARACTER_ENTER finds them loaded).
 */
export function spawnCharacterOf(session: Session): SpawnCharacter | undefined {
  const character: Character | undefined = session.get(loggedInCharacterKey);
  if (!character) return undefined;
  const loaded = session.get(CHARACTER_DATA);
  const shown = spawnCharacterFrom(
    { character, inventory: loaded?.inventory ?? null, pets: loaded?.pets ?? [] },
    session.get(fieldPositionKey),
  );
  return { ...shown, buffs: activeBuffStats(session), guild: guildBadgeOf(session) };
}
