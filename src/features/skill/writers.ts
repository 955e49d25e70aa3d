/**
 * CharacterSkillMacro: the character's skill macros, sent at login. `u8 count`, then per macro
 * `string name, bool silent, u32 skill 1, u32 skill 2, u32 skill 3`, the same in every version. The
 * client's flag means "do not shout" (libs/atlas-packet `character/clientbound/skill_macro.go` at
 * d59a1ad2df); the reference wrote `shout` itself, inverting it for every client.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { BuildPacket } from "../outbound.ts";
import { expirationFileTime } from "../character/time.ts";
import type { SkillMacro } from "./rest.ts";

/** Writer names of the skill domain. */
export const SKILL_WRITERS = Object.freeze({
  macro: "CharacterSkillMacro",
  change: "CharacterSkillChange",
  cooldown: "CharacterSkillCooldown",
});

/** Writes the CharacterSkillMacro body, macros in the given order (login sorts them by slot id). */
export function writeCharacterSkillMacro(
  w: PacketWriter,
  macros: readonly Omit<SkillMacro, "id">[],
): void {
  const sent = macros.slice(0, 255); // the count is one byte; more could not be announced
  w.byte(sent.length);
  for (const m of sent) {
    w.string(m.name).bool(!m.shout).uint32(m.skillId1).uint32(m.skillId2).uint32(m.skillId3);
  }
}

/**
 * CharacterSkillChange for one skill (d59a1ad2df `character/clientbound/skill_change.go`): `bool
 * exclRequest (true), u16 1, u32 skillId, u32 level, u32 masterLevel, [i64 expiration FILETIME or −1,
 * not on GMS before 83], bool sn (true, as the reference)`.
 */
export function skillChangeBody(
  v: Pick<Tenant, "region" | "majorVersion">,
  skill: { id: number; level: number; masterLevel: number; expiration: Date | null },
): BuildPacket {
  return (w) => {
    w.bool(true).uint16(1).uint32(skill.id).uint32(skill.level).uint32(skill.masterLevel);
    if (v.region !== "GMS" || v.majorVersion >= 83) w.int64(expirationFileTime(skill.expiration));
    w.bool(true);
  };
}

/** CharacterSkillCooldown: `u32 skillId, u16 seconds left` (0 ends the cooldown). Same in every version. */
export function skillCooldownBody(skillId: number, seconds: number): BuildPacket {
  return (w) => void w.uint32(skillId).uint16(Math.max(0, Math.min(seconds, 0xffff)));
}
