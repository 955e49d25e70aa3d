/**
 * Inventory Kafka messages: atlas-inventory's asset events (kafka-consumed.md §2.5,
 * `EVENT_TOPIC_ASSET_STATUS`) and compartment events (§2.6, `EVENT_TOPIC_COMPARTMENT_STATUS`),
 * atlas-compartment-transfer's completion events (§2.7, `EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS`),
 * and the commands we send them (kafka-produced.md §4.27 `COMMAND_TOPIC_COMPARTMENT`, §4.28
 * `COMMAND_TOPIC_COMPARTMENT_TRANSFER`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { int16, int64String, int8, time, uint16, uint32, uint64, uint8, uuid } from "../../kafka/wire.ts";

/** Inventory types: 1 equip, 2 use, 3 setup, 4 etc, 5 cash. */
const inventoryType = z.number().int().min(1).max(5);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_ASSET_STATUS (consumed, kafka-consumed.md §2.5)
// ---------------------------------------------------------------------------------------------

const equipableFields = {
  ownerId: uint32,
  strength: uint16,
  dexterity: uint16,
  intelligence: uint16,
  luck: uint16,
  hp: uint16,
  mp: uint16,
  weaponAttack: uint16,
  magicAttack: uint16,
  weaponDefense: uint16,
  magicDefense: uint16,
  accuracy: uint16,
  avoidability: uint16,
  hands: uint16,
  speed: uint16,
  jump: uint16,
  slots: uint16,
  locked: z.boolean(),
  spikes: z.boolean(),
  karmaUsed: z.boolean(),
  cold: z.boolean(),
  canBeTraded: z.boolean(),
  levelType: uint8,
  level: uint8,
  experience: uint32,
  hammersApplied: uint32,
  expiration: time,
};

/** `referenceData` of an `equipable` asset. */
export const equipableDataSchema = z.object(equipableFields);
/** See {@link equipableDataSchema}. */
export type EquipableData = z.infer<typeof equipableDataSchema>;

/** `referenceData` of a `cash-equipable` asset: an equipable plus its cash serial. */
export const cashEquipableDataSchema = z.object({ ...equipableFields, cashId: int64String });
/** See {@link cashEquipableDataSchema}. */
export type CashEquipableData = z.infer<typeof cashEquipableDataSchema>;

/**
 * `referenceData` of a `consumable` asset. `rechargeable` is a uint64 in Go; values above 2^53 cannot be
 * represented exactly by `JSON.parse` and are rejected rather than silently rounded.
 */
export const consumableDataSchema = z.object({
  ownerId: uint32,
  quantity: uint32,
  flag: uint16,
  rechargeable: uint64,
});
/** See {@link consumableDataSchema}. */
export type ConsumableData = z.infer<typeof consumableDataSchema>;

/** `referenceData` of a `setup` or `etc` asset. */
export const stackableDataSchema = z.object({ ownerId: uint32, quantity: uint32, flag: uint16 });
/** See {@link stackableDataSchema}. */
export type StackableData = z.infer<typeof stackableDataSchema>;

/** `referenceData` of a `cash` asset. */
export const cashDataSchema = z.object({
  ownerId: uint32,
  cashId: int64String,
  quantity: uint32,
  flag: uint16,
  purchasedBy: uint32,
});
/** See {@link cashDataSchema}. */
export type CashData = z.infer<typeof cashDataSchema>;

/** `referenceData` of a `pet` asset. */
export const petDataSchema = z.object({
  ownerId: uint32,
  cashId: int64String,
  flag: uint16,
  purchasedBy: uint32,
  name: z.string(),
  level: uint8,
  closeness: uint16,
  fullness: uint8,
  slot: int8,
});
/** See {@link petDataSchema}. */
export type PetData = z.infer<typeof petDataSchema>;

function assetBody<R extends string, D extends z.ZodType>(referenceType: R, referenceData: D) {
  return z.object({
    referenceId: uint32,
    referenceType: z.literal(referenceType),
    referenceData,
    expiration: time,
  });
}

/**
 * Body of `CREATED` and `UPDATED`, discriminated by `referenceType`. The reference guessed the data shape
 * from its keys; switching on `referenceType` is what the reference document recommends.
 */
export const assetBodySchema = z.discriminatedUnion("referenceType", [
  assetBody("equipable", equipableDataSchema),
  assetBody("cash-equipable", cashEquipableDataSchema),
  assetBody("consumable", consumableDataSchema),
  assetBody("setup", stackableDataSchema),
  assetBody("etc", stackableDataSchema),
  assetBody("cash", cashDataSchema),
  assetBody("pet", petDataSchema),
]);
/** See {@link assetBodySchema}. */
export type AssetBody = z.infer<typeof assetBodySchema>;

/** `QUANTITY_CHANGED` body (the client gets 16 bits of it). */
export const assetQuantityChangedBodySchema = z.object({ quantity: uint32 });
/** See {@link assetQuantityChangedBodySchema}. */
export type AssetQuantityChangedBody = z.infer<typeof assetQuantityChangedBodySchema>;

