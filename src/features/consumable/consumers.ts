/**
 * atlas-consumables' events → packets (kafka-consumed.md §2.14), for the character's session on this
 * process (the envelope names no world or channel):
 *
 * - `ERROR` `PET_CANNOT_CONSUME` → PetCashFoodResult (failure); any other error → "enable actions";
 * - `SCROLL` → CharacterItemUpgrade to everyone in the character's map, the character included (the
 *   item changes themselves arrive as asset events);
 * - `EFFECT_APPLIED` is skipped, as in the reference.
 *
 * Every answer settles the inventory answer watchdog of the session.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { FeatureContext } from "../feature.ts";
import { sessionsInMapOf } from "../routing.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { settlePendingAction } from "../inventory/pending.ts";
import type { ConsumableStatusEvent } from "./messages.ts";
import {
  ITEM_UPGRADE_WRITER,
  itemUpgradeBody,
  PET_CASH_FOOD_RESULT_WRITER,
  petCashFoodFailureBody,
} from "./writers.ts";

/** Handles one `EVENT_TOPIC_CONSUMABLE_STATUS` event; see the module documentation. */
export function onConsumableStatus(ctx: FeatureContext, event: ConsumableStatusEvent, tenant: Tenant): void {
  if (event.type === "EFFECT_APPLIED") return;
  const session = ctx.presence.sessionOfCharacter(tenant, event.characterId);
  if (!session || session.isClosed) return;
  settlePendingAction(session);
  switch (event.type) {
    case "ERROR":
      if (event.body.error === "PET_CANNOT_CONSUME") {
        ctx.send(session, PET_CASH_FOOD_RESULT_WRITER, petCashFoodFailureBody());
      } else {
        sendEnableActions(ctx, session);
      }
      return;
    case "SCROLL":
      ctx.broadcast(
        [...sessionsInMapOf(ctx, session)],
        ITEM_UPGRADE_WRITER,
        itemUpgradeBody(session.tenant, event.characterId, event.body),
      );
      return;
  }
}
