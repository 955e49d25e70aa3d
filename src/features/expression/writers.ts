/**
 * The `CharacterExpression` packet (another character's face emote). Layout per the reference's
 * `socket/writer/character_expression.go`: character id, expression id; no version branch.
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";

/** Writer name, as configured in the tenant templates. */
export const CHARACTER_EXPRESSION = "CharacterExpression";

/** Writes `CharacterExpression`: character id, expression. */
export function writeCharacterExpression(w: PacketWriter, characterId: number, expression: number): void {
  w.uint32(characterId).uint32(expression);
}
