/**
 * Golden bytes of the map writers (body after the opcode):
 * - CharacterSpawn: reference `socket/writer/character_spawn.go` (look: `WriteCharacterLook`, written by
 *   the character domain's writeAvatarLook; buffs:
 *   `socket/model/character.go` `EncodeForeign`);
 * - CharacterDespawn: `socket/writer/character_despawn.go`.
 * (SetField's warp variant is the character domain's writer: tests/features/character/set-field.test.ts.)
 */
import { assertEquals } from "../../support/assert.ts";
import { hex, toHex } from "./templates.ts";
import {
  characterDespawnBody,
  characterSpawnBody,
  type SpawnCharacter,
} from "../../../src/features/map/writers.ts";
import { temporaryStatTable, writeForeignTemporaryStats } from "../../../src/features/map/foreign-stats.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { EquippedSlot } from "../../../src/features/character/data.ts";
import type { EquipableData } from "../../../src/features/inventory/rest.ts";
import type { Pet } from "../../../src/features/pet/rest.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";

const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };
/** 2024-01-02T03:04:05Z: whole seconds / 1000 = 1704164 (0x1a00e4). */
const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}

/** A regular item worn at `position` (negative). */
function worn(position: number, templateId: number): EquippedSlot {
  const stats = Object.fromEntries(
    [
      "ownerId",
      "strength",
      "dexterity",
      "intelligence",
      "luck",
      "hp",
      "mp",
      "weaponAttack",
      "magicAttack",
      "weaponDefense",
      "magicDefense",
      "accuracy",
      "avoidability",
      "hands",
      "speed",
      "jump",
      "slots",
      "levelType",
      "level",
      "experience",
      "hammersApplied",
    ].map((name) => [name, 0]),
  ) as unknown as EquipableData;
  return {
    position,
    equip: {
      id: templateId,
      slot: position,
      templateId,
      expiration: null,
      referenceId: 0,
      payload: {
        kind: "equipable",
        data: { ...stats, locked: false, spikes: false, karmaUsed: false, cold: false, canBeTraded: true },
      },
    },
  };
}

/** A summoned pet as atlas-pets describes it. */
function pet(slot: number, id: number, templateId: number, name: string, at: Partial<Pet> = {}): Pet {
  return {
    id,
    slot,
    templateId,
    name,
    cashId: 0,
    level: 1,
    closeness: 0,
    fullness: 100,
    expiration: null,
    ownerId: 1001,
    x: 0,
    y: 0,
    stance: 0,
    fh: 0,
    excludes: [],
    flag: 0,
    purchaseBy: 0,
    ...at,
  };
}

const ARIA: SpawnCharacter = {
  id: 1001,
  name: "Aria",
  level: 30,
  jobId: 400,
  x: -200,
  y: 274,
  stance: 4,
  foothold: 7,
  look: {
    gender: 1,
    skinColor: 2,
    face: 21000,
    hair: 31000,
    equipment: [worn(-1, 1002140), worn(-5, 1040002)],
    pets: [],
  },
  buffs: [],
};

// Client layout (libs/atlas-packet d59a1ad2df, model/character_temporary_stat.go): the mask claims only
// the stats held and a base-stat block follows only for a held base stat (the reference claimed all seven
// base stats and wrote their blocks). Monster riding's block: i32 vehicle (the amount), i32 skill, 00, i32 0.
const RIDING_BLOCK = `01 00 00 00 ec 03 00 00 00 00 00 00 00`;

Deno.test("foreign stats: 82 stats to SOUL_STONE, then per version (d59a1ad2df registry) the base ones", () => {
  const bit = (v: { region: string; majorVersion: number }, name: string) =>
    temporaryStatTable(v).get(name)?.bit;
  assertEquals(bit(GMS83, "SOUL_STONE"), 81);
  assertEquals(bit(GMS83, "ENERGY_CHARGE"), 82);
  assertEquals(bit(GMS83, "UNDEAD"), 88);
  assertEquals(bit(GMS83, "FLYING"), undefined);
  // GMS 87 and 92: FLYING, FROZEN, ASSIST_CHARGE, MIRROR_IMAGE (82–85), base from 86 (riding 89).
  for (const majorVersion of [87, 92]) {
    const v = { region: "GMS", majorVersion };
    assertEquals([bit(v, "FLYING"), bit(v, "MIRROR_IMAGE"), bit(v, "ENERGY_CHARGE")], [82, 85, 86]);
    assertEquals([bit(v, "MONSTER_RIDING"), bit(v, "UNDEAD"), bit(v, "SUDDEN_DEATH")], [89, 92, undefined]);
  }
  // JMS 185: 28 more (MIRROR_IMAGE at 85, UNKNOWN at 109), base from 110 (riding 113).
  assertEquals([bit(JMS185, "MIRROR_IMAGE"), bit(JMS185, "UNKNOWN"), bit(JMS185, "ENERGY_CHARGE")], [
    85,
    109,
    110,
  ]);
  assertEquals(bit(JMS185, "MONSTER_RIDING"), 113);
  // GMS 95: ENRAGE at 85, 40 more in all, base from 122: riding 125, party booster 126 (no speed
  // infusion), guided bullet 127, and no undead (past bit 127).
  assertEquals([bit(GMS95, "ENRAGE"), bit(GMS95, "MIRROR_IMAGE"), bit(GMS95, "BEHOLDER")], [
    85,
    undefined,
    121,
  ]);
  assertEquals([bit(GMS95, "ENERGY_CHARGE"), bit(GMS95, "MONSTER_RIDING"), bit(GMS95, "PARTY_BOOSTER")], [
    122,
    125,
    126,
  ]);
  assertEquals([bit(GMS95, "HOMING_BEACON"), bit(GMS95, "SPEED_INFUSION"), bit(GMS95, "UNDEAD")], [
    127,
    undefined,
    undefined,
  ]);
});

