/**
 * A character record as `getCharacter` returns it (atlas-character's attributes, defaults applied), for
 * unit tests that put a character on a session or describe one without a REST round trip.
 * @module
 */
import type { Character } from "../../src/features/character/rest.ts";

/** A level-1 beginner in map 0 with the given fields changed. */
export function characterRecord(overrides: Partial<Character> & Pick<Character, "id">): Character {
  return {
    accountId: 1,
    worldId: 0,
    name: `c${overrides.id}`,
    level: 1,
    experience: 0,
    gachaponExperience: 0,
    strength: 4,
    dexterity: 4,
    intelligence: 4,
    luck: 4,
    hp: 50,
    maxHp: 50,
    mp: 5,
    maxMp: 5,
    meso: 0,
    hpMpUsed: 0,
    jobId: 0,
    skinColor: 0,
    gender: 0,
    fame: 0,
    hair: 30000,
    face: 20000,
    ap: 0,
    sp: "0",
    mapId: 0,
    spawnPoint: 0,
    gm: 0,
    x: 0,
    y: 0,
    stance: 0,
    ...overrides,
  };
}
