/**
 * Golden bytes of `GuildOperation`'s mode-only forms (libs/atlas-packet guild, d59a1ad2df): the code
 * alone, GMS 83's and v95's (which numbers the notices differently).
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import { writeGuildNotice } from "../../../src/features/guild/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const hexOf = (options: Record<string, unknown>, key: string) => {
  const w = packetWriter();
  writeGuildNotice(w, options, key);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
};

Deno.test("GuildOperation REQUEST_NAME, REQUEST_EMBLEM and the character-not-found notice", () => {
  const v83 = writerOptions(TEMPLATE_FILES.gms83, "GuildOperation");
  const v95 = writerOptions("template_gms_95_1.d59a1ad2df.json", "GuildOperation");
  assertEquals(hexOf(v83, "REQUEST_NAME"), "01");
  assertEquals(hexOf(v83, "REQUEST_EMBLEM"), "11");
  assertEquals(hexOf(v83, "THE_CHARACTER_CANNOT_BE_FOUND_IN_THE_CURRENT_CHANNEL"), "2a");
  assertEquals(hexOf(v95, "REQUEST_NAME"), "01");
  assertEquals(hexOf(v95, "REQUEST_EMBLEM"), "11");
  assertEquals(hexOf(v95, "THE_CHARACTER_CANNOT_BE_FOUND_IN_THE_CURRENT_CHANNEL"), "2c");
});
