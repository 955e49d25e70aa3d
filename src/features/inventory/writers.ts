/**
 * The inventory domain's packets. Layouts follow the client as pinned by Atlas's `libs/atlas-packet`
 * (d59a1ad2df): `inventory/clientbound/change_batch.go` and `inventory/change_entry.go`
 * (CWvsContext::OnInventoryOperation), `compartment_merge.go` / `compartment_sort.go`
 * (OnGatherItemResult / OnSortItemResult) and `character/clientbound/appearance_update.go`
 * (CUserRemote::OnAvatarModified). No layout differs between GMS v83, v87, v92, v95 and JMS v185 apart
 * from the item encoding inside "add", which SetField's item writer owns.
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";
import type { Asset } from "./rest.ts";
import { writeItem } from "../character/set-field.ts";
import { type AvatarLook, writeAvatarLook } from "../character/look.ts";
import type { ClientVersion } from "../character/version.ts";
import type { BuildPacket } from "../outbound.ts";

/** Writer names of this domain. */
export const INVENTORY_CHANGE_WRITER = "CharacterInventoryChange";
/** See {@link INVENTORY_CHANGE_WRITER}. */
export const COMPARTMENT_MERGE_WRITER = "CompartmentMerge";
/** See {@link INVENTORY_CHANGE_WRITER}. */
export const COMPARTMENT_SORT_WRITER = "CompartmentSort";
/** See {@link INVENTORY_CHANGE_WRITER}. */
export const APPEARANCE_UPDATE_WRITER = "CharacterAppearanceUpdate";

/** Every writer the inventory feature implements. */
export const INVENTORY_WRITERS: readonly string[] = [
  INVENTORY_CHANGE_WRITER,
  COMPARTMENT_MERGE_WRITER,
  COMPARTMENT_SORT_WRITER,
  APPEARANCE_UPDATE_WRITER,
];

/** One operation of CharacterInventoryChange. */
export type InventoryOperation =
  | { mode: "add"; inventoryType: number; slot: number; asset: Asset }
  | { mode: "quantity"; inventoryType: number; slot: number; quantity: number }
  | { mode: "move"; inventoryType: number; from: number; to: number }
  | { mode: "remove"; inventoryType: number; slot: number };

const MODE_CODES = { add: 0, quantity: 1, move: 2, remove: 3 } as const;

/**
 * The "equipment moved" indicator the client reads after the operations when any of them touched a
 * worn equip (2: put on or removed, 1: taken off), −1 for none (then nothing is written).
 */
function equipmentIndicator(op: InventoryOperation): number {
  if (op.inventoryType !== 1) return -1;
  if (op.mode === "move") return op.to < 0 ? 2 : op.from < 0 ? 1 : -1;
  if (op.mode === "remove") return op.slot < 0 ? 2 : -1;
  return -1;
}

/**
 * CharacterInventoryChange: `bool exclRequestReset` (true unless `silent`), `u8 count`, then per
 * operation `u8 mode, u8 inventoryType`, and `i16 slot` + item (add), `i16 slot, u16 quantity`,
 * `i16 from, i16 to` (move) or `i16 slot` (remove); then `i8` equipment indicator when an operation
 * moved a worn equip. Quantities above 65,535 are written as 65,535 (the client's field is 16 bits).
 */
export function inventoryChangeBody(
  version: ClientVersion,
  operations: readonly InventoryOperation[],
  silent = false,
): BuildPacket {
  return (w) => {
    w.bool(!silent).byte(operations.length);
    let indicator = -1;
    for (const op of operations) {
      w.byte(MODE_CODES[op.mode]).byte(op.inventoryType);
      switch (op.mode) {
        case "add":
          w.int16(op.slot);
          writeItem(w, op.asset, version, false);
          break;
        case "quantity":
          w.int16(op.slot).uint16(Math.min(op.quantity, 0xffff));
          break;
        case "move":
          w.int16(op.from).int16(op.to);
          break;
        case "remove":
          w.int16(op.slot);
          break;
      }
      indicator = Math.max(indicator, equipmentIndicator(op));
    }
    if (indicator > -1) w.int8(indicator);
  };
}

/** CompartmentMerge ("gather items" result): `u8 0`, `u8 inventoryType`. */
export function compartmentMergeBody(inventoryType: number): BuildPacket {
  return (w) => void w.byte(0).byte(inventoryType);
}

/** CompartmentSort ("sort items" result): `u8 0`, `u8 inventoryType`. */
export function compartmentSortBody(inventoryType: number): BuildPacket {
  return (w) => void w.byte(0).byte(inventoryType);
}

/**
 * CharacterAppearanceUpdate: `u32 characterId`, `u8 1` (look follows), the avatar look, three empty
 * ring markers and the `u32 0` the reference appends.
 */
export function appearanceUpdateBody(
  version: ClientVersion,
  characterId: number,
  look: AvatarLook,
): BuildPacket {
  return (w: PacketWriter) => {
    w.uint32(characterId).byte(1);
    writeAvatarLook(w, version, look);
    w.byte(0).byte(0).byte(0).uint32(0);
  };
}
