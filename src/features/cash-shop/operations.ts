/**
 * What a client in the cash shop asks for (reference `socket/handler/cash_shop_operation.go` and
 * `cash_shop_check_wallet.go`; request layouts from libs/atlas-packet at d59a1ad2df
 * `cash/serverbound/shop_operation_*.go`).
 *
 * `CashShopOperationHandle`: `u8 operation` (codes from the handler's `operations` option), then
 * - `BUY`: `bool points, u32 currency, u32 serialNumber` and a version tail (v83: `u32 zero`; GMS v87+:
 *   `u8 oneADay, u32 eventSN`); JMS sends `bool points, u32 serialNumber` only → `REQUEST_PURCHASE`;
 * - `INCREASE_INVENTORY`: `bool points, u32 currency, bool byItem`, then `u32 serialNumber` or
 *   `u8 inventoryType` → `REQUEST_INVENTORY_INCREASE_BY_ITEM` / `_BY_TYPE`;
 * - `INCREASE_STORAGE`: `bool points, u32 currency, bool byItem[, u32 serialNumber]` →
 *   `REQUEST_STORAGE_INCREASE_BY_ITEM` / `REQUEST_STORAGE_INCREASE`;
 * - `INCREASE_CHARACTER_SLOT`: `bool points, u32 currency, u32 serialNumber` →
 *   `REQUEST_CHARACTER_SLOT_INCREASE_BY_ITEM`;
 * - `SET_WISHLIST`: ten `u32` serial numbers → the wish list replaced over REST (one DELETE, one POST
 *   per non-zero serial; a failed POST is skipped), then `UPDATE_WISHLIST` with the serials stored;
 * - `MOVE_FROM_CASH_INVENTORY`: `u64 cashSerial, u8 inventoryType, i16 slot` and
 *   `MOVE_TO_CASH_INVENTORY`: `u64 cashSerial, u8 inventoryType` → a `COMMAND_TOPIC_COMPARTMENT_TRANSFER`
 *   between the account's explorer cash compartment and the character's compartment of that type (both
 *   read over REST; the item is found by its cash serial; the client's slot is ignored, as the reference);
 * - `GIFT` and the other operations the reference names are logged and answered with nothing, as there.
 * Commands carry the character from the session, keyed by it; the "points" flag is not sent (the
 * reference reads and drops it). Operations are accepted only from a session in the cash shop.
 *
 * `CashShopCheckWalletHandle` (empty body): the account's wallet (REST; failure → zeros) →
 * `CashShopCashQueryResult`.
 *
 * Deliberate differences from the reference (README decision 3): a JMS purchase, whose client sends no
 * currency, asks for currency 2 (points) when the points flag is set and 1 (credit) otherwise; a move
 * whose lookups fail or whose item is not found is answered with the client's move failure notice
 * (`MOVE_L_TO_S_FAILED` / `MOVE_S_TO_L_FAILED`, unknown error) when the tenant configures that code,
 * so the locker does not stay waiting; the reference sends nothing.
 * @module
 */
import type { Session } from "../../net/session.ts";
import { sessionLogger } from "../../net/session.ts";
import { type HandlerOptions, optionCode } from "../../net/dispatch.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { FeatureContext } from "../feature.ts";
import { isJms } from "../character/version.ts";
import { compartmentTransferCommandContract, type TransferInventoryType } from "../inventory/messages.ts";
import { type Compartment, getCompartment } from "../inventory/rest.ts";
import { isInCashShop } from "./handlers.ts";
import { type CashShopCommand, cashShopCommandContract } from "./messages.ts";
import {
  addWishlistItem,
  CASH_COMPARTMENT_TYPES,
  type CashCompartment,
  clearWishlist,
  EMPTY_WALLET,
  getCashCompartment,
  getWallet,
  type Wallet,
} from "./rest.ts";
import {
  CASH_SHOP_CASH_QUERY_RESULT,
  CASH_SHOP_OPERATION,
  CASH_SHOP_OPERATIONS,
  writeCashShopCashQueryResult,
  writeCashShopFailure,
  writeCashShopWishlist,
} from "./writers.ts";

