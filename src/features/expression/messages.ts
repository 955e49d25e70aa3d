/**
 * Kafka contracts of the expression domain: `COMMAND_TOPIC_EXPRESSION` (produced, kafka-produced.md §4.7)
 * and `EVENT_TOPIC_EXPRESSION` (consumed, kafka-consumed.md §2.15), in /work/shared/reference. Both are
 * flat, with no `type` and no `body`.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

const expressionShape = {
  characterId: uint32,
  worldId: uint8,
  channelId: uint8,
  mapId: uint32,
  expression: uint32,
};

/** A character's client showed an emote; asks atlas-expressions to broadcast it. */
export const expressionCommandSchema = z.strictObject(expressionShape);
/** See {@link expressionCommandSchema}. */
export type ExpressionCommand = z.infer<typeof expressionCommandSchema>;

/** `COMMAND_TOPIC_EXPRESSION`: produced, keyed by the character id. */
export const expressionCommandContract = topicContract(
  "COMMAND_TOPIC_EXPRESSION",
  "produced",
  expressionCommandSchema,
  (command) => command.characterId,
);

/** atlas-expressions' broadcast of an emote (its `transactionId` is ignored). */
export const expressionEventSchema = z.object(expressionShape);
/** See {@link expressionEventSchema}. */
export type ExpressionEvent = z.infer<typeof expressionEventSchema>;

/** `EVENT_TOPIC_EXPRESSION`: consumed; every message is handled (no discriminator). */
export const expressionEventContract = topicContract(
  "EVENT_TOPIC_EXPRESSION",
  "consumed",
  expressionEventSchema,
);
