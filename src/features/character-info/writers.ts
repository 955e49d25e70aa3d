/**
 * `CharacterInfo` (the character info window), as the client reads it (Atlas `libs/atlas-packet`
 * d59a1ad2df `character/clientbound/info.go`). From GMS v61: id, level, job, fame, marriage ring flag,
 * guild and alliance names, medal-info byte, up to three pets each behind a `true`, `false`, the mount
 * (none here), the wish list; then per version: the monster book (GMS up to v87, JMS), the medal and its
 * quests (GMS after v61, JMS), the chair (GMS from v87, JMS).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { BuildPacket } from "../outbound.ts";

/** The writer name of this feature. */
export const CHARACTER_INFO = "CharacterInfo";

/** A pet shown in the window (the three summoned slots). */
export interface InfoPet {
  slot: number;
  templateId: number;
  name: string;
  level: number;
  closeness: number;
  fullness: number;
}

/** What the window shows. */
export interface CharacterInfo {
  characterId: number;
  level: number;
  jobId: number;
  fame: number;
  guildName: string;
  pets: readonly InfoPet[];
  /** Cash shop serial numbers. */
  wishList: readonly number[];
}

/** `CharacterInfo` for GMS v61 and later and JMS (the versions this server supports). */
export function characterInfoBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  info: CharacterInfo,
): BuildPacket {
  const gms = tenant.region === "GMS";
  const jms = tenant.region === "JMS";
  return (w) => {
    w.uint32(info.characterId)
      .byte(info.level)
      .uint16(info.jobId)
      .int16(info.fame)
      .bool(false) // marriage ring
      .string(info.guildName)
      .string("") // alliance
      .byte(0); // medal info
    for (let slot = 0; slot < 3; slot++) {
      const pet = info.pets.find((p) => p.slot === slot);
      if (!pet) continue;
      w.bool(true)
        .uint32(pet.templateId)
        .string(pet.name)
        .byte(pet.level)
        .uint16(pet.closeness)
        .byte(pet.fullness)
        .uint16(0) // pet skill
        .uint32(0); // pet item
    }
    w.bool(false); // no more pets
    w.byte(0); // no mount
    w.byte(info.wishList.length);
    for (const serial of info.wishList) w.uint32(serial);
    if ((gms && tenant.majorVersion <= 87) || jms) w.uint32(0).uint32(0).uint32(0).uint32(0).uint32(0); // monster book
    if ((gms && tenant.majorVersion > 61) || jms) w.uint32(0).uint16(0); // medal, medal quests
    if ((gms && tenant.majorVersion >= 87) || jms) w.uint32(0); // chair
  };
}
