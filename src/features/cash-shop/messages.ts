/**
 * Cash-shop Kafka messages: the cash-shop status topic, which atlas-cashshop writes for us
 * (kafka-consumed.md §2.16) and we write `CHARACTER_ENTER`/`CHARACTER_EXIT` to for atlas-maps and
 * atlas-buddies (kafka-produced.md A2), and the commands we send atlas-cashshop (kafka-produced.md
 * §4.29, `COMMAND_TOPIC_CASH_SHOP`). Moves between cash and character inventories use the compartment
 * transfer topic (see `../inventory`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_CASH_SHOP_STATUS (both: consumed §2.16, produced A2)
// ---------------------------------------------------------------------------------------------

/** `INVENTORY_CAPACITY_INCREASED` body (consumed); `amount` is unused. */
export const inventoryCapacityIncreasedBodySchema = z.object({
  inventoryType: uint8,
  capacity: uint32,
  amount: uint32,
});
/** See {@link inventoryCapacityIncreasedBodySchema}. */
export type InventoryCapacityIncreasedBody = z.infer<typeof inventoryCapacityIncreasedBodySchema>;

/** `PURCHASE` body (consumed); the cash-shop asset id is a UUID here. */
export const cashShopPurchaseBodySchema = z.object({
  templateId: uint32,
  price: uint32,
  compartmentId: uuid,
  assetId: uuid,
  itemId: uint32,
});
/** See {@link cashShopPurchaseBodySchema}. */
export type CashShopPurchaseBody = z.infer<typeof cashShopPurchaseBodySchema>;

/** `ERROR` body (consumed); the code is mapped via the writer's options, `cashItemId` may be omitted. */
export const cashShopErrorBodySchema = z.object({ error: z.string(), cashItemId: uint32.optional() });
/** See {@link cashShopErrorBodySchema}. */
export type CashShopErrorBody = z.infer<typeof cashShopErrorBodySchema>;

/** `CHARACTER_ENTER`/`CHARACTER_EXIT` body: the map the character left from / returns to. */
export const cashShopMovementBodySchema = z.object({ characterId: uint32, channelId: uint8, mapId: uint32 });
/** See {@link cashShopMovementBodySchema}. */
export type CashShopMovementBody = z.infer<typeof cashShopMovementBodySchema>;

function consumedCashShopStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  // atlas-cashshop does not send the worldId the reference declares (and never reads).
  return z.object({ worldId: uint8.optional(), characterId: uint32, type: z.literal(type), body });
}

function cashShopMovement<T extends string>(type: T) {
  return z.object({
    worldId: uint8,
    /** Always 0, as in the reference; receivers read `body.characterId`. */
    characterId: uint32,
    type: z.literal(type),
    body: cashShopMovementBodySchema,
  });
}

/**
 * An `EVENT_TOPIC_CASH_SHOP_STATUS` event. Handled when consumed: `INVENTORY_CAPACITY_INCREASED`,
 * `PURCHASE`, `ERROR`; `CASH_ITEM_MOVED_TO_INVENTORY` is known but unhandled. `CHARACTER_ENTER` and
 * `CHARACTER_EXIT` are what we produce (atlas-maps sends the same shape).
 */
export const cashShopStatusEventSchema = z.discriminatedUnion("type", [
  consumedCashShopStatus("INVENTORY_CAPACITY_INCREASED", inventoryCapacityIncreasedBodySchema),
  consumedCashShopStatus("PURCHASE", cashShopPurchaseBodySchema),
  consumedCashShopStatus("ERROR", cashShopErrorBodySchema),
  consumedCashShopStatus("CASH_ITEM_MOVED_TO_INVENTORY", z.object({})),
  cashShopMovement("CHARACTER_ENTER"),
  cashShopMovement("CHARACTER_EXIT"),
]);
/** See {@link cashShopStatusEventSchema}. */
export type CashShopStatusEvent = z.infer<typeof cashShopStatusEventSchema>;

/** Contract of `EVENT_TOPIC_CASH_SHOP_STATUS`, keyed by the character (from the body on enter/exit). */
export const cashShopStatusContract = topicContract(
  "EVENT_TOPIC_CASH_SHOP_STATUS",
  "both",
  cashShopStatusEventSchema,
  (event) =>
    event.type === "CHARACTER_ENTER" || event.type === "CHARACTER_EXIT"
      ? event.body.characterId
      : event.characterId,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_CASH_SHOP (produced, kafka-produced.md §4.29)
// ---------------------------------------------------------------------------------------------

/** Body of the purchases by serial number (`REQUEST_PURCHASE` and the `..._BY_ITEM` requests). */
export const cashShopSerialBodySchema = z.object({ currency: uint32, serialNumber: uint32 });
/** See {@link cashShopSerialBodySchema}. */
export type CashShopSerialBody = z.infer<typeof cashShopSerialBodySchema>;

/** `REQUEST_INVENTORY_INCREASE_BY_TYPE` body. */
export const inventoryIncreaseByTypeBodySchema = z.object({ currency: uint32, inventoryType: uint8 });
/** See {@link inventoryIncreaseByTypeBodySchema}. */
export type InventoryIncreaseByTypeBody = z.infer<typeof inventoryIncreaseByTypeBodySchema>;

/** `REQUEST_STORAGE_INCREASE` body. */
export const storageIncreaseBodySchema = z.object({ currency: uint32 });
/** See {@link storageIncreaseBodySchema}. */
export type StorageIncreaseBody = z.infer<typeof storageIncreaseBodySchema>;

function cashShopCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), body });
}

/** A `COMMAND_TOPIC_CASH_SHOP` command; `currency` is the client's 32-bit value after the points flag. */
export const cashShopCommandSchema = z.discriminatedUnion("type", [
  cashShopCommand("REQUEST_PURCHASE", cashShopSerialBodySchema),
  cashShopCommand("REQUEST_INVENTORY_INCREASE_BY_TYPE", inventoryIncreaseByTypeBodySchema),
  cashShopCommand("REQUEST_INVENTORY_INCREASE_BY_ITEM", cashShopSerialBodySchema),
  cashShopCommand("REQUEST_STORAGE_INCREASE", storageIncreaseBodySchema),
  cashShopCommand("REQUEST_STORAGE_INCREASE_BY_ITEM", cashShopSerialBodySchema),
  cashShopCommand("REQUEST_CHARACTER_SLOT_INCREASE_BY_ITEM", cashShopSerialBodySchema),
]);
/** See {@link cashShopCommandSchema}. */
export type CashShopCommand = z.infer<typeof cashShopCommandSchema>;

/** Contract of `COMMAND_TOPIC_CASH_SHOP`, keyed by the character. */
export const cashShopCommandContract = topicContract(
  "COMMAND_TOPIC_CASH_SHOP",
  "produced",
  cashShopCommandSchema,
  (command) => command.characterId,
);
