/**
 * `NoteOperation` (the client's `CWvsContext::OnMemoResult`), as Atlas's `libs/atlas-packet/note`
 * pins it (d59a1ad2df); the operation byte is the writer's `operations` code, a send error's code its
 * `errors` code. The layouts are the same in every version we serve.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { FILETIME_UNSET } from "../../protocol/filetime.ts";
import { requireOptionCode } from "../outbound.ts";

/** The writer name, as the reference registers it. */
export const NOTE_OPERATION = "NoteOperation";

/** A note as the client lists it. */
export interface NoteLine {
  readonly id: number;
  readonly senderName: string;
  readonly message: string;
  readonly sentAt: Date;
  readonly flag: number;
}

/** Go's zero `time.Time` (0001-01-01); it and anything before it read as "no time". */
const ZERO_TIME_MS = Date.parse("0001-01-01T00:00:00Z");

/**
 * `SHOW`: the count, then per note its id, the sender's name followed by a space (the client shows it
 * that way), the text, the time as a FILETIME (−1 for Go's zero time) and the flag.
 */
export function writeNoteShow(w: PacketWriter, options: WriterOptions, notes: readonly NoteLine[]): void {
  const listed = notes.slice(0, 255);
  w.byte(requireOptionCode(NOTE_OPERATION, options, "operations", "SHOW")).byte(listed.length);
  for (const n of listed) {
    w.uint32(n.id).string(`${n.senderName} `).string(n.message);
    w.fileTime(n.sentAt.getTime() <= ZERO_TIME_MS ? FILETIME_UNSET : n.sentAt);
    w.byte(n.flag);
  }
}

/** `SEND_SUCCESS`: the mode alone. */
export function writeNoteSent(w: PacketWriter, options: WriterOptions): void {
  w.byte(requireOptionCode(NOTE_OPERATION, options, "operations", "SEND_SUCCESS"));
}

/** Why a note could not be sent (the writer's `errors` codes). */
export type NoteSendError = "RECEIVER_ONLINE" | "RECEIVER_UNKNOWN" | "RECEIVER_INBOX_FULL";

/** `SEND_ERROR`: the mode, then the error's code. */
export function writeNoteSendError(w: PacketWriter, options: WriterOptions, error: NoteSendError): void {
  w.byte(requireOptionCode(NOTE_OPERATION, options, "operations", "SEND_ERROR"))
    .byte(requireOptionCode(NOTE_OPERATION, options, "errors", error));
}

/** `REFRESH`: the mode alone (the client then asks for its notes). */
export function writeNoteRefresh(w: PacketWriter, options: WriterOptions): void {
  w.byte(requireOptionCode(NOTE_OPERATION, options, "operations", "REFRESH"));
}
