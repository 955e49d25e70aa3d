/**
 * The message the Kafka benchmarks publish and consume: a small keyed movement command of one tenant.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../src/kafka/contract.ts";

/** A movement-sized command on COMMAND_TOPIC_CHARACTER_MOVEMENT. */
export const contract = topicContract(
  "COMMAND_TOPIC_CHARACTER_MOVEMENT",
  "both",
  z.object({
    worldId: z.number(),
    channelId: z.number(),
    characterId: z.number(),
    type: z.literal("MOVE"),
    body: z.object({ x: z.number(), y: z.number(), stance: z.number() }),
  }),
);

/** The tenant every benchmark message carries. */
export const tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
