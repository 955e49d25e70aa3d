/**
 * atlas-cashshop's answers on `EVENT_TOPIC_CASH_SHOP_STATUS` (kafka-consumed.md §2.16; reference
 * `kafka/consumer/cashshop/consumer.go`) → `CashShopOperation` to the character's session on this
 * process (the reference's "present on this server" match; the events name no world or channel):
 *
 * - `INVENTORY_CAPACITY_INCREASED` → `INVENTORY_CAPACITY_INCREASE_SUCCESS` (`u8 inventoryType,
 *   u16 capacity`), then the account's wallet (REST; failure → zeros) → `CashShopCashQueryResult`;
 * - `PURCHASE` → the bought asset (`accounts/{a}/cash-shop/inventory/compartments/{c}/assets/{id}`, REST)
 *   → `PURCHASE_SUCCESS` with it as a cash inventory entry; a failed lookup is logged and nothing is sent;
 * - `ERROR` → `INVENTORY_CAPACITY_INCREASE_FAILED` with the reason the writer's `errors` table gives the
 *   error name (the reference answers every error with this arm; an unknown name → reason 0).
 *
 * `CHARACTER_ENTER`/`CHARACTER_EXIT` (ours, echoed back by the broker) and `CASH_ITEM_MOVED_TO_INVENTORY`
 * are not acted on, as in the reference. Unlike the reference, the wallet is re-read after a purchase
 * too (the reference leaves the shown balance stale until the next query), so the client shows what it
 * has left.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { sessionLogger } from "../../net/session.ts";
import type { FeatureContext } from "../feature.ts";
import type { CashShopStatusEvent } from "./messages.ts";
import { EMPTY_WALLET, getCashAsset, getWallet, type Wallet } from "./rest.ts";
import {
  CASH_SHOP_CASH_QUERY_RESULT,
  CASH_SHOP_OPERATION,
  CASH_SHOP_OPERATIONS,
  writeCashShopCapacityIncreased,
  writeCashShopCashQueryResult,
  writeCashShopFailure,
  writeCashShopPurchaseSuccess,
} from "./writers.ts";

/** Handles one `EVENT_TOPIC_CASH_SHOP_STATUS` event; see the module documentation. */
export async function onCashShopStatus(
  ctx: FeatureContext,
  event: CashShopStatusEvent,
  tenant: Tenant,
): Promise<void> {
  if (event.type !== "INVENTORY_CAPACITY_INCREASED" && event.type !== "PURCHASE" && event.type !== "ERROR") {
    return;
  }
  const session = ctx.presence.sessionOfCharacter(tenant, event.characterId);
  if (!session || session.isClosed) return;
  const { accountId, characterId } = session;
  if (accountId === undefined || characterId === undefined) return;
  const log = sessionLogger(session, "cash-shop.status");

  const sendWallet = async () => {
    let wallet: Wallet = EMPTY_WALLET;
    if (ctx.rest) {
      try {
        wallet = await getWallet(ctx.rest, tenant, accountId);
      } catch (err) {
        log.warn("wallet lookup failed; showing zeros", { characterId, error: String(err) });
      }
    }
    if (session.isClosed) return;
    ctx.send(
      session,
      CASH_SHOP_CASH_QUERY_RESULT,
      (w) => writeCashShopCashQueryResult(w, wallet, session.tenant),
    );
  };

  switch (event.type) {
    case "INVENTORY_CAPACITY_INCREASED": {
      const { inventoryType, capacity } = event.body;
      ctx.send(
        session,
        CASH_SHOP_OPERATION,
        (w, options) => writeCashShopCapacityIncreased(w, options, inventoryType, capacity),
      );
      await sendWallet();
      return;
    }
    case "PURCHASE": {
      const { compartmentId, assetId } = event.body;
      if (!ctx.rest) return log.error("purchase made but no REST services are configured", { characterId });
      let item;
      try {
        item = (await getCashAsset(ctx.rest, tenant, accountId, compartmentId, assetId)).item;
      } catch (err) {
        return log.error("bought asset lookup failed; nothing shown", {
          characterId,
          assetId,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (!item) return log.error("bought asset has no item; nothing shown", { characterId, assetId });
      if (session.isClosed) return;
      ctx.send(
        session,
        CASH_SHOP_OPERATION,
        (w, options) => writeCashShopPurchaseSuccess(w, options, accountId, characterId, item),
      );
      await sendWallet();
      return;
    }
    case "ERROR":
      log.info("cash-shop request failed", { characterId, error: event.body.error });
      ctx.send(
        session,
        CASH_SHOP_OPERATION,
        (w, options) =>
          writeCashShopFailure(
            w,
            options,
            CASH_SHOP_OPERATIONS.inventoryCapacityIncreaseFailed,
            event.body.error,
          ),
      );
      return;
  }
}
