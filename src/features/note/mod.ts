/**
 * The note (memo) domain:
 *
 * - `NoteOperationHandle` `SEND` (recipient name, text, then the gift-forward fields the client appends,
 *   which are ignored) → `COMMAND_TOPIC_NOTE` `CREATE` for the recipient (envelope: the recipient; key:
 *   the sender; flag 1), answered with `SEND_SUCCESS` once stored, or `SEND_ERROR` "receiver unknown".
 * - `DISCARD` (count, wedding-invite count, free slots, then each note's id and flag, plus a marriage
 *   number for wedding invites) → `DISCARD` with the ids, only when every note exists, belongs to the
 *   session's character and has the flag the client saw (the reference checked the flag but not the
 *   owner, and closed the session on a mismatch; we log and produce nothing).
 * - `REQUEST` → `SHOW` with the character's notes.
 * - `EVENT_TOPIC_NOTE_STATUS` `CREATED` → `REFRESH` to the recipient's session here (any channel).
 * - After login (the first field entry): `SHOW` with the character's notes, when there are any.
 *
 * Senders' names come from their sessions here or one atlas-character look-up per distinct sender.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { optionName } from "../../net/dispatch.ts";
import { type Session, sessionKey } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { characterNamed, counterpart } from "../invite/counterparts.ts";
import { noteCommandContract, noteStatusContract, type NoteStatusEvent } from "./messages.ts";
import { getNote, getNotes, type Note } from "./rest.ts";
import {
  NOTE_OPERATION,
  type NoteLine,
  writeNoteRefresh,
  writeNoteSendError,
  writeNoteSent,
  writeNoteShow,
} from "./writers.ts";

const log = getLogger("note");

/** The handler name, as the reference registers it. */
export const NOTE_OPERATION_HANDLE = "NoteOperationHandle";

const shownKey = sessionKey<true>("note.shownAtLogin");

/** The flag of a wedding invitation in the client's list (v72+ and JMS), which carries a marriage number. */
const WEDDING_INVITE_FLAG = 3;

/** A decoded note operation packet. */
export type NoteRequest =
  | { readonly kind: "SEND"; readonly toName: string; readonly message: string }
  | { readonly kind: "DISCARD"; readonly notes: readonly { id: number; flag: number }[] }
  | { readonly kind: "REQUEST" }
  | { readonly kind: "UNKNOWN"; readonly op: number };

/** Reads a note operation packet for `region` (JMS sends two marriage-number parts). */
export function readNoteOperation(
  reader: PacketReader,
  options: HandlerOptions,
  region: string,
): NoteRequest {
  const op = reader.byte();
  switch (optionName(options, "operations", op)) {
    case "SEND": {
      const toName = reader.string();
      const message = reader.string();
      return { kind: "SEND", toName, message };
    }
    case "DISCARD": {
      const count = reader.byte();
      const specialCount = reader.byte();
      const emptySlots = reader.byte();
      // Wedding invites beyond the free slots are left out of the packet by the client.
      const onWire = specialCount > emptySlots ? count - (specialCount - emptySlots) : count;
      const notes: { id: number; flag: number }[] = [];
      for (let i = 0; i < onWire; i++) {
        const id = reader.uint32();
        const flag = reader.byte();
        if (flag === WEDDING_INVITE_FLAG) {
          reader.uint32();
          if (region === "JMS") reader.uint32();
        }
        notes.push({ id, flag });
      }
      return { kind: "DISCARD", notes };
    }
    case "REQUEST":
      return { kind: "REQUEST" };
    default:
      return { kind: "UNKNOWN", op };
  }
}

/** The notes as the client lists them, senders named (unknown senders: "Unknown", as the reference). */
async function noteLines(ctx: FeatureContext, session: Session, notes: readonly Note[]): Promise<NoteLine[]> {
  const senders = new Map<number, string>();
  await Promise.all([...new Set(notes.map((n) => n.senderId))].map(async (id) => {
    senders.set(id, (await counterpart(ctx, session.tenant, id))?.name ?? "Unknown");
  }));
  return notes.map((n) => ({
    id: n.id,
    senderName: senders.get(n.senderId) ?? "Unknown",
    message: n.message,
    sentAt: n.timestamp,
    flag: n.flag,
  }));
}

