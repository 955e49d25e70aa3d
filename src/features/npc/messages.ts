/**
 * NPC Kafka messages: conversation commands we send atlas-npc-conversations (kafka-produced.md §4.19,
 * `COMMAND_TOPIC_NPC`), the dialogues it sends us to show (kafka-consumed.md §2.28,
 * `COMMAND_TOPIC_NPC_CONVERSATION`, consumed only — README decision 1), shop commands we send
 * atlas-npc-shops (kafka-produced.md §4.21, `COMMAND_TOPIC_NPC_SHOP`) and its status events
 * (kafka-consumed.md §2.29, `EVENT_TOPIC_NPC_SHOP_STATUS`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, int16, int32, uint16, uint32, uint8 } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_NPC (produced, kafka-produced.md §4.19)
// ---------------------------------------------------------------------------------------------

/** `START_CONVERSATION` body. */
export const startConversationBodySchema = z.object({
  worldId: uint8,
  channelId: uint8,
  mapId: uint32,
  accountId: uint32,
});
/** See {@link startConversationBodySchema}. */
export type StartConversationBody = z.infer<typeof startConversationBodySchema>;

/** `CONTINUE_CONVERSATION` body; `selection` is -1 when a text answer was read and discarded. */
export const continueConversationBodySchema = z.object({
  action: uint8,
  lastMessageType: uint8,
  selection: int32,
});
/** See {@link continueConversationBodySchema}. */
export type ContinueConversationBody = z.infer<typeof continueConversationBodySchema>;

function npcCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ npcId: uint32, characterId: uint32, type: z.literal(type), body });
}

/** A `COMMAND_TOPIC_NPC` command; `npcId` is 0 on continue/end, as in the reference. */
export const npcCommandSchema = z.discriminatedUnion("type", [
  npcCommand("START_CONVERSATION", startConversationBodySchema),
  npcCommand("CONTINUE_CONVERSATION", continueConversationBodySchema),
  npcCommand("END_CONVERSATION", z.object({})),
]);
/** See {@link npcCommandSchema}. */
export type NpcCommand = z.infer<typeof npcCommandSchema>;

/** Contract of `COMMAND_TOPIC_NPC`, keyed by the character. */
export const npcCommandContract = topicContract(
  "COMMAND_TOPIC_NPC",
  "produced",
  npcCommandSchema,
  (command) => command.characterId,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_NPC_CONVERSATION (consumed only, kafka-consumed.md §2.28)
// ---------------------------------------------------------------------------------------------

/**
 * Who speaks, with the byte the client expects. Anything else crashed the reference; here it fails
 * validation (atlas-npc-conversations also defines `UNKNOWN`/`UNKNOWN2`, which are rejected).
 */
export const SPEAKERS = { NPC_LEFT: 0, NPC_RIGHT: 1, CHARACTER_LEFT: 2, CHARACTER_RIGHT: 3 } as const;
/** One of the {@link SPEAKERS} names. */
export const speakerSchema = z.enum(["NPC_LEFT", "NPC_RIGHT", "CHARACTER_LEFT", "CHARACTER_RIGHT"]);
/** See {@link speakerSchema}. */
export type Speaker = z.infer<typeof speakerSchema>;

/** Dialog kinds of a `SIMPLE` conversation (an unknown kind also crashed the reference). */
export const simpleDialogKindSchema = z.enum([
  "NEXT",
  "PREVIOUS",
  "NEXT_PREVIOUS",
  "OK",
  "YES_NO",
  "SIMPLE",
  "ACCEPT_DECLINE",
  "NUM",
  "STYLE",
]);
/** See {@link simpleDialogKindSchema}. */
export type SimpleDialogKind = z.infer<typeof simpleDialogKindSchema>;

/** `SIMPLE` body: `type` is the dialog kind, not the discriminator. */
export const simpleConversationBodySchema = z.object({ type: simpleDialogKindSchema });
/** See {@link simpleConversationBodySchema}. */
export type SimpleConversationBody = z.infer<typeof simpleConversationBodySchema>;

/** `NUMBER` body ("ask number"). */
export const numberConversationBodySchema = z.object({
  defaultValue: uint32,
  minValue: uint32,
  maxValue: uint32,
});
/** See {@link numberConversationBodySchema}. */
export type NumberConversationBody = z.infer<typeof numberConversationBodySchema>;

/** `STYLE` body ("ask avatar"): hair/face/skin ids to choose from. */
export const styleConversationBodySchema = z.object({ styles: goSlice(uint32) });
/** See {@link styleConversationBodySchema}. */
export type StyleConversationBody = z.infer<typeof styleConversationBodySchema>;

/**
 * `TEXT` body ("ask text"). atlas-npc-conversations declares the type but sends no body at b0c865294b and
 * the reference leaves it unhandled; we show the text prompt, reading these optional fields (named as
 * `NUMBER`'s) when present: the default answer and the length limits (0 = no limit).
 */
export const textConversationBodySchema = z.object({
  defaultValue: z.string().default(""),
  minValue: uint16.default(0),
  maxValue: uint16.default(0),
});
/** See {@link textConversationBodySchema}. */
export type TextConversationBody = z.infer<typeof textConversationBodySchema>;

const conversationEnvelope = {
  worldId: uint8,
  channelId: uint8,
  characterId: uint32,
  npcId: uint32,
  message: z.string(),
};

function npcConversation<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ ...conversationEnvelope, speaker: speakerSchema, type: z.literal(type), body });
}

