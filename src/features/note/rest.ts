/**
 * atlas-notes lookups (rest-contract.md §2.15, §3.18): a character's notes and one note.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { time, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A `notes` resource. */
export const noteResourceSchema = resourceSchema("notes", {
  id: decimalId,
  attributes: z.object({
    /** The recipient. */
    characterId: uint32,
    senderId: uint32,
    message: z.string().default(""),
    flag: uint8.default(0),
    /** When the note was sent. */
    timestamp: time.transform((text) => new Date(text)),
  }),
});

/** A note. */
export type Note = z.output<typeof noteResourceSchema>["attributes"] & { id: number };

/** `GET {NOTES}characters/{id}/notes`: the notes addressed to the character. */
export async function getNotes(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<Note[]> {
  const resources = await rest.getMany("NOTES", `characters/${characterId}/notes`, noteResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({ id: r.id, ...r.attributes }));
}

/** `GET {NOTES}notes/{id}`. 404 → RestNotFoundError. */
export async function getNote(
  rest: RestClient,
  tenant: Tenant,
  noteId: number,
  options: LookupOptions = {},
): Promise<Note> {
  const r = await rest.get("NOTES", `notes/${noteId}`, noteResourceSchema, { ...options, tenant });
  return { id: r.id, ...r.attributes };
}
