/**
 * Quest Kafka messages: atlas-quest's status events (kafka-consumed.md §2.33,
 * `EVENT_TOPIC_QUEST_STATUS`) and the quest conversation command we send atlas-npc-conversations
 * (kafka-produced.md §4.32, `COMMAND_TOPIC_QUEST_CONVERSATION`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_QUEST_STATUS (consumed, kafka-consumed.md §2.33)
// ---------------------------------------------------------------------------------------------

/** Body of `STARTED`, `COMPLETED` and `FORFEITED`. The client gets the quest id as 16 bits. */
export const questBodySchema = z.object({ questId: uint32 });
/** See {@link questBodySchema}. */
export type QuestBody = z.infer<typeof questBodySchema>;

/** `PROGRESS_UPDATED` body; atlas-quest also sends `infoNumber`, which the channel does not use. */
export const questProgressBodySchema = z.object({
  questId: uint32,
  infoNumber: uint32.optional(),
  progress: z.string(),
});
/** See {@link questProgressBodySchema}. */
export type QuestProgressBody = z.infer<typeof questProgressBodySchema>;

function questStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, worldId: uint8, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_QUEST_STATUS` event; `ERROR` is known but unhandled (body unchecked). */
export const questStatusEventSchema = z.discriminatedUnion("type", [
  questStatus("STARTED", questBodySchema),
  questStatus("COMPLETED", questBodySchema),
  questStatus("FORFEITED", questBodySchema),
  questStatus("PROGRESS_UPDATED", questProgressBodySchema),
  questStatus("ERROR", z.object({})),
]);
/** See {@link questStatusEventSchema}. */
export type QuestStatusEvent = z.infer<typeof questStatusEventSchema>;

/** Contract of `EVENT_TOPIC_QUEST_STATUS`. */
export const questStatusContract = topicContract(
  "EVENT_TOPIC_QUEST_STATUS",
  "consumed",
  questStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_QUEST_CONVERSATION (produced, kafka-produced.md §4.32)
// ---------------------------------------------------------------------------------------------

/** `START_QUEST_CONVERSATION` body. */
export const startQuestConversationBodySchema = z.object({ worldId: uint8, channelId: uint8, mapId: uint32 });
/** See {@link startQuestConversationBodySchema}. */
export type StartQuestConversationBody = z.infer<typeof startQuestConversationBodySchema>;

/** A `COMMAND_TOPIC_QUEST_CONVERSATION` command (start and completion both use this one type). */
export const questConversationCommandSchema = z.discriminatedUnion("type", [
  z.object({
    questId: uint32,
    npcId: uint32,
    characterId: uint32,
    type: z.literal("START_QUEST_CONVERSATION"),
    body: startQuestConversationBodySchema,
  }),
]);
/** See {@link questConversationCommandSchema}. */
export type QuestConversationCommand = z.infer<typeof questConversationCommandSchema>;

/** Contract of `COMMAND_TOPIC_QUEST_CONVERSATION`, keyed by the character. */
export const questConversationCommandContract = topicContract(
  "COMMAND_TOPIC_QUEST_CONVERSATION",
  "produced",
  questConversationCommandSchema,
  (command) => command.characterId,
);
