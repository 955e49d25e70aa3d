/**
 * Saga Kafka messages: the storage sagas we send atlas-saga-orchestrator (kafka-produced.md §4.36,
 * `COMMAND_TOPIC_SAGA`) and its outcome events (kafka-consumed.md §2.35, `EVENT_TOPIC_SAGA_STATUS`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, int32, time, uint16, uint32, uint8, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_SAGA (produced, kafka-produced.md §4.36)
// ---------------------------------------------------------------------------------------------

/** `award_mesos` payload; a negative `amount` deducts (fees, meso deposits). */
export const awardMesosPayloadSchema = z.object({
  characterId: uint32,
  worldId: uint8,
  channelId: uint8,
  actorId: uint32,
  /** `NPC` for storage fees, `STORAGE` for meso moves. */
  actorType: z.string(),
  amount: int32,
});
/** See {@link awardMesosPayloadSchema}. */
export type AwardMesosPayload = z.infer<typeof awardMesosPayloadSchema>;

/** `update_storage_mesos` payload. */
export const updateStorageMesosPayloadSchema = z.object({
  characterId: uint32,
  accountId: uint32,
  worldId: uint8,
  operation: z.enum(["ADD", "SUBTRACT", "SET"]),
  mesos: uint32,
});
/** See {@link updateStorageMesosPayloadSchema}. */
export type UpdateStorageMesosPayload = z.infer<typeof updateStorageMesosPayloadSchema>;

/** `award_asset` payload. */
export const awardAssetPayloadSchema = z.object({
  characterId: uint32,
  item: z.object({ templateId: uint32, quantity: uint32, expiration: time }),
});
/** See {@link awardAssetPayloadSchema}. */
export type AwardAssetPayload = z.infer<typeof awardAssetPayloadSchema>;

/** `destroy_asset` payload. */
export const destroyAssetPayloadSchema = z.object({
  characterId: uint32,
  templateId: uint32,
  quantity: uint32,
  removeAll: z.boolean(),
});
/** See {@link destroyAssetPayloadSchema}. */
export type DestroyAssetPayload = z.infer<typeof destroyAssetPayloadSchema>;

/**
 * Reference types atlas-storage recognises (it compares exactly). The reference channel sent them
 * upper-case (`ETC`, ...), which atlas-storage matches to nothing; we send the lower-case values it
 * expects (README decision 3), so the upper-case forms are refused here.
 */
export const storageReferenceTypeSchema = z.enum(["equipable", "consumable", "setup", "etc", "cash"]);
/** See {@link storageReferenceTypeSchema}. */
export type StorageReferenceType = z.infer<typeof storageReferenceTypeSchema>;

/** `deposit_to_storage` payload; `slot` is the character-inventory slot the item came from, as in the reference. */
export const depositToStoragePayloadSchema = z.object({
  characterId: uint32,
  accountId: uint32,
  worldId: uint8,
  slot: int16,
  templateId: uint32,
  referenceId: uint32,
  referenceType: storageReferenceTypeSchema,
  expiration: time,
  quantity: uint32,
  ownerId: uint32,
  flag: uint16,
});
/** See {@link depositToStoragePayloadSchema}. */
export type DepositToStoragePayload = z.infer<typeof depositToStoragePayloadSchema>;

/** `withdraw_from_storage` payload; `quantity` 0 means all. */
export const withdrawFromStoragePayloadSchema = z.object({
  characterId: uint32,
  accountId: uint32,
  worldId: uint8,
  assetId: uint32,
  quantity: uint32,
});
/** See {@link withdrawFromStoragePayloadSchema}. */
export type WithdrawFromStoragePayload = z.infer<typeof withdrawFromStoragePayloadSchema>;

function sagaStep<A extends string, P extends z.ZodType>(action: A, payload: P) {
  return z.object({
    /** e.g. `charge_deposit_fee`, `remove_from_inventory`, `add_to_storage`. */
    stepId: z.string().min(1),
    status: z.enum(["pending", "completed", "failed"]),
    action: z.literal(action),
    payload,
    createdAt: time,
    updatedAt: time,
  });
}

/** One saga step, discriminated by `action`. */
export const sagaStepSchema = z.discriminatedUnion("action", [
  sagaStep("award_mesos", awardMesosPayloadSchema),
  sagaStep("update_storage_mesos", updateStorageMesosPayloadSchema),
  sagaStep("award_asset", awardAssetPayloadSchema),
  sagaStep("destroy_asset", destroyAssetPayloadSchema),
  sagaStep("deposit_to_storage", depositToStoragePayloadSchema),
  sagaStep("withdraw_from_storage", withdrawFromStoragePayloadSchema),
]);
/** See {@link sagaStepSchema}. */
export type SagaStep = z.infer<typeof sagaStepSchema>;

/** A `COMMAND_TOPIC_SAGA` message: no `type`/`body`; the channel only starts storage inventory sagas. */
export const sagaCommandSchema = z.object({
  transactionId: uuid,
  sagaType: z.literal("inventory_transaction"),
  initiatedBy: z.literal("STORAGE"),
  steps: z.array(sagaStepSchema).min(1),
});
/** See {@link sagaCommandSchema}. */
export type SagaCommand = z.infer<typeof sagaCommandSchema>;

/** The key id of a saga: the first four bytes of its transaction UUID, read big-endian. */
export function sagaKeyId(transactionId: string): number {
  return Number.parseInt(transactionId.replaceAll("-", "").slice(0, 8), 16);
}

/** Contract of `COMMAND_TOPIC_SAGA`, keyed by {@link sagaKeyId} of the transaction id. */
export const sagaCommandContract = topicContract(
  "COMMAND_TOPIC_SAGA",
  "produced",
  sagaCommandSchema,
  (saga) => sagaKeyId(saga.transactionId),
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_SAGA_STATUS (consumed, kafka-consumed.md §2.35)
// ---------------------------------------------------------------------------------------------

/** `FAILED` body. */
export const sagaFailedBodySchema = z.object({ reason: z.string(), failedStep: z.string() });
/** See {@link sagaFailedBodySchema}. */
export type SagaFailedBody = z.infer<typeof sagaFailedBodySchema>;

/** An `EVENT_TOPIC_SAGA_STATUS` event; the reference only logs both types. */
export const sagaStatusEventSchema = z.discriminatedUnion("type", [
  z.object({ transactionId: uuid, type: z.literal("COMPLETED"), body: z.object({}) }),
  z.object({ transactionId: uuid, type: z.literal("FAILED"), body: sagaFailedBodySchema }),
]);
/** See {@link sagaStatusEventSchema}. */
export type SagaStatusEvent = z.infer<typeof sagaStatusEventSchema>;

/** Contract of `EVENT_TOPIC_SAGA_STATUS`. */
export const sagaStatusContract = topicContract("EVENT_TOPIC_SAGA_STATUS", "consumed", sagaStatusEventSchema);
