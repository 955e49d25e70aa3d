/**
 * The buff broadcasts, GMS 83 bytes written out from the client layout (d59a1ad2df
 * `character/clientbound/buff_give.go`, `buff_cancel.go`): SPEED is bit 7 of the v83 temporary-stat
 * list and shows its amount as one byte to others; a cancel names only the cancelled stats.
 */
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import {
  buffCancelBody,
  buffCancelForeignBody,
  buffGiveForeignBody,
} from "../../../src/features/buff/writers.ts";
import { fields, hex, u16, u32, u8 } from "../character/golden.ts";

const GMS83 = { region: "GMS", majorVersion: 83 };
const haste = { sourceId: 4101004, changes: [{ type: "SPEED", amount: 40 }, { type: "JUMP", amount: 20 }] };

function bytes(build: ReturnType<typeof buffCancelBody>): string {
  const w = packetWriter();
  build(w, {});
  return hex(w.toBytes());
}

Deno.test("CharacterBuffGiveForeign: id, mask of the held stats, foreign values, base trailer, delay, flag", () => {
  // SPEED (bit 7) shows a byte; JUMP (bit 8) shows nothing to others.
  assertEquals(
    bytes(buffGiveForeignBody(GMS83, 1001, [haste], 0)),
    fields(u32(1001), u32(0), u32(0), u32(0), u32((1 << 7) | (1 << 8)), u8(40), u8(0), u8(0), u16(0), u8(0)),
  );
});

Deno.test("CharacterBuffCancel / Foreign: the reset mask of the buff's stats, then the stat-changed point", () => {
  const mask = fields(u32(0), u32(0), u32(0), u32((1 << 7) | (1 << 8)));
  assertEquals(bytes(buffCancelBody(GMS83, haste)), mask + u8(0));
  assertEquals(bytes(buffCancelForeignBody(GMS83, 1001, haste)), u32(1001) + mask + u8(0));
});
