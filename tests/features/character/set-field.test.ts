/**
 * Golden tests of SetField. Layouts: the reference's socket/writer/set_field.go (SetFieldBody,
 * WarpToMapBody, WriteCharacterInfo and its helpers), socket-protocol.md §6.3. Where we deliberately
 * differ from the reference it is said next to the bytes: the server time (real FILETIME of now, not
 * ≈ 2 × now) and the Evan SP table (the reference writes nothing there).
 */
import { assertEquals } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import {
  cashAsset,
  cashEquipAsset,
  characterDocument,
  equipAsset,
  inventoryDocument,
  petAsset,
  petsDocument,
  skillsDocument,
  stackAsset,
} from "../../../src/features/character/fixtures.ts";
import { type CharacterData, loadCharacterData } from "../../../src/features/character/data.ts";
import {
  writeItem,
  writeSetFieldLogin,
  writeSetFieldWarp,
} from "../../../src/features/character/set-field.ts";
import { assetFromAttributes } from "../../../src/features/inventory/rest.ts";
import type { ClientVersion } from "../../../src/features/character/version.ts";
import { fields, hex, padded, u16, u32, u64, u8, zeros } from "./golden.ts";
import { withServer } from "./rest_server.ts";

const GMS83: ClientVersion = { region: "GMS", majorVersion: 83 };
const GMS95: ClientVersion = { region: "GMS", majorVersion: 95 };
const JMS185: ClientVersion = { region: "JMS", majorVersion: 185 };

const NOW_MS = Date.parse("2026-01-15T18:04:05.123Z");
/** FILETIME of NOW_MS: ms × 10 000 + 116 444 736 000 000 000 (the reference would write ≈ 2 × now). */
const SERVER_TIME = u64(BigInt(NOW_MS) * 10_000n + 116_444_736_000_000_000n);
const ZERO_TIME = u64(94_354_848_000_000_000n);
const NEVER = u64(-1);
const PET_EXPIRY = u64(
  BigInt(Date.parse("2026-04-15T00:00:00Z") / 1000) * 10_000_000n + 116_444_736_000_000_000n,
);
const SEEDS = [0x11111111, 0x22222222, 0x33333333, 0x44444444];

function seeded(): () => number {
  let i = 0;
  return () => SEEDS[i++];
}

/** Loads a character through the real lookups from fixture documents. */
async function load(
  characterId: number,
  documents: { character?: object; inventory?: object; skills?: object; pets?: object },
): Promise<CharacterData> {
  let data: CharacterData | undefined;
  await withServer(async (server, rest) => {
    server.on("GET", `characters/${characterId}`, {
      json: documents.character ?? characterDocument(characterId),
    });
    if (documents.inventory) {
      server.on("GET", `characters/${characterId}/inventory`, { json: documents.inventory });
    }
    if (documents.skills) server.on("GET", `characters/${characterId}/skills`, { json: documents.skills });
    if (documents.pets) server.on("GET", `characters/${characterId}/pets`, { json: documents.pets });
    data = await loadCharacterData(rest, SAMPLE_TENANT, characterId);
  });
  return data!;
}

function write(build: (w: ReturnType<typeof packetWriter>) => void): string {
  const w = packetWriter();
  build(w);
  return hex(w.toBytes());
}

/** The reference's sample character (§3.6) with a full inventory, a 4th-job skill on cooldown and a pet. */
async function richCharacter(): Promise<CharacterData> {
  return await load(1001, {
    inventory: inventoryDocument(1001, [
      equipAsset(1, -11, 1472000, { luck: 2, weaponAttack: 12 }), // worn weapon
      equipAsset(2, -1, 1002001, { weaponDefense: 5 }), // worn hat, under a cash hat
      cashEquipAsset(3, -101, 1002140, "9000000000123"), // cash hat
      equipAsset(4, 1, 1040002), // equip tab
      stackAsset(5, 2, 1, 2000000, 50), // red potions
      stackAsset(6, 2, 2, 2070000, 500, { rechargeable: 500 }), // subi throwing stars
      stackAsset(7, 4, 1, 4000000, 30), // snail shells
      cashAsset(8, 1, 5110000, "9000000000124"),
      petAsset(9, 2, 5000000, 301, "Kitty"),
      { ...stackAsset(10, 4, 2, 4000001, 1), referenceType: "mystery" }, // unknown type: skipped
    ], { 1: 96 }),
    skills: skillsDocument([
      { id: 4121007, level: 5, masterLevel: 30, cooldownExpiresAt: new Date(NOW_MS + 10_500).toISOString() },
      { id: 4001003, level: 10 },
    ]),
    pets: petsDocument(1001, { 301: { slot: 0 } }),
  });
}

