/**
 * atlas-compartment-transfer's `COMPLETED` (kafka-consumed.md §2.7) → CashShopOperation for the
 * character's session on this process:
 *
 * - into the `CHARACTER` inventory: the destination compartment read over REST
 *   (`characters/{id}/inventory/compartments?type=`), the asset whose reference id is the event's asset
 *   id → `CASH_ITEM_MOVED_TO_INVENTORY` (`u8 mode, i16 slot`, the item without position); the asset also
 *   goes into the session's cached inventory;
 * - into the `CASH_SHOP` inventory: the account's cash compartment read over REST, the item whose id is
 *   the event's asset id → `CASH_ITEM_MOVED_TO_CASH_INVENTORY` (`u8 mode`, the cash item entry);
 * - any other destination (e.g. `STORAGE`), or no matching asset: logged, nothing sent.
 *
 * Layouts: `libs/atlas-packet` at d59a1ad2df `cash/clientbound/shop_item_moved.go`.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { sessionLogger } from "../../net/session.ts";
import type { FeatureContext } from "../feature.ts";
import { applyInventoryChange } from "../character/data.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { getCashCompartment } from "../cash-shop/rest.ts";
import {
  CASH_SHOP_OPERATION,
  writeCashItemMovedToCashInventory,
  writeCashItemMovedToInventory,
} from "../cash-shop/writers.ts";
import type { CompartmentTransferStatusEvent } from "./messages.ts";
import { getCompartment } from "./rest.ts";

/** Handles one `EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS` event; see the module documentation. */
export async function onCompartmentTransferStatus(
  ctx: FeatureContext,
  event: CompartmentTransferStatusEvent,
  tenant: Tenant,
): Promise<void> {
  const session = ctx.presence.sessionOfCharacter(tenant, event.characterId);
  if (!session || session.isClosed) return;
  const log = sessionLogger(session, "inventory.transfer");
  const { assetId, compartmentType, inventoryType } = event.body;
  const rest = ctx.rest;
  if (!rest) return log.warn("transfer completed but no REST services are configured", { assetId });
  if (inventoryType === "CHARACTER") {
    const compartment = await getCompartment(rest, tenant, event.characterId, compartmentType);
    const asset = compartment.assets.find((a) => a.referenceId === assetId);
    if (!asset) return log.error("transferred asset not in the compartment", { assetId, compartmentType });
    applyInventoryChange(session.get(CHARACTER_DATA)?.inventory ?? null, {
      kind: "put",
      inventoryType: compartmentType,
      compartmentId: compartment.id,
      asset,
    });
    ctx.send(
      session,
      CASH_SHOP_OPERATION,
      (w, options) => writeCashItemMovedToInventory(w, options, asset, session.tenant),
    );
    return;
  }
  if (inventoryType === "CASH_SHOP") {
    const accountId = session.accountId;
    if (accountId === undefined) return;
    const compartment = await getCashCompartment(rest, tenant, accountId, compartmentType);
    const item = compartment.items.find((i) => i.itemId === assetId);
    if (!item) return log.error("transferred item not in the cash inventory", { assetId, compartmentType });
    ctx.send(
      session,
      CASH_SHOP_OPERATION,
      (w, options) => writeCashItemMovedToCashInventory(w, options, accountId, event.characterId, item),
    );
    return;
  }
  log.warn("transfer completed into an inventory the channel does not show", { inventoryType, assetId });
}
