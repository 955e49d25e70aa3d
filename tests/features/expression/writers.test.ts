/**
 * Golden bytes of `CharacterExpression` (body after the opcode), per the client layout
 * (libs/atlas-packet character/clientbound/expression.go at d59a1ad2df): GMS ≤ v87 id and expression;
 * GMS > v87 then `i32 duration, bool byItemOption`; JMS then `i32 duration` only.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import { writeCharacterExpression } from "../../../src/features/expression/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { hex } from "../chat/routing-support.ts";

function bytes(region: string, majorVersion: number, duration?: number, byItem?: boolean): string {
  const w = packetWriter();
  writeCharacterExpression(w, { region, majorVersion }, 30071, 4, duration, byItem);
  return hex(w.toBytes());
}

Deno.test("CharacterExpression: GMS v83/v87 carry id and expression only", () => {
  assertEquals(bytes("GMS", 83), "77750000" + "04000000");
  assertEquals(bytes("GMS", 87, 5000, true), "77750000" + "04000000");
});

Deno.test("CharacterExpression: GMS v92/v95 add duration and by-item flag; default −1, false", () => {
  assertEquals(bytes("GMS", 95), "77750000" + "04000000" + "ffffffff" + "00");
  assertEquals(bytes("GMS", 92, 3000, true), "77750000" + "04000000" + "b80b0000" + "01");
});

Deno.test("CharacterExpression: JMS adds the duration only", () => {
  assertEquals(bytes("JMS", 185), "77750000" + "04000000" + "ffffffff");
});
