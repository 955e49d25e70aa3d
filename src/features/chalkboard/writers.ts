/**
 * `ChalkboardUse`, as the client reads it (Atlas `libs/atlas-packet` d59a1ad2df
 * `character/clientbound/chalkboard.go`): the holder, whether the board is up, and its text when it is.
 * One layout for every supported version.
 * @module
 */
import type { BuildPacket } from "../outbound.ts";

/** The writer name this domain implements. */
export const CHALKBOARD_USE = "ChalkboardUse";

/** `ChalkboardUse` with the board held up showing `message`. */
export function chalkboardSetBody(characterId: number, message: string): BuildPacket {
  return (w) => {
    w.uint32(characterId).bool(true).string(message);
  };
}

/** `ChalkboardUse` with the board put away. */
export function chalkboardClearBody(characterId: number): BuildPacket {
  return (w) => {
    w.uint32(characterId).bool(false);
  };
}
