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

const u8 = z.number().int().min(0).max(0xff);
const i8 = z.number().int().min(-0x80).max(0x7f);
const i16 = z.number().int().min(-0x8000).max(0x7fff);
const u16 = z.number().int().min(0).max(0xffff);
const u32 = z.number().int().min(0).max(0xffffffff);
/** A Go `time.Time` in JSON: RFC 3339, any fraction, any offset. */
const time = z.iso.datetime({ offset: true });
/** An int64 Go encodes as a JSON string (`,string`); kept as text because it can exceed 2^53. */
const int64String = z.string().regex(/^-?\d{1,19}$/);
/** Inventory types: 1 equip, 2 use, 3 setup, 4 etc, 5 cash. */
const inventoryType = z.number().int().min(1).max(5);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_ASSET_STATUS (consumed, kafka-consumed.md §2.5)
// ---------------------------------------------------------------------------------------------

const equipableFields = {
  ownerId: u32,
  strength: u16,
  dexterity: u16,
  intelligence: u16,
  luck: u16,
  hp: u16,
  mp: u16,
  weaponAttack: u16,
  magicAttack: u16,
  weaponDefense: u16,
  magicDefense: u16,
  accuracy: u16,
  avoidability: u16,
  hands: u16,
  speed: u16,
  jump: u16,
  slots: u16,
  locked: z.boolean(),
  spikes: z.boolean(),
  karmaUsed: z.boolean(),
  cold: z.boolean(),
  canBeTraded: z.boolean(),
  levelType: u8,
  level: u8,
  experience: u32,
  hammersApplied: u32,
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
  ownerId: u32,
  quantity: u32,
  flag: u16,
  rechargeable: z.number().int().min(0),
});
/** See {@link consumableDataSchema}. */
export type ConsumableData = z.infer<typeof consumableDataSchema>;

/** `referenceData` of a `setup` or `etc` asset. */
export const stackableDataSchema = z.object({ ownerId: u32, quantity: u32, flag: u16 });
/** See {@link stackableDataSchema}. */
export type StackableData = z.infer<typeof stackableDataSchema>;

/** `referenceData` of a `cash` asset. */
export const cashDataSchema = z.object({
  ownerId: u32,
  cashId: int64String,
  quantity: u32,
  flag: u16,
  purchasedBy: u32,
});
/** See {@link cashDataSchema}. */
export type CashData = z.infer<typeof cashDataSchema>;

/** `referenceData` of a `pet` asset. */
export const petDataSchema = z.object({
  ownerId: u32,
  cashId: int64String,
  flag: u16,
  purchasedBy: u32,
  name: z.string(),
  level: u8,
  closeness: u16,
  fullness: u8,
  slot: i8,
});
/** See {@link petDataSchema}. */
export type PetData = z.infer<typeof petDataSchema>;

function assetBody<R extends string, D extends z.ZodType>(referenceType: R, referenceData: D) {
  return z.object({
    referenceId: u32,
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
export const assetQuantityChangedBodySchema = z.object({ quantity: u32 });
/** See {@link assetQuantityChangedBodySchema}. */
export type AssetQuantityChangedBody = z.infer<typeof assetQuantityChangedBodySchema>;

/** `MOVED` body: the previous slot; the envelope `slot` is the new one. */
export const assetMovedBodySchema = z.object({ oldSlot: i16 });
/** See {@link assetMovedBodySchema}. */
export type AssetMovedBody = z.infer<typeof assetMovedBodySchema>;

function assetStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    characterId: u32,
    compartmentId: z.guid(),
    assetId: u32,
    /** The inventory type is ⌊templateId / 1 000 000⌋ and must be 1..5. */
    templateId: z.number().int().min(1_000_000).max(5_999_999),
    /** Negative = equipped position. */
    slot: i16,
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
export const reservationCancelledBodySchema = z.object({ itemId: u32, slot: i16, quantity: u32 });
/** See {@link reservationCancelledBodySchema}. */
export type ReservationCancelledBody = z.infer<typeof reservationCancelledBodySchema>;

/** Body of `MERGE_COMPLETE` and `SORT_COMPLETE`: `type` is the inventory type, not the discriminator. */
export const compartmentArrangedBodySchema = z.object({ type: u8 });
/** See {@link compartmentArrangedBodySchema}. */
export type CompartmentArrangedBody = z.infer<typeof compartmentArrangedBodySchema>;

/** Body of `CREATED` and `CAPACITY_CHANGED` (known, unhandled). */
export const compartmentCapacityBodySchema = z.object({ type: u8, capacity: u32 });
/** See {@link compartmentCapacityBodySchema}. */
export type CompartmentCapacityBody = z.infer<typeof compartmentCapacityBodySchema>;

/** `RESERVED` body (known, unhandled). */
export const compartmentReservedBodySchema = z.object({
  transactionId: z.guid(),
  itemId: u32,
  slot: i16,
  quantity: u32,
});
/** See {@link compartmentReservedBodySchema}. */
export type CompartmentReservedBody = z.infer<typeof compartmentReservedBodySchema>;

function compartmentStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: u32, compartmentId: z.guid(), type: z.literal(type), body });
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
  transactionId: z.guid(),
  accountId: u32,
  assetId: u32,
  compartmentId: z.guid(),
  compartmentType: u8,
  inventoryType: z.string(),
});
/** See {@link transferCompletedBodySchema}. */
export type TransferCompletedBody = z.infer<typeof transferCompletedBodySchema>;

/** An `EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS` event. */
export const compartmentTransferStatusEventSchema = z.discriminatedUnion("type", [
  z.object({ characterId: u32, type: z.literal("COMPLETED"), body: transferCompletedBodySchema }),
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
export const moveAssetBodySchema = z.object({ source: i16, destination: i16 });
/** See {@link moveAssetBodySchema}. */
export type MoveAssetBody = z.infer<typeof moveAssetBodySchema>;

/** `DROP` body: x/y are the character's current position. */
export const dropAssetBodySchema = z.object({
  worldId: u8,
  channelId: u8,
  mapId: u32,
  source: i16,
  quantity: i16,
  x: i16,
  y: i16,
});
/** See {@link dropAssetBodySchema}. */
export type DropAssetBody = z.infer<typeof dropAssetBodySchema>;

function compartmentCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({
    // atlas-inventory declares a leading transactionId the reference never sends (README decision 3).
    transactionId: z.guid().optional(),
    characterId: u32,
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
  transactionId: z.guid(),
  /** 0 on the cash-shop paths in use. */
  worldId: u8,
  accountId: u32,
  characterId: u32,
  assetId: u32,
  fromCompartmentId: z.guid(),
  /** Character compartments: inventory type 1..5; cash-shop compartments: 1 explorer, 2 cygnus, 3 legend. */
  fromCompartmentType: u8,
  fromInventoryType: transferInventoryTypeSchema,
  toCompartmentId: z.guid(),
  toCompartmentType: u8,
  toInventoryType: transferInventoryTypeSchema,
  referenceId: u32,
  templateId: u32.min(1).optional(),
  referenceType: z.string().min(1).optional(),
  slot: i16.refine((slot) => slot !== 0, "omitted when 0").optional(),
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
