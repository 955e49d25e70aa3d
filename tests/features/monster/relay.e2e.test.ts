/**
 * A monster's controller cannot relay a forged movement (real broker, field harness, GMS 83): an unknown
 * element type, a path off every map and an overlong path produce no ack, no MoveMonster for the map and
 * no COMMAND_TOPIC_MONSTER_MOVEMENT (the valid movement sent afterwards is the first of each), and each
 * counts toward the sender's misbehaviour limit (past ten the session is closed).
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { monsterStatusContract } from "../../../src/features/monster/messages.ts";
import { monsterMovementContract } from "../../../src/features/movement/messages.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import { hex, u16, u32, u8 } from "../character/golden.ts";

const monster = {
  type: "monsters",
  id: "1000123",
  attributes: {
    worldId: 0,
    channelId: 1,
    mapId: HENESYS,
    monsterId: 100100,
    controlCharacterId: 0,
    x: 150,
    y: 274,
    fh: 18,
    stance: 5,
    team: -1,
    maxHp: 8,
    hp: 8,
    maxMp: 0,
    mp: 3,
    damageEntries: [],
  },
};

/** A v83 monster movement request: head, then a path of `elements` written by `path`. */
function movement(moveId: number, startX: number, elements: number, path: (w: PacketWriter) => void) {
  return (w: PacketWriter) => {
    w.uint32(1000123).int16(moveId).byte(1).int8(2).uint32(0); // id, move id, dwFlag, action, skill data
    w.byte(0).uint32(0).uint32(0).uint32(0); // moveFlags, hackedCode, fly target x/y
    w.int16(startX).int16(274).byte(elements);
    path(w);
  };
}
/** One NORMAL element to (x, 274). */
const normal = (x: number) => (w: PacketWriter) =>
  void w.byte(0).int16(x).int16(274).int16(10).int16(0).int16(18).byte(3).int16(120);
/** A JUMP element (type 1: velocity only). */
const jump = (w: PacketWriter) => void w.byte(1).int16(10).int16(-20).byte(4).int16(48);

Deno.test(
  integration("monster movement: a forged path is dropped, counted, and relayed to nobody", async () => {
    const field = await startField();
    try {
      field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`, { json: { data: [monster] } });
      const spawnOp = field.writerOpcode("SpawnMonster");
      const controlOp = field.writerOpcode("ControlMonster");
      const ackOp = field.writerOpcode("MoveMonsterAck");
      const moveOp = field.writerOpcode("MoveMonster");
      const aria = await field.login(1001);
      await receiveOpcode(aria.client, spawnOp);
      const cody = await field.login(2001);
      await receiveOpcode(cody.client, spawnOp);
      await field.publishEvent(monsterStatusContract, {
        worldId: 0,
        channelId: 1,
        mapId: HENESYS,
        uniqueId: 1000123,
        monsterId: 100100,
        type: "START_CONTROL",
        body: { actorId: 1001, x: 150, y: 274, stance: 5, fh: 18, team: -1 },
        // deno-lint-ignore no-explicit-any
      } as any, { key: 1000123 });
      await receiveOpcode(aria.client, controlOp);

      const from = field.captured(monsterMovementContract).length;
      const send = (build: (w: PacketWriter) => void) =>
        aria.client.send(field.packet("MonsterMovementHandle", build));
      await send(movement(1, 150, 1, (w) => void w.byte(200).int16(0).int16(0).byte(4).int16(48))); // type 200
      await send(movement(2, -32768, 1, normal(190))); // starts off every map
      await send(movement(3, 150, 1, normal(31_000))); // ends off every map
      await send(movement(4, 150, 65, (w) => Array.from({ length: 65 }, () => jump(w)))); // 65 elements
      await send(movement(5, 150, 1, normal(190)));

      // The valid request (move id 5) is the first ack, the first MoveMonster and the first command.
      assertEquals(
        hex(await receiveOpcode(aria.client, ackOp)),
        u32(1000123) + u16(5) + u8(0) + u16(3) + u8(0) + u8(0),
      );
      const seen = await receiveUntil(cody.client, isOpcode(moveOp));
      assertEquals(hex(seen[seen.length - 1].body).slice(0, 8), u32(1000123));
      assertEquals(hex(seen[seen.length - 1].body).includes(u16(190) + u16(274)), true);
      const command = await field.expectNoCommandBefore(monsterMovementContract, () => true, () => true, {
        from,
      });
      assertEquals(command.value.x, 190);
      await expectNoneBefore(
        cody.client,
        isOpcode(moveOp),
        await field.sentinel(cody),
        "a second MoveMonster",
      );

      // Four forged so far; seven more pass the limit of ten and close the sender.
      for (let i = 0; i < 7; i++) await send(movement(10 + i, 150, 1, normal(31_000)));
      await field.waitFor("the forger's session closed", () => aria.session.isClosed);
    } finally {
      await field.stop();
    }
  }),
);