/**
 * A dialogue we know how to show: a known speaker, a known type and its body. The consumer checks
 * each message against this after routing it with {@link npcConversationEnvelopeSchema}.
 */
export const npcConversationCommandSchema = z.discriminatedUnion("type", [
  npcConversation("SIMPLE", simpleConversationBodySchema),
  npcConversation("NUMBER", numberConversationBodySchema),
  npcConversation("STYLE", styleConversationBodySchema),
  npcConversation("TEXT", z.preprocess((v) => v ?? {}, textConversationBodySchema)),
]);
/** See {@link npcConversationCommandSchema}. */
export type NpcConversationCommand = z.infer<typeof npcConversationCommandSchema>;

/**
 * What the consumer accepts from the topic: the routing fields, with any speaker, type and body, so
 * that a dialogue we cannot show still reaches its session and ends the conversation there (the
 * reference crashed on an unknown speaker or dialog kind).
 */
export const npcConversationEnvelopeSchema = z.object({
  ...conversationEnvelope,
  speaker: z.string(),
  type: z.string(),
  body: z.unknown(),
});
/** See {@link npcConversationEnvelopeSchema}. */
export type NpcConversationEnvelope = z.infer<typeof npcConversationEnvelopeSchema>;

/** Contract of `COMMAND_TOPIC_NPC_CONVERSATION` (consumed only; we never produce it). */
export const npcConversationCommandContract = topicContract(
  "COMMAND_TOPIC_NPC_CONVERSATION",
  "consumed",
  npcConversationEnvelopeSchema,
);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_NPC_SHOP (produced, kafka-produced.md §4.21)
// ---------------------------------------------------------------------------------------------

/** `ENTER` body. */
export const enterShopBodySchema = z.object({ npcTemplateId: uint32 });
/** See {@link enterShopBodySchema}. */
export type EnterShopBody = z.infer<typeof enterShopBodySchema>;

/** `BUY` body; `slot` is the (unsigned) shop slot. */
export const buyBodySchema = z.object({
  slot: uint16,
  itemTemplateId: uint32,
  quantity: uint32,
  discountPrice: uint32,
});
/** See {@link buyBodySchema}. */
export type BuyBody = z.infer<typeof buyBodySchema>;

/** `SELL` body; `slot` is the (signed) inventory slot. */
export const sellBodySchema = z.object({ slot: int16, itemTemplateId: uint32, quantity: uint32 });
/** See {@link sellBodySchema}. */
export type SellBody = z.infer<typeof sellBodySchema>;

/** `RECHARGE` body. */
export const rechargeBodySchema = z.object({ slot: uint16 });
/** See {@link rechargeBodySchema}. */
export type RechargeBody = z.infer<typeof rechargeBodySchema>;

function npcShopCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), body });
}

/** A `COMMAND_TOPIC_NPC_SHOP` command. */
export const npcShopCommandSchema = z.discriminatedUnion("type", [
  npcShopCommand("ENTER", enterShopBodySchema),
  npcShopCommand("EXIT", z.object({})),
  npcShopCommand("BUY", buyBodySchema),
  npcShopCommand("SELL", sellBodySchema),
  npcShopCommand("RECHARGE", rechargeBodySchema),
]);
/** See {@link npcShopCommandSchema}. */
export type NpcShopCommand = z.infer<typeof npcShopCommandSchema>;

/** Contract of `COMMAND_TOPIC_NPC_SHOP`, keyed by the character. */
export const npcShopCommandContract = topicContract(
  "COMMAND_TOPIC_NPC_SHOP",
  "produced",
  npcShopCommandSchema,
  (command) => command.characterId,
);

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_NPC_SHOP_STATUS (consumed, kafka-consumed.md §2.29)
// ---------------------------------------------------------------------------------------------

/** `ENTERED` body. */
export const shopEnteredBodySchema = z.object({ npcTemplateId: uint32 });
/** See {@link shopEnteredBodySchema}. */
export type ShopEnteredBody = z.infer<typeof shopEnteredBodySchema>;

/**
 * `ERROR` body. `levelLimit` serves the two level-requirement codes and `reason` serves
 * `GENERIC_ERROR_WITH_REASON`; other codes are mapped to a byte via the writer's options.
 */
export const shopErrorBodySchema = z.object({ error: z.string(), levelLimit: uint32, reason: z.string() });
/** See {@link shopErrorBodySchema}. */
export type ShopErrorBody = z.infer<typeof shopErrorBodySchema>;

function npcShopStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_NPC_SHOP_STATUS` event; `EXITED` is known but unhandled. */
export const npcShopStatusEventSchema = z.discriminatedUnion("type", [
  npcShopStatus("ENTERED", shopEnteredBodySchema),
  npcShopStatus("EXITED", z.object({})),
  npcShopStatus("ERROR", shopErrorBodySchema),
]);
/** See {@link npcShopStatusEventSchema}. */
export type NpcShopStatusEvent = z.infer<typeof npcShopStatusEventSchema>;

/** Contract of `EVENT_TOPIC_NPC_SHOP_STATUS`. */
export const npcShopStatusContract = topicContract(
  "EVENT_TOPIC_NPC_SHOP_STATUS",
  "consumed",
  npcShopStatusEventSchema,
);
