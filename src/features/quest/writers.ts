/**
 * The quest record forms of `CharacterStatusMessage` (CWvsContext::OnMessage `QUEST_RECORD`), laid out as
 * the client reads them (libs/atlas-packet `character/clientbound/status_message.go` at d59a1ad2df): the
 * operation code, the quest id as 16 bits, then the record state — 0 forfeited (nothing more), 1 in
 * progress (the progress string), 2 completed (the completion time as a FILETIME). The reference also
 * wrote a byte and an int after the progress and 0 as the completion time.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { requireOptionCode } from "../outbound.ts";

/** The writer these forms belong to (declared by the stats domain). */
export const CHARACTER_STATUS_MESSAGE = "CharacterStatusMessage";

/** One quest record change. */
export type QuestRecord =
  | { state: "FORFEITED"; questId: number }
  | { state: "STARTED"; questId: number; progress: string }
  | { state: "COMPLETED"; questId: number; completedAt: Date };

const STATES = { FORFEITED: 0, STARTED: 1, COMPLETED: 2 } as const;

/** Writes a `CharacterStatusMessage` `QUEST_RECORD` body. */
export function writeQuestRecord(w: PacketWriter, options: WriterOptions, record: QuestRecord): void {
  w.byte(requireOptionCode(CHARACTER_STATUS_MESSAGE, options, "operations", "QUEST_RECORD"));
  // The client reads the quest id as 16 bits (ids above 65535 do not exist in its data).
  w.uint16(record.questId & 0xffff).byte(STATES[record.state]);
  switch (record.state) {
    case "STARTED":
      w.string(record.progress);
      return;
    case "COMPLETED":
      w.fileTime(record.completedAt);
      return;
    case "FORFEITED":
      return;
  }
}
