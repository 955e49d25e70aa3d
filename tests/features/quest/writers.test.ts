/**
 * Golden bytes of the quest record forms of CharacterStatusMessage, from the client layout
 * (libs/atlas-packet `character/clientbound/status_message.go` at d59a1ad2df; the same in every version)
 * with the GMS 83 template's operation code (`QUEST_RECORD` = "0x01").
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { type QuestRecord, writeQuestRecord } from "../../../src/features/quest/writers.ts";
import { questRecordOf } from "../../../src/features/quest/quest.ts";

const OPTIONS = { operations: { DROP_PICK_UP: "0x00", QUEST_RECORD: "0x01" } };
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const bytes = (record: QuestRecord, options: Record<string, unknown> = OPTIONS) => {
  const w = packetWriter();
  writeQuestRecord(w, options, record);
  return hex(w.toBytes());
};

Deno.test("quest record: in progress, completed (FILETIME), forfeited; the id as 16 bits", () => {
  assertEquals(bytes({ state: "STARTED", questId: 2001, progress: "" }), "01" + "d107" + "01" + "0000");
  assertEquals(
    bytes({ state: "STARTED", questId: 2001, progress: "003" }),
    "01" + "d107" + "01" + "0300303033",
  );
  // 2024-01-15T10:30:00Z = 1705314600 s → 1705314600 × 10^7 + 116444736000000000 = 133497882000000000 (0x01DA479DCAE08400)
  // little-endian below.
  assertEquals(
    bytes({ state: "COMPLETED", questId: 2001, completedAt: new Date("2024-01-15T10:30:00Z") }),
    "01" + "d107" + "02" + "0084e0ca9d47da01",
  );
  assertEquals(bytes({ state: "FORFEITED", questId: 2001 }), "01" + "d107" + "00");
  assertEquals(bytes({ state: "FORFEITED", questId: 0x12345 }), "01" + "4523" + "00");
  assertThrows(() => bytes({ state: "FORFEITED", questId: 1 }, {}), MissingWriterOptionError);
});

Deno.test("quest events map to records; ERROR shows nothing", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const at = { characterId: 1001, worldId: 0 };
  assertEquals(questRecordOf({ ...at, type: "STARTED", body: { questId: 7 } }, now), {
    state: "STARTED",
    questId: 7,
    progress: "",
  });
  assertEquals(
    questRecordOf(
      { ...at, type: "PROGRESS_UPDATED", body: { questId: 7, infoNumber: 0, progress: "1" } },
      now,
    ),
    { state: "STARTED", questId: 7, progress: "1" },
  );
  assertEquals(questRecordOf({ ...at, type: "COMPLETED", body: { questId: 7 } }, now), {
    state: "COMPLETED",
    questId: 7,
    completedAt: now,
  });
  assertEquals(questRecordOf({ ...at, type: "FORFEITED", body: { questId: 7 } }, now), {
    state: "FORFEITED",
    questId: 7,
  });
  assertEquals(questRecordOf({ ...at, type: "ERROR", body: {} }, now), undefined);
});