/** `MOVED` body: the previous slot; the envelope `slot` is the new one. */
export const assetMovedBodySchema = z.object({ oldSlot: int16 });
/** See {@link assetMovedBodySchema}. */
export type AssetMovedBody = z.infer<typeof assetMovedBodySchema>;

function assetStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    characterId: uint32,
    compartmentId: uuid,
    assetId: uint32,
    /** The inventory type is ⌊templateId / 1 000 000⌋ and must be 1..5. */
    templateId: z.number().int().min(1_000_000).max(5_999_999),
    /** Negative = equipped position. */
    slot: int16,
    type: z.literal(type),
    body,
  });
}

/** An `EVENT_TOPIC_ASSET_STATUS` event (atlas-inventory's `transactionId` is dropped). */
export const assetStatusEventSchema = z.discriminatedUnion("type", [
  assetStatus("CREATED", assetBodySchema),
  assetStatus("UPDATED", assetBodySchema),
  assetStatus("QUANTITY_CHANGED", assetQuantityChangedBodySchema),
  assetStatus("MOVED", assetMovedBodySchema),
  assetStatus("DELETED", z.object({})),
]);
/** See {@link assetStatusEventSchema}. */
export type AssetStatusEvent = z.infer<typeof assetStatusEventSchema>;

/** Contract of `EVENT_TOPIC_ASSET_STATUS`. */
export const assetStatusContract = topicContract(
  "EVENT_TOPIC_ASSET_STATUS",
  "consumed",
  assetStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_COMPARTMENT_STATUS (consumed, kafka-consumed.md §2.6)
// ---------------------------------------------------------------------------------------------

/** `RESERVATION_CANCELLED` body (unused: the channel only re-enables actions). */
export const reservationCancelledBodySchema = z.object({ itemId: uint32, slot: int16, quantity: uint32 });
/** See {@link reservationCancelledBodySchema}. */
export type ReservationCancelledBody = z.infer<typeof reservationCancelledBodySchema>;

/** Body of `MERGE_COMPLETE` and `SORT_COMPLETE`: `type` is the inventory type, not the discriminator. */
export const compartmentArrangedBodySchema = z.object({ type: uint8 });
/** See {@link compartmentArrangedBodySchema}. */
export type CompartmentArrangedBody = z.infer<typeof compartmentArrangedBodySchema>;

/** Body of `CREATED` and `CAPACITY_CHANGED` (known, unhandled). */
export const compartmentCapacityBodySchema = z.object({ type: uint8, capacity: uint32 });
/** See {@link compartmentCapacityBodySchema}. */
export type CompartmentCapacityBody = z.infer<typeof compartmentCapacityBodySchema>;

/** `RESERVED` body (known, unhandled). */
export const compartmentReservedBodySchema = z.object({
  transactionId: uuid,
  itemId: uint32,
  slot: int16,
  quantity: uint32,
});
/** See {@link compartmentReservedBodySchema}. */
export type CompartmentReservedBody = z.infer<typeof compartmentReservedBodySchema>;

function compartmentStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, compartmentId: uuid, type: z.literal(type), body });
}

/**
 * An `EVENT_TOPIC_COMPARTMENT_STATUS` event. Handled: `RESERVATION_CANCELLED`, `MERGE_COMPLETE`,
 * `SORT_COMPLETE`; the other types atlas-inventory emits are known (bodies of `DELETED`, `ACCEPTED`,
 * `RELEASED` and `ERROR` unchecked).
 */
export const compartmentStatusEventSchema = z.discriminatedUnion("type", [
  compartmentStatus("RESERVATION_CANCELLED", reservationCancelledBodySchema),
  compartmentStatus("MERGE_COMPLETE", compartmentArrangedBodySchema),
  compartmentStatus("SORT_COMPLETE", compartmentArrangedBodySchema),
  compartmentStatus("CREATED", compartmentCapacityBodySchema),
  compartmentStatus("CAPACITY_CHANGED", compartmentCapacityBodySchema),
  compartmentStatus("RESERVED", compartmentReservedBodySchema),
  compartmentStatus("DELETED", z.object({})),
  compartmentStatus("ACCEPTED", z.object({})),
  compartmentStatus("RELEASED", z.object({})),
  compartmentStatus("ERROR", z.object({})),
]);
/** See {@link compartmentStatusEventSchema}. */
export type CompartmentStatusEvent = z.infer<typeof compartmentStatusEventSchema>;

