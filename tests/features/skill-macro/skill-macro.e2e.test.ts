/**
 * End to end on the real broker: CharacterSkillMacroHandle (layout of CMacroSysMan::FlushToSvr, the same
 * in every version; libs/atlas-packet `character/serverbound/skill_macro.go` at d59a1ad2df) →
 * `COMMAND_TOPIC_SKILL_MACRO` `UPDATE` with the exact JSON (shout is the inverse of the client's byte),
 * key and headers; more than 5 macros or a cut packet produce nothing.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { skillMacroCommandContract } from "../../../src/features/skill/messages.ts";
import { packetReader } from "../../../src/protocol/reader.ts";
import { readSkillMacros } from "../../../src/features/skill-macro/mod.ts";

Deno.test("skill macros: the client's bytes (captured layout) read as name, inverted shout, three skills", () => {
  // count 2; "Buff" shout-byte 0 (shouts) 4101003 4101004 0; "Attack" byte 1 (silent) 4101005 0 0
  const bytes = Uint8Array.from(
    ("02" + "0400" + "42756666" + "00" + "8b933e00" + "8c933e00" + "00000000" +
      "0600" + "41747461636b" + "01" + "8d933e00" + "00000000" + "00000000").match(/../g)!.map((h) =>
        parseInt(h, 16)
      ),
  );
  assertEquals(readSkillMacros(packetReader(bytes)), [
    { id: 0, name: "Buff", shout: true, skillId1: 4101003, skillId2: 4101004, skillId3: 0 },
    { id: 1, name: "Attack", shout: false, skillId1: 4101005, skillId2: 0, skillId3: 0 },
  ]);
  assertEquals(readSkillMacros(packetReader(Uint8Array.of(6))), undefined);
});

Deno.test(integration("skill macro e2e: the whole set → UPDATE, refusals produce nothing", async () => {
  const field = await startField();
  try {
    const aria = await field.login(1001);
    const macro = (
      w: Parameters<Parameters<typeof field.packet>[1] & object>[0],
      name: string,
      flag: number,
    ) => w.string(name).byte(flag).uint32(4001003).uint32(4001002).uint32(0);
    await aria.client.send(field.packet("CharacterSkillMacroHandle", (w) => {
      w.byte(6);
      for (let i = 0; i < 6; i++) macro(w, `m${i}`, 0);
    }));
    await aria.client.send(field.packet("CharacterSkillMacroHandle", (w) => w.byte(1).string("cut").byte(0)));
    await aria.client.send(field.packet("CharacterSkillMacroHandle", (w) => {
      w.byte(2);
      macro(w, "buffs", 0);
      macro(w, "quiet", 1);
    }));
    await aria.client.send(field.packet("CharacterSkillMacroHandle", (w) => w.byte(0)));
    await field.expectCommand(
      skillMacroCommandContract,
      (c) => JSON.stringify(c.value).includes('"macros":[]'),
    );
    const seen = field.captured(skillMacroCommandContract);
    assertEquals(seen.map((c) => c.raw), [
      '{"characterId":1001,"type":"UPDATE","body":{"macros":[' +
      '{"id":0,"name":"buffs","shout":true,"skillId1":4001003,"skillId2":4001002,"skillId3":0},' +
      '{"id":1,"name":"quiet","shout":false,"skillId1":4001003,"skillId2":4001002,"skillId3":0}]}}',
      '{"characterId":1001,"type":"UPDATE","body":{"macros":[]}}',
    ]);
    assertEquals(seen[0].keyId, 1001);
    assertEquals([seen[0].headers.TENANT_ID, seen[0].headers.REGION], [field.tenant.id, "GMS"]);
    assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(seen[0].headers.traceparent ?? ""));
  } finally {
    await field.stop();
  }
}));
