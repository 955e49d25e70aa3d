/**
 * Attack requests and broadcasts, bytes per client version written out field by field from the client
 * layout (d59a1ad2df `model/attack_info.go`, `model/damage_info.go`, `character/clientbound/attack.go`).
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { type AttackInfo, readAttackInfo } from "../../../src/features/combat/attack-info.ts";
import { attackBody } from "../../../src/features/combat/writers.ts";
import { fields, hex, u16, u32, u8 } from "../character/golden.ts";

const fromHex = (h: string) =>
  new Uint8Array(h.replaceAll(" ", "").match(/../g)!.map((b) => parseInt(b, 16)));
const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS87 = { region: "GMS", majorVersion: 87 };
const GMS92 = { region: "GMS", majorVersion: 92 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };

/** One target: id, hit action, force action, frame, stat index, hit x/y, prev x/y, delay, damages, [crc]. */
const target = (id: number, damages: number[], crc = true) =>
  fields(u32(id), u8(7), u8(0), u8(0), u8(0), u16(1), u16(2), u16(3), u16(4), u16(100)) +
  damages.map(u32).join("") + (crc ? u32(0xdead) : "");

Deno.test("melee v83: no dr blocks, two CRCs, u16 action, targets with CRC, position", () => {
  const bytes = fromHex(fields(
    u8(0),
    u8(0x12),
    u32(1001004),
    u32(1),
    u32(2),
    u8(0x10),
    u16(0x8005),
    u8(1),
    u8(4),
    u32(999),
    target(1000123, [10, 20]),
    u16(-50),
    u16(274),
  ));
  const r = packetReader(bytes);
  const ai = readAttackInfo(r, GMS83, "melee");
  assertEquals(r.remaining, 0);
  assertEquals([ai.hits, ai.skillId, ai.option, ai.action, ai.left, ai.actionSpeed], [
    2,
    1001004,
    0x10,
    5,
    true,
    4,
  ]);
  assertEquals(ai.targets, [{ monsterId: 1000123, hitAction: 7, damages: [10, 20] }]);
  assertEquals([ai.x, ai.y], [-50, 274]);
  assertThrows(
    () => readAttackInfo(packetReader(bytes.subarray(0, bytes.length - 1)), GMS83, "melee"),
    PacketReadError,
  );
});

Deno.test("magic v87: primary and secondary dr blocks, no trailing word; v92 adds it; dragon flag", () => {
  const body = (trailing: boolean) =>
    fromHex(fields(
      u8(0),
      u32(0),
      u32(0),
      u8(0x11),
      u32(0),
      u32(0),
      u32(2001004),
      u32(0),
      u32(0),
      u32(0),
      u32(0),
      u32(0),
      u32(0),
      u32(0),
      u32(0), // second dr block
      u32(1),
      u32(2),
      u8(0),
      u16(0x0003),
      u8(0),
      u8(6),
      u32(5),
      trailing ? u32(0) : "",
      target(2000001, [77]),
      u16(10),
      u16(20),
      u8(0), // position, no dragon
    ));
  const r87 = packetReader(body(false));
  assertEquals(readAttackInfo(r87, GMS87, "magic").targets[0].damages, [77]);
  assertEquals(r87.remaining, 0);
  const r92 = packetReader(body(true));
  assertEquals(readAttackInfo(r92, GMS92, "magic").targets[0].monsterId, 2000001);
  assertEquals(r92.remaining, 0);
});

Deno.test("ranged v95: combat orders, exJablin, crc, extra word, bullet slots, star id on option bit 6, bullet x/y", () => {
  const bytes = fromHex(fields(
    u8(0),
    u32(0),
    u32(0),
    u8(0x11),
    u32(0),
    u32(0),
    u32(3001004),
    u8(3),
    u32(0),
    u32(0),
    u32(1),
    u32(2),
    u8(0x40),
    u8(0),
    u16(0x0008),
    u32(0),
    u8(0),
    u8(5),
    u32(9),
    u32(0),
    u16(4),
    u16(0),
    u8(0),
    u32(2070006), // extra word, proper/cash bullet slot, range, star id
    target(1000123, [500]),
    u16(10),
    u16(20),
    u16(30),
    u16(40),
  ));
  const r = packetReader(bytes);
  const ai = readAttackInfo(r, GMS95, "ranged");
  assertEquals(r.remaining, 0);
  assertEquals([ai.combatOrders, ai.properBulletPosition, ai.bulletItemId, ai.bulletX, ai.bulletY], [
    3,
    4,
    2070006,
    30,
    40,
  ]);
});

