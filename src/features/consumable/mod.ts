/**
 * The item-use domain: using potions, return scrolls, summon bags, upgrade scrolls and cash items
 * (handlers.ts → `COMMAND_TOPIC_CONSUMABLE`, buff `CANCEL`, chalkboard `SET`) and atlas-consumables'
 * results (consumers.ts → CharacterItemUpgrade, PetCashFoodResult, "enable actions").
 * @module
 */
import type { Feature } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { buffCommandContract } from "../buff/messages.ts";
import { chalkboardCommandContract } from "../chalkboard/messages.ts";
import { awaitAnswer } from "../inventory/pending.ts";
import { consumableCommandContract, consumableStatusContract } from "./messages.ts";
import { onConsumableStatus } from "./consumers.ts";
import { consumableHandlers } from "./handlers.ts";
import { CONSUMABLE_WRITERS } from "./writers.ts";

/** See the module documentation. */
export const consumableFeature: Feature = {
  name: "consumable",
  contracts: [consumableStatusContract, consumableCommandContract],
  writers: CONSUMABLE_WRITERS,
  handlers(ctx) {
    const enableActions = (session: Session) => void sendEnableActions(ctx, session);
    return consumableHandlers({
      publishConsumable: (tenant, command) =>
        ctx.bus.publish(consumableCommandContract, command, { tenant, key: command.characterId }),
      publishBuff: (tenant, command) =>
        ctx.bus.publish(buffCommandContract, command, { tenant, key: command.characterId }),
      publishChalkboard: (tenant, command) =>
        ctx.bus.publish(chalkboardCommandContract, command, { tenant, key: command.characterId }),
      mapOf: (session) => ctx.presence.mapOf(session),
      enableActions,
      awaitAnswer: (session) => awaitAnswer(session, () => enableActions(session)),
    });
  },
  start(ctx) {
    ctx.bus.subscribe(
      consumableStatusContract,
      ({ value, tenant }) => onConsumableStatus(ctx, value, tenant),
      { name: "consumable_status_event" },
    );
  },
};
