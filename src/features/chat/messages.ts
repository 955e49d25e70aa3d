/**
 * Kafka contracts of the chat domain: the channel's chat commands to atlas-messages (produced,
 * kafka-produced.md §4.8) and atlas-messages' chat events (consumed, kafka-consumed.md §2.10), in
 * /work/shared/reference. For `PET` chat `actorId` is the pet id, and the body has its own `type` field
 * (the client's chat type), distinct from the envelope discriminator.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { goSlice, int8, uint32, uint8 } from "../../kafka/wire.ts";

/** Multi-chat kinds, with the mode byte `CharacterChatMulti` uses for each. */
export const MULTI_CHAT_MODES = { BUDDY: 0, PARTY: 1, GUILD: 2, ALLIANCE: 3 } as const;

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_CHARACTER_CHAT (produced; kafka-produced.md §4.8)

/** `PET` chat body; `balloon` is always false from the reference. */
export const petChatBodySchema = z.strictObject({
  ownerId: uint32,
  petSlot: int8,
  type: uint8,
  action: uint8,
  balloon: z.boolean(),
});

const recipientsBody = z.strictObject({ recipients: z.array(uint32) });

/** Envelope fields before `type`, shared by the command and the event (the sender's place and line). */
const chatEnvelope = {
  worldId: uint8,
  channelId: uint8,
  mapId: uint32,
  actorId: uint32,
  message: z.string(),
};

function chatCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.strictObject({ ...chatEnvelope, type: z.literal(type), body });
}

/**
 * A chat line for atlas-messages to route. Multi-chat `recipients` are what the client sent (maybe
 * `[]`); whispers name the recipient (`recipientName`); `PINK_TEXT` is never produced by a channel.
 */
export const chatCommandSchema = z.discriminatedUnion("type", [
  chatCommand("GENERAL", z.strictObject({ balloonOnly: z.boolean() })),
  chatCommand("BUDDY", recipientsBody),
  chatCommand("PARTY", recipientsBody),
  chatCommand("GUILD", recipientsBody),
  chatCommand("ALLIANCE", recipientsBody),
  chatCommand("WHISPER", z.strictObject({ recipientName: z.string() })),
  chatCommand("MESSENGER", recipientsBody),
  chatCommand("PET", petChatBodySchema),
]);
/** See {@link chatCommandSchema}. */
export type ChatCommand = z.infer<typeof chatCommandSchema>;

/** `COMMAND_TOPIC_CHARACTER_CHAT`: produced, keyed by `actorId` (the pet id for `PET`). */
export const chatCommandContract = topicContract(
  "COMMAND_TOPIC_CHARACTER_CHAT",
  "produced",
  chatCommandSchema,
  (command) => command.actorId,
);

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_CHARACTER_CHAT (consumed; kafka-consumed.md §2.10)

/** Recipient list as Go sends it: `null` for an empty slice is read as `[]`. */
const consumedRecipientsBody = z.object({
  recipients: goSlice(uint32),
});

function chatEvent<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ ...chatEnvelope, type: z.literal(type), body });
}

/**
 * A chat line routed by atlas-messages. World/channel/map are the sender's; a whisper names its
 * recipient by id (`recipient`) here, unlike the command.
 */
export const chatEventSchema = z.discriminatedUnion("type", [
  chatEvent("GENERAL", z.object({ balloonOnly: z.boolean() })),
  chatEvent("BUDDY", consumedRecipientsBody),
  chatEvent("PARTY", consumedRecipientsBody),
  chatEvent("GUILD", consumedRecipientsBody),
  chatEvent("ALLIANCE", consumedRecipientsBody),
  chatEvent("WHISPER", z.object({ recipient: uint32 })),
  chatEvent("MESSENGER", consumedRecipientsBody),
  chatEvent(
    "PET",
    z.object({ ownerId: uint32, petSlot: int8, type: uint8, action: uint8, balloon: z.boolean() }),
  ),
  chatEvent("PINK_TEXT", consumedRecipientsBody),
]);
/** See {@link chatEventSchema}. */
export type ChatEvent = z.infer<typeof chatEventSchema>;

/** `EVENT_TOPIC_CHARACTER_CHAT`: consumed. */
export const chatEventContract = topicContract("EVENT_TOPIC_CHARACTER_CHAT", "consumed", chatEventSchema);
