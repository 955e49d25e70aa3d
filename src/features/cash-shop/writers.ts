/**
 * Packets of cash-shop entry (socket-protocol.md §6.5 step 3), in the reference's layouts:
 * - `CashShopOpen` — `socket/writer/cash_shop_open.go`: CharacterInfo, the account name, the sale
 *   tables (all empty) and the "best items" table, then the empty stock/limit tables;
 * - `CashShopOperation` `LOAD_INVENTORY_SUCCESS` and `LOAD_WISHLIST` — `socket/writer/cash_shop_operation.go`
 *   (the operation byte comes from the writer's `operations` option);
 * - `CashShopCashQueryResult` — `socket/writer/cash_shop_cash_query_result.go`.
 *
 * Deliberate differences from the reference (README decision 3):
 * - an operation code the tenant does not configure throws `MissingWriterOptionError` (outbound.ts logs it
 *   and sends nothing) instead of writing 99, which the client would misread;
 * - the wish list packet carries exactly 10 serial numbers: a longer list is cut (the reference writes
 *   them all and the client reads past the packet's meaning).
 * @module
 */
import { optionCode, type WriterOptions } from "../../net/dispatch.ts";
import { requireOptionCode } from "../outbound.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { CharacterData } from "../character/data.ts";
import { writeCharacterInfo, writeItem } from "../character/set-field.ts";
import type { Asset } from "../inventory/rest.ts";
import { expirationFileTime } from "../character/time.ts";
import { type ClientVersion, gmsAboveOrJms, isJms } from "../character/version.ts";
import type { CashItem, Wallet } from "./rest.ts";

/** Writer name: the cash shop screen with the character. */
export const CASH_SHOP_OPEN = "CashShopOpen";
/** Writer name: cash-shop operations (inventory, wish list, purchases, …) selected by an operation byte. */
export const CASH_SHOP_OPERATION = "CashShopOperation";
/** Writer name: the account's cash balances. */
export const CASH_SHOP_CASH_QUERY_RESULT = "CashShopCashQueryResult";

/** The writer names this domain implements. */
export const CASH_SHOP_WRITERS = [CASH_SHOP_OPEN, CASH_SHOP_OPERATION, CASH_SHOP_CASH_QUERY_RESULT] as const;

/** Operation names of `CashShopOperation` this domain writes (keys of the writer's `operations` option). */
export const CASH_SHOP_OPERATIONS = {
  loadInventorySuccess: "LOAD_INVENTORY_SUCCESS",
  loadWishlist: "LOAD_WISHLIST",
  updateWishlist: "UPDATE_WISHLIST",
  purchaseSuccess: "PURCHASE_SUCCESS",
  inventoryCapacityIncreaseSuccess: "INVENTORY_CAPACITY_INCREASE_SUCCESS",
  inventoryCapacityIncreaseFailed: "INVENTORY_CAPACITY_INCREASE_FAILED",
  cashItemMovedToInventory: "CASH_ITEM_MOVED_TO_INVENTORY",
  cashItemMovedToCashInventory: "CASH_ITEM_MOVED_TO_CASH_INVENTORY",
  moveLockerToSlotFailed: "MOVE_L_TO_S_FAILED",
  moveSlotToLockerFailed: "MOVE_S_TO_L_FAILED",
} as const;

/** The client's "unknown error" reason (the default arm of every failure notice). */
export const UNKNOWN_ERROR_CODE = 0;

/** How many serial numbers the client's wish list holds. */
export const WISHLIST_SIZE = 10;

/**
 * The "best items" the reference lists in every category and gender (`cash_shop_open.go`'s fixed
 * serial numbers).
 */
export const BEST_ITEM_SERIALS: readonly number[] = Object.freeze([
  50200004,
  50200069,
  50200117,
  50100008,
  50000047,
]);

function operationCode(options: WriterOptions, operation: string): number {
  return requireOptionCode(CASH_SHOP_OPERATION, options, "operations", operation);
}

/** Inputs of {@link writeCashShopOpen}. */
export interface CashShopOpenInput {
  /** The character with inventory, skills and pets, fetched at entry. */
  data: CharacterData;
  /** The account's name (atlas-account `name`). */
  accountName: string;
  /** Buddy list capacity (CharacterInfo). */
  buddyCapacity: number;
  /** Unix ms, for skill cooldowns. */
  nowMs: number;
}

/** `CashShopOpen` body (after the opcode). */
export function writeCashShopOpen(w: PacketWriter, input: CashShopOpenInput, v: ClientVersion): void {
  writeCharacterInfo(w, input.data, v, { buddyCapacity: input.buddyCapacity, nowMs: input.nowMs });
  const gms = v.region === "GMS";
  const gmsAbove12OrJms = gmsAboveOrJms(v, 12);
  if (gms) w.bool(true).string(input.accountName); // cash shop authorised, then the name
  else if (isJms(v)) w.string(input.accountName);
  // CWvsContext::SetSaleInfo: items not on sale (none), special items (none), JMS extra, discounts (none).
  if (gms) {
    if (v.majorVersion <= 12) w.uint16(0);
    else w.uint32(0);
  }
  if (gmsAbove12OrJms) w.uint16(0);
  if (isJms(v)) w.uint16(0);
  if (gmsAbove12OrJms) w.byte(0);
  // Best items: every category × gender lists the same serial numbers.
  const categories = gmsAbove12OrJms ? 9 : 8;
  for (let category = 0; category < categories; category++) {
    for (let gender = 0; gender < 2; gender++) {
      for (const serial of BEST_ITEM_SERIALS) w.uint32(category).uint32(gender).uint32(serial);
    }
  }
  w.uint16(0); // CCashShop::DecodeStock
  if (gmsAbove12OrJms) w.uint16(0); // CCashShop::DecodeLimitGoods
  if (gms && v.majorVersion > 12) w.uint16(0); // CCashShop::DecodeZeroGoods
  if (gmsAbove12OrJms) {
    w.bool(false); // event on
    if (gms) w.uint32(200); // highest character level in the account (fixed, as the reference)
  }
}

