/**
 * Kafka contract of the channel domain: `COMMAND_TOPIC_CHANNEL_STATUS`, consumed only (reference README
 * decision 1; kafka-consumed.md §2.22, kafka-produced.md §5, in /work/shared/reference). The channel
 * answers a status request by re-registering over REST, never on Kafka.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";

/**
 * A request from atlas-world (or atlas-transports) that channel servers announce themselves. The
 * reference never checks `type`; we accept only `STATUS_REQUEST`, the one value its producers send, so a
 * malformed message is reported instead of triggering a re-registration.
 */
export const channelStatusCommandSchema = z.object({ type: z.literal("STATUS_REQUEST") });
/** See {@link channelStatusCommandSchema}. */
export type ChannelStatusCommand = z.infer<typeof channelStatusCommandSchema>;

/** `COMMAND_TOPIC_CHANNEL_STATUS`: consumed; the channel never produces it. */
export const channelStatusContract = topicContract(
  "COMMAND_TOPIC_CHANNEL_STATUS",
  "consumed",
  channelStatusCommandSchema,
);