/** Handler name of the cash-shop operations, as the reference registers it. */
export const CASH_SHOP_OPERATION_HANDLE = "CashShopOperationHandle";
/** Handler name of the balance query, as the reference registers it. */
export const CASH_SHOP_CHECK_WALLET_HANDLE = "CashShopCheckWalletHandle";

/** Operation names of the handler's `operations` option that produce something. */
export const CASH_SHOP_REQUESTS = {
  buy: "BUY",
  gift: "GIFT",
  setWishlist: "SET_WISHLIST",
  increaseInventory: "INCREASE_INVENTORY",
  increaseStorage: "INCREASE_STORAGE",
  increaseCharacterSlot: "INCREASE_CHARACTER_SLOT",
  moveFromCashInventory: "MOVE_FROM_CASH_INVENTORY",
  moveToCashInventory: "MOVE_TO_CASH_INVENTORY",
} as const;

/** Operations the reference only logs (`APPLY_WISHLIST` and the purchases it has no service for). */
const LOGGED_ONLY = [
  "ENABLE_EQUIP_SLOT",
  "BUY_NORMAL",
  "REBATE_LOCKER_ITEM",
  "BUY_COUPLE",
  "BUY_PACKAGE",
  "BUY_OTHER_PACKAGE",
  "APPLY_WISHLIST",
  "BUY_FRIENDSHIP",
  "GET_PURCHASE_RECORD",
  "BUY_NAME_CHANGE",
  "BUY_WORLD_TRANSFER",
] as const;

/** How many serial numbers a wish list request carries. */
const WISHLIST_REQUEST_SIZE = 10;

/**
 * Whether an asset of the character's inventory is the one the client names by `serial` (cash items, cash
 * equipment, pets by their cash serial). A pet is also matched by its pet id: that is the serial our item
 * writer shows the client for a pet (and PetActivated names it by), so it is what the client sends back.
 */
function hasCashSerial(asset: Compartment["assets"][number], serial: string): boolean {
  const p = asset.payload;
  if (p.kind === "cash" || p.kind === "cash-equipable") return p.data.cashId === serial;
  if (p.kind === "pet") return p.data.cashId === serial || String(asset.referenceId) === serial;
  return false;
}

