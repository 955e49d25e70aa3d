/**
 * Kafka contracts of the chalkboard domain: atlas-chalkboards' status events (consumed,
 * kafka-consumed.md §2.9) and the channel's set/clear commands (produced, kafka-produced.md §4.16), in
 * /work/shared/reference. Both topics share one envelope.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

const envelopeShape = { worldId: uint8, channelId: uint8, mapId: uint32, characterId: uint32 };

/** A character's chalkboard text was set or cleared (its `transactionId` is ignored). */
export const chalkboardStatusEventSchema = z.discriminatedUnion("type", [
  z.object({ ...envelopeShape, type: z.literal("SET"), body: z.object({ message: z.string() }) }),
  z.object({ ...envelopeShape, type: z.literal("CLEAR"), body: z.object({}) }),
]);
/** See {@link chalkboardStatusEventSchema}. */
export type ChalkboardStatusEvent = z.infer<typeof chalkboardStatusEventSchema>;

/** `EVENT_TOPIC_CHALKBOARD_STATUS`: consumed. */
export const chalkboardStatusContract = topicContract(
  "EVENT_TOPIC_CHALKBOARD_STATUS",
  "consumed",
  chalkboardStatusEventSchema,
);

/** Open a chalkboard with a text (`SET`, from the chalkboard cash item) or close it (`CLEAR`). */
export const chalkboardCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...envelopeShape, type: z.literal("SET"), body: z.strictObject({ message: z.string() }) }),
  z.strictObject({ ...envelopeShape, type: z.literal("CLEAR"), body: z.strictObject({}) }),
]);
/** See {@link chalkboardCommandSchema}. */
export type ChalkboardCommand = z.infer<typeof chalkboardCommandSchema>;

/** `COMMAND_TOPIC_CHALKBOARD`: produced, keyed by the character id. */
export const chalkboardCommandContract = topicContract(
  "COMMAND_TOPIC_CHALKBOARD",
  "produced",
  chalkboardCommandSchema,
  (command) => command.characterId,
);
