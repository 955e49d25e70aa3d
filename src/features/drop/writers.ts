/**
 * Packet bodies of the drop domain, laid out as the client reads them (Atlas `libs/atlas-packet` at
 * d59a1ad2df: `drop/clientbound/spawn.go`, `destroy.go`, and the `DROP_PICK_UP` arm of
 * `character/clientbound/status_message.go`). Every supported version (GMS v83–v95, JMS v185) shares
 * these layouts, except the meso pick-up message's partial flag, absent before GMS v79.
 *
 * Where the client differs from the b0c865294b channel: a spawned drop shows its owner as the party when
 * the party owns it, with ownership type 1 (the client compares the owner with its party id for type 1,
 * with its character id for type 0), and a pet's pick-up writes the pet slot as a 4-byte value.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { type BuildPacket, requireOptionCode } from "../outbound.ts";

/** The writer names this domain implements (CharacterStatusMessage belongs to the stats domain). */
export const DROP_WRITERS = { spawn: "DropSpawn", destroy: "DropDestroy" } as const;

/** How a drop enters the field: falling from its dropper, already lying there, or vanishing. */
export const DROP_ENTER = { fresh: 1, existing: 2, disappear: 3 } as const;

/** How a drop leaves the field (CDropPool::OnDropLeaveField). */
export const DROP_LEAVE = { expire: 0, none: 1, pickUp: 2, explode: 4, petPickUp: 5 } as const;

/** What DropSpawn shows of a drop. */
export interface ShownDrop {
  id: number;
  itemId: number;
  meso: number;
  /** atlas-drops' drop type (0 owner, 1 party, 2 free for all, 3 explosive). */
  type: number;
  x: number;
  y: number;
  ownerId: number;
  ownerPartyId: number;
  dropperId: number;
  dropperX: number;
  dropperY: number;
  playerDrop: boolean;
}

/** The owner the client compares against: the party when a party owns the drop. */
export function shownOwner(drop: Pick<ShownDrop, "ownerId" | "ownerPartyId">): number {
  return drop.ownerPartyId !== 0 ? drop.ownerPartyId : drop.ownerId;
}

/** The ownership type that goes with {@link shownOwner}: 0 character, 1 party, ≥2 anyone. */
export function shownOwnType(drop: Pick<ShownDrop, "type" | "ownerPartyId">): number {
  if (drop.type >= 2) return drop.type;
  return drop.ownerPartyId !== 0 ? 1 : 0;
}

/** `DropSpawn`. An item drop carries an expiration (-1: none); `existing` drops omit the fall. */
export function dropSpawnBody(drop: ShownDrop, enter: number, delay = 0): BuildPacket {
  return (w) => {
    w.byte(enter).uint32(drop.id);
    if (drop.meso > 0) w.bool(true).uint32(drop.meso);
    else w.bool(false).uint32(drop.itemId);
    w.uint32(shownOwner(drop))
      .byte(shownOwnType(drop))
      .int16(drop.x)
      .int16(drop.y)
      .uint32(drop.dropperId);
    if (enter !== DROP_ENTER.existing) w.int16(drop.dropperX).int16(drop.dropperY).int16(delay);
    if (drop.meso === 0) w.int64(-1n);
    w.bool(!drop.playerDrop);
  };
}

/** `DropDestroy` on expiry (or any leave without a picker). */
export function dropExpiredBody(dropId: number): BuildPacket {
  return (w) => {
    w.byte(DROP_LEAVE.expire).uint32(dropId);
  };
}

/** `DropDestroy` on pick-up: by the character, or by its pet in `petSlot` (≥ 0). */
export function dropPickedUpBody(dropId: number, characterId: number, petSlot: number): BuildPacket {
  return (w) => {
    if (petSlot >= 0) w.byte(DROP_LEAVE.petPickUp).uint32(dropId).uint32(characterId).uint32(petSlot);
    else w.byte(DROP_LEAVE.pickUp).uint32(dropId).uint32(characterId);
  };
}

const STATUS_MESSAGE = "CharacterStatusMessage";

function pickUpMode(options: Parameters<BuildPacket>[1]): number {
  return requireOptionCode(STATUS_MESSAGE, options, "operations", "DROP_PICK_UP");
}

/** What the picker was given, as atlas-drops' `PICKED_UP` says. */
export interface PickedUp {
  itemId: number;
  equipmentId: number;
  quantity: number;
  meso: number;
}

/**
 * `CharacterStatusMessage` `DROP_PICK_UP` for the picker: mesos (partial flag from GMS v79), an
 * equipment (no count) or a stack.
 */
export function pickUpMessageBody(tenant: Tenant, picked: PickedUp): BuildPacket {
  return (w, options) => {
    w.byte(pickUpMode(options));
    if (picked.meso > 0) {
      w.int8(1);
      if (!(tenant.region === "GMS" && tenant.majorVersion < 79)) w.bool(false);
      w.uint32(picked.meso).uint16(0);
    } else if (picked.equipmentId > 0) {
      w.int8(2).uint32(picked.itemId);
    } else {
      w.int8(0).uint32(picked.itemId).uint32(picked.quantity);
    }
  };
}

/** `CharacterStatusMessage` `DROP_PICK_UP` "Item unavailable" (-2): the drop is gone or not yours. */
export function pickUpUnavailableBody(): BuildPacket {
  return (w, options) => {
    w.byte(pickUpMode(options)).int8(-2);
  };
}
