/**
 * Messenger Kafka messages: atlas-messengers' status events (kafka-consumed.md §2.27,
 * `EVENT_TOPIC_MESSENGER_STATUS`) and the commands we send it (kafka-produced.md §4.13,
 * `COMMAND_TOPIC_MESSENGER`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_MESSENGER_STATUS (consumed, kafka-consumed.md §2.27)
// ---------------------------------------------------------------------------------------------

/** Body of `JOINED` (the joiner's slot) and `LEFT` (the slot being vacated). */
export const messengerSlotBodySchema = z.object({ slot: uint8 });
/** See {@link messengerSlotBodySchema}. */
export type MessengerSlotBody = z.infer<typeof messengerSlotBodySchema>;

/** `ERROR` body as atlas-messengers sends it (the reference ignores this type). */
export const messengerErrorBodySchema = z.object({ type: z.string(), characterName: z.string() });
/** See {@link messengerErrorBodySchema}. */
export type MessengerErrorBody = z.infer<typeof messengerErrorBodySchema>;

function messengerStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ actorId: uint32, worldId: uint8, messengerId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_MESSENGER_STATUS` event; `JOINED` and `LEFT` are handled, `CREATED` and `ERROR` known. */
export const messengerStatusEventSchema = z.discriminatedUnion("type", [
  messengerStatus("CREATED", z.object({})),
  messengerStatus("JOINED", messengerSlotBodySchema),
  messengerStatus("LEFT", messengerSlotBodySchema),
  messengerStatus("ERROR", messengerErrorBodySchema),
]);
/** See {@link messengerStatusEventSchema}. */
export type MessengerStatusEvent = z.infer<typeof messengerStatusEventSchema>;

/** Contract of `EVENT_TOPIC_MESSENGER_STATUS`. */
export const messengerStatusContract = topicContract(
  "EVENT_TOPIC_MESSENGER_STATUS",
  "consumed",
  messengerStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_MESSENGER (produced, kafka-produced.md §4.13)
// ---------------------------------------------------------------------------------------------

/** `LEAVE` body. */
export const leaveMessengerBodySchema = z.object({ messengerId: uint32 });
/** See {@link leaveMessengerBodySchema}. */
export type LeaveMessengerBody = z.infer<typeof leaveMessengerBodySchema>;

/** `REQUEST_INVITE` body: the invitee. */
export const requestMessengerInviteBodySchema = z.object({ characterId: uint32 });
/** See {@link requestMessengerInviteBodySchema}. */
export type RequestMessengerInviteBody = z.infer<typeof requestMessengerInviteBodySchema>;

function messengerCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-messengers declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    actorId: uint32,
    type: z.literal(type),
    body,
  });
}

/** A `COMMAND_TOPIC_MESSENGER` command. (Joining an existing messenger goes through invites.) */
export const messengerCommandSchema = z.discriminatedUnion("type", [
  messengerCommand("CREATE", z.object({})),
  messengerCommand("LEAVE", leaveMessengerBodySchema),
  messengerCommand("REQUEST_INVITE", requestMessengerInviteBodySchema),
]);
/** See {@link messengerCommandSchema}. */
export type MessengerCommand = z.infer<typeof messengerCommandSchema>;

/** Contract of `COMMAND_TOPIC_MESSENGER`, keyed by `actorId`. */
export const messengerCommandContract = topicContract(
  "COMMAND_TOPIC_MESSENGER",
  "produced",
  messengerCommandSchema,
  (command) => command.actorId,
);