/** Reads the character's notes and shows them (`SHOW`); nothing when there are none or the read fails. */
export async function showNotes(ctx: FeatureContext, session: Session, evenIfNone = false): Promise<void> {
  const characterId = session.characterId;
  if (characterId === undefined || !ctx.rest) return;
  let notes: Note[];
  try {
    notes = await getNotes(ctx.rest, session.tenant, characterId);
  } catch (err) {
    log.warn("notes lookup failed; not shown", { characterId, error: String(err) });
    return;
  }
  if (notes.length === 0 && !evenIfNone) return;
  const lines = await noteLines(ctx, session, notes);
  if (!session.isClosed) ctx.send(session, NOTE_OPERATION, (w, o) => writeNoteShow(w, o, lines));
}

/** Handles one note operation packet of a logged-in session. */
export async function handleNoteOperation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const request = readNoteOperation(reader, options, session.tenant.region);
  const characterId = session.characterId;
  if (characterId === undefined) return;
  switch (request.kind) {
    case "UNKNOWN":
      log.warn("unhandled note operation", { characterId, op: request.op });
      return;
    case "REQUEST":
      await showNotes(ctx, session, true);
      return;
    case "SEND": {
      const recipient = await characterNamed(ctx, session.tenant, request.toName);
      if (!recipient) {
        ctx.send(session, NOTE_OPERATION, (w, o) => writeNoteSendError(w, o, "RECEIVER_UNKNOWN"));
        return;
      }
      await ctx.bus.publish(noteCommandContract, {
        characterId: recipient.id,
        type: "CREATE",
        body: { senderId: characterId, message: request.message, flag: 1 },
      }, { tenant: session.tenant, key: characterId });
      ctx.send(session, NOTE_OPERATION, (w, o) => writeNoteSent(w, o));
      return;
    }
    case "DISCARD": {
      if (request.notes.length === 0 || !ctx.rest) return;
      const rest = ctx.rest;
      try {
        const stored = await Promise.all(request.notes.map((n) => getNote(rest, session.tenant, n.id)));
        const mismatch = stored.find((n, i) =>
          n.characterId !== characterId || n.flag !== request.notes[i].flag
        );
        if (mismatch) {
          log.warn("discard of a note that is not the character's or changed; dropped", {
            characterId,
            noteId: mismatch.id,
          });
          return;
        }
      } catch (err) {
        log.warn("note lookup for a discard failed; dropped", { characterId, error: String(err) });
        return;
      }
      await ctx.bus.publish(noteCommandContract, {
        characterId,
        type: "DISCARD",
        body: { noteIds: request.notes.map((n) => n.id) },
      }, { tenant: session.tenant, key: characterId });
      return;
    }
  }
}

/** `CREATED`: `REFRESH` to the recipient's session on this process. */
export function onNoteStatus(ctx: FeatureContext, { value: event, tenant }: Delivery<NoteStatusEvent>): void {
  if (event.type !== "CREATED") return;
  const session = ctx.presence.sessionOfCharacter(tenant, event.characterId);
  if (session && !session.isClosed) ctx.send(session, NOTE_OPERATION, (w, o) => writeNoteRefresh(w, o));
}

/** See the module documentation. */
export const noteFeature: Feature = {
  name: "note",
  contracts: [noteCommandContract, noteStatusContract],
  writers: [NOTE_OPERATION],
  handlers: (ctx) => ({
    [NOTE_OPERATION_HANDLE]: (session, reader, options) => handleNoteOperation(ctx, session, reader, options),
  }),
  async onFieldEnter(ctx, session) {
    if (session.get(shownKey)) return;
    session.set(shownKey, true);
    await showNotes(ctx, session);
  },
  start(ctx) {
    ctx.bus.subscribe(noteStatusContract, (delivery) => onNoteStatus(ctx, delivery), {
      name: "note_status_event",
      fromBeginning: true,
    });
  },
};
