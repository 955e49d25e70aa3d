/**
 * Kafka contracts of the movement domain: the three movement command topics, following kafka-produced.md
 * §4.3–§4.5 in /work/shared/reference. One flat shape for all three, with no `type` and no `body`.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, uint32, uint64, uint8 } from "../../kafka/wire.ts";

/**
 * A summarised movement: final position and stance of an object as reported by `observerId`'s client.
 * `objectId` is a Go uint64 (character id, monster object id or pet id); the reference never produces a
 * value above 2^32−1 (pet ids from the client are truncated to 32 bits), and a JavaScript number is only
 * exact up to 2^53−1, which is the bound enforced here.
 */
export const movementCommandSchema = z.strictObject({
  worldId: uint8,
  channelId: uint8,
  mapId: uint32,
  objectId: uint64,
  observerId: uint32,
  x: int16,
  y: int16,
  stance: uint8,
});
/** See {@link movementCommandSchema}. */
export type MovementCommand = z.infer<typeof movementCommandSchema>;

const byObjectId = (command: MovementCommand) => command.objectId;

/** `COMMAND_TOPIC_CHARACTER_MOVEMENT`: produced to atlas-character, keyed by the character id. */
export const characterMovementContract = topicContract(
  "COMMAND_TOPIC_CHARACTER_MOVEMENT",
  "produced",
  movementCommandSchema,
  byObjectId,
);

/** `COMMAND_TOPIC_MONSTER_MOVEMENT`: produced to atlas-monsters, keyed by the monster object id. */
export const monsterMovementContract = topicContract(
  "COMMAND_TOPIC_MONSTER_MOVEMENT",
  "produced",
  movementCommandSchema,
  byObjectId,
);

/** `COMMAND_TOPIC_PET_MOVEMENT`: produced to atlas-pets, keyed by the pet id. */
export const petMovementContract = topicContract(
  "COMMAND_TOPIC_PET_MOVEMENT",
  "produced",
  movementCommandSchema,
  byObjectId,
);
