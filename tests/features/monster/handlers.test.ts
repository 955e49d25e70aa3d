/**
 * MonsterMovementHandle reading per client version (d59a1ad2df `monster/serverbound/movement.go`): the
 * bytes below are written out field by field; the reader must consume exactly them, and a truncated
 * request throws (the dispatcher then drops it).
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { InvalidPacketError, packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { readMonsterMove } from "../../../src/features/monster/handlers.ts";
import { fields, u16, u32, u8 } from "../character/golden.ts";

const TYPES = { types: [{ Name: "NORMAL", Type: "NORMAL" }] };
const fromHex = (h: string) => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16)));

const head = fields(u32(5001), u16(7), u8(1), u8(-3), u32(0x0203 << 8 | 0x0a));
const path83 = fields(
  u16(10),
  u16(20),
  u8(1),
  u8(0),
  u16(11),
  u16(21),
  u16(1),
  u16(2),
  u16(3),
  u8(4),
  u16(60),
);
/** From GMS 87 and on JMS NORMAL elements carry offsets; GMS 88+ paths start with a velocity. */
const withOffsets = (velocity: boolean) =>
  fields(
    u16(10),
    u16(20),
    velocity ? u16(0) + u16(0) : "",
    u8(1),
    u8(0),
    u16(11),
    u16(21),
    u16(1),
    u16(2),
    u16(3),
    u16(0),
    u16(0),
    u8(4),
    u16(60),
  );

Deno.test("MonsterMovementHandle v83: head, moveFlags, hackedCode, fly target, path", () => {
  const bytes = fromHex(head + u8(0) + u32(0) + u32(0) + u32(0) + path83);
  const r = packetReader(bytes);
  const move = readMonsterMove(r, { region: "GMS", majorVersion: 83 }, TYPES);
  assertEquals(r.remaining, 0);
  assertEquals([move.uniqueId, move.moveId, move.skillPossible, move.actionAndDir], [5001, 7, true, -3]);
  assertEquals([move.skillId, move.skillLevel], [0x0a, 0x03]);
  assertEquals(move.path.elements[0].x, 11);
  assertThrows(
    () =>
      readMonsterMove(
        packetReader(bytes.subarray(0, bytes.length - 1)),
        { region: "GMS", majorVersion: 83 },
        TYPES,
      ),
    PacketReadError,
  );
});

for (const v of [{ region: "GMS", majorVersion: 95 }, { region: "JMS", majorVersion: 185 }]) {
  Deno.test(`MonsterMovementHandle ${v.region} ${v.majorVersion}: target lists, CRC and chase block too`, () => {
    const bytes = fromHex(
      head + u32(1) + u32(-5) + u32(6) + u32(2) + u32(100) + u32(200) + // multi targets, rand times
        u8(0) + u32(0) + u32(0) + u32(0) + u32(0) + // moveFlags, hackedCode, fly x/y, hackedCodeCRC
        withOffsets(v.region === "GMS") + u8(0) + u8(0) + u8(0) + u8(0) + u32(0),
    );
    const r = packetReader(bytes);
    const move = readMonsterMove(r, v, TYPES);
    assertEquals(r.remaining, 0);
    assertEquals(move.multiTargets, [{ x: -5, y: 6 }]);
    assertEquals(move.randTimes, [100, 200]);
    assertEquals(move.path.elements[0].moveAction, 4);
  });
}

Deno.test("MonsterMovementHandle v87: target lists, hackedCodeCRC and chase block; NORMAL offsets read", () => {
  const bytes = fromHex(
    head + u32(0) + u32(0) + u8(0) + u32(0) + u32(0) + u32(0) + u32(0) + withOffsets(false) + u8(0) + u8(0) +
      u8(0) +
      u8(0) + u32(0),
  );
  const r = packetReader(bytes);
  const move = readMonsterMove(r, { region: "GMS", majorVersion: 87 }, TYPES);
  assertEquals(r.remaining, 0);
  assertEquals(move.path.elements[0].elapsed, 60);
});

Deno.test("MonsterMovementHandle v95: forged ball targets or area-attack times are refused before reading on", () => {
  const v95 = { region: "GMS", majorVersion: 95 };
  const tail = u8(0) + u32(0) + u32(0) + u32(0) + u32(0) + withOffsets(true) + u8(0) + u8(0) + u8(0) + u8(0) +
    u32(0);
  const read = (lists: string) => readMonsterMove(packetReader(fromHex(head + lists + tail)), v95, TYPES);
  // 32 of each is still a request a client could send.
  const ok = read(u32(32) + (u32(1) + u32(2)).repeat(32) + u32(32) + u32(7).repeat(32));
  assertEquals([ok.multiTargets.length, ok.randTimes.length], [32, 32]);
  assertThrows(() => read(u32(33) + (u32(1) + u32(2)).repeat(33) + u32(0)), InvalidPacketError);
  assertThrows(() => read(u32(0) + u32(33) + u32(7).repeat(33)), InvalidPacketError);
  assertThrows(() => read(u32(0xffffffff)), InvalidPacketError); // no attempt to read 4 billion entries
  assertThrows(() => read(u32(1) + u32(-32768) + u32(0) + u32(0)), InvalidPacketError); // off every map
});
