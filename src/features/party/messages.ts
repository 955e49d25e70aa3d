/**
 * Party Kafka messages: atlas-parties' status events (kafka-consumed.md §2.30,
 * `EVENT_TOPIC_PARTY_STATUS`), its member log-in/log-out events (§2.31,
 * `EVENT_TOPIC_PARTY_MEMBER_STATUS`) and the commands we send it (kafka-produced.md §4.10,
 * `COMMAND_TOPIC_PARTY`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, uint32, uint8 } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_PARTY_STATUS (consumed, kafka-consumed.md §2.30)
// ---------------------------------------------------------------------------------------------

/** Body of `CREATED`, `JOINED` and `LEFT`: empty; the actor and party ids are in the envelope. */
export const partyEmptyBodySchema = z.object({});

/** `EXPEL` body: the expelled member. */
export const partyExpelBodySchema = z.object({ characterId: uint32 });
/** See {@link partyExpelBodySchema}. */
export type PartyExpelBody = z.infer<typeof partyExpelBodySchema>;

/** `DISBAND` body: the former members (Go may send `null` for none). */
export const partyDisbandBodySchema = z.object({ members: goSlice(uint32) });
/** See {@link partyDisbandBodySchema}. */
export type PartyDisbandBody = z.infer<typeof partyDisbandBodySchema>;

/** `CHANGE_LEADER` body: the new leader, and whether leadership passed because the old one disconnected. */
export const partyChangeLeaderBodySchema = z.object({ characterId: uint32, disconnected: z.boolean() });
/** See {@link partyChangeLeaderBodySchema}. */
export type PartyChangeLeaderBody = z.infer<typeof partyChangeLeaderBodySchema>;

/** `ERROR` body: `type` is the error code (not the discriminator), mapped via the writer's options. */
export const partyErrorBodySchema = z.object({ type: z.string(), characterName: z.string() });
/** See {@link partyErrorBodySchema}. */
export type PartyErrorBody = z.infer<typeof partyErrorBodySchema>;

function partyStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ actorId: uint32, worldId: uint8, partyId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_PARTY_STATUS` event. */
export const partyStatusEventSchema = z.discriminatedUnion("type", [
  partyStatus("CREATED", partyEmptyBodySchema),
  partyStatus("JOINED", partyEmptyBodySchema),
  partyStatus("LEFT", partyEmptyBodySchema),
  partyStatus("EXPEL", partyExpelBodySchema),
  partyStatus("DISBAND", partyDisbandBodySchema),
  partyStatus("CHANGE_LEADER", partyChangeLeaderBodySchema),
  partyStatus("ERROR", partyErrorBodySchema),
]);
/** See {@link partyStatusEventSchema}. */
export type PartyStatusEvent = z.infer<typeof partyStatusEventSchema>;

/** Contract of `EVENT_TOPIC_PARTY_STATUS`. */
export const partyStatusContract = topicContract(
  "EVENT_TOPIC_PARTY_STATUS",
  "consumed",
  partyStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_PARTY_MEMBER_STATUS (consumed, kafka-consumed.md §2.31)
// ---------------------------------------------------------------------------------------------

function partyMemberStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ worldId: uint8, partyId: uint32, characterId: uint32, type: z.literal(type), body });
}

/**
 * An `EVENT_TOPIC_PARTY_MEMBER_STATUS` event. `LOGIN`/`LOGOUT` are handled; atlas-parties also emits
 * `LEVEL_CHANGED` and `JOB_CHANGED`, which the channel ignores, so their bodies are not checked.
 */
export const partyMemberStatusEventSchema = z.discriminatedUnion("type", [
  partyMemberStatus("LOGIN", z.object({})),
  partyMemberStatus("LOGOUT", z.object({})),
  partyMemberStatus("LEVEL_CHANGED", z.object({})),
  partyMemberStatus("JOB_CHANGED", z.object({})),
]);
/** See {@link partyMemberStatusEventSchema}. */
export type PartyMemberStatusEvent = z.infer<typeof partyMemberStatusEventSchema>;

/** Contract of `EVENT_TOPIC_PARTY_MEMBER_STATUS`. */
export const partyMemberStatusContract = topicContract(
  "EVENT_TOPIC_PARTY_MEMBER_STATUS",
  "consumed",
  partyMemberStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_PARTY (produced, kafka-produced.md §4.10)
// ---------------------------------------------------------------------------------------------

/** `CREATE` body: empty. */
export const createPartyBodySchema = z.object({});

/**
 * `LEAVE` body. With `force: true` it is an expel, and atlas-parties expels the envelope's `actorId`
 * (it passes the actor as the character to remove). The reference sent the leader there, so the leader
 * was "expelled"; we send the expelled member as `actorId` instead (README decision 3).
 */
export const leavePartyBodySchema = z.object({ partyId: uint32, force: z.boolean() });
/** See {@link leavePartyBodySchema}. */
export type LeavePartyBody = z.infer<typeof leavePartyBodySchema>;

/** `CHANGE_LEADER` body. */
export const changePartyLeaderBodySchema = z.object({ partyId: uint32, leaderId: uint32 });
/** See {@link changePartyLeaderBodySchema}. */
export type ChangePartyLeaderBody = z.infer<typeof changePartyLeaderBodySchema>;

/** `REQUEST_INVITE` body: the invitee. */
export const requestPartyInviteBodySchema = z.object({ characterId: uint32 });
/** See {@link requestPartyInviteBodySchema}. */
export type RequestPartyInviteBody = z.infer<typeof requestPartyInviteBodySchema>;

function partyCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ actorId: uint32, type: z.literal(type), body });
}

/** A `COMMAND_TOPIC_PARTY` command. (Joining goes through `COMMAND_TOPIC_INVITE`.) */
export const partyCommandSchema = z.discriminatedUnion("type", [
  partyCommand("CREATE", createPartyBodySchema),
  partyCommand("LEAVE", leavePartyBodySchema),
  partyCommand("CHANGE_LEADER", changePartyLeaderBodySchema),
  partyCommand("REQUEST_INVITE", requestPartyInviteBodySchema),
]);
/** See {@link partyCommandSchema}. */
export type PartyCommand = z.infer<typeof partyCommandSchema>;

/** Contract of `COMMAND_TOPIC_PARTY`, keyed by `actorId`. */
export const partyCommandContract = topicContract(
  "COMMAND_TOPIC_PARTY",
  "produced",
  partyCommandSchema,
  (command) => command.actorId,
);
