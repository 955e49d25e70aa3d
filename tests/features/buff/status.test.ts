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

Deno.test("CharacterBuffGiveForeign: values in the client's read order, diseases as their mob skill (GMS 83)", () => {
  // COMBO (bit 21, byte), STUN (17), POISON (18, damage then skill), SEAL (19), DARKNESS (20): the client
  // reads COMBO, STUN, DARKNESS, SEAL, POISON; a disease shows i16 mob skill, i16 level (1).
  const diseased = {
    sourceId: 0,
    changes: [
      { type: "STUN", amount: 1 },
      { type: "POISON", amount: 7 },
      { type: "SEAL", amount: 1 },
      { type: "DARKNESS", amount: 1 },
    ],
  };
  const stats = [{ sourceId: 1111002, changes: [{ type: "COMBO", amount: 5 }] }, {
    ...diseased,
    sourceId: 125,
  }];
  assertEquals(
    bytes(buffGiveForeignBody(GMS83, 1001, stats, 0)),
    fields(
      u32(1001),
      u32(0),
      u32(0),
      u32(0),
      u32(0x3e0000),
      u8(5), // COMBO
      u16(125) + u16(1), // STUN
      u16(125) + u16(1), // DARKNESS
      u16(125) + u16(1), // SEAL
      u16(7) + u16(125) + u16(1), // POISON
      u8(0),
      u8(0),
      u16(0),
      u8(0),
    ),
  );
});

Deno.test("CharacterBuffGiveForeign GMS 87 and 92: Shadow Partner shows level and source; FROZEN at 83, riding at 89", () => {
  const buffs = [
    { sourceId: 4111002, changes: [{ type: "SHADOW_PARTNER", amount: 1 }] },
    { sourceId: 2201004, changes: [{ type: "FROZEN", amount: 3 }] },
    { sourceId: 1004, changes: [{ type: "MONSTER_RIDING", amount: 1902000 }] },
  ];
  for (const majorVersion of [87, 92]) {
    assertEquals(
      bytes(buffGiveForeignBody({ region: "GMS", majorVersion }, 7, buffs, 0)),
      fields(
        u32(7),
        u32(0),
        u32((1 << 19) | (1 << 25)), // bits 83 and 89
        u32(0),
        u32(1 << 26), // bit 26
        u16(1) + u16(4111002 & 0xffff), // SHADOW_PARTNER: level 1, source (as i16)
        u32(3), // FROZEN
        u8(0),
        u8(0),
        u32(1902000) + u32(1004) + u8(0) + u32(0), // riding block
        u16(0),
        u8(0),
      ),
    );
  }
  // GMS 83: no FROZEN, Shadow Partner carries no value, riding is bit 85.
  assertEquals(
    bytes(buffGiveForeignBody(GMS83, 7, buffs, 0)),
    fields(
      u32(7),
      u32(0),
      u32(1 << 21),
      u32(0),
      u32(1 << 26),
      u8(0),
      u8(0),
      u32(1902000) + u32(1004) + u8(0) + u32(0),
      u16(0),
      u8(0),
    ),
  );
});

Deno.test("CharacterBuffGiveForeign GMS 95 and JMS 185: CYCLONE at 101; GMS 95's party booster (126) block", () => {
  const NOW = 1_700_000_000_000; // the booster's "current time" is ⌊now s / 1000⌋ = 1,700,000 ago
  const cyclone = { sourceId: 32121003, changes: [{ type: "CYCLONE", amount: 2 }] };
  const booster = { sourceId: 35121006, changes: [{ type: "PARTY_BOOSTER", amount: 10 }] };
  assertEquals(
    bytes(buffGiveForeignBody({ region: "GMS", majorVersion: 95 }, 7, [cyclone, booster], NOW)),
    fields(
      u32(7),
      u32((1 << 30) | (1 << 5)), // bits 126 and 101
      u32(0),
      u32(0),
      u32(0),
      u8(2), // CYCLONE
      u8(0),
      u8(0),
      u32(10) + u32(35121006) + u8(0) + u32(0) + u8(1) + u32(1_700_000) + u16(0), // booster block
      u16(0),
      u8(0),
    ),
  );
  // JMS has no party booster (skipped); ENRAGE is GMS 95's bit 85, JMS has MIRROR_IMAGE there.
  assertEquals(
    bytes(buffGiveForeignBody({ region: "JMS", majorVersion: 185 }, 7, [cyclone, booster], NOW)),
    fields(u32(7), u32(1 << 5), u32(0), u32(0), u32(0), u8(2), u8(0), u8(0), u16(0), u8(0)),
  );
  const enrage = { sourceId: 1121010, changes: [{ type: "ENRAGE", amount: 1 }] };
  assertEquals(
    bytes(buffCancelBody({ region: "GMS", majorVersion: 95 }, enrage)),
    fields(u32(0), u32(1 << 21), u32(0), u32(0), u8(0)),
  );
  assertEquals(
    bytes(
      buffCancelBody({ region: "JMS", majorVersion: 185 }, {
        ...enrage,
        changes: [{ type: "MIRROR_IMAGE", amount: 1 }],
      }),
    ),
    fields(u32(0), u32(1 << 21), u32(0), u32(0), u8(0)),
  );
});