/** CharacterStat of the sample character up to (not including) the SP field. */
function statsHead(petIds: string): string {
  return fields(
    u32(1001),
    padded("Aria", 13),
    u8(1),
    u8(0),
    u32(21000),
    u32(31000), // id, name, gender, skin, face, hair
    petIds,
    u8(30),
    u16(400),
    u16(4),
    u16(25),
    u16(4),
    u16(120), // level, job, str, dex, int, luk
    u16(820),
    u16(820),
    u16(310),
    u16(310),
    u16(0), // hp, maxHp, mp, maxMp, ap
  );
}

/** An equipable's stats block: slots, level, then the 15 u16 stats. */
function equipStats(slots: number, stats: Partial<Record<"luk" | "watk" | "wdef", number>>): string {
  return fields(
    u8(slots),
    u8(0),
    u16(0),
    u16(0),
    u16(0),
    u16(stats.luk ?? 0),
    u16(0),
    u16(0), // str dex int luk hp mp
    u16(stats.watk ?? 0),
    u16(0),
    u16(stats.wdef ?? 0),
    u16(0), // watk matk wdef mdef
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0), // acc avoid hands speed jump
  );
}

/** The v83 tail of a regular equip: owner, flags, level type/level/exp/hammers, 0, ZeroTime, −1. */
const EQUIP_TAIL_83 = fields(u16(0), u16(0), u8(0), u8(0), u32(0), u32(0), u64(0), ZERO_TIME, u32(-1));

Deno.test("SetField login, GMS v83: every section of the full character, byte for byte", async () => {
  const data = await richCharacter();
  const actual = write((w) =>
    writeSetFieldLogin(w, data, {
      version: GMS83,
      channelId: 1,
      buddyCapacity: 20,
      now: () => NOW_MS,
      seed: seeded(),
    })
  );
  const expected = fields(
    u32(1),
    u8(1),
    u8(1),
    u16(0), // channel, notifier, character data, notifier check (no leading u16 on v83)
    u32(SEEDS[0]),
    u32(SEEDS[1]),
    u32(SEEDS[2]), // three damage seeds
    u64(-1),
    u8(0), // CharacterInfo flags
    statsHead(fields(u64(301), u64(0), u64(0))), // pet ids of slots 0..2
    u16(2), // SP (book 0)
    u32(12345),
    u16(3),
    u32(0), // exp, fame, gachapon exp
    u32(100000000),
    u8(0), // map, spawn point (always 0, like the reference)
    u32(0), // GMS > 12; no sub-job before v87
    u8(20),
    u8(0),
    u32(150000), // buddy capacity, no linked name, meso
    // Inventory: limits, time, worn (hat then weapon: the reference's slot order), cash worn, tabs
    u8(96),
    u8(24),
    u8(24),
    u8(24),
    u8(24),
    ZERO_TIME,
    u16(1),
    u8(1),
    u32(1002001),
    u8(0),
    NEVER,
    equipStats(7, { wdef: 5 }),
    EQUIP_TAIL_83,
    u16(11),
    u8(1),
    u32(1472000),
    u8(0),
    NEVER,
    equipStats(7, { luk: 2, watk: 12 }),
    EQUIP_TAIL_83,
    u16(0),
    u16(1),
    u8(1),
    u32(1002140),
    u8(1),
    u64(9000000000123n),
    NEVER,
    equipStats(0, {}),
    u16(0),
    u16(0),
    "40".repeat(10),
    ZERO_TIME,
    u32(-1),
    u16(0),
    u16(1),
    u8(1),
    u32(1040002),
    u8(0),
    NEVER,
    equipStats(7, {}),
    EQUIP_TAIL_83,
    u32(0),
    u8(1),
    u8(2),
    u32(2000000),
    u8(0),
    NEVER,
    u16(50),
    u16(0),
    u16(0), // potion (empty owner string)
    u8(2),
    u8(2),
    u32(2070000),
    u8(0),
    NEVER,
    u16(500),
    u16(0),
    u16(0),
    u64(500), // star + recharge
    u8(0),
    u8(0), // setup: empty
    u8(1),
    u8(2),
    u32(4000000),
    u8(0),
    NEVER,
    u16(30),
    u16(0),
    u16(0),
    u8(0), // etc (unknown asset skipped)
    u8(1),
    u8(2),
    u32(5110000),
    u8(1),
    u64(9000000000124n),
    NEVER,
    u16(1),
    u16(0),
    u16(0), // cash item
    u8(2),
    u8(3),
    u32(5000000),
    u8(1),
    u64(301),
    NEVER,
    padded("Kitty", 13),
    u8(5),
    u16(120),
    u8(90),
    PET_EXPIRY,
    u16(0),
    u16(0),
    u32(18000),
    u16(0),
    u8(0),
    // Skills: 4th-job skill with master level, then the cooldown list (10 s left)
    u16(2),
    u32(4121007),
    u32(5),
    NEVER,
    u32(30),
    u32(4001003),
    u32(10),
    NEVER,
    u16(1),
    u32(4121007),
    u16(10),
    u16(0),
    u16(0), // quests started, completed
    u16(0), // mini games
    u16(0),
    u16(0),
    u16(0), // rings
    u32(999999999).repeat(15), // teleport rocks
    u32(0),
    u8(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0), // monster book, new year, area, end
    SERVER_TIME, // deliberate difference: the real time, not the reference's ≈ 2 × now
  );
  assertEquals(actual, expected);
});

