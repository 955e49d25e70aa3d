/**
 * The `CharacterExpression` packet (another character's face emote). Layout per the client
 * (libs/atlas-packet `character/clientbound/expression.go` at d59a1ad2df): character id, expression; GMS
 * after v87 then the duration and the by-item-option flag, JMS the duration only. The reference wrote
 * neither, so those clients read past the end of the packet.
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";
import type { ClientVersion } from "../character/version.ts";

/** Writer name, as configured in the tenant templates. */
export const CHARACTER_EXPRESSION = "CharacterExpression";

/** The duration the clients use for an ordinary emote: −1, "the emote's own length". */
export const DEFAULT_EXPRESSION_DURATION = -1;

/** Writes `CharacterExpression` for the client version. */
export function writeCharacterExpression(
  w: PacketWriter,
  v: ClientVersion,
  characterId: number,
  expression: number,
  duration: number = DEFAULT_EXPRESSION_DURATION,
  byItemOption = false,
): void {
  w.uint32(characterId).uint32(expression);
  if (v.region === "GMS" && v.majorVersion > 87) w.int32(duration).bool(byItemOption);
  else if (v.region === "JMS") w.int32(duration);
}
