/**
 * StorageOperation, every mode, as the client reads it (Atlas `libs/atlas-packet` at d59a1ad2df,
 * `storage/clientbound/*.go`; no layout differs between GMS v83, v87, v92, v95 and JMS v185 except the
 * items, which SetField's item writer encodes). The mode byte is the tenant's configured
 * `operations` code (`SHOW`, `STORE_ASSETS`, `RETRIEVE_ASSETS`, `UPDATE_MESO`, `INVENTORY_FULL`,
 * `NOT_ENOUGH_MESOS`, `ONE_OF_A_KIND`, `ERROR_MESSAGE`); a missing code sends nothing (logged).
 * @module
 */
import type { Asset, AssetPayload } from "../inventory/rest.ts";
import { equipableDataSchema } from "../inventory/rest.ts";
import { writeItem } from "../character/set-field.ts";
import type { ClientVersion } from "../character/version.ts";
import { type BuildPacket, requireOptionCode } from "../outbound.ts";
import type { StorageAsset } from "./rest.ts";

/** The writer's name. */
export const STORAGE_OPERATION_WRITER = "StorageOperation";

/** Tab bits of the storage flags: meso, then one per inventory type 1..5. */
export const STORAGE_FLAGS = { meso: 2, tabs: [4, 8, 16, 32, 64] } as const;
/** Every tab and the meso. */
export const STORAGE_FLAGS_ALL = 0x7e;

/** An item kept in storage, as the client's item encoding needs it. */
export function storageItem(a: StorageAsset): Asset {
  const quantity = a.quantity ?? 1;
  const ownerId = a.ownerId ?? 0;
  const flag = a.flag ?? 0;
  let payload: AssetPayload;
  switch (a.referenceType) {
    case "equipable":
      // atlas-storage keeps only the reference; the stats live in atlas-equipables.
      payload = { kind: "equipable", data: equipableDataSchema.parse({ ownerId }) };
      break;
    case "cash_equipable":
    case "cash-equipable":
      payload = { kind: "cash-equipable", data: { ...equipableDataSchema.parse({ ownerId }), cashId: "0" } };
      break;
    case "consumable":
      payload = { kind: "consumable", data: { ownerId, quantity, flag, rechargeable: 0 } };
      break;
    case "setup":
    case "etc":
      payload = { kind: a.referenceType, data: { ownerId, quantity, flag } };
      break;
    case "cash":
      payload = { kind: "cash", data: { ownerId, cashId: "0", quantity, flag, purchasedBy: 0 } };
      break;
    default:
      payload = { kind: "unknown", referenceType: a.referenceType };
  }
  return {
    id: a.id,
    slot: a.slot,
    templateId: a.templateId,
    expiration: a.expiration,
    referenceId: a.referenceId,
    payload,
  };
}

function writeTabItems(w: Parameters<BuildPacket>[0], v: ClientVersion, items: readonly Asset[]): void {
  const known = items.filter((a) => a.payload.kind !== "unknown");
  w.byte(known.length);
  for (const a of known) writeItem(w, a, v, false);
}

/** The assets of one inventory type, in slot order. */
function tab(assets: readonly StorageAsset[], inventoryType: number): Asset[] {
  return assets.filter((a) => a.inventoryType === inventoryType).sort((a, b) => a.slot - b.slot).map(
    storageItem,
  );
}

/**
 * `SHOW`: `u8 mode, u32 npcId, u8 capacity, u64 flags (all), u32 meso`, then per tab (equip, use,
 * setup, etc, cash) `u8 count` and the items without positions.
 */
export function storageShowBody(
  v: ClientVersion,
  npcId: number,
  capacity: number,
  mesos: number,
  assets: readonly StorageAsset[],
): BuildPacket {
  return (w, options) => {
    w.byte(requireOptionCode(STORAGE_OPERATION_WRITER, options, "operations", "SHOW"));
    w.uint32(npcId).byte(Math.min(capacity, 0xff)).uint64(BigInt(STORAGE_FLAGS_ALL)).uint32(mesos);
    for (let type = 1; type <= 5; type++) writeTabItems(w, v, tab(assets, type));
  };
}

/**
 * `STORE_ASSETS` / `RETRIEVE_ASSETS` (after a deposit / withdrawal): `u8 mode, u8 capacity, u64 flags`
 * (the changed tab's bit), `u8 count` and that tab's items.
 */
export function storageTabBody(
  v: ClientVersion,
  kind: "STORE_ASSETS" | "RETRIEVE_ASSETS",
  capacity: number,
  inventoryType: number,
  assets: readonly StorageAsset[],
): BuildPacket {
  return (w, options) => {
    w.byte(requireOptionCode(STORAGE_OPERATION_WRITER, options, "operations", kind));
    w.byte(Math.min(capacity, 0xff)).uint64(BigInt(STORAGE_FLAGS.tabs[inventoryType - 1] ?? 0));
    writeTabItems(w, v, tab(assets, inventoryType));
  };
}

/** `UPDATE_MESO`: `u8 mode, u8 capacity, u64 2 (meso), u32 meso`. */
export function storageMesoBody(capacity: number, mesos: number): BuildPacket {
  return (w, options) => {
    w.byte(requireOptionCode(STORAGE_OPERATION_WRITER, options, "operations", "UPDATE_MESO"));
    w.byte(Math.min(capacity, 0xff)).uint64(BigInt(STORAGE_FLAGS.meso)).uint32(mesos);
  };
}

/** atlas-storage's error codes → the client's error modes; anything else is a free-text message. */
export const STORAGE_ERROR_MODES: Readonly<Record<string, string>> = {
  STORAGE_FULL: "INVENTORY_FULL",
  NOT_ENOUGH_MESOS: "NOT_ENOUGH_MESOS",
  ONE_OF_A_KIND: "ONE_OF_A_KIND",
};

/**
 * An error: `u8 mode` alone for the known codes; `ERROR_MESSAGE` is `u8 mode, bool true, str message`.
 */
export function storageErrorBody(errorCode: string, message = ""): BuildPacket {
  const mode = STORAGE_ERROR_MODES[errorCode];
  return (w, options) => {
    if (mode) {
      w.byte(requireOptionCode(STORAGE_OPERATION_WRITER, options, "operations", mode));
      return;
    }
    w.byte(requireOptionCode(STORAGE_OPERATION_WRITER, options, "operations", "ERROR_MESSAGE")).bool(true)
      .string(message);
  };
}