Deno.test("SetField login: a character whose inventory/skills/pets lookups failed is written with empty parts", async () => {
  const data = await load(7, {}); // only the character is served: the decorators get 404
  assertEquals([data.inventory, data.skills, data.pets], [null, [], []]);
  const actual = write((w) =>
    writeSetFieldLogin(w, data, {
      version: GMS83,
      channelId: 0,
      buddyCapacity: 20,
      now: () => NOW_MS,
      seed: seeded(),
    })
  );
  const inventory = fields(zeros(5), ZERO_TIME, u16(0), u16(0), u32(0), u8(0), u8(0), u8(0), u8(0));
  assertEquals(actual.includes(fields(u32(150000), inventory, u16(0), u16(0))), true); // meso, inventory, no skills, no cooldowns
  assertEquals(actual.endsWith(SERVER_TIME), true);
});

/** A bare character (no items, skills or pets) for the version branches. */
async function bareCharacter(overrides: Record<string, unknown> = {}): Promise<CharacterData> {
  return await load(1001, {
    character: characterDocument(1001, overrides),
    inventory: inventoryDocument(1001, []),
    skills: skillsDocument([]),
    pets: petsDocument(1001),
  });
}

/** The v95 sections after the stats, for a bare character (client layout, libs/atlas-packet d59a1ad2df). */
const BARE_TAIL_MODERN_GMS = fields(
  u8(20),
  u8(0),
  u32(150000),
  u8(24).repeat(5),
  ZERO_TIME,
  u16(0),
  u16(0),
  u32(0),
  u8(0),
  u8(0),
  u8(0),
  u8(0),
  u16(0),
  u16(0), // no skills, no cooldowns
  u16(0),
  u16(0),
  u16(0),
  u16(0),
  u16(0),
  u16(0),
  u32(999999999).repeat(15),
  // no monster book on v95 (the client reads it up to v87 only)
  u16(0), // new year cards
  u16(0), // area info
  u16(0),
);

Deno.test("SetField login, GMS v95: leading option count, sub-job, logout gifts", async () => {
  const data = await bareCharacter();
  const actual = write((w) =>
    writeSetFieldLogin(w, data, {
      version: GMS95,
      channelId: 2,
      buddyCapacity: 20,
      now: () => NOW_MS,
      seed: seeded(),
    })
  );
  const expected = fields(
    u16(0),
    u32(2),
    u32(0), // old driver id (v95 client; the reference left it out)
    u8(1),
    u8(1),
    u16(0),
    u32(SEEDS[0]),
    u32(SEEDS[1]),
    u32(SEEDS[2]),
    u64(-1),
    u8(0),
    statsHead(zeros(24)),
    u16(2),
    u32(12345),
    u16(3),
    u32(0),
    u32(100000000),
    u8(0),
    u32(0),
    u16(0), // GMS > 12, sub-job (v87+)
    BARE_TAIL_MODERN_GMS,
    u32(0).repeat(4), // logout gifts
    SERVER_TIME,
  );
  assertEquals(actual, expected);
});

