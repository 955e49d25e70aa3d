/**
 * Guild Kafka messages: atlas-guilds' status events (kafka-consumed.md §2.24,
 * `EVENT_TOPIC_GUILD_STATUS`), its bulletin-board events (§2.25, `EVENT_TOPIC_GUILD_THREAD_STATUS`),
 * the guild command topic, which we both write (kafka-produced.md §4.11) and read for the two
 * client-prompt commands (kafka-consumed.md §2.23), and the bulletin-board commands
 * (kafka-produced.md §4.12, `COMMAND_TOPIC_GUILD_THREAD`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, uint16, uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_GUILD (both: produced §4.11, consumed §2.23)
// ---------------------------------------------------------------------------------------------

/** `REQUEST_CREATE` body (produced). */
export const requestCreateGuildBodySchema = z.object({
  worldId: uint8,
  channelId: uint8,
  mapId: uint32,
  name: z.string(),
});
/** See {@link requestCreateGuildBodySchema}. */
export type RequestCreateGuildBody = z.infer<typeof requestCreateGuildBodySchema>;

/** `CREATION_AGREEMENT` body (produced). */
export const guildCreationAgreementBodySchema = z.object({ agreed: z.boolean() });
/** See {@link guildCreationAgreementBodySchema}. */
export type GuildCreationAgreementBody = z.infer<typeof guildCreationAgreementBodySchema>;

/** `CHANGE_EMBLEM` body (produced). */
export const changeGuildEmblemBodySchema = z.object({
  guildId: uint32,
  logo: uint16,
  logoColor: uint8,
  logoBackground: uint16,
  logoBackgroundColor: uint8,
});
/** See {@link changeGuildEmblemBodySchema}. */
export type ChangeGuildEmblemBody = z.infer<typeof changeGuildEmblemBodySchema>;

/** `CHANGE_NOTICE` body (produced; the client limits the notice to 100 bytes). */
export const changeGuildNoticeBodySchema = z.object({ guildId: uint32, notice: z.string() });
/** See {@link changeGuildNoticeBodySchema}. */
export type ChangeGuildNoticeBody = z.infer<typeof changeGuildNoticeBodySchema>;

/**
 * `LEAVE` body (produced). `force: false` = the envelope character withdraws; `force: true` = kick, and
 * then the envelope `characterId` (and the key) is the kicked member, not the kicker.
 */
export const leaveGuildBodySchema = z.object({ guildId: uint32, force: z.boolean() });
/** See {@link leaveGuildBodySchema}. */
export type LeaveGuildBody = z.infer<typeof leaveGuildBodySchema>;

/** `REQUEST_INVITE` body (produced). */
export const requestGuildInviteBodySchema = z.object({ guildId: uint32, targetId: uint32 });
/** See {@link requestGuildInviteBodySchema}. */
export type RequestGuildInviteBody = z.infer<typeof requestGuildInviteBodySchema>;

/** `CHANGE_TITLES` body (produced): exactly the five rank titles. */
export const changeGuildTitlesBodySchema = z.object({
  guildId: uint32,
  titles: z.array(z.string()).length(5),
});
/** See {@link changeGuildTitlesBodySchema}. */
export type ChangeGuildTitlesBody = z.infer<typeof changeGuildTitlesBodySchema>;

/** `CHANGE_MEMBER_TITLE` body (produced); titles 2..5 (1 is the master). */
export const changeGuildMemberTitleBodySchema = z.object({
  guildId: uint32,
  targetId: uint32,
  title: z.number().int().min(2).max(5),
});
/** See {@link changeGuildMemberTitleBodySchema}. */
export type ChangeGuildMemberTitleBody = z.infer<typeof changeGuildMemberTitleBodySchema>;

/**
 * Body of the commands other services put on this topic for a client: `REQUEST_NAME` and `REQUEST_EMBLEM`
 * (handled: open the guild-name / emblem dialog), and `REQUEST_DISBAND` / `REQUEST_CAPACITY_INCREASE`
 * (atlas-guilds commands with the same body; ignored).
 */
