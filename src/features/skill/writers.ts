/**
 * CharacterSkillMacro: the character's skill macros, sent at login. `u8 count`, then per macro
 * `string name, bool silent, u32 skill 1, u32 skill 2, u32 skill 3`, the same in every version. The
 * client's flag means "do not shout" (libs/atlas-packet `character/clientbound/skill_macro.go` at
 * d59a1ad2df); the reference wrote `shout` itself, inverting it for every client.
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";
import type { SkillMacro } from "./rest.ts";

/** Writer names of the skill domain. */
export const SKILL_WRITERS = Object.freeze({ macro: "CharacterSkillMacro" });

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
