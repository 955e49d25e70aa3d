/**
 * Monster writers: exact bytes per client version, spelled field by field from the client layout
 * (`libs/atlas-packet` d59a1ad2df `monster/clientbound/{spawn,control,destroy,health,movement,
 * movement_ack}.go` and `model/monster.go`), never from the writers under test.
 */
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import {
  destroyMonsterBody,
  hpPercent,
  monsterHealthBody,
  moveMonsterAckBody,
  moveMonsterBody,
  type ShownMonster,
  spawnMonsterBody,
  startControlBody,
  stopControlBody,
} from "../../../src/features/monster/writers.ts";
import { fields, hex, u16, u32, u8, zeros } from "../character/golden.ts";

const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS87 = { region: "GMS", majorVersion: 87 };
const GMS92 = { region: "GMS", majorVersion: 92 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };
const GMS12 = { region: "GMS", majorVersion: 12 };

function bytes(build: BuildPacket, options: Record<string, unknown> = {}): string {
  const w = packetWriter();
  build(w, options);
  return hex(w.toBytes());
}

const snail: ShownMonster = {
  uniqueId: 1000023,
  monsterId: 100100,
  x: -400,
  y: 274,
  stance: 5,
  fh: 20,
  team: -1,
  controlled: true,
};

/** The monster block of v83: empty 128-bit stat mask, position, stance, fh 0, home fh, appear, team, item. */
const block83 = (appear: number) =>
  fields(zeros(16), u16(-400), u16(274), u8(5), u16(0), u16(20), u8(appear), u8(-1), u32(0));
/** v87+/JMS add the phase word. */
const block87 = (appear: number) => block83(appear) + u32(0);

Deno.test("SpawnMonster: unique id, controlled flag (1/5), template, monster block per version", () => {
  assertEquals(bytes(spawnMonsterBody(GMS83, snail, true)), u32(1000023) + u8(1) + u32(100100) + block83(-2));
  assertEquals(
    bytes(spawnMonsterBody(GMS83, { ...snail, controlled: false }, false)),
    u32(1000023) + u8(5) + u32(100100) + block83(-1),
  );
  for (const v of [GMS87, GMS92, GMS95, JMS185]) {
    assertEquals(bytes(spawnMonsterBody(v, snail, false)), u32(1000023) + u8(1) + u32(100100) + block87(-1));
  }
  // GMS 12: no controlled byte, no stat mask, a bare u32 tail instead of team/effect item.
  assertEquals(
    bytes(spawnMonsterBody(GMS12, snail, false)),
    u32(1000023) + u32(100100) + u16(-400) + u16(274) + u8(5) + u16(0) + u16(20) + u8(-1) + u32(0),
  );
});

Deno.test("ControlMonster: start is active-init with aggro 0 and the regen block; stop is reset + id", () => {
  assertEquals(
    bytes(startControlBody(GMS83, snail)),
    u8(1) + u32(1000023) + u8(0) + u32(100100) + block83(-2),
  );
  assertEquals(
    bytes(startControlBody(GMS95, snail)),
    u8(1) + u32(1000023) + u8(0) + u32(100100) + block87(-2),
  );
  assertEquals(
    bytes(startControlBody(JMS185, snail)),
    u8(1) + u32(1000023) + u8(0) + u32(100100) + block87(-2),
  );
  assertEquals(bytes(stopControlBody(1000023)), u8(0) + u32(1000023));
});

Deno.test("DestroyMonster and MonsterHealth", () => {
  assertEquals(bytes(destroyMonsterBody(1000023)), u32(1000023) + u8(1));
  assertEquals(bytes(monsterHealthBody(1000023, 37)), u32(1000023) + u8(37));
  assertEquals(hpPercent(37, 100), 37);
  assertEquals(hpPercent(1, 1000), 1); // a living monster never shows 0
  assertEquals(hpPercent(999, 1000), 99);
  assertEquals(hpPercent(5, 0), 100);
});

Deno.test("MoveMonsterAck: id, move id, no skills, MP, skill 0/0", () => {
  assertEquals(
    bytes(moveMonsterAckBody(1000023, 7, 10)),
    u32(1000023) + u16(7) + u8(0) + u16(10) + u8(0) + u8(0),
  );
});

const TYPES = { types: [{ Name: "NORMAL", Type: "NORMAL" }] };
const path = {
  startX: -400,
  startY: 274,
  elements: [{
    type: 0,
    layout: "NORMAL" as const,
    x: -380,
    y: 274,
    vx: 20,
    vy: 0,
    foothold: 20,
    fallStartFoothold: 0,
    xOffset: 0,
    yOffset: 0,
    moveAction: 4,
    elapsed: 300,
    stat: 0,
  }],
};
const move = {
  uniqueId: 1000023,
  skillPossible: true,
  actionAndDir: 3,
  skillId: 0,
  skillLevel: 0,
  multiTargets: [{ x: 5, y: -6 }],
  randTimes: [100],
  path,
};

Deno.test("MoveMonster: v83 has no not-change-action byte and no target lists; v87+/JMS have both", () => {
  // v83 NORMAL element: x, y, vx, vy, fh (no offsets when written for GMS ≤ 87), action, elapsed.
  const path83 = fields(
    u16(-400),
    u16(274),
    u8(1),
    u8(0),
    u16(-380),
    u16(274),
    u16(20),
    u16(0),
    u16(20),
    u8(4),
    u16(300),
  );
  // From GMS 87 (and JMS) NORMAL elements carry offsets; from GMS 88 the path has a start velocity.
  const withOffsets = (velocity: boolean) =>
    fields(
      u16(-400),
      u16(274),
      velocity ? u16(0) + u16(0) : "",
      u8(1),
      u8(0),
      u16(-380),
      u16(274),
      u16(20),
      u16(0),
      u16(20),
      u16(0),
      u16(0),
      u8(4),
      u16(300),
    );
  assertEquals(
    bytes(moveMonsterBody(GMS83, move), TYPES),
    fields(u32(1000023), u8(0), u8(0), u8(3), u16(0), u16(0), path83),
  );
  assertEquals(
    bytes(moveMonsterBody(GMS87, move), TYPES),
    fields(
      u32(1000023),
      u8(0),
      u8(1),
      u8(0),
      u8(3),
      u16(0),
      u16(0),
      u32(1),
      u32(5),
      u32(-6),
      u32(1),
      u32(100),
      withOffsets(false),
    ),
  );
  assertEquals(
    bytes(moveMonsterBody(GMS95, move), TYPES),
    fields(
      u32(1000023),
      u8(0),
      u8(1),
      u8(0),
      u8(3),
      u16(0),
      u16(0),
      u32(1),
      u32(5),
      u32(-6),
      u32(1),
      u32(100),
      withOffsets(true),
    ),
  );
  assertEquals(
    bytes(moveMonsterBody(JMS185, move), TYPES),
    fields(
      u32(1000023),
      u8(0),
      u8(1),
      u8(0),
      u8(3),
      u16(0),
      u16(0),
      u32(1),
      u32(5),
      u32(-6),
      u32(1),
      u32(100),
      withOffsets(false),
    ),
  );
});
