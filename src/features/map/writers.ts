/**
 * Packet writers of the map domain: other characters appearing in and leaving the map.
 * Layouts follow the reference's `socket/writer/character_spawn.go` and `character_despawn.go`.
 * @module
 */
import type { Tenant } from "../../kafka/tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { BuildPacket } from "../outbound.ts";
import { type ForeignBuffStat, writeForeignTemporaryStats } from "./foreign-stats.ts";

/** Writer name: a character appears. */
export const CHARACTER_SPAWN = "CharacterSpawn";
/** Writer name: a character leaves. */
export const CHARACTER_DESPAWN = "CharacterDespawn";

type Version = Pick<Tenant, "region" | "majorVersion">;

/** One worn item: equipment slot number (the positive form of the negative inventory slot) and item id. */
export interface WornItem {
  slot: number;
  itemId: number;
}

/** What the avatar looks like (reference `WriteCharacterLook`). */
export interface SpawnLook {
  gender: number;
  skinColor: number;
  face: number;
  hair: number;
  /** Visible items per slot: the cash item where there is one, else the regular item. */
  equips: readonly WornItem[];
  /** Regular items hidden under a cash item in the same slot. */
  maskedEquips: readonly WornItem[];
}

/** A pet walking with a character. */
export interface SpawnPet {
  /** 0–2 for an active pet; others are not shown. */
  slot: number;
  id: number;
  templateId: number;
  name: string;
  x: number;
  y: number;
  stance: number;
  foothold: number;
}

/** The guild emblem shown under a name. */
export interface SpawnGuild {
  name: string;
  logoBackground: number;
  logoBackgroundColor: number;
  logo: number;
  logoColor: number;
}

/** Everything CharacterSpawn shows of a character. */
export interface SpawnCharacter {
  id: number;
  name: string;
  level: number;
  jobId: number;
  x: number;
  y: number;
  stance: number;
  look: SpawnLook;
  pets: readonly SpawnPet[];
  guild?: SpawnGuild;
  /** Active buff stat changes (shown to others). */
  buffs: readonly ForeignBuffStat[];
}

function isOld(v: Version): boolean {
  return v.region === "GMS" && v.majorVersion <= 28;
}

function petInSlot(pets: readonly SpawnPet[], slot: number): SpawnPet | undefined {
  // The reference keeps the last pet of a slot.
  let found: SpawnPet | undefined;
  for (const pet of pets) if (pet.slot === slot) found = pet;
  return found;
}

function writeWorn(w: PacketWriter, items: readonly WornItem[], terminator: number): void {
  // The reference iterates a Go map (random order); ascending slots make the bytes reproducible.
  for (const item of [...items].sort((a, b) => a.slot - b.slot)) w.byte(item.slot).uint32(item.itemId);
  w.byte(terminator);
}

/**
 * The avatar look block (reference `WriteCharacterLook` with `mega = false`): appearance for GMS > 28 and
 * JMS, worn and masked items, the weapon-sticker id (0), then pet item ids (3 × u32 for GMS > 28 and JMS,
 * else the first pet's id as u64).
 */
export function writeSpawnLook(
  w: PacketWriter,
  v: Version,
  look: SpawnLook,
  pets: readonly SpawnPet[],
): void {
  const old = isOld(v);
  if (!old) w.byte(look.gender).byte(look.skinColor).uint32(look.face).bool(true).uint32(look.hair);
  const terminator = old ? 0 : 0xff;
  writeWorn(w, look.equips, terminator);
  writeWorn(w, look.maskedEquips, terminator);
  w.uint32(0);
  if (!old) {
    for (let slot = 0; slot < 3; slot++) w.uint32(petInSlot(pets, slot)?.templateId ?? 0);
  } else {
    w.uint64(pets[0]?.id ?? 0);
  }
}

/**
 * `CharacterSpawn`. `enteringField` shows the newcomer dropping in (y − 42, stance 6) as the reference does
 * for the map's other sessions; existing characters are shown where they stand. `nowMs` feeds the
 * temporary-stat block's time fields.
 */
export function characterSpawnBody(
  v: Version,
  character: SpawnCharacter,
  enteringField: boolean,
  nowMs: number = Date.now(),
): BuildPacket {
  return (w) => {
    w.uint32(character.id).byte(character.level).string(character.name);
    const guild = character.guild;
    if (guild) {
      w.string(guild.name).uint16(guild.logoBackground).byte(guild.logoBackgroundColor).uint16(guild.logo)
        .byte(
          guild.logoColor,
        );
    } else {
      w.string("").uint16(0).byte(0).uint16(0).byte(0);
    }
    writeForeignTemporaryStats(w, v, character.buffs, nowMs);
    w.uint16(character.jobId);
    writeSpawnLook(w, v, character.look, character.pets);
    const gms = v.region === "GMS";
    if ((gms && v.majorVersion > 87) || v.region === "JMS") w.uint32(0).uint32(0); // driver, passenger
    w.uint32(0).uint32(0); // choco count, item effect
    if (gms && v.majorVersion > 83) w.uint32(0); // completed set item
    w.uint32(0); // chair
    if (enteringField) w.int16(character.x).int16(character.y - 42).byte(6);
    else w.int16(character.x).int16(character.y).byte(character.stance);
    w.int16(0).byte(0); // foothold, admin effect
    for (let slot = 0; slot < 3; slot++) {
      const pet = petInSlot(character.pets, slot);
      if (!pet) continue;
      w.bool(true).uint32(pet.templateId).string(pet.name).uint64(pet.id).int16(pet.x).int16(pet.y).byte(
        pet.stance,
      ).int16(pet.foothold).byte(0).byte(0);
    }
    w.byte(0); // end of pets
    w.uint32(1).uint32(0).uint32(0); // mount level, exp, tiredness
    w.byte(0).byte(0); // mini room, ad board
    w.byte(0).byte(0).byte(0); // couple, friendship, marriage rings
    if (gms && v.majorVersion < 95) w.byte(0); // new year card
    w.byte(0); // berserk
    if (gms) {
      if (v.majorVersion <= 87) w.byte(0);
      else w.byte(0).uint32(0); // new year card, phase
    } else if (v.region === "JMS") {
      w.byte(0);
    }
    w.byte(0); // team
  };
}

/** `CharacterDespawn`: `u32 characterId`. */
export function characterDespawnBody(characterId: number): BuildPacket {
  return (w) => {
    w.uint32(characterId);
  };
}
