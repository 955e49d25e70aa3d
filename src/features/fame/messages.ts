/**
 * Kafka contracts of the fame domain: atlas-fame's error events (consumed, kafka-consumed.md §2.13) and
 * the channel's fame requests (produced, kafka-produced.md §4.14), in /work/shared/reference. Successful
 * fame changes arrive as `FAME_CHANGED` on the character status topic.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int8, uint32, uint8 } from "../../kafka/wire.ts";

/** Fame error codes atlas-fame sends (mapped to client codes by the writer's configured options). */
export const FAME_ERRORS = [
  "NOT_TODAY",
  "NOT_THIS_MONTH",
  "INVALID_NAME",
  "NOT_MINIMUM_LEVEL",
  "UNEXPECTED",
] as const;

/**
 * A fame attempt by `characterId` failed. `error` stays a free string so a new code still reaches the
 * writer (which can fall back) rather than failing validation.
 */
export const fameStatusEventSchema = z.discriminatedUnion("type", [
  z.object({
    worldId: uint8,
    characterId: uint32,
    type: z.literal("ERROR"),
    body: z.object({ channelId: uint8, error: z.string() }),
  }),
]);
/** See {@link fameStatusEventSchema}. */
export type FameStatusEvent = z.infer<typeof fameStatusEventSchema>;

/** `EVENT_TOPIC_FAME_STATUS`: consumed. */
export const fameStatusContract = topicContract("EVENT_TOPIC_FAME_STATUS", "consumed", fameStatusEventSchema);

/** `REQUEST_CHANGE` body: `amount` is +1 or -1 (the reference computes 2·mode−1 without checking mode). */
export const requestFameChangeBodySchema = z.strictObject({
  channelId: uint8,
  mapId: uint32,
  targetId: uint32,
  amount: int8,
});

/** `characterId` asks atlas-fame to give fame to `targetId`. */
export const fameCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    worldId: uint8,
    characterId: uint32,
    type: z.literal("REQUEST_CHANGE"),
    body: requestFameChangeBodySchema,
  }),
]);
/** See {@link fameCommandSchema}. */
export type FameCommand = z.infer<typeof fameCommandSchema>;

/** `COMMAND_TOPIC_FAME`: produced, keyed by the giver's character id. */
export const fameCommandContract = topicContract(
  "COMMAND_TOPIC_FAME",
  "produced",
  fameCommandSchema,
  (command) => command.characterId,
);
