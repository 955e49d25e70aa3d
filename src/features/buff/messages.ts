/**
 * Kafka contracts of the buff domain: atlas-buffs' status events (consumed, kafka-consumed.md §2.21) and
 * the channel's apply/cancel commands (produced, kafka-produced.md §4.23), in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, int32, time, uint32, uint8 } from "../../kafka/wire.ts";

/** One temporary-stat change of a buff (`type` is a stat name such as `SPEED` or `MAGIC_GUARD`). */
export const statChangeSchema = z.object({ type: z.string(), amount: int32 });
/** See {@link statChangeSchema}. */
export type StatChange = z.infer<typeof statChangeSchema>;

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_CHARACTER_BUFF_STATUS (consumed; kafka-consumed.md §2.21)

const consumedChanges = goSlice(statChangeSchema);

/** `APPLIED` body: the buff now active on the character (`fromId`, the caster, is unused). */
export const buffAppliedBodySchema = z.object({
  fromId: uint32,
  sourceId: int32,
  duration: int32,
  changes: consumedChanges,
  createdAt: time,
  expiresAt: time,
});

/** `EXPIRED` body: as `APPLIED` without `fromId`. */
export const buffExpiredBodySchema = z.object({
  sourceId: int32,
  duration: int32,
  changes: consumedChanges,
  createdAt: time,
  expiresAt: time,
});

function buffStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ worldId: uint8, characterId: uint32, type: z.literal(type), body });
}

/** A buff started or ended on a character. */
export const buffStatusEventSchema = z.discriminatedUnion("type", [
  buffStatus("APPLIED", buffAppliedBodySchema),
  buffStatus("EXPIRED", buffExpiredBodySchema),
]);
/** See {@link buffStatusEventSchema}. */
export type BuffStatusEvent = z.infer<typeof buffStatusEventSchema>;

/** `EVENT_TOPIC_CHARACTER_BUFF_STATUS`: consumed. */
export const buffStatusContract = topicContract(
  "EVENT_TOPIC_CHARACTER_BUFF_STATUS",
  "consumed",
  buffStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_CHARACTER_BUFF (produced; kafka-produced.md §4.23)

/** `APPLY` body: `duration` is in seconds as atlas-buffs reads it; one change per stat-up. */
export const applyBuffBodySchema = z.strictObject({
  fromId: uint32,
  sourceId: int32,
  duration: int32,
  changes: z.array(z.strictObject({ type: z.string(), amount: int32 })),
});

function buffCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.strictObject({
    worldId: uint8,
    channelId: uint8,
    characterId: uint32,
    type: z.literal(type),
    body,
  });
}

/** Apply a buff to `characterId` (the caster or a party member) or cancel one by its source id. */
export const buffCommandSchema = z.discriminatedUnion("type", [
  buffCommand("APPLY", applyBuffBodySchema),
  buffCommand("CANCEL", z.strictObject({ sourceId: int32 })),
]);
/** See {@link buffCommandSchema}. */
export type BuffCommand = z.infer<typeof buffCommandSchema>;

/** `COMMAND_TOPIC_CHARACTER_BUFF`: produced, keyed by the character receiving or losing the buff. */
export const buffCommandContract = topicContract(
  "COMMAND_TOPIC_CHARACTER_BUFF",
  "produced",
  buffCommandSchema,
  (command) => command.characterId,
);
