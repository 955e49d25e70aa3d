/**
 * Pet packets as the client reads them (libs/atlas-packet `pet/clientbound/activated.go`, `command.go`,
 * `movement.go`, `exclude.go` at d59a1ad2df; the same in every version this server targets, apart from
 * the movement path, whose per-version shape the movement domain's codec owns).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { type BuildPacket, requireOptionCode } from "../outbound.ts";
import { movementCodec, type MovementPath, writeMovementPath } from "../movement/path.ts";

/** Writer names, as the tenant templates bind them. */
export const PET_WRITERS = {
  activated: "PetActivated",
  commandResponse: "PetCommandResponse",
  movement: "PetMovement",
  exclude: "PetExcludeResponse",
} as const;

/** A pet coming out (`SPAWNED`). */
export interface PetShown {
  ownerId: number;
  slot: number;
  petId: number;
  templateId: number;
  name: string;
  x: number;
  y: number;
  stance: number;
  foothold: number;
}

/** `PetActivated` spawn form: owner, slot, active, shown, the pet; no name tag or chat balloon item. */
export function writePetSpawn(w: PacketWriter, pet: PetShown): void {
  w.uint32(pet.ownerId).int8(pet.slot).bool(true).bool(true);
  w.uint32(pet.templateId).string(pet.name).uint64(pet.petId);
  w.int16(pet.x).int16(pet.y).byte(pet.stance).uint16(pet.foothold & 0xffff).byte(0).byte(0);
}

/** `PetActivated` despawn form; the reason (`NORMAL`, `HUNGER`, `EXPIRED`) is a code of the writer's options. */
export function writePetDespawn(
  w: PacketWriter,
  options: WriterOptions,
  despawn: { ownerId: number; slot: number; reason: string },
): void {
  const code = requireOptionCode(PET_WRITERS.activated, options, "operations", despawn.reason);
  w.uint32(despawn.ownerId).int8(despawn.slot).bool(false).byte(code);
}

/** `PetCommandResponse`: the command form (mode 0, the command's animation) or the food form (mode 1). */
export function writePetCommandResponse(
  w: PacketWriter,
  response: { ownerId: number; slot: number; success: boolean } & ({ commandId: number } | { food: true }),
): void {
  w.uint32(response.ownerId).int8(response.slot);
  if ("food" in response) w.byte(1);
  else w.byte(0).byte(response.commandId);
  w.bool(response.success).bool(false);
}

/**
 * `PetMovement` (CPet::OnMove): `u32 ownerId, i8 slot`, then the path re-encoded with the writer's
 * `types` option for the tenant's version.
 */
export function petMovementBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  ownerId: number,
  slot: number,
  path: MovementPath,
): BuildPacket {
  return (w, options) => {
    w.uint32(ownerId).int8(slot);
    writeMovementPath(w, path, movementCodec(tenant, options));
  };
}

/**
 * `PetExcludeResponse` (CPet::OnLoadExceptionList): `u32 ownerId, i8 slot, u64 petId, u8 count`, then
 * the excluded item ids as `u32` (a list longer than the count byte can say is cut at 255).
 */
export function petExcludeBody(
  pet: { ownerId: number; slot: number; id: number; excludes: readonly number[] },
): BuildPacket {
  return (w) => {
    const items = pet.excludes.slice(0, 255);
    w.uint32(pet.ownerId).int8(pet.slot).uint64(BigInt(pet.id)).byte(items.length);
    for (const item of items) w.uint32(item);
  };
}