export const guildPromptBodySchema = z.object({ worldId: uint8, channelId: uint8 });
/** See {@link guildPromptBodySchema}. */
export type GuildPromptBody = z.infer<typeof guildPromptBodySchema>;

function producedGuildCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-guilds declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    characterId: uint32,
    type: z.literal(type),
    body,
  });
}

function consumedGuildCommand<T extends string>(type: T) {
  // Producers (atlas-npc-conversations, atlas-saga-orchestrator) may add a transactionId; it is ignored.
  return z.object({ characterId: uint32, type: z.literal(type), body: guildPromptBodySchema });
}

/** A `COMMAND_TOPIC_GUILD` command, produced or consumed. */
export const guildCommandSchema = z.discriminatedUnion("type", [
  producedGuildCommand("REQUEST_CREATE", requestCreateGuildBodySchema),
  producedGuildCommand("CREATION_AGREEMENT", guildCreationAgreementBodySchema),
  producedGuildCommand("CHANGE_EMBLEM", changeGuildEmblemBodySchema),
  producedGuildCommand("CHANGE_NOTICE", changeGuildNoticeBodySchema),
  producedGuildCommand("LEAVE", leaveGuildBodySchema),
  producedGuildCommand("REQUEST_INVITE", requestGuildInviteBodySchema),
  producedGuildCommand("CHANGE_TITLES", changeGuildTitlesBodySchema),
  producedGuildCommand("CHANGE_MEMBER_TITLE", changeGuildMemberTitleBodySchema),
  consumedGuildCommand("REQUEST_NAME"),
  consumedGuildCommand("REQUEST_EMBLEM"),
  consumedGuildCommand("REQUEST_DISBAND"),
  consumedGuildCommand("REQUEST_CAPACITY_INCREASE"),
]);
/** See {@link guildCommandSchema}. */
export type GuildCommand = z.infer<typeof guildCommandSchema>;

