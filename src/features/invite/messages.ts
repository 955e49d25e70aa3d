/**
 * Invitation Kafka messages: atlas-invites' status events (kafka-consumed.md §2.26,
 * `EVENT_TOPIC_INVITE_STATUS`) and the accept/reject commands we send it (kafka-produced.md §4.31,
 * `COMMAND_TOPIC_INVITE`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8, uuid } from "../../kafka/wire.ts";

/** Every invite type Atlas defines. */
export const inviteTypeSchema = z.enum([
  "BUDDY",
  "FAMILY",
  "FAMILY_SUMMON",
  "MESSENGER",
  "TRADE",
  "PARTY",
  "GUILD",
  "ALLIANCE",
]);
/** See {@link inviteTypeSchema}. */
export type InviteType = z.infer<typeof inviteTypeSchema>;

/** The invite types the channel produces (the others exist as constants only). */
export const producedInviteTypeSchema = z.enum(["BUDDY", "PARTY", "GUILD", "MESSENGER"]);
/** See {@link producedInviteTypeSchema}. */
export type ProducedInviteType = z.infer<typeof producedInviteTypeSchema>;

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_INVITE_STATUS (consumed, kafka-consumed.md §2.26)
// ---------------------------------------------------------------------------------------------

/** The body of every invite status event. */
export const inviteStatusBodySchema = z.object({ originatorId: uint32, targetId: uint32 });
/** See {@link inviteStatusBodySchema}. */
export type InviteStatusBody = z.infer<typeof inviteStatusBodySchema>;

function inviteStatus<T extends string>(type: T) {
  return z.object({
    worldId: uint8,
    inviteType: inviteTypeSchema,
    /** Party, guild or messenger id; for `BUDDY` the originator's character id. */
    referenceId: uint32,
    type: z.literal(type),
    body: inviteStatusBodySchema,
  });
}

/** An `EVENT_TOPIC_INVITE_STATUS` event; `CREATED` and `REJECTED` are handled, `ACCEPTED` is known. */
export const inviteStatusEventSchema = z.discriminatedUnion("type", [
  inviteStatus("CREATED"),
  inviteStatus("ACCEPTED"),
  inviteStatus("REJECTED"),
]);
/** See {@link inviteStatusEventSchema}. */
export type InviteStatusEvent = z.infer<typeof inviteStatusEventSchema>;

/** Contract of `EVENT_TOPIC_INVITE_STATUS`. */
export const inviteStatusContract = topicContract(
  "EVENT_TOPIC_INVITE_STATUS",
  "consumed",
  inviteStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_INVITE (produced, kafka-produced.md §4.31)
// ---------------------------------------------------------------------------------------------

/** `ACCEPT` body: the accepting character and the party/guild/messenger id (buddy: the requester). */
export const acceptInviteBodySchema = z.object({ targetId: uint32, referenceId: uint32 });
/** See {@link acceptInviteBodySchema}. */
export type AcceptInviteBody = z.infer<typeof acceptInviteBodySchema>;

/** `REJECT` body: the rejecting character and the inviter. */
export const rejectInviteBodySchema = z.object({ targetId: uint32, originatorId: uint32 });
/** See {@link rejectInviteBodySchema}. */
export type RejectInviteBody = z.infer<typeof rejectInviteBodySchema>;

function inviteCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-invites declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    worldId: uint8,
    inviteType: producedInviteTypeSchema,
    type: z.literal(type),
    body,
  });
}

/** A `COMMAND_TOPIC_INVITE` command. Buddy requests are declined with buddy-list `REQUEST_DELETE`. */
export const inviteCommandSchema = z.discriminatedUnion("type", [
  inviteCommand("ACCEPT", acceptInviteBodySchema),
  inviteCommand("REJECT", rejectInviteBodySchema),
]);
/** See {@link inviteCommandSchema}. */
export type InviteCommand = z.infer<typeof inviteCommandSchema>;

/** Contract of `COMMAND_TOPIC_INVITE`, keyed by the acting character (`body.targetId`). */
export const inviteCommandContract = topicContract(
  "COMMAND_TOPIC_INVITE",
  "produced",
  inviteCommandSchema,
  (command) => command.body.targetId,
);
