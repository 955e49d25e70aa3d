/**
 * CharacterUseSkillHandle reading and the skill writers, bytes written out from the client layout
 * (d59a1ad2df `model/skill_usage_info.go`, `character/clientbound/skill_change.go`, `skill_cooldown.go`).
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { readSkillUse } from "../../../src/features/skill/use.ts";
import { skillChangeBody, skillCooldownBody } from "../../../src/features/skill/writers.ts";
import { fields, hex, u16, u32, u64, u8 } from "../character/golden.ts";

const fromHex = (h: string) => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16)));
const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS12 = { region: "GMS", majorVersion: 12 };

Deno.test("skill use: a plain skill is time, id, level", () => {
  const r = packetReader(fromHex(fields(u32(1), u32(4001003), u8(10))));
  assertEquals(readSkillUse(r, GMS83), {
    skillId: 4001003,
    skillLevel: 10,
    partyBitmap: 0,
    monsterIds: [],
    facingLeft: false,
  });
  assertEquals(r.remaining, 0);
});

Deno.test("skill use: Rage (anti-repeat, party, monster-affecting): cast position, bitmap, monsters, delay", () => {
  const bytes = fromHex(
    fields(u32(1), u32(1101006), u8(3), u16(10), u16(20), u8(0x41), u8(2), u32(7), u32(8), u16(0)),
  );
  const r = packetReader(bytes);
  assertEquals(readSkillUse(r, GMS83), {
    skillId: 1101006,
    skillLevel: 3,
    partyBitmap: 0x41,
    monsterIds: [7, 8],
    facingLeft: false,
  });
  assertEquals(r.remaining, 0);
  assertThrows(() => readSkillUse(packetReader(bytes.subarray(0, bytes.length - 1)), GMS83), PacketReadError);
});

Deno.test("skill use: Shadow Stars star id; Marksman Sharp Eyes has the bitmap but no cast position; Monster Magnet", () => {
  const stars = packetReader(fromHex(fields(u32(1), u32(4121006), u8(5), u32(2070006))));
  readSkillUse(stars, GMS83);
  assertEquals(stars.remaining, 0);
  const eyes = packetReader(fromHex(fields(u32(1), u32(3221002), u8(5), u8(1))));
  assertEquals(readSkillUse(eyes, GMS83).partyBitmap, 1);
  assertEquals(eyes.remaining, 0);
  const magnet = packetReader(
    fromHex(fields(u32(1), u32(1121001), u8(5), u32(2), u32(7), u8(1), u32(8), u8(0), u8(1))),
  );
  assertEquals(readSkillUse(magnet, GMS83).monsterIds, [7, 8]);
  assertEquals(magnet.remaining, 0);
  const facing = (left: number) =>
    readSkillUse(packetReader(fromHex(fields(u32(1), u32(1221001), u8(5), u32(0), u8(left)))), GMS83)
      .facingLeft;
  assertEquals([facing(1), facing(0)], [true, false]);
});

Deno.test("skill use: Recovery Aura (anti-repeat, monster-affecting, not a party buff): no member bitmap", () => {
  const r = packetReader(
    fromHex(fields(u32(1), u32(22161003), u8(4), u16(10), u16(20), u8(1), u32(9), u16(0))),
  );
  assertEquals(readSkillUse(r, GMS83), {
    skillId: 22161003,
    skillLevel: 4,
    partyBitmap: 0,
    monsterIds: [9],
    facingLeft: false,
  });
  assertEquals(r.remaining, 0);
});

Deno.test("skill use: Doom lists monsters without a cast position", () => {
  const r = packetReader(fromHex(fields(u32(1), u32(2311005), u8(4), u8(2), u32(9), u32(10), u16(0))));
  assertEquals(readSkillUse(r, GMS83).monsterIds, [9, 10]);
  assertEquals(r.remaining, 0);
});

function bytes(build: ReturnType<typeof skillCooldownBody>): string {
  const w = packetWriter();
  build(w, {});
  return hex(w.toBytes());
}

Deno.test("CharacterSkillChange: exclusive, one skill, level, master level, expiration (−1 = never), sn", () => {
  const skill = { id: 4001003, level: 11, masterLevel: 0, expiration: null };
  assertEquals(
    bytes(skillChangeBody(GMS83, skill)),
    fields(u8(1), u16(1), u32(4001003), u32(11), u32(0), u64(-1), u8(1)),
  );
  // 2026-01-31T18:07:05Z in FILETIME ticks: (1769882825 s × 10^7) + 116444736000000000.
  assertEquals(
    bytes(skillChangeBody(GMS83, { ...skill, expiration: new Date("2026-01-31T18:07:05Z") })),
    fields(
      u8(1),
      u16(1),
      u32(4001003),
      u32(11),
      u32(0),
      u64(1769882825n * 10_000_000n + 116444736000000000n),
      u8(1),
    ),
  );
  // GMS before 83 has no expiration.
  assertEquals(
    bytes(skillChangeBody(GMS12, skill)),
    fields(u8(1), u16(1), u32(4001003), u32(11), u32(0), u8(1)),
  );
});

Deno.test("CharacterSkillCooldown: id and seconds", () => {
  assertEquals(bytes(skillCooldownBody(1121010, 90)), u32(1121010) + u16(90));
  assertEquals(bytes(skillCooldownBody(1121010, 0)), u32(1121010) + u16(0));
});
