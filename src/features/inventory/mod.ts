/**
 * The inventory domain: moving, equipping, dropping, merging and sorting items (handlers.ts →
 * `COMMAND_TOPIC_COMPARTMENT`), and atlas-inventory's asset and compartment events (consumers.ts →
 * CharacterInventoryChange, CompartmentMerge/Sort, CharacterAppearanceUpdate), which also keep the
 * session's cached inventory (`CHARACTER_DATA`) equal to the service's; completed cash-shop transfers
 * (transfer.ts → CashShopOperation).
 * @module
 */
import type { Feature } from "../feature.ts";
import { sendEnableActions } from "../stats/mod.ts";
import {
  assetStatusContract,
  compartmentCommandContract,
  compartmentStatusContract,
  compartmentTransferStatusContract,
} from "./messages.ts";
import { onAssetStatus, onCompartmentStatus } from "./consumers.ts";
import { inventoryHandlers } from "./handlers.ts";
import { onCompartmentTransferStatus } from "./transfer.ts";
import { awaitAnswer } from "./pending.ts";
import { INVENTORY_WRITERS } from "./writers.ts";

/** See the module documentation. */
export const inventoryFeature: Feature = {
  name: "inventory",
  contracts: [
    assetStatusContract,
    compartmentStatusContract,
    compartmentCommandContract,
    compartmentTransferStatusContract,
  ],
  writers: INVENTORY_WRITERS,
  handlers(ctx) {
    const enableActions = (session: Parameters<typeof sendEnableActions>[1]) =>
      void sendEnableActions(ctx, session);
    return inventoryHandlers({
      publish: (tenant, command) =>
        ctx.bus.publish(compartmentCommandContract, command, { tenant, key: command.characterId }),
      mapOf: (session) => ctx.presence.mapOf(session),
      enableActions,
      awaitAnswer: (session) => awaitAnswer(session, () => enableActions(session)),
    });
  },
  start(ctx) {
    ctx.bus.subscribe(assetStatusContract, ({ value, tenant }) => onAssetStatus(ctx, value, tenant), {
      name: "asset_status_event",
    });
    ctx.bus.subscribe(
      compartmentStatusContract,
      ({ value, tenant }) => onCompartmentStatus(ctx, value, tenant),
      { name: "compartment_status_event" },
    );
    ctx.bus.subscribe(
      compartmentTransferStatusContract,
      ({ value, tenant }) => onCompartmentTransferStatus(ctx, value, tenant),
      { name: "compartment_transfer_status_event" },
    );
  },
};
