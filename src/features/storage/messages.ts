/**
 * Storage Kafka messages: atlas-storage's status events (kafka-consumed.md §2.19,
 * `EVENT_TOPIC_STORAGE_STATUS`), the command we send it (kafka-produced.md §4.35,
 * `COMMAND_TOPIC_STORAGE`) and the saga orchestrator's "show storage" command (kafka-consumed.md §2.37,
 * `COMMAND_TOPIC_STORAGE_SHOW`). Item and meso moves go through the saga topic (see `../saga`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, time, uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_STORAGE_STATUS (consumed, kafka-consumed.md §2.19)
// ---------------------------------------------------------------------------------------------

/** `MESOS_UPDATED` body. */
export const storageMesosUpdatedBodySchema = z.object({ oldMesos: uint32, newMesos: uint32 });
/** See {@link storageMesosUpdatedBodySchema}. */
export type StorageMesosUpdatedBody = z.infer<typeof storageMesosUpdatedBodySchema>;

/**
 * `ERROR` body: `STORAGE_FULL`, `NOT_ENOUGH_MESOS` and `ONE_OF_A_KIND` have their own client forms; any
 * other code (including `GENERIC`) is shown as free text from `message`, which is omitted when empty.
 */
export const storageErrorBodySchema = z.object({ errorCode: z.string(), message: z.string().optional() });
/** See {@link storageErrorBodySchema}. */
export type StorageErrorBody = z.infer<typeof storageErrorBodySchema>;

function storageStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ transactionId: uuid, worldId: uint8, accountId: uint32, type: z.literal(type), body });
}

/** `DEPOSITED` body: the asset now in storage. */
export const storageDepositedBodySchema = z.object({
  assetId: uint32,
  slot: int16,
  templateId: uint32,
  referenceId: uint32.optional(),
  referenceType: z.string().optional(),
  expiration: time.optional(),
});
/** See {@link storageDepositedBodySchema}. */
export type StorageDepositedBody = z.infer<typeof storageDepositedBodySchema>;

/** `WITHDRAWN` body: the asset taken out (`quantity` absent when all of it). */
export const storageWithdrawnBodySchema = z.object({
  assetId: uint32,
  slot: int16,
  templateId: uint32,
  quantity: uint32.optional(),
});
/** See {@link storageWithdrawnBodySchema}. */
export type StorageWithdrawnBody = z.infer<typeof storageWithdrawnBodySchema>;

/**
 * An `EVENT_TOPIC_STORAGE_STATUS` event; storage belongs to an account in a world. The reference
 * ignores `DEPOSITED`/`WITHDRAWN`; we show the changed tab with them.
 */
export const storageStatusEventSchema = z.discriminatedUnion("type", [
  storageStatus("MESOS_UPDATED", storageMesosUpdatedBodySchema),
  storageStatus("ARRANGED", z.object({})),
  storageStatus("ERROR", storageErrorBodySchema),
  storageStatus("DEPOSITED", storageDepositedBodySchema),
  storageStatus("WITHDRAWN", storageWithdrawnBodySchema),
]);
/** See {@link storageStatusEventSchema}. */
export type StorageStatusEvent = z.infer<typeof storageStatusEventSchema>;

/** Contract of `EVENT_TOPIC_STORAGE_STATUS`. */
export const storageStatusContract = topicContract(
  "EVENT_TOPIC_STORAGE_STATUS",
  "consumed",
  storageStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_STORAGE (produced, kafka-produced.md §4.35)
// ---------------------------------------------------------------------------------------------

/** A `COMMAND_TOPIC_STORAGE` command: only `ARRANGE` is produced (`UPDATE_MESOS` is dead code in the reference). */
export const storageCommandSchema = z.discriminatedUnion("type", [
  z.object({
    /** A fresh random UUID per message. */
    transactionId: uuid,
    worldId: uint8,
    accountId: uint32,
    type: z.literal("ARRANGE"),
    body: z.object({}),
  }),
]);
/** See {@link storageCommandSchema}. */
export type StorageCommand = z.infer<typeof storageCommandSchema>;

/** Contract of `COMMAND_TOPIC_STORAGE`, keyed by the **account**. */
export const storageCommandContract = topicContract(
  "COMMAND_TOPIC_STORAGE",
  "produced",
  storageCommandSchema,
  (command) => command.accountId,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_STORAGE_SHOW (consumed, kafka-consumed.md §2.37)
// ---------------------------------------------------------------------------------------------

/** A `COMMAND_TOPIC_STORAGE_SHOW` command: flat, no body; `npcId` is the storage keeper (fees). */
export const storageShowCommandSchema = z.object({
  transactionId: uuid,
  worldId: uint8,
  channelId: uint8,
  characterId: uint32,
  npcId: uint32,
  accountId: uint32,
  type: z.literal("SHOW_STORAGE"),
});
/** See {@link storageShowCommandSchema}. */
export type StorageShowCommand = z.infer<typeof storageShowCommandSchema>;

/** Contract of `COMMAND_TOPIC_STORAGE_SHOW`. */
export const storageShowCommandContract = topicContract(
  "COMMAND_TOPIC_STORAGE_SHOW",
  "consumed",
  storageShowCommandSchema,
);
