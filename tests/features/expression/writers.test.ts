/**
 * Golden bytes of `CharacterExpression` (body after the opcode), GMS v83; no version branch in the
 * reference (atlas-channel b0c865294b socket/writer/character_expression.go).
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import { writeCharacterExpression } from "../../../src/features/expression/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { hex } from "../chat/routing-support.ts";

Deno.test("CharacterExpression: character id, expression", () => {
  const w = packetWriter();
  writeCharacterExpression(w, 30071, 4);
  assertEquals(hex(w.toBytes()), "77750000" + "04000000");
});
