/**
 * CharacterBuffGive golden bytes. Layout: the client's (libs/atlas-packet at d59a1ad2df,
 * `character/clientbound/buff_give.go` and `model/character_temporary_stat.go`): a mask of the stats held
 * only (the reference also claimed the seven base stats), self values in bit order, `u8 0, u8 0`, one
 * base-stat block per held base stat (GMS 83 has them at bits 82–88, GMS 87/92 at 86–92, JMS 185 at
 * 110–116, GMS 95 at 122–127 with the party booster for speed infusion and no undead).
 */
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { writeCharacterBuffGive } from "../../../src/features/buff/writers.ts";
import { hex, u16, u32, u8 } from "../character/golden.ts";

const NOW = 1_700_000_000_000;
const at = (ms: number) => new Date(NOW + ms);

const BUFFS = [
  // Iron Body: weapon defense (bit 1), 60 s left; an unknown stat name is skipped.
  {
    sourceId: 1001003,
    changes: [{ type: "WEAPON_DEFENSE", amount: 20 }, { type: "NOT_A_STAT", amount: 5 }],
    expiresAt: at(60_000),
  },
  // Magic Guard (bit 9), 120 s left.
  { sourceId: 2001002, changes: [{ type: "MAGIC_GUARD", amount: 15 }], expiresAt: at(120_000) },
  // A weaker weapon defense loses to the stronger one.
  { sourceId: 2001003, changes: [{ type: "WEAPON_DEFENSE", amount: 10 }], expiresAt: at(5_000) },
];

/** `u8 0, u8 0` with no base stat held. */
const TRAILER = u8(0) + u8(0);
const STATS = u16(20) + u32(1001003) + u32(60_000) + u16(15) + u32(2001002) + u32(120_000);
const END = u16(0) + u8(0);

function give(version: { region: string; majorVersion: number }, buffs = BUFFS): string {
  const w = packetWriter();
  writeCharacterBuffGive(w, version, buffs, NOW);
  return hex(w.toBytes());
}

Deno.test("CharacterBuffGive GMS 83: mask of the held stats only, self values in bit order", () => {
  const mask = u32(0) + u32(0) + u32(0) + u32((1 << 1) | (1 << 9));
  assertEquals(give({ region: "GMS", majorVersion: 83 }), mask + STATS + TRAILER + END);
});

Deno.test("CharacterBuffGive GMS 87/92/95 and JMS 185: same values; a held base stat is a block at its version's bit", () => {
  const mask = u32(0) + u32(0) + u32(0) + u32((1 << 1) | (1 << 9));
  assertEquals(give({ region: "GMS", majorVersion: 95 }), mask + STATS + TRAILER + END);
  assertEquals(give({ region: "JMS", majorVersion: 185 }), mask + STATS + TRAILER + END);
  assertEquals(give({ region: "GMS", majorVersion: 87 }), mask + STATS + TRAILER + END);
  assertEquals(give({ region: "GMS", majorVersion: 92 }), mask + STATS + TRAILER + END);
  // GMS 95: monster riding is bit 125, the guided bullet (homing beacon) bit 127; their blocks carry the
  // amount and the source, the bullet's its monster (the amount) too.
  const riding = [
    { sourceId: 1004, changes: [{ type: "MONSTER_RIDING", amount: 1902000 }], expiresAt: at(60_000) },
    { sourceId: 5221009, changes: [{ type: "HOMING_BEACON", amount: 7001 }], expiresAt: at(60_000) },
  ];
  assertEquals(
    give({ region: "GMS", majorVersion: 95 }, riding),
    u32((1 << 29) | (1 << 31)) + u32(0) + u32(0) + u32(0) + u8(0) + u8(0) +
      u32(1902000) + u32(1004) + u8(0) + u32(0) +
      u32(7001) + u32(5221009) + u8(0) + u32(0) + u32(7001) + END,
  );
  // JMS 185: riding is bit 113 (the first u32, bit 17).
  assertEquals(
    give({ region: "JMS", majorVersion: 185 }, riding.slice(0, 1)),
    u32(1 << 17) + u32(0) + u32(0) + u32(0) + u8(0) + u8(0) + u32(1902000) + u32(1004) + u8(0) + u32(0) + END,
  );
  // GMS 87 and 92: riding is bit 89 (the second u32, bit 25).
  for (const majorVersion of [87, 92]) {
    assertEquals(
      give({ region: "GMS", majorVersion }, riding.slice(0, 1)),
      u32(0) + u32(1 << 25) + u32(0) + u32(0) + u8(0) + u8(0) + u32(1902000) + u32(1004) + u8(0) + u32(0) +
        END,
    );
  }
});

Deno.test("CharacterBuffGive: a disease writes its mob skill and level, and the 900 ms apply delay", () => {
  // Stun (bit 17) from mob skill 123: i16 1, i16 123, i16 level 1, i32 ms left; then 900 and the flag.
  const stun = [{ sourceId: 123, changes: [{ type: "STUN", amount: 1 }], expiresAt: at(4_000) }];
  assertEquals(
    give({ region: "GMS", majorVersion: 83 }, stun),
    u32(0) + u32(0) + u32(0) + u32(1 << 17) + u16(1) + u16(123) + u16(1) + u32(4_000) + TRAILER + u16(900) +
      u8(1),
  );
});

Deno.test("CharacterBuffGive: no buffs is an all-zero mask; an expired buff counts down negative", () => {
  const mask = u32(0) + u32(0) + u32(0) + u32(0);
  assertEquals(give({ region: "GMS", majorVersion: 83 }, []), mask + TRAILER + END);
  const expired = [{ sourceId: 5, changes: [{ type: "SPEED", amount: 30 }], expiresAt: at(-1_500) }];
  assertEquals(
    give({ region: "GMS", majorVersion: 83 }, expired),
    u32(0) + u32(0) + u32(0) + u32(1 << 7) + u16(30) + u32(5) + u32(-1_500) + TRAILER + END,
  );
});
