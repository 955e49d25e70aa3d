/**
 * Packet writers of the movement domain.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { BuildPacket } from "../outbound.ts";
import { movementCodec, type MovementPath, writeMovementPath } from "./path.ts";

/** Writer name of a character's movement shown to the others in the map. */
export const CHARACTER_MOVEMENT = "CharacterMovement";

/**
 * `CharacterMovement`: `u32 characterId` then the path, re-encoded with the writer's `types` option
 * (reference `socket/writer/character_movement.go`).
 */
export function characterMovementBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  characterId: number,
  path: MovementPath,
): BuildPacket {
  return (writer, options) => {
    writer.uint32(characterId);
    writeMovementPath(writer, path, movementCodec(tenant, options));
  };
}