/** Contract of `COMMAND_TOPIC_GUILD`, keyed by the envelope `characterId`. */
export const guildCommandContract = topicContract(
  "COMMAND_TOPIC_GUILD",
  "both",
  guildCommandSchema,
  (command) => command.characterId,
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_GUILD_STATUS (consumed, kafka-consumed.md §2.24)
// ---------------------------------------------------------------------------------------------

/** `DISBANDED` body: former members (unused by the reference). */
export const guildDisbandedBodySchema = z.object({ members: goSlice(uint32) });
/** See {@link guildDisbandedBodySchema}. */
export type GuildDisbandedBody = z.infer<typeof guildDisbandedBodySchema>;

/** `REQUEST_AGREEMENT` body: the party leader creating the guild and the proposed name. */
export const guildRequestAgreementBodySchema = z.object({ actorId: uint32, proposedName: z.string() });
/** See {@link guildRequestAgreementBodySchema}. */
export type GuildRequestAgreementBody = z.infer<typeof guildRequestAgreementBodySchema>;

/** `EMBLEM_UPDATED` body. */
export const guildEmblemUpdatedBodySchema = z.object({
  logo: uint16,
  logoColor: uint8,
  logoBackground: uint16,
  logoBackgroundColor: uint8,
});
/** See {@link guildEmblemUpdatedBodySchema}. */
export type GuildEmblemUpdatedBody = z.infer<typeof guildEmblemUpdatedBodySchema>;

/** `MEMBER_STATUS_UPDATED` body. */
export const guildMemberStatusUpdatedBodySchema = z.object({ characterId: uint32, online: z.boolean() });
/** See {@link guildMemberStatusUpdatedBodySchema}. */
export type GuildMemberStatusUpdatedBody = z.infer<typeof guildMemberStatusUpdatedBodySchema>;

/** `MEMBER_TITLE_UPDATED` body. */
export const guildMemberTitleUpdatedBodySchema = z.object({ characterId: uint32, title: uint8 });
/** See {@link guildMemberTitleUpdatedBodySchema}. */
export type GuildMemberTitleUpdatedBody = z.infer<typeof guildMemberTitleUpdatedBodySchema>;

/** `NOTICE_UPDATED` body. */
export const guildNoticeUpdatedBodySchema = z.object({ notice: z.string() });
/** See {@link guildNoticeUpdatedBodySchema}. */
export type GuildNoticeUpdatedBody = z.infer<typeof guildNoticeUpdatedBodySchema>;

/** `CAPACITY_UPDATED` body. */
export const guildCapacityUpdatedBodySchema = z.object({ capacity: uint32 });
/** See {@link guildCapacityUpdatedBodySchema}. */
export type GuildCapacityUpdatedBody = z.infer<typeof guildCapacityUpdatedBodySchema>;

/** `TITLES_UPDATED` body (`guildId` duplicates the envelope's). */
export const guildTitlesUpdatedBodySchema = z.object({ guildId: uint32, titles: goSlice(z.string()) });
/** See {@link guildTitlesUpdatedBodySchema}. */
export type GuildTitlesUpdatedBody = z.infer<typeof guildTitlesUpdatedBodySchema>;

/** `MEMBER_JOINED` body. */
export const guildMemberJoinedBodySchema = z.object({
  characterId: uint32,
  name: z.string(),
  jobId: uint16,
  level: uint8,
  title: uint8,
  online: z.boolean(),
  allianceTitle: uint8,
});
/** See {@link guildMemberJoinedBodySchema}. */
export type GuildMemberJoinedBody = z.infer<typeof guildMemberJoinedBodySchema>;

/** `MEMBER_LEFT` body; `force` = expelled. */
export const guildMemberLeftBodySchema = z.object({ characterId: uint32, force: z.boolean() });
/** See {@link guildMemberLeftBodySchema}. */
export type GuildMemberLeftBody = z.infer<typeof guildMemberLeftBodySchema>;

/** `ERROR` body; the code is mapped via the writer's options. */
export const guildErrorBodySchema = z.object({ actorId: uint32, error: z.string() });
/** See {@link guildErrorBodySchema}. */
export type GuildErrorBody = z.infer<typeof guildErrorBodySchema>;

function guildStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ worldId: uint8, guildId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_GUILD_STATUS` event (atlas-guilds' `transactionId` is dropped). */
export const guildStatusEventSchema = z.discriminatedUnion("type", [
  guildStatus("CREATED", z.object({})),
  guildStatus("DISBANDED", guildDisbandedBodySchema),
  guildStatus("REQUEST_AGREEMENT", guildRequestAgreementBodySchema),
  guildStatus("EMBLEM_UPDATED", guildEmblemUpdatedBodySchema),
  guildStatus("MEMBER_STATUS_UPDATED", guildMemberStatusUpdatedBodySchema),
  guildStatus("MEMBER_TITLE_UPDATED", guildMemberTitleUpdatedBodySchema),
  guildStatus("NOTICE_UPDATED", guildNoticeUpdatedBodySchema),
  guildStatus("CAPACITY_UPDATED", guildCapacityUpdatedBodySchema),
  guildStatus("TITLES_UPDATED", guildTitlesUpdatedBodySchema),
  guildStatus("MEMBER_JOINED", guildMemberJoinedBodySchema),
  guildStatus("MEMBER_LEFT", guildMemberLeftBodySchema),
  guildStatus("ERROR", guildErrorBodySchema),
]);
/** See {@link guildStatusEventSchema}. */
export type GuildStatusEvent = z.infer<typeof guildStatusEventSchema>;

/** Contract of `EVENT_TOPIC_GUILD_STATUS`. */
export const guildStatusContract = topicContract(
  "EVENT_TOPIC_GUILD_STATUS",
  "consumed",
  guildStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_GUILD_THREAD_STATUS (consumed, kafka-consumed.md §2.25)
// ---------------------------------------------------------------------------------------------

/** Body of `REPLY_ADDED` and `REPLY_DELETED` (unused by the reference). */
export const guildThreadReplyBodySchema = z.object({ replyId: uint32 });
/** See {@link guildThreadReplyBodySchema}. */
export type GuildThreadReplyBody = z.infer<typeof guildThreadReplyBodySchema>;

function guildThreadStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    worldId: uint8,
    guildId: uint32,
    actorId: uint32,
    threadId: uint32,
    type: z.literal(type),
    body,
  });
}

/** An `EVENT_TOPIC_GUILD_THREAD_STATUS` event; all but `DELETED` are handled (re-show the thread to the actor). */
export const guildThreadStatusEventSchema = z.discriminatedUnion("type", [
  guildThreadStatus("CREATED", z.object({})),
  guildThreadStatus("UPDATED", z.object({})),
  guildThreadStatus("DELETED", z.object({})),
  guildThreadStatus("REPLY_ADDED", guildThreadReplyBodySchema),
  guildThreadStatus("REPLY_DELETED", guildThreadReplyBodySchema),
]);
/** See {@link guildThreadStatusEventSchema}. */
export type GuildThreadStatusEvent = z.infer<typeof guildThreadStatusEventSchema>;

/** Contract of `EVENT_TOPIC_GUILD_THREAD_STATUS`. */
export const guildThreadStatusContract = topicContract(
  "EVENT_TOPIC_GUILD_THREAD_STATUS",
  "consumed",
  guildThreadStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_GUILD_THREAD (produced, kafka-produced.md §4.12)
// ---------------------------------------------------------------------------------------------

/** `CREATE` body. */
export const createGuildThreadBodySchema = z.object({
  notice: z.boolean(),
  title: z.string(),
  message: z.string(),
  emoticonId: uint32,
});
/** See {@link createGuildThreadBodySchema}. */
export type CreateGuildThreadBody = z.infer<typeof createGuildThreadBodySchema>;

/** `UPDATE` body. */
export const updateGuildThreadBodySchema = z.object({
  threadId: uint32,
  notice: z.boolean(),
  title: z.string(),
  message: z.string(),
  emoticonId: uint32,
});
/** See {@link updateGuildThreadBodySchema}. */
export type UpdateGuildThreadBody = z.infer<typeof updateGuildThreadBodySchema>;

/** `DELETE` body. */
export const deleteGuildThreadBodySchema = z.object({ threadId: uint32 });
/** See {@link deleteGuildThreadBodySchema}. */
export type DeleteGuildThreadBody = z.infer<typeof deleteGuildThreadBodySchema>;

/** `ADD_REPLY` body. */
export const addGuildThreadReplyBodySchema = z.object({ threadId: uint32, message: z.string() });
/** See {@link addGuildThreadReplyBodySchema}. */
export type AddGuildThreadReplyBody = z.infer<typeof addGuildThreadReplyBodySchema>;

/** `DELETE_REPLY` body. */
export const deleteGuildThreadReplyBodySchema = z.object({ threadId: uint32, replyId: uint32 });
/** See {@link deleteGuildThreadReplyBodySchema}. */
export type DeleteGuildThreadReplyBody = z.infer<typeof deleteGuildThreadReplyBodySchema>;

function guildThreadCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ guildId: uint32, characterId: uint32, type: z.literal(type), body });
}

/** A `COMMAND_TOPIC_GUILD_THREAD` command. */
export const guildThreadCommandSchema = z.discriminatedUnion("type", [
  guildThreadCommand("CREATE", createGuildThreadBodySchema),
  guildThreadCommand("UPDATE", updateGuildThreadBodySchema),
  guildThreadCommand("DELETE", deleteGuildThreadBodySchema),
  guildThreadCommand("ADD_REPLY", addGuildThreadReplyBodySchema),
  guildThreadCommand("DELETE_REPLY", deleteGuildThreadReplyBodySchema),
]);
/** See {@link guildThreadCommandSchema}. */
export type GuildThreadCommand = z.infer<typeof guildThreadCommandSchema>;

/** Contract of `COMMAND_TOPIC_GUILD_THREAD`, keyed by the **guild** id. */
export const guildThreadCommandContract = topicContract(
  "COMMAND_TOPIC_GUILD_THREAD",
  "produced",
  guildThreadCommandSchema,
  (command) => command.guildId,
);
