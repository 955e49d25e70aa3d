/**
 * Kafka contract of the reactor domain: `EVENT_TOPIC_REACTOR_STATUS` (consumed), following
 * kafka-consumed.md §2.34 in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, int8, time, uint32, uint8 } from "../../kafka/wire.ts";

/** `CREATED` body: everything `ReactorSpawn` needs (`classification` is the template id). */
export const reactorCreatedBodySchema = z.object({
  classification: uint32,
  name: z.string(),
  state: int8,
  eventState: uint8,
  delay: uint32,
  direction: uint8,
  x: int16,
  y: int16,
  updateTime: time,
});

/** `DESTROYED` body: the final state and position for `ReactorDestroy`. */
export const reactorDestroyedBodySchema = z.object({ state: int8, x: int16, y: int16 });

function reactorStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    reactorId: uint32,
    type: z.literal(type),
    body,
  });
}

/** A reactor appeared in or was removed from a map instance. */
export const reactorStatusEventSchema = z.discriminatedUnion("type", [
  reactorStatus("CREATED", reactorCreatedBodySchema),
  reactorStatus("DESTROYED", reactorDestroyedBodySchema),
]);
/** See {@link reactorStatusEventSchema}. */
export type ReactorStatusEvent = z.infer<typeof reactorStatusEventSchema>;

/** `EVENT_TOPIC_REACTOR_STATUS`: consumed. */
export const reactorStatusContract = topicContract(
  "EVENT_TOPIC_REACTOR_STATUS",
  "consumed",
  reactorStatusEventSchema,
);
