/**
 * Kafka contracts of the chair domain: atlas-chairs' status events (consumed, kafka-consumed.md §2.8)
 * and the channel's sit/stand commands (produced, kafka-produced.md §4.15), in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

/** `FIXED`: a map seat (`chairId` = seat index); `PORTABLE`: an item chair (`chairId` = item id). */
export const CHAIR_TYPES = ["FIXED", "PORTABLE"] as const;

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_CHAIR_STATUS (consumed; kafka-consumed.md §2.8)

/** `USED` / `CANCELLED` body. */
export const chairCharacterBodySchema = z.object({ characterId: uint32 });

/**
 * `ERROR` body; the body's own `type` is the error kind. The reference only tells `INTERNAL` (enable
 * actions) from anything else (treated as an illegal action), so it stays a free string.
 */
export const chairErrorBodySchema = z.object({ characterId: uint32, type: z.string() });

function chairStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    chairType: z.string(),
    chairId: uint32,
    type: z.literal(type),
    body,
  });
}

/**
 * A chair was taken, refused or left. `chairType` stays a free string: the reference does nothing for
 * values other than `FIXED`/`PORTABLE` rather than rejecting the message.
 */
export const chairStatusEventSchema = z.discriminatedUnion("type", [
  chairStatus("USED", chairCharacterBodySchema),
  chairStatus("ERROR", chairErrorBodySchema),
  chairStatus("CANCELLED", chairCharacterBodySchema),
]);
/** See {@link chairStatusEventSchema}. */
export type ChairStatusEvent = z.infer<typeof chairStatusEventSchema>;

/** `EVENT_TOPIC_CHAIR_STATUS`: consumed. */
export const chairStatusContract = topicContract(
  "EVENT_TOPIC_CHAIR_STATUS",
  "consumed",
  chairStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_CHAIR (produced; kafka-produced.md §4.15)

function chairCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.strictObject({ worldId: uint8, channelId: uint8, mapId: uint32, type: z.literal(type), body });
}

/** Sit on a chair (`USE`) or stand up (`CANCEL`); the character id is in the body only. */
export const chairCommandSchema = z.discriminatedUnion("type", [
  chairCommand(
    "USE",
    z.strictObject({ characterId: uint32, chairType: z.enum(CHAIR_TYPES), chairId: uint32 }),
  ),
  chairCommand("CANCEL", z.strictObject({ characterId: uint32 })),
]);
/** See {@link chairCommandSchema}. */
export type ChairCommand = z.infer<typeof chairCommandSchema>;

/** `COMMAND_TOPIC_CHAIR`: produced, keyed by the character id (taken from the body). */
export const chairCommandContract = topicContract(
  "COMMAND_TOPIC_CHAIR",
  "produced",
  chairCommandSchema,
  (command) => command.body.characterId,
);
