/**
 * Pet Kafka messages: atlas-pets' status events (kafka-consumed.md §2.32, `EVENT_TOPIC_PET_STATUS`)
 * and the commands we send it (kafka-produced.md §4.26, `COMMAND_TOPIC_PET`). Pet movement and pet
 * chat live with movement and chat.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, int16, int8, uint16, uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_PET_STATUS (consumed, kafka-consumed.md §2.32)
// ---------------------------------------------------------------------------------------------

/** The leading fields `SPAWNED` and `DESPAWNED` share, in wire order. */
const petFields = {
  templateId: uint32,
  name: z.string(),
  slot: int8,
  level: uint8,
  closeness: uint16,
  fullness: uint8,
};

/** `SPAWNED` body: everything needed to show the pet without a REST lookup. */
export const petSpawnedBodySchema = z.object({
  ...petFields,
  x: int16,
  y: int16,
  stance: uint8,
  fh: int16,
});
/** See {@link petSpawnedBodySchema}. */
export type PetSpawnedBody = z.infer<typeof petSpawnedBodySchema>;

/** `DESPAWNED` body; only `oldSlot` and `reason` (`NORMAL`, `HUNGER`, `EXPIRED`, mapped via writer options) are used. */
export const petDespawnedBodySchema = z.object({
  ...petFields,
  oldSlot: int8,
  reason: z.string(),
});
/** See {@link petDespawnedBodySchema}. */
export type PetDespawnedBody = z.infer<typeof petDespawnedBodySchema>;

/** `COMMAND_RESPONSE` body. */
export const petCommandResponseBodySchema = z.object({
  slot: int8,
  closeness: uint16,
  fullness: uint8,
  commandId: uint8,
  success: z.boolean(),
});
/** See {@link petCommandResponseBodySchema}. */
export type PetCommandResponseBody = z.infer<typeof petCommandResponseBodySchema>;

/** `CLOSENESS_CHANGED` body (atlas-pets may add a `transactionId`; dropped). */
export const petClosenessChangedBodySchema = z.object({ slot: int8, closeness: uint16, amount: int16 });
/** See {@link petClosenessChangedBodySchema}. */
export type PetClosenessChangedBody = z.infer<typeof petClosenessChangedBodySchema>;

/** `FULLNESS_CHANGED` body; a positive `amount` means the pet was fed. */
export const petFullnessChangedBodySchema = z.object({ slot: int8, fullness: uint8, amount: int8 });
/** See {@link petFullnessChangedBodySchema}. */
export type PetFullnessChangedBody = z.infer<typeof petFullnessChangedBodySchema>;

/** `LEVEL_CHANGED` body. */
export const petLevelChangedBodySchema = z.object({ slot: int8, level: uint8, amount: int8 });
/** See {@link petLevelChangedBodySchema}. */
export type PetLevelChangedBody = z.infer<typeof petLevelChangedBodySchema>;

/** `SLOT_CHANGED` body; a negative `newSlot` means the pet was put away. */
export const petSlotChangedBodySchema = z.object({ oldSlot: int8, newSlot: int8 });
/** See {@link petSlotChangedBodySchema}. */
export type PetSlotChangedBody = z.infer<typeof petSlotChangedBodySchema>;

/** `EXCLUDE_CHANGED` body: item ids the pet will not pick up. */
export const petExcludeChangedBodySchema = z.object({ items: goSlice(uint32) });
/** See {@link petExcludeChangedBodySchema}. */
export type PetExcludeChangedBody = z.infer<typeof petExcludeChangedBodySchema>;

function petStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ petId: uint32, ownerId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_PET_STATUS` event; `CREATED`/`DELETED` are known but unhandled. */
export const petStatusEventSchema = z.discriminatedUnion("type", [
  petStatus("CREATED", z.object({})),
  petStatus("DELETED", z.object({})),
  petStatus("SPAWNED", petSpawnedBodySchema),
  petStatus("DESPAWNED", petDespawnedBodySchema),
  petStatus("COMMAND_RESPONSE", petCommandResponseBodySchema),
  petStatus("CLOSENESS_CHANGED", petClosenessChangedBodySchema),
  petStatus("FULLNESS_CHANGED", petFullnessChangedBodySchema),
  petStatus("LEVEL_CHANGED", petLevelChangedBodySchema),
  petStatus("SLOT_CHANGED", petSlotChangedBodySchema),
  petStatus("EXCLUDE_CHANGED", petExcludeChangedBodySchema),
]);
/** See {@link petStatusEventSchema}. */
export type PetStatusEvent = z.infer<typeof petStatusEventSchema>;

/** Contract of `EVENT_TOPIC_PET_STATUS`. */
export const petStatusContract = topicContract("EVENT_TOPIC_PET_STATUS", "consumed", petStatusEventSchema);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_PET (produced, kafka-produced.md §4.26)
// ---------------------------------------------------------------------------------------------

/** `SPAWN` body. */
export const spawnPetBodySchema = z.object({ lead: z.boolean() });
/** See {@link spawnPetBodySchema}. */
export type SpawnPetBody = z.infer<typeof spawnPetBodySchema>;

/** `ATTEMPT_COMMAND` body. */
export const attemptPetCommandBodySchema = z.object({ commandId: uint8, byName: z.boolean() });
/** See {@link attemptPetCommandBodySchema}. */
export type AttemptPetCommandBody = z.infer<typeof attemptPetCommandBodySchema>;

/** `EXCLUDE` body: the full exclusion list (may be empty). */
export const excludePetItemsBodySchema = z.object({ items: z.array(uint32) });
/** See {@link excludePetItemsBodySchema}. */
export type ExcludePetItemsBody = z.infer<typeof excludePetItemsBodySchema>;

function petCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-pets declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    actorId: uint32,
    /** 32 bits: the client's 64-bit pet id is truncated, as in the reference. */
    petId: uint32,
    type: z.literal(type),
    body,
  });
}

/** A `COMMAND_TOPIC_PET` command; `actorId` is the owner. */
export const petCommandSchema = z.discriminatedUnion("type", [
  petCommand("SPAWN", spawnPetBodySchema),
  petCommand("DESPAWN", z.object({})),
  petCommand("ATTEMPT_COMMAND", attemptPetCommandBodySchema),
  petCommand("EXCLUDE", excludePetItemsBodySchema),
]);
/** See {@link petCommandSchema}. */
export type PetCommand = z.infer<typeof petCommandSchema>;

/** Contract of `COMMAND_TOPIC_PET`, keyed by the **pet** id. */
export const petCommandContract = topicContract(
  "COMMAND_TOPIC_PET",
  "produced",
  petCommandSchema,
  (command) => command.petId,
);
