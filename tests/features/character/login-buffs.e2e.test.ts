/**
 * Field entry end to end (socket-protocol.md §6.2 step 4): after SetField and the key map a logged-in
 * client receives CharacterBuffGive with its active buffs and CharacterSkillMacro with its macros (sorted
 * by slot); a character without buffs gets no CharacterBuffGive, but still an (empty) macro packet, as
 * the reference sends.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { buffsDocument, macrosDocument } from "../../../src/features/character/fixtures.ts";
import { hex, u16, u32, u8 } from "./golden.ts";

const ascii = (s: string) =>
  u16(s.length) + [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");

Deno.test(
  integration("login sends the active buffs and the skill macros after the key map", async () => {
    const field = await startField();
    try {
      field.rest.on("GET", "characters/1001/buffs", {
        json: buffsDocument([{
          sourceId: 1001003,
          durationMs: 600_000,
          changes: [{ type: "WEAPON_DEFENSE", amount: 20 }],
          createdAt: new Date(),
        }]),
      });
      field.rest.on("GET", "characters/1001/macros", {
        json: macrosDocument([
          { id: 2, name: "Go", shout: true, skills: [1001003, 0, 0] },
          { id: 0, name: "Buffs", skills: [4001003, 0, 0] },
        ]),
      });

      const aria = await field.login(1001);
      const buffGive = await field.receivePacket(aria.client, "CharacterBuffGive");
      // Mask: the held stats only, weapon defense (bit 1) (client layout; the reference also set the base
      // stats' bits 82-88); then its self entry.
      assertEquals(hex(buffGive.subarray(0, 16)), u32(0) + u32(0) + u32(0) + u32(1 << 1));
      assertEquals(hex(buffGive.subarray(16, 22)), u16(20) + u32(1001003));
      const remainingMs = new DataView(buffGive.buffer, buffGive.byteOffset + 22, 4).getInt32(0, true);
      assertTrue(remainingMs > 550_000 && remainingMs <= 600_000, `remaining ${remainingMs} ms`);
      const macros = await field.receivePacket(aria.client, "CharacterSkillMacro");
      assertEquals(
        hex(macros),
        // The flag is "silent", the inverse of shout (client layout): Buffs does not shout, Go does.
        u8(2) + ascii("Buffs") + u8(1) + u32(4001003) + u32(0) + u32(0) +
          ascii("Go") + u8(0) + u32(1001003) + u32(0) + u32(0),
      );

      // The fixture characters have no buffs and no macros by default.
      const cody = await field.login(2001);
      const buffOpcode = field.writerOpcode("CharacterBuffGive");
      const macroOpcode = field.writerOpcode("CharacterSkillMacro");
      const seen: number[] = [];
      let macroBody: Uint8Array | undefined;
      while (!macroBody) {
        const body = await cody.client.receive(5_000);
        const opcode = body[0] | (body[1] << 8);
        seen.push(opcode);
        if (opcode === macroOpcode) macroBody = body.subarray(2);
      }
      assertTrue(!seen.includes(buffOpcode), "no CharacterBuffGive without buffs");
      assertEquals(hex(macroBody), u8(0));
    } finally {
      await field.stop();
    }
  }),
);