Deno.test("SetField login, GMS v95 Evan: the per-book SP table keeps the packet aligned (reference writes nothing)", async () => {
  const data = await bareCharacter({ jobId: 2212, sp: "0,3,0,5,0,0,0,0,0,0" });
  const actual = write((w) =>
    writeSetFieldLogin(w, data, {
      version: GMS95,
      channelId: 2,
      buddyCapacity: 20,
      now: () => NOW_MS,
      seed: seeded(),
    })
  );
  const stats = statsHead(zeros(24)).replace(u16(400), u16(2212));
  const expected = fields(
    u16(0),
    u32(2),
    u32(0), // old driver id (v95 client; the reference left it out)
    u8(1),
    u8(1),
    u16(0),
    u32(SEEDS[0]),
    u32(SEEDS[1]),
    u32(SEEDS[2]),
    u64(-1),
    u8(0),
    stats,
    u8(2),
    u8(2),
    u8(3),
    u8(4),
    u8(5), // deliberate difference: 2 books: (2, 3 SP), (4, 5 SP)
    u32(12345),
    u16(3),
    u32(0),
    u32(100000000),
    u8(0),
    u32(0),
    u16(0),
    BARE_TAIL_MODERN_GMS,
    u32(0).repeat(4),
    SERVER_TIME,
  );
  assertEquals(actual, expected);
});

Deno.test("SetField login, GMS v83 Evan: the current book's SP as a u16 (v83 clients have no SP table)", async () => {
  const data = await bareCharacter({ jobId: 2212, sp: "0,3,0,5,0,0,0,0,0,0" });
  const actual = write((w) =>
    writeSetFieldLogin(w, data, {
      version: GMS83,
      channelId: 1,
      buddyCapacity: 20,
      now: () => NOW_MS,
      seed: seeded(),
    })
  );
  const stats = statsHead(zeros(24)).replace(u16(400), u16(2212));
  assertEquals(actual.includes(fields(stats, u16(5), u32(12345))), true); // book 2212 − 2209 = 3 holds 5
});

Deno.test("SetField login, JMS v185: JMS-only fields and the JMS equip layout", async () => {
  const data = await load(1001, {
    inventory: inventoryDocument(1001, [equipAsset(1, -11, 1472000, { luck: 2, weaponAttack: 12 })]),
    skills: skillsDocument([]),
    pets: petsDocument(1001),
  });
  const actual = write((w) =>
    writeSetFieldLogin(w, data, {
      version: JMS185,
      channelId: 3,
      buddyCapacity: 50,
      now: () => NOW_MS,
      seed: seeded(),
    })
  );
  const jmsEquipStats = fields(
    u8(7),
    u8(0),
    u8(0), // slots, level, JMS byte
    u16(0),
    u16(0),
    u16(0),
    u16(2),
    u16(0),
    u16(0),
    u16(12),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
  );
  const expected = fields(
    u16(0),
    u32(3),
    u8(0),
    u32(0),
    u8(1),
    u8(1),
    u16(0),
    u32(SEEDS[0]),
    u32(SEEDS[1]),
    u32(SEEDS[2]),
    u64(-1),
    u8(0),
    statsHead(zeros(24)),
    u16(2),
    u32(12345),
    u16(3),
    u32(0),
    u32(100000000),
    u8(0),
    u16(0),
    u64(0),
    u32(0),
    u32(0),
    u32(0), // JMS stats tail
    u8(50),
    u8(0),
    u32(150000),
    u32(1001),
    u32(0),
    u32(0), // buddy, linked name, meso, id, 2 × 0
    u8(24).repeat(5),
    ZERO_TIME,
    u16(11),
    u8(1),
    u32(1472000),
    u8(0),
    NEVER,
    jmsEquipStats,
    u16(0),
    u16(0),
    u8(0),
    u8(0),
    u32(0),
    u32(0),
    u8(0),
    u16(0).repeat(5),
    u32(0), // JMS equip extras
    u64(0),
    ZERO_TIME,
    u32(-1),
    u16(0),
    u16(0),
    u32(0),
    u8(0),
    u8(0),
    u8(0),
    u8(0),
    u16(0),
    u16(0), // skills
    u16(0),
    u16(0),
    u16(0), // quests (JMS has a second started list)
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u32(999999999).repeat(15),
    u16(0), // JMS
    u32(0),
    u8(0),
    u16(0),
    u16(0),
    u16(0), // monster book, JMS short, end
    u32(0).repeat(4),
    SERVER_TIME,
  );
  assertEquals(actual, expected);
});

