/**
 * Kafka contract of the system-message domain: `COMMAND_TOPIC_SYSTEM_MESSAGE`, consumed only (reference
 * README decision 1; kafka-consumed.md §2.38, kafka-produced.md §5, in /work/shared/reference).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

/** The message kinds atlas-saga-orchestrator sends; the reference shows unknown kinds as pink text. */
export const SYSTEM_MESSAGE_TYPES = ["NOTICE", "POP_UP", "PINK_TEXT", "BLUE_TEXT"] as const;

/**
 * `SEND_MESSAGE` body. `messageType` stays a free string so that an unknown kind still reaches the
 * character (as pink text, like the reference) instead of failing validation.
 */
export const sendMessageBodySchema = z.object({ messageType: z.string(), message: z.string() });

/**
 * Show a system message to one character (`transactionId`, first in the reference's envelope, is not
 * read and therefore not declared).
 */
export const systemMessageCommandSchema = z.discriminatedUnion("type", [
  z.object({
    worldId: uint8,
    channelId: uint8,
    characterId: uint32,
    type: z.literal("SEND_MESSAGE"),
    body: sendMessageBodySchema,
  }),
]);
/** See {@link systemMessageCommandSchema}. */
export type SystemMessageCommand = z.infer<typeof systemMessageCommandSchema>;

/** `COMMAND_TOPIC_SYSTEM_MESSAGE`: consumed; the channel never produces it. */
export const systemMessageContract = topicContract(
  "COMMAND_TOPIC_SYSTEM_MESSAGE",
  "consumed",
  systemMessageCommandSchema,
);
