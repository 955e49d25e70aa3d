/**
 * Golden bytes of `FameResponse`'s error forms: the configured code alone (libs/atlas-packet
 * fame/clientbound/response.go ErrorResponse, d59a1ad2df), GMS 83 and v95 templates (same layout in
 * every version).
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import { fameErrorOf, writeFameError } from "../../../src/features/fame/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const hexOf = (build: (w: ReturnType<typeof packetWriter>) => void) => {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
};

Deno.test("FameResponse errors: the code of each atlas-fame error; unknown codes → UNEXPECTED", () => {
  for (const file of [TEMPLATE_FILES.gms83, "template_gms_95_1.d59a1ad2df.json"]) {
    const options = writerOptions(file, "FameResponse");
    assertEquals(hexOf((w) => writeFameError(w, options, "INVALID_NAME")), "01");
    assertEquals(hexOf((w) => writeFameError(w, options, "NOT_MINIMUM_LEVEL")), "02");
    assertEquals(hexOf((w) => writeFameError(w, options, "NOT_TODAY")), "03");
    assertEquals(hexOf((w) => writeFameError(w, options, "NOT_THIS_MONTH")), "04");
    assertEquals(hexOf((w) => writeFameError(w, options, "UNEXPECTED")), "06");
    assertEquals(hexOf((w) => writeFameError(w, options, "NEW_CODE")), "06");
  }
  assertEquals(fameErrorOf("NOT_TODAY"), "NOT_TODAY");
});
