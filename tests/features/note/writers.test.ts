/**
 * Golden bytes of `NoteOperation` (libs/atlas-packet note, d59a1ad2df): the same layout in every version;
 * codes from the GMS 83 and v95 templates.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import {
  writeNoteRefresh,
  writeNoteSendError,
  writeNoteSent,
  writeNoteShow,
} from "../../../src/features/note/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const hexOf = (build: (w: ReturnType<typeof packetWriter>) => void) => {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
};

Deno.test("NoteOperation SHOW, SEND_SUCCESS, SEND_ERROR, REFRESH (GMS 83 and v95 codes)", () => {
  for (const file of [TEMPLATE_FILES.gms83, "template_gms_95_1.d59a1ad2df.json"]) {
    const o = writerOptions(file, "NoteOperation");
    const notes = [
      { id: 77, senderName: "Brin", message: "gg", sentAt: new Date("2026-01-14T21:10:00Z"), flag: 0 },
      { id: 78, senderName: "X", message: "", sentAt: new Date("0001-01-01T00:00:00Z"), flag: 1 },
    ];
    assertEquals(
      hexOf((w) => writeNoteShow(w, o, notes)),
      "03" + "02" +
        "4d000000" + "0500" + "4272696e20" + "0200" + "6767" + "00049d249a85dc01" + "00" +
        "4e000000" + "0200" + "5820" + "0000" + "ffffffffffffffff" + "01",
    );
    assertEquals(hexOf((w) => writeNoteSent(w, o)), "04");
    assertEquals(hexOf((w) => writeNoteSendError(w, o, "RECEIVER_UNKNOWN")), "05" + "01");
    assertEquals(hexOf((w) => writeNoteSendError(w, o, "RECEIVER_INBOX_FULL")), "05" + "02");
    assertEquals(hexOf((w) => writeNoteRefresh(w, o)), "07");
  }
});
