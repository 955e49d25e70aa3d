/**
 * CharacterSkillMacro golden bytes (no version branch). Layout: the client's (libs/atlas-packet
 * character/clientbound/skill_macro.go at d59a1ad2df): the flag byte is "silent", the inverse of shout
 * (the reference wrote shout itself).
 */
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { writeCharacterSkillMacro } from "../../../src/features/skill/writers.ts";
import { hex, u16, u32, u8 } from "../character/golden.ts";

const ascii = (s: string) =>
  u16(s.length) + [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");

function macro(macros: Parameters<typeof writeCharacterSkillMacro>[1]): string {
  const w = packetWriter();
  writeCharacterSkillMacro(w, macros);
  return hex(w.toBytes());
}

Deno.test("CharacterSkillMacro: count, then name, !shout, three skill ids per macro", () => {
  assertEquals(
    macro([
      { name: "Buffs", shout: false, skillId1: 4001003, skillId2: 0, skillId3: 0 },
      { name: "Go", shout: true, skillId1: 1001003, skillId2: 1101004, skillId3: 1101006 },
    ]),
    u8(2) + ascii("Buffs") + u8(1) + u32(4001003) + u32(0) + u32(0) +
      ascii("Go") + u8(0) + u32(1001003) + u32(1101004) + u32(1101006),
  );
});

Deno.test("CharacterSkillMacro: no macros is a zero count", () => {
  assertEquals(macro([]), u8(0));
});
