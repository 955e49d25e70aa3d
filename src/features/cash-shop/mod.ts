/**
 * The cash-shop domain's handoff: entering the cash shop from the field (`CashShopEntryHandle` →
 * `CashShopOpen`, cash inventory, wish list, balances, `CHARACTER_ENTER`) and returning to the field
 * (an empty `MapChangeHandle`, wired through the portal domain's hook to {@link returnFromCashShop}:
 * `CHARACTER_EXIT`, then a channel change to this same channel). Purchases and the other cash-shop
 * operations are not part of this feature yet.
 * @module
 */
import type { Feature } from "../feature.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { accountSessionCommandContract } from "../account/messages.ts";
import { CASH_SHOP_ENTRY_HANDLE, handleCashShopEntry, returnFromCashShop } from "./handlers.ts";
import { cashShopStatusContract } from "./messages.ts";
import { CASH_SHOP_WRITERS } from "./writers.ts";

export { returnFromCashShop };

/** See the module documentation. */
export const cashShopFeature: Feature = {
  name: "cash-shop",
  contracts: [cashShopStatusContract, accountSessionCommandContract],
  writers: CASH_SHOP_WRITERS,
  handlers: (ctx) => ({
    [CASH_SHOP_ENTRY_HANDLE]: (session, reader: PacketReader) => handleCashShopEntry(ctx, session, reader),
  }),
};
