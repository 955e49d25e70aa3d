/**
 * Packet bodies of the chair domain, as the client reads them (Atlas `libs/atlas-packet` d59a1ad2df
 * `character/clientbound/chair_show.go`, `sit_result.go`); one layout for every supported version.
 * @module
 */
import type { BuildPacket } from "../outbound.ts";

/** The writer names this domain implements. */
export const CHAIR_WRITERS = { show: "CharacterShowChair", sitResult: "CharacterSitResult" } as const;

/** `CharacterShowChair`: another character sits on a portable chair (item id), or stands up (0). */
export function showChairBody(characterId: number, chairId: number): BuildPacket {
  return (w) => {
    w.uint32(characterId).uint32(chairId);
  };
}

/** `CharacterSitResult` for the sitter: seated on map seat `seat` (16 bits, as the client reads it). */
export function sitBody(seat: number): BuildPacket {
  return (w) => {
    w.byte(1).uint16(seat & 0xffff);
  };
}

/** `CharacterSitResult` for the sitter: standing up. */
export function standUpBody(): BuildPacket {
  return (w) => {
    w.byte(0);
  };
}
