/**
 * CharacterSkillMacro: the character's skill macros, sent at login. `u8 count`, then per macro
 * `string name, bool silent, u32 skill 1, u32 skill 2, u32 skill 3`, the same in every version. The
 * client's flag means "do not shout" (libs/atlas-packet `character/clientbound/skill_macro.go` at
 * d59a1ad2df); the reference wrote `shout` itself, inverting it for every client.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { type BuildPacket, requireOptionCode } from "../outbound.ts";
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

/** Skills whose skill-use effect carries one more flag byte (client `CUser::OnEffect` case 1). */
const EFFECT_FLAG_SKILLS: ReadonlySet<number> = new Set([
  1320006, // Berserk: dark force shown
  22160000, // Dragon Fury: dragon created or deleted
  1121001, // Monster Magnet (Hero): facing left
  1221001, // Monster Magnet (Paladin)
  1321001, // Monster Magnet (Dark Knight)
]);

/** A skill-use effect: who cast what, at which levels. */
export interface SkillUseEffect {
  skillId: number;
  characterLevel: number;
  skillLevel: number;
  /** The trailing flag of Berserk, Dragon Fury and Monster Magnet (ignored for other skills). */
  flag: boolean;
}

function writeSkillUseEffect(
  w: PacketWriter,
  v: Pick<Tenant, "region" | "majorVersion">,
  effect: SkillUseEffect,
  code: number,
): void {
  w.byte(code).uint32(effect.skillId);
  // The caster's level came with GMS 83 (d59a1ad2df `effect_skill_use.go`); older GMS clients lack it.
  if (v.region !== "GMS" || v.majorVersion >= 83) w.byte(effect.characterLevel);
  w.byte(effect.skillLevel);
  if (EFFECT_FLAG_SKILLS.has(effect.skillId)) w.bool(effect.flag);
}

/**
 * `CharacterEffect` `SKILL_USE` for the caster (d59a1ad2df `character/clientbound/effect_skill_use.go`):
 * `u8 mode, u32 skillId, [u8 characterLevel, not on GMS before 83], u8 skillLevel, [bool flag for
 * Berserk, Dragon Fury and Monster Magnet]`.
 */
export function skillUseEffectBody(
  v: Pick<Tenant, "region" | "majorVersion">,
  effect: SkillUseEffect,
): BuildPacket {
  return (w, options) =>
    writeSkillUseEffect(
      w,
      v,
      effect,
      requireOptionCode("CharacterEffect", options, "operations", "SKILL_USE"),
    );
}

/** `CharacterEffectForeign` `SKILL_USE` shown to the others in the map: `u32 characterId`, then as above. */
export function skillUseEffectForeignBody(
  v: Pick<Tenant, "region" | "majorVersion">,
  characterId: number,
  effect: SkillUseEffect,
): BuildPacket {
  return (w, options) => {
    const code = requireOptionCode("CharacterEffectForeign", options, "operations", "SKILL_USE");
    w.uint32(characterId);
    writeSkillUseEffect(w, v, effect, code);
  };
}
