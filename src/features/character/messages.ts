/**
 * Kafka contracts of the character domain: atlas-character's status events (consumed,
 * kafka-consumed.md §2.3) and the channel's character commands (produced, kafka-produced.md §4.2), in
 * /work/shared/reference. The SP command keeps the receiver's `skilId` spelling.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, int16, int32, int8, uint32, uint8, unhandledBody } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_CHARACTER_STATUS (consumed; kafka-consumed.md §2.3)

/**
 * `STAT_CHANGED`: the stats named in `updates` changed (values are re-read by REST). An empty or `null`
 * list with `exclRequestSent` is the "enable actions" form. `channelId` is not used by the reference's
 * filter. Unrecognised stat names are kept; the writer reports them as 0 like the reference.
 */
export const statChangedBodySchema = z.object({
  channelId: uint8,
  exclRequestSent: z.boolean(),
  updates: goSlice(z.string()),
});

/** `MAP_CHANGED`: the character warps to `targetMapId` through `targetPortalId`. */
export const mapChangedBodySchema = z.object({
  channelId: uint8,
  oldMapId: uint32,
  targetMapId: uint32,
  targetPortalId: uint32,
});

/** One experience gain, by kind (`WHITE`, `YELLOW`, `PARTY`, ...; `attr1` is the kind's extra value). */
export const experienceDistributionSchema = z.object({
  experienceType: z.string(),
  amount: uint32,
  attr1: uint32,
});

/** `EXPERIENCE_CHANGED`: the gains folded into one status message. */
export const experienceChangedBodySchema = z.object({
  channelId: uint8,
  current: uint32,
  distributions: goSlice(experienceDistributionSchema),
});

/** `FAME_CHANGED`: fame `amount` (±1) given by `actorId`; only `CHARACTER` actors are acted on. */
export const fameChangedBodySchema = z.object({
  actorId: uint32,
  actorType: z.string(),
  amount: int8,
});

/** `MESO_CHANGED`: signed meso change (`actorId`/`actorType` are sent by atlas-character, unused). */
export const mesoChangedBodySchema = z.object({
  actorId: uint32,
  actorType: z.string(),
  amount: int32,
});

/** `LEVEL_CHANGED`: triggers the level-up effect; `amount`/`current` are unused. */
export const levelChangedBodySchema = z.object({
  channelId: uint8,
  amount: uint8,
  current: uint8,
});

function characterStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), worldId: uint8, body });
}

/**
 * `type` values seen on this topic that the channel receives but ignores (kafka-consumed.md §3.4). They
 * validate (bodies undocumented: any object), so a consumer skips them quietly instead of reporting a
 * validation failure.
 */
export const CHARACTER_STATUS_IGNORED_TYPES = [
  "JOB_CHANGED",
  "CREATED",
  "LOGIN",
  "LOGOUT",
  "CHANNEL_CHANGED",
  "UPDATED",
  "DELETED",
  "CREATION_FAILED",
  "NAME_CHANGED",
  "HAIR_CHANGED",
  "FACE_CHANGED",
  "GENDER_CHANGED",
  "SKIN_COLOR_CHANGED",
  "GM_CHANGED",
  "ERROR",
] as const;

/**
 * A character status event from atlas-character (its `transactionId` is ignored): a handled type, or an
 * ignored one from {@link CHARACTER_STATUS_IGNORED_TYPES}.
 */
export const characterStatusEventSchema = z.discriminatedUnion("type", [
  characterStatus("STAT_CHANGED", statChangedBodySchema),
  characterStatus("MAP_CHANGED", mapChangedBodySchema),
  characterStatus("EXPERIENCE_CHANGED", experienceChangedBodySchema),
  characterStatus("FAME_CHANGED", fameChangedBodySchema),
  characterStatus("MESO_CHANGED", mesoChangedBodySchema),
  characterStatus("LEVEL_CHANGED", levelChangedBodySchema),
  ...CHARACTER_STATUS_IGNORED_TYPES.map((type) => characterStatus(type, unhandledBody)),
]);
/** See {@link characterStatusEventSchema}. */
export type CharacterStatusEvent = z.infer<typeof characterStatusEventSchema>;

/** `EVENT_TOPIC_CHARACTER_STATUS`: consumed. */
export const characterStatusContract = topicContract(
  "EVENT_TOPIC_CHARACTER_STATUS",
  "consumed",
  characterStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_CHARACTER (produced; kafka-produced.md §4.2)

/** Abilities AP can be put into (client flags 64, 128, 256, 512, 2048, 8192). */
export const AP_ABILITIES = ["STRENGTH", "DEXTERITY", "INTELLIGENCE", "LUCK", "HP", "MP"] as const;

/** `REQUEST_DISTRIBUTE_AP`: one (ability, points) pair per assignment. */
export const distributeApBodySchema = z.strictObject({
  distributions: z.array(z.strictObject({ ability: z.enum(AP_ABILITIES), amount: int8 })),
});

/** `REQUEST_DISTRIBUTE_SP`: one point into a skill. `skilId` is the receiver's spelling, kept on purpose. */
export const distributeSpBodySchema = z.strictObject({ skilId: uint32, amount: int8 });

/** `REQUEST_DROP_MESO`: drop `amount` mesos in the character's map. */
export const dropMesoBodySchema = z.strictObject({ channelId: uint8, mapId: uint32, amount: uint32 });

/** `CHANGE_HP` / `CHANGE_MP`: a signed delta (negative = cost or damage). */
export const changePoolBodySchema = z.strictObject({ channelId: uint8, amount: int16 });

function characterCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.strictObject({ worldId: uint8, characterId: uint32, type: z.literal(type), body });
}

/** A command to atlas-character (no `transactionId`, as the reference sends it). */
export const characterCommandSchema = z.discriminatedUnion("type", [
  characterCommand("REQUEST_DISTRIBUTE_AP", distributeApBodySchema),
  characterCommand("REQUEST_DISTRIBUTE_SP", distributeSpBodySchema),
  characterCommand("REQUEST_DROP_MESO", dropMesoBodySchema),
  characterCommand("CHANGE_HP", changePoolBodySchema),
  characterCommand("CHANGE_MP", changePoolBodySchema),
]);
/** See {@link characterCommandSchema}. */
export type CharacterCommand = z.infer<typeof characterCommandSchema>;

/** `COMMAND_TOPIC_CHARACTER`: produced, keyed by the character id. */
export const characterCommandContract = topicContract(
  "COMMAND_TOPIC_CHARACTER",
  "produced",
  characterCommandSchema,
  (command) => command.characterId,
);
