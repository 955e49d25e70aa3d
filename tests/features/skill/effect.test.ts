/**
 * Skill-use effect bytes (bodies after the opcode), written out from the client layout (d59a1ad2df
 * `character/clientbound/effect_skill_use.go` and its byte fixtures): `u8 mode, u32 skillId, u8
 * characterLevel (GMS ≥ 83 and JMS), u8 skillLevel`, one flag byte for Berserk, Dragon Fury and Monster
 * Magnet; the foreign form leads with the caster's id. The mode is the template's `SKILL_USE` (1 in the
 * GMS 83 template); the GMS 87/92 and JMS templates configure no options for the writer, so the GMS 83
 * options stand in.
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { hex, TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { type BuildPacket, MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { skillUseEffectBody, skillUseEffectForeignBody } from "../../../src/features/skill/writers.ts";

function bytes(build: BuildPacket, writer: string): string {
  const w = packetWriter();
  build(w, writerOptions(TEMPLATE_FILES.gms83, writer));
  return toHex(w.toBytes());
}
const golden = (text: string) => toHex(hex(text));

const GMS83 = { region: "GMS", majorVersion: 83 };
const versions = [
  GMS83,
  { region: "GMS", majorVersion: 87 },
  { region: "GMS", majorVersion: 92 },
  { region: "GMS", majorVersion: 95 },
  { region: "JMS", majorVersion: 185 },
];
const plain = { skillId: 0x010203, characterLevel: 0x1e, skillLevel: 0x0a, flag: true };

Deno.test("CharacterEffect SKILL_USE: mode, skill, caster level, skill level (GMS 83 to 95, JMS 185)", () => {
  for (const v of versions) {
    assertEquals(bytes(skillUseEffectBody(v, plain), "CharacterEffect"), golden("01 03 02 01 00 1e 0a"));
    assertEquals(
      bytes(skillUseEffectForeignBody(v, 0x12345678, plain), "CharacterEffectForeign"),
      golden("78 56 34 12 01 03 02 01 00 1e 0a"),
    );
  }
});

Deno.test("CharacterEffect SKILL_USE: GMS before 83 has no caster level", () => {
  for (const majorVersion of [72, 79]) {
    const v = { region: "GMS", majorVersion };
    assertEquals(bytes(skillUseEffectBody(v, plain), "CharacterEffect"), golden("01 03 02 01 00 0a"));
    assertEquals(
      bytes(skillUseEffectForeignBody(v, 0x12345678, plain), "CharacterEffectForeign"),
      golden("78 56 34 12 01 03 02 01 00 0a"),
    );
  }
});

Deno.test("CharacterEffect SKILL_USE: Berserk, Dragon Fury and Monster Magnet carry one flag byte", () => {
  const level = { characterLevel: 0x1e, skillLevel: 0x0a };
  // Berserk 1320006 = 0x142446, Dragon Fury 22160000 = 0x01522280, Monster Magnet 1121001 = 0x111ae9.
  assertEquals(
    bytes(skillUseEffectBody(GMS83, { skillId: 1320006, ...level, flag: true }), "CharacterEffect"),
    golden("01 46 24 14 00 1e 0a 01"),
  );
  assertEquals(
    bytes(skillUseEffectBody(GMS83, { skillId: 22160000, ...level, flag: false }), "CharacterEffect"),
    golden("01 80 22 52 01 1e 0a 00"),
  );
  assertEquals(
    bytes(
      skillUseEffectForeignBody(GMS83, 7, { skillId: 1121001, ...level, flag: true }),
      "CharacterEffectForeign",
    ),
    golden("07 00 00 00 01 e9 1a 11 00 1e 0a 01"),
  );
  // Other skills never carry it, whatever the flag.
  assertEquals(
    bytes(skillUseEffectBody(GMS83, { skillId: 1121000, ...level, flag: true }), "CharacterEffect"),
    golden("01 e8 1a 11 00 1e 0a"),
  );
});

Deno.test("CharacterEffect SKILL_USE without the template's code throws the shared error", () => {
  assertThrows(() => skillUseEffectBody(GMS83, plain)(packetWriter(), {}), MissingWriterOptionError);
  assertThrows(
    () => skillUseEffectForeignBody(GMS83, 1, plain)(packetWriter(), {}),
    MissingWriterOptionError,
  );
});
