/**
 * Kafka contract of the reactor domain: `EVENT_TOPIC_REACTOR_STATUS` (consumed), following
 * kafka-consumed.md §2.34 in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";

const uint8 = z.number().int().min(0).max(0xff);
const int8 = z.number().int().min(-0x80).max(0x7f);
const int16 = z.number().int().min(-0x8000).max(0x7fff);
const uint32 = z.number().int().min(0).max(0xffffffff);
const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

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
  updateTime: rfc3339,
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