/** `CashShopOperationHandle`; see the module documentation. */
export async function handleCashShopOperation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const log = sessionLogger(session, "cash-shop.operation");
  const operation = reader.byte();
  const is = (name: string) => optionCode(options, "operations", name) === operation;
  const { characterId, accountId } = session;
  const tenant = session.tenant;
  if (characterId === undefined || accountId === undefined) {
    return log.warn("cash-shop operation before login completed; ignored", { operation });
  }
  if (!isInCashShop(session)) {
    return log.warn("cash-shop operation from a session not in the cash shop; ignored", {
      characterId,
      operation,
    });
  }
  const command = async (value: CashShopCommand) => {
    try {
      await ctx.bus.publish(cashShopCommandContract, value, { tenant, key: characterId });
    } catch (err) {
      log.error("cash-shop command not produced", {
        characterId,
        type: value.type,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  };

  if (is(CASH_SHOP_REQUESTS.buy)) {
    const points = reader.bool();
    let currency: number;
    let serialNumber: number;
    if (isJms(tenant)) {
      serialNumber = reader.uint32();
      currency = points ? 2 : 1;
    } else {
      currency = reader.uint32();
      serialNumber = reader.uint32();
      if (tenant.majorVersion >= 87) {
        reader.byte(); // one-a-day
        reader.uint32(); // event serial
      } else reader.uint32(); // zero-goods flag
    }
    return command({ characterId, type: "REQUEST_PURCHASE", body: { currency, serialNumber } });
  }
  if (is(CASH_SHOP_REQUESTS.increaseInventory)) {
    reader.bool();
    const currency = reader.uint32();
    if (reader.bool()) {
      const serialNumber = reader.uint32();
      return command({
        characterId,
        type: "REQUEST_INVENTORY_INCREASE_BY_ITEM",
        body: { currency, serialNumber },
      });
    }
    const inventoryType = reader.byte();
    return command({
      characterId,
      type: "REQUEST_INVENTORY_INCREASE_BY_TYPE",
      body: { currency, inventoryType },
    });
  }
  if (is(CASH_SHOP_REQUESTS.increaseStorage)) {
    reader.bool();
    const currency = reader.uint32();
    if (reader.bool()) {
      const serialNumber = reader.uint32();
      return command({
        characterId,
        type: "REQUEST_STORAGE_INCREASE_BY_ITEM",
        body: { currency, serialNumber },
      });
    }
    return command({ characterId, type: "REQUEST_STORAGE_INCREASE", body: { currency } });
  }
  if (is(CASH_SHOP_REQUESTS.increaseCharacterSlot)) {
    reader.bool();
    const currency = reader.uint32();
    const serialNumber = reader.uint32();
    return command({
      characterId,
      type: "REQUEST_CHARACTER_SLOT_INCREASE_BY_ITEM",
      body: { currency, serialNumber },
    });
  }
  if (is(CASH_SHOP_REQUESTS.setWishlist)) {
    const serialNumbers: number[] = [];
    for (let i = 0; i < WISHLIST_REQUEST_SIZE; i++) serialNumbers.push(reader.uint32());
    return await setWishlist(ctx, session, characterId, serialNumbers);
  }
  if (is(CASH_SHOP_REQUESTS.moveFromCashInventory) || is(CASH_SHOP_REQUESTS.moveToCashInventory)) {
    const toCharacter = is(CASH_SHOP_REQUESTS.moveFromCashInventory);
    const cashSerial = reader.uint64();
    const inventoryType = reader.byte();
    if (toCharacter) reader.int16(); // the client's slot: atlas-inventory picks one
    return await moveItem(ctx, session, {
      accountId,
      characterId,
      cashSerial: String(cashSerial),
      inventoryType,
      toCharacter,
    });
  }
  if (is(CASH_SHOP_REQUESTS.gift)) {
    return log.info("cash-shop gift requested; gifts are not handled (as the reference)", { characterId });
  }
  const named = LOGGED_ONLY.find((name) => is(name));
  if (named) {
    return log.info("cash-shop operation not handled (as the reference)", { characterId, operation: named });
  }
  log.warn("unknown cash-shop operation", { characterId, operation });
}

async function setWishlist(
  ctx: FeatureContext,
  session: Session,
  characterId: number,
  serialNumbers: readonly number[],
): Promise<void> {
  const log = sessionLogger(session, "cash-shop.operation");
  const rest = ctx.rest;
  if (!rest) return log.error("no REST services configured; wish list not stored", { characterId });
  const tenant = session.tenant;
  try {
    await clearWishlist(rest, tenant, characterId);
  } catch (err) {
    return log.error("wish list not cleared; not stored", { characterId, error: String(err) });
  }
  const stored: number[] = [];
  for (const serialNumber of serialNumbers) {
    if (serialNumber === 0) continue;
    try {
      await addWishlistItem(rest, tenant, characterId, serialNumber);
      stored.push(serialNumber);
    } catch (err) {
      log.error("wish list item not stored; skipped", { characterId, serialNumber, error: String(err) });
    }
  }
  if (session.isClosed) return;
  ctx.send(session, CASH_SHOP_OPERATION, (w, options) => writeCashShopWishlist(w, options, stored, true));
}

interface MoveRequest {
  accountId: number;
  characterId: number;
  /** Decimal text of the client's 64-bit cash serial. */
  cashSerial: string;
  inventoryType: number;
  /** Cash inventory → character inventory (`MOVE_FROM_CASH_INVENTORY`), or the other way. */
  toCharacter: boolean;
}

async function moveItem(ctx: FeatureContext, session: Session, request: MoveRequest): Promise<void> {
  const log = sessionLogger(session, "cash-shop.operation");
  const { accountId, characterId, cashSerial, inventoryType, toCharacter } = request;
  const fields = { characterId, cashSerial, inventoryType, toCharacter };
  const tenant = session.tenant;
  const fail = (reason: string, extra: Record<string, unknown> = {}) => {
    log.error(`cash item not moved: ${reason}`, { ...fields, ...extra });
    if (session.isClosed) return;
    const operation = toCharacter
      ? CASH_SHOP_OPERATIONS.moveLockerToSlotFailed
      : CASH_SHOP_OPERATIONS.moveSlotToLockerFailed;
    ctx.send(session, CASH_SHOP_OPERATION, (w, options) => writeCashShopFailure(w, options, operation, ""));
  };
  const rest = ctx.rest;
  if (!rest) return fail("no REST services configured");
  let locker: CashCompartment, compartment: Compartment;
  try {
    [locker, compartment] = await Promise.all([
      getCashCompartment(rest, tenant, accountId, CASH_COMPARTMENT_TYPES.explorer),
      getCompartment(rest, tenant, characterId, inventoryType),
    ]);
  } catch (err) {
    return fail("compartment lookup failed", { error: err instanceof Error ? err.message : String(err) });
  }
  const cashShop: { id: string; type: number; inventoryType: TransferInventoryType } = {
    id: locker.id,
    type: locker.type,
    inventoryType: "CASH_SHOP",
  };
  const character: typeof cashShop = {
    id: compartment.id,
    type: compartment.type,
    inventoryType: "CHARACTER",
  };
  let assetId: number, referenceId: number;
  if (toCharacter) {
    const item = locker.items.find((i) => i.cashId === cashSerial);
    if (!item) return fail("no such item in the cash inventory");
    assetId = referenceId = item.itemId;
  } else {
    const asset = compartment.assets.find((a) => hasCashSerial(a, cashSerial));
    if (!asset) return fail("no such cash item in the inventory");
    assetId = asset.id;
    referenceId = asset.referenceId;
  }
  const [from, to] = toCharacter ? [cashShop, character] : [character, cashShop];
  try {
    await ctx.bus.publish(compartmentTransferCommandContract, {
      transactionId: crypto.randomUUID(),
      worldId: 0,
      accountId,
      characterId,
      assetId,
      fromCompartmentId: from.id,
      fromCompartmentType: from.type,
      fromInventoryType: from.inventoryType,
      toCompartmentId: to.id,
      toCompartmentType: to.type,
      toInventoryType: to.inventoryType,
      referenceId,
    }, { tenant, key: characterId });
  } catch (err) {
    fail("transfer command not produced", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** `CashShopCheckWalletHandle`: the account's balances (failure → zeros) → `CashShopCashQueryResult`. */
export async function handleCashShopCheckWallet(ctx: FeatureContext, session: Session): Promise<void> {
  const log = sessionLogger(session, "cash-shop.operation");
  const { accountId, characterId } = session;
  if (accountId === undefined || characterId === undefined) {
    return log.warn("wallet query before login completed; ignored");
  }
  let wallet: Wallet = EMPTY_WALLET;
  if (ctx.rest) {
    try {
      wallet = await getWallet(ctx.rest, session.tenant, accountId);
    } catch (err) {
      log.warn("wallet lookup failed; showing zeros", { characterId, error: String(err) });
    }
  } else log.warn("no REST services configured; showing zeros", { characterId });
  if (session.isClosed) return;
  ctx.send(
    session,
    CASH_SHOP_CASH_QUERY_RESULT,
    (w) => writeCashShopCashQueryResult(w, wallet, session.tenant),
  );
}
