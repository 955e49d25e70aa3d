/**
 * Buddy-list Kafka messages: the status events atlas-buddies sends us
 * (kafka-consumed.md §2.20, `EVENT_TOPIC_BUDDY_LIST_STATUS`) and the commands we send it
 * (kafka-produced.md §4.9, `COMMAND_TOPIC_BUDDY_LIST`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int8, uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_BUDDY_LIST_STATUS (consumed, kafka-consumed.md §2.20)
// ---------------------------------------------------------------------------------------------

/** `BUDDY_ADDED` body; the channel re-fetches the whole list, so these fields are informational. */
export const buddyAddedBodySchema = z.object({
  characterId: uint32,
  group: z.string(),
  characterName: z.string(),
  /** The buddy's channel; -1 when offline. */
  channelId: int8,
});
/** See {@link buddyAddedBodySchema}. */
export type BuddyAddedBody = z.infer<typeof buddyAddedBodySchema>;

/** `BUDDY_REMOVED` body. */
export const buddyRemovedBodySchema = z.object({ characterId: uint32 });
/** See {@link buddyRemovedBodySchema}. */
export type BuddyRemovedBody = z.infer<typeof buddyRemovedBodySchema>;

/** `BUDDY_UPDATED` body: one buddy's new group, name, channel and cash-shop presence. */
export const buddyUpdatedBodySchema = z.object({
  characterId: uint32,
  group: z.string(),
  characterName: z.string(),
  channelId: int8,
  inShop: z.boolean(),
});
/** See {@link buddyUpdatedBodySchema}. */
export type BuddyUpdatedBody = z.infer<typeof buddyUpdatedBodySchema>;

/** `BUDDY_CHANNEL_CHANGE` body. */
export const buddyChannelChangeBodySchema = z.object({ characterId: uint32, channelId: int8 });
/** See {@link buddyChannelChangeBodySchema}. */
export type BuddyChannelChangeBody = z.infer<typeof buddyChannelChangeBodySchema>;

/** `CAPACITY_CHANGE` body (atlas-buddies also puts a `transactionId` here; it is dropped). */
export const buddyCapacityChangeBodySchema = z.object({ capacity: uint8 });
/** See {@link buddyCapacityChangeBodySchema}. */
export type BuddyCapacityChangeBody = z.infer<typeof buddyCapacityChangeBodySchema>;

/**
 * `ERROR` body. The code (`BUDDY_LIST_FULL`, `ALREADY_BUDDY`, ...) is mapped to a client byte through the
 * writer's configured options, so any string is accepted here and unknown codes are the writer's concern.
 */
export const buddyErrorBodySchema = z.object({ error: z.string() });
/** See {@link buddyErrorBodySchema}. */
export type BuddyErrorBody = z.infer<typeof buddyErrorBodySchema>;

function buddyListStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ worldId: uint8, characterId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_BUDDY_LIST_STATUS` event; `characterId` is the owner of the changed list. */
export const buddyListStatusEventSchema = z.discriminatedUnion("type", [
  buddyListStatus("BUDDY_ADDED", buddyAddedBodySchema),
  buddyListStatus("BUDDY_REMOVED", buddyRemovedBodySchema),
  buddyListStatus("BUDDY_UPDATED", buddyUpdatedBodySchema),
  buddyListStatus("BUDDY_CHANNEL_CHANGE", buddyChannelChangeBodySchema),
  buddyListStatus("CAPACITY_CHANGE", buddyCapacityChangeBodySchema),
  buddyListStatus("ERROR", buddyErrorBodySchema),
]);
/** See {@link buddyListStatusEventSchema}. */
export type BuddyListStatusEvent = z.infer<typeof buddyListStatusEventSchema>;

/** Contract of `EVENT_TOPIC_BUDDY_LIST_STATUS`. */
export const buddyListStatusContract = topicContract(
  "EVENT_TOPIC_BUDDY_LIST_STATUS",
  "consumed",
  buddyListStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_BUDDY_LIST (produced, kafka-produced.md §4.9)
// ---------------------------------------------------------------------------------------------

/**
 * `REQUEST_ADD` body. atlas-buddies declares a `characterName` between the two fields that it never reads;
 * the reference does not send it, so it is optional here.
 */
export const requestAddBuddyBodySchema = z.object({
  characterId: uint32,
  characterName: z.string().optional(),
  group: z.string(),
});
/** See {@link requestAddBuddyBodySchema}. */
export type RequestAddBuddyBody = z.infer<typeof requestAddBuddyBodySchema>;

/** `REQUEST_DELETE` body: removes a buddy, and also declines a pending buddy request. */
export const requestDeleteBuddyBodySchema = z.object({ characterId: uint32 });
/** See {@link requestDeleteBuddyBodySchema}. */
export type RequestDeleteBuddyBody = z.infer<typeof requestDeleteBuddyBodySchema>;

function buddyListCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // The receiver declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    worldId: uint8,
    characterId: uint32,
    type: z.literal(type),
    body,
  });
}

/** A `COMMAND_TOPIC_BUDDY_LIST` command; `characterId` is the acting list owner. */
export const buddyListCommandSchema = z.discriminatedUnion("type", [
  buddyListCommand("REQUEST_ADD", requestAddBuddyBodySchema),
  buddyListCommand("REQUEST_DELETE", requestDeleteBuddyBodySchema),
]);
/** See {@link buddyListCommandSchema}. */
export type BuddyListCommand = z.infer<typeof buddyListCommandSchema>;

/** Contract of `COMMAND_TOPIC_BUDDY_LIST`, keyed by the acting character. */
export const buddyListCommandContract = topicContract(
  "COMMAND_TOPIC_BUDDY_LIST",
  "produced",
  buddyListCommandSchema,
  (command) => command.characterId,
);
