/**
 * Golden bytes (after the opcode) of CharacterInfo, written out from the client layout in Atlas
 * `libs/atlas-packet` d59a1ad2df (`character/clientbound/info.go`) for each version whose tail differs:
 * v83 (monster book, medal), v87 (monster book, medal, chair), v92/v95 (medal, chair), JMS 185 (all).
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { characterInfoBody } from "../../../src/features/character-info/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { toHex } from "../map/templates.ts";

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}
const h = (text: string) => text.trim().split(/\s+/).join(" ");

// Character 2001, level 12, job 100, fame 3, guild "Ace", pet Kitty (5000000, level 2, 10, 100) in
// slot 1 (written first: slots are walked 0..2), one wish (serial 10000001).
const info = {
  characterId: 2001,
  level: 12,
  jobId: 100,
  fame: 3,
  guildName: "Ace",
  pets: [{ slot: 1, templateId: 5000000, name: "Kitty", level: 2, closeness: 10, fullness: 100 }],
  wishList: [10000001],
};
const head = h(`d1 07 00 00  0c  64 00  03 00  00  03 00 41 63 65  00 00  00
  01 40 4b 4c 00 05 00 4b 69 74 74 79 02 0a 00 64 00 00 00 00 00 00
  00  00  01 81 96 98 00`);
const book = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
const medal = "00 00 00 00 00 00";
const chair = "00 00 00 00";

Deno.test("CharacterInfo: GMS v83 ends with the monster book and the medal", () => {
  assertEquals(
    bytes(characterInfoBody({ region: "GMS", majorVersion: 83 }, info)),
    `${head} ${book} ${medal}`,
  );
});

Deno.test("CharacterInfo: GMS v87 adds the chair", () => {
  assertEquals(
    bytes(characterInfoBody({ region: "GMS", majorVersion: 87 }, info)),
    `${head} ${book} ${medal} ${chair}`,
  );
});

Deno.test("CharacterInfo: GMS v92/v95 have no monster book", () => {
  for (const majorVersion of [92, 95]) {
    assertEquals(
      bytes(characterInfoBody({ region: "GMS", majorVersion }, info)),
      `${head} ${medal} ${chair}`,
    );
  }
});

Deno.test("CharacterInfo: JMS v185 has all three; no pets, no wishes", () => {
  const bare = { ...info, guildName: "", pets: [], wishList: [] };
  assertEquals(
    bytes(characterInfoBody({ region: "JMS", majorVersion: 185 }, bare)),
    `d1 07 00 00 0c 64 00 03 00 00 00 00 00 00 00 00 00 00 ${book} ${medal} ${chair}`,
  );
});
