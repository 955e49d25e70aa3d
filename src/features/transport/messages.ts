/**
 * Transport (boat/train route) Kafka messages: atlas-transports' route events
 * (kafka-consumed.md §2.18, `EVENT_TOPIC_TRANSPORT_STATUS`). The channel produces nothing here.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uuid } from "../../kafka/wire.ts";

/** The body of both route events: the map whose transport state changed. */
export const routeBodySchema = z.object({ mapId: uint32 });
/** See {@link routeBodySchema}. */
export type RouteBody = z.infer<typeof routeBodySchema>;

function routeStatus<T extends string>(type: T) {
  return z.object({ routeId: uuid, type: z.literal(type), body: routeBodySchema });
}

/** An `EVENT_TOPIC_TRANSPORT_STATUS` event: `ARRIVED` (docked) or `DEPARTED` (gone). */
export const transportStatusEventSchema = z.discriminatedUnion("type", [
  routeStatus("ARRIVED"),
  routeStatus("DEPARTED"),
]);
/** See {@link transportStatusEventSchema}. */
export type TransportStatusEvent = z.infer<typeof transportStatusEventSchema>;

/** Contract of `EVENT_TOPIC_TRANSPORT_STATUS`. */
export const transportStatusContract = topicContract(
  "EVENT_TOPIC_TRANSPORT_STATUS",
  "consumed",
  transportStatusEventSchema,
);
