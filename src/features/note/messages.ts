/**
 * Note (memo) Kafka messages: atlas-notes' status events (kafka-consumed.md §2.17,
 * `EVENT_TOPIC_NOTE_STATUS`) and the commands we send it (kafka-produced.md §4.30, `COMMAND_TOPIC_NOTE`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { time, uint32, uint8 } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------
// EVENT_TOPIC_NOTE_STATUS (consumed, kafka-consumed.md §2.17)
// ---------------------------------------------------------------------------------------------

/** Body of `CREATED` (handled) and `UPDATED` (ignored by the reference). */
export const noteBodySchema = z.object({
  noteId: uint32,
  senderId: uint32,
  message: z.string(),
  flag: uint8,
  time,
});
/** See {@link noteBodySchema}. */
export type NoteBody = z.infer<typeof noteBodySchema>;

/** `DELETED` body (ignored by the reference). */
export const noteDeletedBodySchema = z.object({ noteId: uint32 });
/** See {@link noteDeletedBodySchema}. */
export type NoteDeletedBody = z.infer<typeof noteDeletedBodySchema>;

function noteStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), body });
}

/** An `EVENT_TOPIC_NOTE_STATUS` event; `characterId` is the recipient. */
export const noteStatusEventSchema = z.discriminatedUnion("type", [
  noteStatus("CREATED", noteBodySchema),
  noteStatus("UPDATED", noteBodySchema),
  noteStatus("DELETED", noteDeletedBodySchema),
]);
/** See {@link noteStatusEventSchema}. */
export type NoteStatusEvent = z.infer<typeof noteStatusEventSchema>;

/** Contract of `EVENT_TOPIC_NOTE_STATUS` (the reference reads it from the earliest offset). */
export const noteStatusContract = topicContract("EVENT_TOPIC_NOTE_STATUS", "consumed", noteStatusEventSchema);

// ---------------------------------------------------------------------------------------------
// COMMAND_TOPIC_NOTE (produced, kafka-produced.md §4.30)
// ---------------------------------------------------------------------------------------------

/** `CREATE` body; the envelope `characterId` is the **recipient**, the key is the sender. */
export const createNoteBodySchema = z.object({ senderId: uint32, message: z.string(), flag: uint8 });
/** See {@link createNoteBodySchema}. */
export type CreateNoteBody = z.infer<typeof createNoteBodySchema>;

/** `DISCARD` body: the owner's notes to delete; never empty. */
export const discardNotesBodySchema = z.object({ noteIds: z.array(uint32).min(1) });
/** See {@link discardNotesBodySchema}. */
export type DiscardNotesBody = z.infer<typeof discardNotesBodySchema>;

function noteCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ characterId: uint32, type: z.literal(type), body });
}

/** A `COMMAND_TOPIC_NOTE` command. */
export const noteCommandSchema = z.discriminatedUnion("type", [
  noteCommand("CREATE", createNoteBodySchema),
  noteCommand("DISCARD", discardNotesBodySchema),
]);
/** See {@link noteCommandSchema}. */
export type NoteCommand = z.infer<typeof noteCommandSchema>;

/** Contract of `COMMAND_TOPIC_NOTE`: `CREATE` is keyed by the sender, `DISCARD` by the owner. */
export const noteCommandContract = topicContract(
  "COMMAND_TOPIC_NOTE",
  "produced",
  noteCommandSchema,
  (command) => command.type === "CREATE" ? command.body.senderId : command.characterId,
);
