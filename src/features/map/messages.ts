/**
 * Kafka contract of the map domain: `EVENT_TOPIC_MAP_STATUS` (consumed), following kafka-consumed.md
 * §2.4 in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

/** Body of both map status types: the character entering or leaving. */
export const mapCharacterBodySchema = z.object({ characterId: uint32 });

function mapStatus<T extends string>(type: T) {
  return z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    type: z.literal(type),
    body: mapCharacterBodySchema,
  });
}

/** A character entered or left a map instance (atlas-maps; its `transactionId` is ignored). */
export const mapStatusEventSchema = z.discriminatedUnion("type", [
  mapStatus("CHARACTER_ENTER"),
  mapStatus("CHARACTER_EXIT"),
]);
/** See {@link mapStatusEventSchema}. */
export type MapStatusEvent = z.infer<typeof mapStatusEventSchema>;

/** `EVENT_TOPIC_MAP_STATUS`: consumed. */
export const mapStatusContract = topicContract("EVENT_TOPIC_MAP_STATUS", "consumed", mapStatusEventSchema);
