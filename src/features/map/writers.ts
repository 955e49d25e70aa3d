/**
 * Packet writers of the map domain: other characters appearing in and leaving the map.
 * Layouts follow the client (libs/atlas-packet `character/clientbound/spawn.go` and `despawn.go` at
 * d59a1ad2df; the reference's `character_spawn.go` wrote no foothold, the completed-set-item field from
 * v84 instead of v87, and an admin-effect and team byte the JMS client does not read); the avatar look
 * inside CharacterSpawn is the character domain's {@link writeAvatarLook}.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { BuildPacket } from "../outbound.ts";
import { type AvatarLook, writeAvatarLook, writePerPetSlot } from "../character/look.ts";
import { type ForeignBuffStat, writeForeignTemporaryStats } from "./foreign-stats.ts";

/** Writer name: a character appears. */
export const CHARACTER_SPAWN = "CharacterSpawn";
/** Writer name: a character leaves. */
export const CHARACTER_DESPAWN = "CharacterDespawn";

type Version = Pick<Tenant, "region" | "majorVersion">;

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
  /** The foothold it stands on (0 when unknown). */
  foothold?: number;
  /** Appearance, worn equipment and summoned pets (the pets walk beside the character too). */
  look: AvatarLook;
  /** The pets shown walking beside it, when they differ from `look.pets`. */
  pets?: AvatarLook["pets"];
  guild?: SpawnGuild;
  /** Active buff stat changes (shown to others). */
  buffs: readonly ForeignBuffStat[];
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
    writeAvatarLook(w, v, character.look);
    const gms = v.region === "GMS";
    if ((gms && v.majorVersion > 87) || v.region === "JMS") w.uint32(0).uint32(0); // driver, passenger
    w.uint32(0).uint32(0); // choco count, item effect
    if (gms && v.majorVersion >= 87) w.uint32(0); // completed set item
    w.uint32(0); // chair
    if (enteringField) w.int16(character.x).int16(character.y - 42).byte(6).int16(0);
    else w.int16(character.x).int16(character.y).byte(character.stance).int16(character.foothold ?? 0);
    if (v.region !== "JMS") w.byte(0); // admin effect (the JMS client reads none)
    writePerPetSlot(character.pets ?? character.look.pets, (pet) => {
      w.bool(true).uint32(pet.templateId).string(pet.name).uint64(pet.id).int16(pet.x).int16(pet.y)
        .byte(pet.stance).int16(pet.fh).byte(0).byte(0); // name tag, chat balloon
    }, () => {});
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
    if (v.region !== "JMS") w.byte(0); // team (the JMS client reads none)
  };
}

/** `CharacterDespawn`: `u32 characterId`. */
export function characterDespawnBody(characterId: number): BuildPacket {
  return (w) => {
    w.uint32(characterId);
  };
}
