/**
 * The cash-shop domain: entering the cash shop from the field (`CashShopEntryHandle` → `CashShopOpen`,
 * cash inventory, wish list, balances, `CHARACTER_ENTER`) and returning to the field (an empty
 * `MapChangeHandle`, wired through the portal domain's hook to {@link returnFromCashShop}:
 * `CHARACTER_EXIT`, then a channel change to this same channel); inside it, purchases, capacity
 * increases, the wish list, balance queries and moves between the cash inventory and the character's
 * inventory (`CashShopOperationHandle`, `CashShopCheckWalletHandle`; see `operations.ts`), and
 * atlas-cashshop's answers (`status.ts`). The moves' completions (`EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS`)
 * are shown by the inventory domain, which keeps the session's inventory.
 * @module
 */
import type { Feature } from "../feature.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { accountSessionCommandContract } from "../account/messages.ts";
import { compartmentTransferCommandContract } from "../inventory/messages.ts";
import { CASH_SHOP_ENTRY_HANDLE, handleCashShopEntry, returnFromCashShop } from "./handlers.ts";
import { cashShopCommandContract, cashShopStatusContract } from "./messages.ts";
import {
  CASH_SHOP_CHECK_WALLET_HANDLE,
  CASH_SHOP_OPERATION_HANDLE,
  handleCashShopCheckWallet,
  handleCashShopOperation,
} from "./operations.ts";
import { onCashShopStatus } from "./status.ts";
import { CASH_SHOP_WRITERS } from "./writers.ts";

export { returnFromCashShop };

/** See the module documentation. */
export const cashShopFeature: Feature = {
  name: "cash-shop",
  contracts: [
    cashShopStatusContract,
    cashShopCommandContract,
    compartmentTransferCommandContract,
    accountSessionCommandContract,
  ],
  writers: CASH_SHOP_WRITERS,
  handlers: (ctx) => ({
    [CASH_SHOP_ENTRY_HANDLE]: (session, reader: PacketReader) => handleCashShopEntry(ctx, session, reader),
    [CASH_SHOP_OPERATION_HANDLE]: (session, reader: PacketReader, options) =>
      handleCashShopOperation(ctx, session, reader, options),
    [CASH_SHOP_CHECK_WALLET_HANDLE]: (session) => handleCashShopCheckWallet(ctx, session),
  }),
  start(ctx) {
    ctx.bus.subscribe(cashShopStatusContract, ({ value, tenant }) => onCashShopStatus(ctx, value, tenant), {
      name: "cash_shop_status_event",
    });
  },
};
