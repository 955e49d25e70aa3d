/**
 * CharacterBuffGive golden bytes. Layout: reference `socket/writer/character_buff_give.go` and
 * `CharacterTemporaryStat.Encode` / `EncodeMask` / `getBaseTemporaryStats` in `socket/model/character.go`
 * (stat bit positions from `CharacterTemporaryStatTypeByName`: GMS 83 has the base stats at bits 82–88,
 * GMS 95 and JMS 185 at 110–116 after the post-83 stats).
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

const base = (dynamicTerm: boolean) => u32(0) + u32(0) + u8(0) + u32(0) + (dynamicTerm ? u16(0) : "");
/** `u8 0, u8 0`, the seven base stats against NOW (speed infusion's current time: now s / 1000). */
const TRAILER = u8(0) + u8(0) + base(true) + base(true) + base(true) + base(false) +
  base(false) + u8(1) + u32(1_700_000) + u16(0) + base(false) + u32(0) + base(true);
const STATS = u16(20) + u32(1001003) + u32(60_000) + u16(15) + u32(2001002) + u32(120_000);
const END = u16(0) + u8(0);

function give(version: { region: string; majorVersion: number }, buffs = BUFFS): string {
  const w = packetWriter();
  writeCharacterBuffGive(w, version, buffs, NOW);
  return hex(w.toBytes());
}

Deno.test("CharacterBuffGive GMS 83: mask with base stats 82-88, self values in bit order", () => {
  const mask = u32(0) + u32(0x7f << 18) + u32(0) + u32((1 << 1) | (1 << 9));
  assertEquals(give({ region: "GMS", majorVersion: 83 }), mask + STATS + TRAILER + END);
});

Deno.test("CharacterBuffGive GMS 95 and JMS 185: base stats at bits 110-116", () => {
  const mask = u32(0x7f << 14) + u32(0) + u32(0) + u32((1 << 1) | (1 << 9));
  assertEquals(give({ region: "GMS", majorVersion: 95 }), mask + STATS + TRAILER + END);
  assertEquals(give({ region: "JMS", majorVersion: 185 }), mask + STATS + TRAILER + END);
});

Deno.test("CharacterBuffGive: no buffs is the base-stat mask alone; an expired buff counts down negative", () => {
  const mask = u32(0) + u32(0x7f << 18) + u32(0) + u32(0);
  assertEquals(give({ region: "GMS", majorVersion: 83 }, []), mask + TRAILER + END);
  const expired = [{ sourceId: 5, changes: [{ type: "SPEED", amount: 30 }], expiresAt: at(-1_500) }];
  assertEquals(
    give({ region: "GMS", majorVersion: 83 }, expired),
    u32(0) + u32(0x7f << 18) + u32(0) + u32(1 << 7) + u16(30) + u32(5) + u32(-1_500) + TRAILER + END,
  );
});