Deno.test("foreign stats golden: GMS 83 SPEED (byte) and COMBO (byte); the larger of two changes wins", () => {
  const w = packetWriter();
  writeForeignTemporaryStats(w, GMS83, [
    { type: "SPEED", amount: 10, sourceId: 4101004 },
    { type: "SPEED", amount: 20, sourceId: 4101004 },
    { type: "COMBO", amount: 3, sourceId: 1111002 },
    { type: "NOT_A_STAT", amount: 1, sourceId: 1 },
  ], NOW);
  // SPEED bit 7 and COMBO bit 21 in the last u32 (0x00200080); no base stat held, so no base bits.
  assertEquals(
    toHex(w.toBytes()),
    toHex(hex(`00 00 00 00  00 00 00 00  00 00 00 00  80 00 20 00  14 03  00 00`)),
  );
});

Deno.test("foreign stats golden: a held base stat (monster riding, GMS 83 bit 85) is a bit and a block", () => {
  const w = packetWriter();
  writeForeignTemporaryStats(w, GMS83, [{ type: "MONSTER_RIDING", amount: 1, sourceId: 1004 }], NOW);
  assertEquals(
    toHex(w.toBytes()),
    toHex(hex(`00 00 00 00  00 00 20 00  00 00 00 00  00 00 00 00  00 00 ${RIDING_BLOCK}`)),
  );
});

Deno.test("foreign stats golden: no buffs is an all-zero mask and no base blocks", () => {
  const w = packetWriter();
  writeForeignTemporaryStats(w, GMS95, [], NOW);
  assertEquals(toHex(w.toBytes()), toHex(hex(`${"00 ".repeat(16)} 00 00`)));
});

Deno.test("CharacterSpawn golden: GMS 83, existing character, no guild, no pets, no buffs", () => {
  assertEquals(
    bytes(characterSpawnBody(GMS83, ARIA, false, NOW)),
    toHex(hex(`
      e9 03 00 00  1e  04 00 41 72 69 61
      00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      90 01
      01 02 08 52 00 00 01 18 79 00 00
      01 9c 4a 0f 00 05 82 de 0f 00 ff
      ff
      00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00
      38 ff 12 01 04
      07 00 00
      00
      01 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00
      00 00 00 00`)),
  );
});

Deno.test("CharacterSpawn golden: entering field (y − 42, stance 6), guild emblem and a pet (GMS 83)", () => {
  const body = bytes(characterSpawnBody(
    GMS83,
    {
      ...ARIA,
      look: {
        ...ARIA.look,
        equipment: [],
        // Slot −1 (not summoned) is not shown.
        pets: [pet(0, 7, 5000000, "Po", { x: 1, y: 2, stance: 3, fh: 4 }), pet(-1, 8, 5000001, "No")],
      },
      guild: { name: "Gu", logoBackground: 1, logoBackgroundColor: 2, logo: 3, logoColor: 4 },
    },
    true,
    NOW,
  ));
  const expected = toHex(hex(`
      e9 03 00 00  1e  04 00 41 72 69 61
      02 00 47 75 01 00 02 03 00 04
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      90 01
      01 02 08 52 00 00 01 18 79 00 00
      ff ff
      00 00 00 00
      40 4b 4c 00 00 00 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00
      38 ff e8 00 06
      00 00 00
      01 40 4b 4c 00 02 00 50 6f 07 00 00 00 00 00 00 00 01 00 02 00 03 04 00 00 00
      00
      01 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00 00
      00 00 00 00`));
  assertEquals(body, expected);
});

Deno.test("CharacterSpawn golden: GMS 95 and JMS 185 fields around the position and after it", () => {
  const zeros = (n: number) => Array(n).fill("00").join(" ");
  // GMS 95: pet item ids (3 × u32), driver, passenger, choco, item effect, completed set item, chair;
  // then position, foothold, admin, end of pets, mount (1, 0, 0), mini room, ad board, three rings,
  // berserk, new year card, phase, team (no new-year byte before berserk from 95 on).
  const gms95 = bytes(characterSpawnBody(GMS95, ARIA, false, NOW));
  assertEquals(
    gms95.endsWith(`${zeros(12 + 24)} 38 ff 12 01 04 07 00 00 00 01 ${zeros(11)} ${zeros(12)}`),
    true,
    gms95,
  );
  // JMS 185: no completed-set-item int, no admin-effect byte; after berserk one final-effect byte and
  // no team byte (client layout; the reference wrote both bytes).
  const jms = bytes(characterSpawnBody(JMS185, ARIA, false, NOW));
  assertEquals(
    jms.endsWith(`${zeros(12 + 20)} 38 ff 12 01 04 07 00 00 01 ${zeros(11)} ${zeros(7)}`),
    true,
    jms,
  );
  // GMS 83 (golden above): no driver/passenger, no completed set item, new-year byte, one unknown byte.
});

Deno.test("CharacterDespawn golden: u32 character id (all versions)", () => {
  assertEquals(bytes(characterDespawnBody(30071)), "77 75 00 00");
});
