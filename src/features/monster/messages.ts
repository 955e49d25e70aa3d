/**
 * Kafka contracts of the monster domain: atlas-monsters' status events (consumed, kafka-consumed.md
 * §2.12) and the channel's damage commands (produced, kafka-produced.md §4.18), in
 * /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, int16, int64, int8, uint32, uint8 } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_MONSTER_STATUS (consumed; kafka-consumed.md §2.12)

/** `CREATED` / `DESTROYED` / `STOP_CONTROL` body. */
export const monsterActorBodySchema = z.object({ actorId: uint32 });

/** `START_CONTROL` body: the new controller and the monster's position, stance, foothold and team. */
export const startControlBodySchema = z.object({
  actorId: uint32,
  x: int16,
  y: int16,
  stance: uint8,
  fh: int16,
  team: int8,
});

/**
 * One attacker's share of the damage. `damage` is an int64 in the channel's struct (atlas-monsters
 * sends a uint32); values beyond 2^53 would lose precision in JavaScript, but the channel never reads it.
 */
export const damageEntrySchema = z.object({ characterId: uint32, damage: int64 });

/** `DAMAGED` / `KILLED` body; a `null` damage list (Go's empty slice) is read as `[]`. */
export const monsterDamageBodySchema = z.object({
  x: int16,
  y: int16,
  actorId: uint32,
  damageEntries: goSlice(damageEntrySchema),
});

function monsterStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    uniqueId: uint32,
    monsterId: uint32,
    type: z.literal(type),
    body,
  });
}

/** A monster instance changed (`uniqueId` is the instance, `monsterId` the template). */
export const monsterStatusEventSchema = z.discriminatedUnion("type", [
  monsterStatus("CREATED", monsterActorBodySchema),
  monsterStatus("DESTROYED", monsterActorBodySchema),
  monsterStatus("START_CONTROL", startControlBodySchema),
  monsterStatus("STOP_CONTROL", monsterActorBodySchema),
  monsterStatus("DAMAGED", monsterDamageBodySchema),
  monsterStatus("KILLED", monsterDamageBodySchema),
]);
/** See {@link monsterStatusEventSchema}. */
export type MonsterStatusEvent = z.infer<typeof monsterStatusEventSchema>;

/** `EVENT_TOPIC_MONSTER_STATUS`: consumed. */
export const monsterStatusContract = topicContract(
  "EVENT_TOPIC_MONSTER_STATUS",
  "consumed",
  monsterStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_MONSTER (produced; kafka-produced.md §4.18)

/**
 * One damage line dealt to a monster instance (`monsterId` is the object id, not the template). The
 * envelope has no `mapId`.
 */
export const monsterCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    worldId: uint8,
    channelId: uint8,
    monsterId: uint32,
    type: z.literal("DAMAGE"),
    body: z.strictObject({ characterId: uint32, damage: uint32 }),
  }),
]);
/** See {@link monsterCommandSchema}. */
export type MonsterCommand = z.infer<typeof monsterCommandSchema>;

/** `COMMAND_TOPIC_MONSTER`: produced, keyed by the monster object id. */
export const monsterCommandContract = topicContract(
  "COMMAND_TOPIC_MONSTER",
  "produced",
  monsterCommandSchema,
  (command) => command.monsterId,
);