Deno.test("SetField warp: GMS v83, v95 and JMS v185 (client layout)", () => {
  const target = { mapId: 100000000, portalId: 2, hp: 820 };
  const at = (version: ClientVersion) =>
    write((w) => writeSetFieldWarp(w, target, { version, channelId: 1, now: () => NOW_MS }));
  assertEquals(
    at(GMS83),
    "01000000" + "0000" + "0000" + "00" + "00e1f505" + "02" + "3403" + "00" + SERVER_TIME,
  );
  // v95: old driver id after the channel and a 4-byte HP (the reference wrote neither).
  assertEquals(
    at(GMS95),
    "0000" + "01000000" + "00000000" + "0000" + "0000" + "00" + "00e1f505" + "02" + "34030000" + "00" +
      SERVER_TIME,
  );
  assertEquals(
    at(JMS185),
    "0000" + "01000000" + "00" + "00000000" + "0000" + "0000" + "00" + "00e1f505" + "02" + "3403" +
      SERVER_TIME,
  );
});

Deno.test("SetField warp: GMS v12 has no option count, notifier check, revive or chase flag", () => {
  const target = { mapId: 100000000, portalId: 2, hp: 820 };
  assertEquals(
    write((w) =>
      writeSetFieldWarp(w, target, {
        version: { region: "GMS", majorVersion: 12 },
        channelId: 1,
        now: () => NOW_MS,
      })
    ),
    "01000000" + "00" + "00" + "00e1f505" + "02" + "3403" + SERVER_TIME,
  );
});

Deno.test("SetField warp: the server time is the FILETIME of now to the millisecond (literal bytes)", () => {
  // 2024-01-02T03:04:05Z: 1704164645000 × 10000 + 116444736000000000 = 133486382450000000.
  const now = () => Date.UTC(2024, 0, 2, 3, 4, 5);
  const target = { mapId: 104000000, portalId: 2, hp: 820 };
  const time = "80c04858283dda01";
  const at = (version: ClientVersion) =>
    write((w) => writeSetFieldWarp(w, target, { version, channelId: 1, now }));
  assertEquals(at(GMS83), "01000000" + "0000" + "0000" + "00" + "00ea3206" + "02" + "3403" + "00" + time);
  assertEquals(
    at(GMS95),
    "0000" + "01000000" + "00000000" + "0000" + "0000" + "00" + "00ea3206" + "02" + "34030000" + "00" + time,
  );
  assertEquals(
    at(JMS185),
    "0000" + "01000000" + "00" + "00000000" + "0000" + "0000" + "00" + "00ea3206" + "02" + "3403" + time,
  );
});

Deno.test("pet item dead date (GW_ItemSlotPet dateDead, libs/atlas-packet d59a1ad2df): none → 0, passed → 2079-01-01, future → its FILETIME", () => {
  const pet = (expiration: string) => {
    const { id, ...attributes } = petAsset(9, 2, 5000000, 301, "Kitty");
    return assetFromAttributes(id, { ...attributes, expiration });
  };
  const bytes = (expiration: string) => {
    const w = packetWriter();
    writeItem(w, pet(expiration), GMS83, true, NOW_MS);
    return hex(w.toBytes());
  };
  const body = (deadDate: string) =>
    fields(
      u8(2), // slot
      u8(3),
      u32(5000000),
      u8(1),
      u64(301),
      NEVER, // the item's own expiration: MsTime(zero) = −1, as the client library
      padded("Kitty", 13),
      u8(5),
      u16(120),
      u8(90),
      deadDate,
      u16(0),
      u16(0),
      u32(18000),
      u16(0),
    );
  // Go zero time = no dead date: 0, never −1 (the client reads −1 as "the water of life has dried up").
  assertEquals(bytes("0001-01-01T00:00:00Z"), body(u64(0)));
  assertEquals(bytes("2026-01-01T00:00:00Z"), body(u64(150_842_304_000_000_000n)));
  assertEquals(bytes("2026-04-15T00:00:00Z"), body(PET_EXPIRY));
});