/** Contract of `EVENT_TOPIC_COMPARTMENT_STATUS`. */
export const compartmentStatusContract = topicContract(
  "EVENT_TOPIC_COMPARTMENT_STATUS",
  "consumed",
  compartmentStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS (consumed, kafka-consumed.md §2.7)
// ---------------------------------------------------------------------------------------------

/**
 * `COMPLETED` body. `inventoryType` is the destination kind: `CHARACTER` and `CASH_SHOP` are handled,
 * anything else (e.g. `STORAGE`) only warrants a warning, so any string is accepted.
 */
export const transferCompletedBodySchema = z.object({
  transactionId: uuid,
  accountId: uint32,
  assetId: uint32,
  compartmentId: uuid,
  compartmentType: uint8,
  inventoryType: z.string(),
});
/** See {@link transferCompletedBodySchema}. */
export type TransferCompletedBody = z.infer<typeof transferCompletedBodySchema>;

/** An `EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS` event. */
export const compartmentTransferStatusEventSchema = z.discriminatedUnion("type", [
  z.object({ characterId: uint32, type: z.literal("COMPLETED"), body: transferCompletedBodySchema }),
]);
/** See {@link compartmentTransferStatusEventSchema}. */
export type CompartmentTransferStatusEvent = z.infer<typeof compartmentTransferStatusEventSchema>;

/** Contract of `EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS`. */
export const compartmentTransferStatusContract = topicContract(
  "EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS",
  "consumed",
  compartmentTransferStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_COMPARTMENT (produced, kafka-produced.md §4.27)
// ---------------------------------------------------------------------------------------------

/** Body of `EQUIP`, `UNEQUIP` and `MOVE`. */
export const moveAssetBodySchema = z.object({ source: int16, destination: int16 });
/** See {@link moveAssetBodySchema}. */
export type MoveAssetBody = z.infer<typeof moveAssetBodySchema>;

/** `DROP` body: x/y are the character's current position. */
export const dropAssetBodySchema = z.object({
  worldId: uint8,
  channelId: uint8,
  mapId: uint32,
  source: int16,
  quantity: int16,
  x: int16,
  y: int16,
});
/** See {@link dropAssetBodySchema}. */
export type DropAssetBody = z.infer<typeof dropAssetBodySchema>;

function compartmentCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-inventory declares a leading transactionId the reference never sends (README decision 3).
    transactionId: uuid.optional(),
    characterId: uint32,
    inventoryType,
    type: z.literal(type),
    body,
  });
}

/** A `COMMAND_TOPIC_COMPARTMENT` command. */
export const compartmentCommandSchema = z.discriminatedUnion("type", [
  compartmentCommand("EQUIP", moveAssetBodySchema),
  compartmentCommand("UNEQUIP", moveAssetBodySchema),
  compartmentCommand("MOVE", moveAssetBodySchema),
  compartmentCommand("DROP", dropAssetBodySchema),
  compartmentCommand("MERGE", z.object({})),
  compartmentCommand("SORT", z.object({})),
]);
/** See {@link compartmentCommandSchema}. */
export type CompartmentCommand = z.infer<typeof compartmentCommandSchema>;

/** Contract of `COMMAND_TOPIC_COMPARTMENT`, keyed by the character. */
export const compartmentCommandContract = topicContract(
  "COMMAND_TOPIC_COMPARTMENT",
  "produced",
  compartmentCommandSchema,
  (command) => command.characterId,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_COMPARTMENT_TRANSFER (produced, kafka-produced.md §4.28)
// ---------------------------------------------------------------------------------------------

/** Where a transferred asset comes from or goes to. */
export const transferInventoryTypeSchema = z.enum(["CHARACTER", "CASH_SHOP", "STORAGE"]);
/** See {@link transferInventoryTypeSchema}. */
export type TransferInventoryType = z.infer<typeof transferInventoryTypeSchema>;

/**
 * A `COMMAND_TOPIC_COMPARTMENT_TRANSFER` command: flat, no `type`/`body`. The last three fields are
 * `omitempty` in Go (absent when zero/empty), so when present they must be non-zero/non-empty.
 */
export const compartmentTransferCommandSchema = z.object({
  /** A fresh random UUID per message. */
  transactionId: uuid,
  /** 0 on the cash-shop paths in use. */
  worldId: uint8,
  accountId: uint32,
  characterId: uint32,
  assetId: uint32,
  fromCompartmentId: uuid,
  /** Character compartments: inventory type 1..5; cash-shop compartments: 1 explorer, 2 cygnus, 3 legend. */
  fromCompartmentType: uint8,
  fromInventoryType: transferInventoryTypeSchema,
  toCompartmentId: uuid,
  toCompartmentType: uint8,
  toInventoryType: transferInventoryTypeSchema,
  referenceId: uint32,
  templateId: uint32.min(1).optional(),
  referenceType: z.string().min(1).optional(),
  slot: int16.refine((slot) => slot !== 0, "omitted when 0").optional(),
});
/** See {@link compartmentTransferCommandSchema}. */
export type CompartmentTransferCommand = z.infer<typeof compartmentTransferCommandSchema>;

/** Contract of `COMMAND_TOPIC_COMPARTMENT_TRANSFER`, keyed by the character. */
export const compartmentTransferCommandContract = topicContract(
  "COMMAND_TOPIC_COMPARTMENT_TRANSFER",
  "produced",
  compartmentTransferCommandSchema,
  (command) => command.characterId,
);
