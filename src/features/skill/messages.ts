/**
 * Kafka contracts of the skill domain: atlas-skills' status events (consumed, kafka-consumed.md §2.36),
 * the channel's cooldown commands (produced, kafka-produced.md §4.22) and skill-macro updates (produced,
 * kafka-produced.md §4.24), in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { time, uint32, uint8 } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_SKILL_STATUS (consumed; kafka-consumed.md §2.36)

/** `CREATED` / `UPDATED` body; `expiration` is Go's zero time for skills that never expire. */
export const skillLevelBodySchema = z.object({ level: uint8, masterLevel: uint8, expiration: time });

function skillStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, skillId: uint32, type: z.literal(type), body });
}

/** A character's skill was learnt, changed, or its cooldown started or ended. */
export const skillStatusEventSchema = z.discriminatedUnion("type", [
  skillStatus("CREATED", skillLevelBodySchema),
  skillStatus("UPDATED", skillLevelBodySchema),
  skillStatus("COOLDOWN_APPLIED", z.object({ cooldownExpiresAt: time })),
  skillStatus("COOLDOWN_EXPIRED", z.object({})),
]);
/** See {@link skillStatusEventSchema}. */
export type SkillStatusEvent = z.infer<typeof skillStatusEventSchema>;

/** `EVENT_TOPIC_SKILL_STATUS`: consumed. */
export const skillStatusContract = topicContract(
  "EVENT_TOPIC_SKILL_STATUS",
  "consumed",
  skillStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_SKILL (produced; kafka-produced.md §4.22)

/** Start a skill's cooldown; `cooldown` is in seconds as atlas-skills reads it. */
export const skillCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    characterId: uint32,
    type: z.literal("SET_COOLDOWN"),
    body: z.strictObject({ skillId: uint32, cooldown: uint32 }),
  }),
]);
/** See {@link skillCommandSchema}. */
export type SkillCommand = z.infer<typeof skillCommandSchema>;

/** `COMMAND_TOPIC_SKILL`: produced, keyed by the character id. */
export const skillCommandContract = topicContract(
  "COMMAND_TOPIC_SKILL",
  "produced",
  skillCommandSchema,
  (command) => command.characterId,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_SKILL_MACRO (produced; kafka-produced.md §4.24)

/** One macro; `id` is its 0-based position, `shout` the inverse of the client's flag byte. */
export const skillMacroSchema = z.strictObject({
  id: uint32,
  name: z.string(),
  shout: z.boolean(),
  skillId1: uint32,
  skillId2: uint32,
  skillId3: uint32,
});
/** See {@link skillMacroSchema}. */
export type SkillMacro = z.infer<typeof skillMacroSchema>;

/** Replace a character's whole macro set (possibly with `[]`). */
export const skillMacroCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    characterId: uint32,
    type: z.literal("UPDATE"),
    body: z.strictObject({ macros: z.array(skillMacroSchema) }),
  }),
]);
/** See {@link skillMacroCommandSchema}. */
export type SkillMacroCommand = z.infer<typeof skillMacroCommandSchema>;

/** `COMMAND_TOPIC_SKILL_MACRO`: produced, keyed by the character id. */
export const skillMacroCommandContract = topicContract(
  "COMMAND_TOPIC_SKILL_MACRO",
  "produced",
  skillMacroCommandSchema,
  (command) => command.characterId,
);