Deno.test("melee JMS 185: the v83 layout (no dr blocks, u16 action, CRCs), no per-target CRC on JMS", () => {
  const bytes = fromHex(fields(
    u8(0),
    u8(0x11),
    u32(0),
    u32(1),
    u32(2),
    u8(0),
    u16(0x0001),
    u8(0),
    u8(4),
    u32(0),
    target(1000123, [5], false),
    u16(0),
    u16(0),
  ));
  const r = packetReader(bytes);
  assertEquals(readAttackInfo(r, JMS185, "melee").targets[0].damages, [5]);
  assertEquals(r.remaining, 0);
});

Deno.test("Meso Explosion: per-target damage count, trailing drop list and delay", () => {
  const bytes = fromHex(fields(
    u8(0),
    u8(0x11),
    u32(4211006),
    u32(0),
    u32(0),
    u8(0),
    u16(0x0001),
    u8(0),
    u8(4),
    u32(0),
    u32(1000123),
    u8(7),
    u8(0),
    u8(0),
    u8(0),
    u16(1),
    u16(2),
    u16(3),
    u16(4),
    u8(3),
    u32(1),
    u32(2),
    u32(3),
    u32(0),
    u16(0),
    u16(0),
    u8(1),
    u32(900001),
    u8(1),
    u16(50),
  ));
  const r = packetReader(bytes);
  assertEquals(readAttackInfo(r, GMS83, "melee").targets[0].damages, [1, 2, 3]);
  assertEquals(r.remaining, 0);
});

const attack: AttackInfo = {
  kind: "melee",
  hits: 2,
  skillId: 1001004,
  combatOrders: 0,
  keyDown: 0,
  option: 0x10,
  action: 5,
  left: true,
  actionSpeed: 4,
  properBulletPosition: 0,
  cashBulletPosition: 0,
  bulletItemId: 0,
  targets: [{ monsterId: 1000123, hitAction: 7, damages: [10, 20] }],
  x: 0,
  y: 0,
  bulletX: 30,
  bulletY: 40,
};
const shown = { characterId: 1001, level: 30, skillLevel: 10, mastery: 0, bulletItemId: 0 };

function bytesOf(build: ReturnType<typeof attackBody>): string {
  const w = packetWriter();
  build(w, {});
  return hex(w.toBytes());
}

Deno.test("attack broadcast: v83/JMS level byte, skill, option, i16 action, speed, mastery, bullet, targets", () => {
  const expected = fields(
    u32(1001),
    u8(0x12),
    u8(30),
    u8(10),
    u32(1001004),
    u8(0x10),
    u16(0x8005),
    u8(4),
    u8(0),
    u32(0),
    u32(1000123),
    u8(7),
    u32(10),
    u32(20),
  );
  assertEquals(bytesOf(attackBody(GMS83, attack, shown)), expected);
  assertEquals(bytesOf(attackBody(JMS185, attack, shown)), expected);
  // No skill: a single 0 byte; ranged adds the bullet position.
  assertEquals(
    bytesOf(
      attackBody(GMS83, { ...attack, kind: "ranged", skillId: 0 }, { ...shown, bulletItemId: 2070006 }),
    ),
    fields(
      u32(1001),
      u8(0x12),
      u8(30),
      u8(0),
      u8(0x10),
      u16(0x8005),
      u8(4),
      u8(0),
      u32(2070006),
      u32(1000123),
      u8(7),
      u32(10),
      u32(20),
      u16(30),
      u16(40),
    ),
  );
  // GMS 95 Strafe adds a passive level byte; Big Bang adds the key-down time.
  assertEquals(
    bytesOf(attackBody(GMS95, { ...attack, kind: "ranged", skillId: 3211006, targets: [] }, shown)),
    fields(
      u32(1001),
      u8(0x02),
      u8(30),
      u8(10),
      u32(3211006),
      u8(0),
      u8(0x10),
      u16(0x8005),
      u8(4),
      u8(0),
      u32(0),
      u16(30),
      u16(40),
    ),
  );
  assertEquals(
    bytesOf(
      attackBody(GMS83, { ...attack, kind: "magic", skillId: 2121001, keyDown: 900, targets: [] }, shown),
    ),
    fields(
      u32(1001),
      u8(0x02),
      u8(30),
      u8(10),
      u32(2121001),
      u8(0x10),
      u16(0x8005),
      u8(4),
      u8(0),
      u32(0),
      u32(900),
    ),
  );
  // An action above 0x110 carries no speed, mastery, bullet or targets.
  assertEquals(
    bytesOf(attackBody(GMS83, { ...attack, action: 0x111, left: false }, shown)),
    fields(u32(1001), u8(0x12), u8(30), u8(10), u32(1001004), u8(0x10), u16(0x0111)),
  );
});
