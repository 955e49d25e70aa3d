/**
 * Kafka contracts of the drop domain: atlas-drops' status events (consumed, kafka-consumed.md §2.11) and
 * the channel's pick-up reservations (produced, kafka-produced.md §4.17), in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, int8, time, uint32, uint8, unhandledBody } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_DROP_STATUS (consumed; kafka-consumed.md §2.11)

/**
 * `CREATED` body: what dropped, where it lands and who owns it. `type` (inside the body) is the drop's
 * ownership type; `mod` is declared by the reference channel but atlas-drops never sends it.
 */
export const dropCreatedBodySchema = z.object({
  itemId: uint32,
  quantity: uint32,
  meso: uint32,
  type: uint8,
  x: int16,
  y: int16,
  ownerId: uint32,
  ownerPartyId: uint32,
  dropTime: time,
  dropperUniqueId: uint32,
  dropperX: int16,
  dropperY: int16,
  playerDrop: z.boolean(),
  mod: uint8.optional(),
});

/** `PICKED_UP` body; `petSlot` ≥ 0 when a pet picked it up, -1 otherwise. */
export const dropPickedUpBodySchema = z.object({
  characterId: uint32,
  itemId: uint32,
  equipmentId: uint32,
  quantity: uint32,
  meso: uint32,
  petSlot: int8,
});

function dropStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    dropId: uint32,
    type: z.literal(type),
    body,
  });
}

/**
 * `type` values atlas-drops emits that the channel receives but ignores (kafka-consumed.md §3.4). They
 * validate (bodies undocumented: any object); the consumer skips them.
 */
export const DROP_STATUS_IGNORED_TYPES = ["RESERVED", "RESERVATION_FAILURE"] as const;

/** A drop appeared, expired or was picked up (atlas-drops; its `transactionId` is ignored). */
export const dropStatusEventSchema = z.discriminatedUnion("type", [
  dropStatus("CREATED", dropCreatedBodySchema),
  dropStatus("EXPIRED", z.object({})),
  dropStatus("PICKED_UP", dropPickedUpBodySchema),
  ...DROP_STATUS_IGNORED_TYPES.map((type) => dropStatus(type, unhandledBody)),
]);
/** See {@link dropStatusEventSchema}. */
export type DropStatusEvent = z.infer<typeof dropStatusEventSchema>;

/** `EVENT_TOPIC_DROP_STATUS`: consumed. */
export const dropStatusContract = topicContract("EVENT_TOPIC_DROP_STATUS", "consumed", dropStatusEventSchema);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_DROP (produced; kafka-produced.md §4.17)

/** `REQUEST_RESERVATION` body: who tries to pick the drop up, from where, and by which pet (-1: none). */
export const requestReservationBodySchema = z.strictObject({
  dropId: uint32,
  characterId: uint32,
  characterX: int16,
  characterY: int16,
  petSlot: int8,
});

/** A pick-up attempt; atlas-drops answers with `PICKED_UP` or a reservation failure. */
export const dropCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    type: z.literal("REQUEST_RESERVATION"),
    body: requestReservationBodySchema,
  }),
]);
/** See {@link dropCommandSchema}. */
export type DropCommand = z.infer<typeof dropCommandSchema>;

/** `COMMAND_TOPIC_DROP`: produced, keyed by the **drop** id as the reference does. */
export const dropCommandContract = topicContract(
  "COMMAND_TOPIC_DROP",
  "produced",
  dropCommandSchema,
  (command) => command.body.dropId,
);
