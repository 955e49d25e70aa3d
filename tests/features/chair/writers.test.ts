/**
 * Golden bytes (after the opcode) of the chair and chalkboard writers, written out from the client
 * layouts in Atlas `libs/atlas-packet` d59a1ad2df (`character/clientbound/chair_show.go`,
 * `sit_result.go`, `chalkboard.go`); the layouts are the same for GMS v83, v87, v92, v95 and JMS v185.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { showChairBody, sitBody, standUpBody } from "../../../src/features/chair/writers.ts";
import { chalkboardClearBody, chalkboardSetBody } from "../../../src/features/chalkboard/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { toHex } from "../map/templates.ts";

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}

Deno.test("CharacterShowChair: character id, chair item id (0: stands up)", () => {
  assertEquals(bytes(showChairBody(30071, 3010000)), "77 75 00 00 d0 ed 2d 00");
  assertEquals(bytes(showChairBody(30071, 0)), "77 75 00 00 00 00 00 00");
});

Deno.test("CharacterSitResult: seated on a 16-bit seat id, or standing up", () => {
  assertEquals(bytes(sitBody(2)), "01 02 00");
  assertEquals(bytes(standUpBody()), "00");
});

Deno.test("ChalkboardUse: holder, board up with its text, or put away", () => {
  assertEquals(bytes(chalkboardSetBody(1001, "Hi")), "e9 03 00 00 01 02 00 48 69");
  assertEquals(bytes(chalkboardClearBody(1001)), "e9 03 00 00 00");
});
