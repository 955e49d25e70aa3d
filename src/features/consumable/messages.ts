/**
 * Consumable Kafka messages: atlas-consumables' status events (kafka-consumed.md §2.14,
 * `EVENT_TOPIC_CONSUMABLE_STATUS`) and the use/scroll requests we send it (kafka-produced.md §4.25,
 * `COMMAND_TOPIC_CONSUMABLE`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_CONSUMABLE_STATUS (consumed, kafka-consumed.md §2.14)
// ---------------------------------------------------------------------------------------------

/** `ERROR` body: `PET_CANNOT_CONSUME` has its own client packet; anything else just re-enables actions. */
export const consumableErrorBodySchema = z.object({ error: z.string() });
/** See {@link consumableErrorBodySchema}. */
export type ConsumableErrorBody = z.infer<typeof consumableErrorBodySchema>;

/** `SCROLL` body: the outcome shown to the map (the item change itself arrives as an asset event). */
export const scrollBodySchema = z.object({
  success: z.boolean(),
  cursed: z.boolean(),
  legendarySpirit: z.boolean(),
  whiteScroll: z.boolean(),
});
/** See {@link scrollBodySchema}. */
export type ScrollBody = z.infer<typeof scrollBodySchema>;

/** `EFFECT_APPLIED` body (known, unhandled). */
export const effectAppliedBodySchema = z.object({ itemId: uint32, transactionId: uuid });
/** See {@link effectAppliedBodySchema}. */
export type EffectAppliedBody = z.infer<typeof effectAppliedBodySchema>;

function consumableStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_CONSUMABLE_STATUS` event. */
export const consumableStatusEventSchema = z.discriminatedUnion("type", [
  consumableStatus("ERROR", consumableErrorBodySchema),
  consumableStatus("SCROLL", scrollBodySchema),
  consumableStatus("EFFECT_APPLIED", effectAppliedBodySchema),
]);
/** See {@link consumableStatusEventSchema}. */
export type ConsumableStatusEvent = z.infer<typeof consumableStatusEventSchema>;

/** Contract of `EVENT_TOPIC_CONSUMABLE_STATUS`. */
export const consumableStatusContract = topicContract(
  "EVENT_TOPIC_CONSUMABLE_STATUS",
  "consumed",
  consumableStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_CONSUMABLE (produced, kafka-produced.md §4.25)
// ---------------------------------------------------------------------------------------------

/** `REQUEST_ITEM_CONSUME` body: the inventory slot, the item and a quantity (always 1). */
export const requestItemConsumeBodySchema = z.object({ source: int16, itemId: uint32, quantity: int16 });
/** See {@link requestItemConsumeBodySchema}. */
export type RequestItemConsumeBody = z.infer<typeof requestItemConsumeBodySchema>;

/** `REQUEST_SCROLL` body. */
export const requestScrollBodySchema = z.object({
  scrollSlot: int16,
  equipSlot: int16,
  whiteScroll: z.boolean(),
  legendarySpirit: z.boolean(),
});
/** See {@link requestScrollBodySchema}. */
export type RequestScrollBody = z.infer<typeof requestScrollBodySchema>;

function consumableCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-consumables declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    worldId: uint8,
    channelId: uint8,
    characterId: uint32,
    type: z.literal(type),
    body,
  });
}

/** A `COMMAND_TOPIC_CONSUMABLE` command. */
export const consumableCommandSchema = z.discriminatedUnion("type", [
  consumableCommand("REQUEST_ITEM_CONSUME", requestItemConsumeBodySchema),
  consumableCommand("REQUEST_SCROLL", requestScrollBodySchema),
]);
/** See {@link consumableCommandSchema}. */
export type ConsumableCommand = z.infer<typeof consumableCommandSchema>;

/** Contract of `COMMAND_TOPIC_CONSUMABLE`, keyed by the character. */
export const consumableCommandContract = topicContract(
  "COMMAND_TOPIC_CONSUMABLE",
  "produced",
  consumableCommandSchema,
  (command) => command.characterId,
);
