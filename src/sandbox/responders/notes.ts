/**
 * atlas-notes, for the sandbox (services/atlas-notes docs at the reference revision): `CREATE` stores a
 * note for the recipient (the command's `characterId`) → `CREATED`; `DISCARD` deletes the owner's notes
 * → one `DELETED` each. The sandbox's REST serves the stored notes.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { noteCommandContract, noteStatusContract } from "../../features/note/messages.ts";
import type { SandboxStore } from "../store.ts";

/** The first note id the sandbox hands out. */
export const FIRST_NOTE_ID = 1;

/** Subscribes the note responder on `bus` (call before `bus.start()`). */
export function noteResponder(bus: Bus, store: SandboxStore): void {
  let nextId = FIRST_NOTE_ID;
  bus.subscribe(noteCommandContract, async ({ value: command, tenant }) => {
    if (command.type === "CREATE") {
      const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
      const note = { id: nextId++, characterId: command.characterId, ...command.body, timestamp };
      store.notes.set(note.id, note);
      await bus.publish(noteStatusContract, {
        characterId: note.characterId,
        type: "CREATED",
        body: {
          noteId: note.id,
          senderId: note.senderId,
          message: note.message,
          flag: note.flag,
          time: timestamp,
        },
      }, { tenant, key: note.characterId });
      return;
    }
    for (const noteId of command.body.noteIds) {
      const note = store.notes.get(noteId);
      if (!note || note.characterId !== command.characterId) continue;
      store.notes.delete(noteId);
      await bus.publish(noteStatusContract, {
        characterId: command.characterId,
        type: "DELETED",
        body: { noteId },
      }, { tenant, key: command.characterId });
    }
  }, { name: "sandbox_note_command" });
}
