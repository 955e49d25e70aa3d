/**
 * CharacterDamageHandle reading and the CharacterDamage broadcast, bytes per client version written out
 * from the client layout (d59a1ad2df `model/damage_taken_info.go`, `character/clientbound/damage.go`).
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { characterDamageBody, readDamageTaken } from "../../../src/features/combat/damage.ts";
import { fields, hex, u16, u32, u8 } from "../character/golden.ts";

const fromHex = (h: string) => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16)));
const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };

Deno.test("damage taken v83: a monster's hit, with and without the reflect extension", () => {
  const plain = fromHex(
    fields(u32(9), u8(-1), u8(0), u32(120), u32(100100), u32(1000123), u8(1), u8(0), u8(0), u8(3)),
  );
  const r = packetReader(plain);
  assertEquals(readDamageTaken(r, GMS83), {
    attackIdx: -1,
    damage: 120,
    monsterTemplateId: 100100,
    monsterId: 1000123,
    left: true,
  });
  assertEquals(r.remaining, 0);
  const extended = fromHex(fields(
    u32(9),
    u8(0),
    u8(2),
    u32(50),
    u32(100100),
    u32(1000123),
    u8(0),
    u8(1),
    u8(0),
    u8(1),
    u32(1000123),
    u8(2),
    u16(5),
    u16(6),
    u16(7),
    u16(8),
    u8(0),
  ));
  const r2 = packetReader(extended);
  assertEquals(readDamageTaken(r2, GMS83).damage, 50);
  assertEquals(r2.remaining, 0);
  assertThrows(() => readDamageTaken(packetReader(plain.subarray(0, 12)), GMS83), PacketReadError);
});

Deno.test("damage taken: GMS 95 adds the guard byte; JMS as v83; obstacles carry data and stance", () => {
  const r95 = packetReader(
    fromHex(fields(u32(9), u8(-1), u8(0), u32(7), u32(1), u32(2), u8(0), u8(0), u8(0), u8(0), u8(0))),
  );
  assertEquals(readDamageTaken(r95, GMS95).damage, 7);
  assertEquals(r95.remaining, 0);
  const rj = packetReader(
    fromHex(fields(u32(9), u8(-1), u8(0), u32(7), u32(1), u32(2), u8(0), u8(0), u8(0), u8(0))),
  );
  readDamageTaken(rj, JMS185);
  assertEquals(rj.remaining, 0);
  const obstacle = packetReader(fromHex(fields(u32(9), u8(-3), u8(0), u32(30), u16(4), u8(0))));
  assertEquals(readDamageTaken(obstacle, GMS83).attackIdx, -3);
  assertEquals(obstacle.remaining, 0);
});

function bytes(build: ReturnType<typeof characterDamageBody>): string {
  const w = packetWriter();
  build(w, {});
  return hex(w.toBytes());
}

Deno.test("CharacterDamage: monster hits carry template, direction, stance bytes; v95 adds guard; misses add 0", () => {
  const hit = { attackIdx: -1, damage: 120, monsterTemplateId: 100100, monsterId: 1000123, left: true };
  assertEquals(
    bytes(characterDamageBody(GMS83, 1001, hit)),
    fields(u32(1001), u8(0xff), u32(120), u32(100100), u8(1), u8(0), u8(0), u32(120)),
  );
  assertEquals(
    bytes(characterDamageBody(GMS95, 1001, hit)),
    fields(u32(1001), u8(0xff), u32(120), u32(100100), u8(1), u8(0), u8(0), u8(0), u32(120)),
  );
  assertEquals(
    bytes(characterDamageBody(GMS83, 1001, { ...hit, damage: -1 })),
    fields(u32(1001), u8(0xff), u32(-1), u32(100100), u8(1), u8(0), u8(0), u32(-1), u32(0)),
  );
  assertEquals(
    bytes(characterDamageBody(GMS83, 1001, { ...hit, attackIdx: -3, damage: 30 })),
    fields(u32(1001), u8(0xfd), u32(30), u32(30)),
  );
});