/** One cash inventory entry (GW_CashItemInfo), as `WriteCashInventoryItem` writes it. */
export function writeCashInventoryItem(
  w: PacketWriter,
  accountId: number,
  characterId: number,
  item: CashItem,
): void {
  w.int64(BigInt(item.cashId))
    .uint32(accountId)
    .uint32(characterId)
    .uint32(item.templateId)
    .uint32(item.itemId)
    .int16(item.quantity)
    .fixedString("", 13) // buyer name (the reference leaves it empty)
    .int64(expirationFileTime(null)) // cash-shop items carry no expiration: "never"
    .uint32(0)
    .uint32(0);
}

/** Inputs of {@link writeCashShopInventory}. */
export interface CashShopInventoryInput {
  accountId: number;
  characterId: number;
  items: readonly CashItem[];
  /** The account's character slots (atlas-account `characterSlots`). */
  characterSlots: number;
}

/**
 * `CashShopOperation` `LOAD_INVENTORY_SUCCESS`: the cash inventory, storage slots 0, character slots;
 * GMS v95+ and JMS read two more counters (characters bought, characters made: 0, as the client library).
 */
export function writeCashShopInventory(
  w: PacketWriter,
  options: WriterOptions,
  input: CashShopInventoryInput,
  v: ClientVersion,
): void {
  w.byte(operationCode(options, CASH_SHOP_OPERATIONS.loadInventorySuccess));
  w.uint16(input.items.length);
  for (const item of input.items) writeCashInventoryItem(w, input.accountId, input.characterId, item);
  w.uint16(0); // storage slots (the reference does not send them yet)
  w.int16(input.characterSlots);
  if ((v.region === "GMS" && v.majorVersion >= 95) || isJms(v)) w.int16(0).int16(0);
}

/** `CashShopOperation` `PURCHASE_SUCCESS`: the bought item as a cash inventory entry (every version). */
export function writeCashShopPurchaseSuccess(
  w: PacketWriter,
  options: WriterOptions,
  accountId: number,
  characterId: number,
  item: CashItem,
): void {
  w.byte(operationCode(options, CASH_SHOP_OPERATIONS.purchaseSuccess));
  writeCashInventoryItem(w, accountId, characterId, item);
}

/** `CashShopOperation` `INVENTORY_CAPACITY_INCREASE_SUCCESS`: `u8 inventoryType, u16 capacity`. */
export function writeCashShopCapacityIncreased(
  w: PacketWriter,
  options: WriterOptions,
  inventoryType: number,
  capacity: number,
): void {
  w.byte(operationCode(options, CASH_SHOP_OPERATIONS.inventoryCapacityIncreaseSuccess));
  w.byte(inventoryType).uint16(Math.min(capacity, 0xffff));
}

/**
 * A failure arm of `CashShopOperation` (`u8 mode, u8 reason`; every version): the mode of `operation`
 * (required), the reason from the writer's `errors` table by name. A name the table lacks is written as
 * {@link UNKNOWN_ERROR_CODE}, as the reference does: the client still shows a notice and unlocks.
 */
export function writeCashShopFailure(
  w: PacketWriter,
  options: WriterOptions,
  operation: string,
  error: string,
): void {
  w.byte(operationCode(options, operation));
  const reason = optionCode(options, "errors", error);
  w.byte(reason !== undefined && reason <= 0xff ? reason : UNKNOWN_ERROR_CODE);
}

/**
 * `CashShopOperation` `CASH_ITEM_MOVED_TO_INVENTORY`: `u16 slot`, then the item without its position (the
 * inventory item layout of `v`).
 */
export function writeCashItemMovedToInventory(
  w: PacketWriter,
  options: WriterOptions,
  asset: Asset,
  v: ClientVersion,
): void {
  w.byte(operationCode(options, CASH_SHOP_OPERATIONS.cashItemMovedToInventory));
  w.int16(asset.slot);
  writeItem(w, asset, v, false);
}

/** `CashShopOperation` `CASH_ITEM_MOVED_TO_CASH_INVENTORY`: the item as a cash inventory entry. */
export function writeCashItemMovedToCashInventory(
  w: PacketWriter,
  options: WriterOptions,
  accountId: number,
  characterId: number,
  item: CashItem,
): void {
  w.byte(operationCode(options, CASH_SHOP_OPERATIONS.cashItemMovedToCashInventory));
  writeCashInventoryItem(w, accountId, characterId, item);
}

/** `CashShopOperation` `LOAD_WISHLIST` (or `UPDATE_WISHLIST`): 10 serial numbers, zero-filled. */
export function writeCashShopWishlist(
  w: PacketWriter,
  options: WriterOptions,
  serialNumbers: readonly number[],
  update = false,
): void {
  const operation = update ? CASH_SHOP_OPERATIONS.updateWishlist : CASH_SHOP_OPERATIONS.loadWishlist;
  w.byte(operationCode(options, operation));
  for (let i = 0; i < WISHLIST_SIZE; i++) w.uint32(serialNumbers[i] ?? 0);
}

/** `CashShopCashQueryResult`: credit, points and, for GMS above 12, prepaid. */
export function writeCashShopCashQueryResult(w: PacketWriter, wallet: Wallet, v: ClientVersion): void {
  w.uint32(wallet.credit).uint32(wallet.points);
  if (v.region === "GMS" && v.majorVersion > 12) w.uint32(wallet.prepaid);
}
