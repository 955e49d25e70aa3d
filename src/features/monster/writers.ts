/**
 * Packet writers of the monster domain, with the client's layout per version (Atlas `libs/atlas-packet`
 * at d59a1ad2df, `monster/clientbound/*.go` and `model/monster.go`, which win over the b0c865294b
 * channel where they differ):
 *
 * - SpawnMonster: `u32 uniqueId, [u8 1|5 controlled, GMS > 12 / JMS], u32 templateId, monster`.
 * - ControlMonster: `i8 controlType, u32 uniqueId`, then for a start (`controlType > 0`) `u8 aggro,
 *   u32 templateId, monster` (appear type "regen"). The b0c865294b channel wrote `5` where the client
 *   reads the aggro flag; START_CONTROL carries no aggro, so a start is "active init" with aggro 0.
 * - DestroyMonster: `u32 uniqueId, u8 destroyType` (1 = fade out).
 * - MonsterHealth: `u32 uniqueId, u8 hpPercent` (at least 1 while alive, as the reference rounds).
 * - MoveMonster: `u32 uniqueId, bool notForceLanding, [bool notChangeAction, GMS ≥ 87 / JMS],
 *   [bool nextAttackPossible, GMS ≥ 79 / JMS], i8 actionAndDir, i16 skillId, i16 skillLevel,
 *   [multi-target list, random area-attack times, GMS ≥ 87 / JMS], movement path`.
 * - MoveMonsterAck: `u32 uniqueId, i16 moveId, bool useSkills, u16 mp, u8 skillId, u8 skillLevel`.
 *
 * The monster block (`model/monster.go`): the temporary-stat mask (GMS ≥ 13 / JMS: four `u32` from
 * GMS 79, one before; no stats are tracked here, so it is all zero and no values follow), `i16 x, i16 y,
 * u8 stance, i16 foothold (0), i16 home foothold, i8 appearType, [u32 appear option when appearType is
 * -3 or ≥ 0], [i8 team, u32 effect item id, GMS ≥ 61 / JMS], [u32 phase, GMS ≥ 87 / JMS]` (GMS ≤ 12
 * ends with one `u32 0` instead of the team block).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { BuildPacket } from "../outbound.ts";
import { movementCodec, type MovementPath, writeMovementPath } from "../movement/path.ts";

/** Writer names of the monster domain. */
export const MONSTER_WRITERS = Object.freeze({
  spawn: "SpawnMonster",
  destroy: "DestroyMonster",
  control: "ControlMonster",
  move: "MoveMonster",
  moveAck: "MoveMonsterAck",
  health: "MonsterHealth",
});

type Version = Pick<Tenant, "region" | "majorVersion">;

const gmsAtLeast = (v: Version, major: number) => v.region === "GMS" && v.majorVersion >= major;
const isJms = (v: Version) => v.region === "JMS";

/** How a monster appears (`MonsterAppearType`): a spawn already there, or one that just (re)spawned. */
export const APPEAR_NORMAL = -1;
/** A monster that just spawned (the "regen" effect). */
export const APPEAR_REGEN = -2;

/** `DestroyMonster` "fade out", what the reference sends for both DESTROYED and KILLED. */
export const DESTROY_FADE_OUT = 1;

/** `ControlMonster` types used here. */
export const CONTROL_RESET = 0;
/** Start control without aggro (what START_CONTROL means at b0c865294b). */
export const CONTROL_ACTIVE_INIT = 1;

/** What a monster block shows. */
export interface MonsterLook {
  x: number;
  y: number;
  stance: number;
  /** The home foothold (`fh`). */
  fh: number;
  team: number;
}

/** Writes the monster block (see the module documentation). */
export function writeMonsterBlock(w: PacketWriter, v: Version, m: MonsterLook, appearType: number): void {
  if (gmsAtLeast(v, 13) || isJms(v)) {
    // Temporary-stat mask with no stats: 128 bits from GMS 79 (and JMS), 32 bits before.
    w.zeros(gmsAtLeast(v, 79) || isJms(v) ? 16 : 4);
  }
  w.int16(m.x).int16(m.y).byte(m.stance).int16(0).int16(m.fh).int8(appearType);
  if (appearType === -3 || appearType >= 0) w.uint32(0);
  if (gmsAtLeast(v, 61) || isJms(v)) {
    w.int8(m.team).uint32(0);
    if (gmsAtLeast(v, 87) || isJms(v)) w.uint32(0); // phase
  } else if (v.region === "GMS" && v.majorVersion <= 12) {
    w.uint32(0);
  }
}

/** A monster as the spawn and control packets show it. */
export interface ShownMonster extends MonsterLook {
  /** The instance (object) id. */
  uniqueId: number;
  /** The template id. */
  monsterId: number;
  /** Whether some client controls it. */
  controlled: boolean;
}

/** `SpawnMonster`; `fresh` marks a monster that just spawned (CREATED) rather than one already there. */
export function spawnMonsterBody(v: Version, m: ShownMonster, fresh: boolean): BuildPacket {
  return (w) => {
    w.uint32(m.uniqueId);
    if ((v.region === "GMS" && v.majorVersion > 12) || isJms(v)) w.byte(m.controlled ? 1 : 5);
    w.uint32(m.monsterId);
    writeMonsterBlock(w, v, m, fresh ? APPEAR_REGEN : APPEAR_NORMAL);
  };
}

/** `ControlMonster` giving control of `m` to the receiving client (active init, no aggro). */
export function startControlBody(v: Version, m: ShownMonster): BuildPacket {
  return (w) => {
    w.int8(CONTROL_ACTIVE_INIT).uint32(m.uniqueId).byte(0).uint32(m.monsterId);
    writeMonsterBlock(w, v, m, APPEAR_REGEN);
  };
}

/** `ControlMonster` taking control of `uniqueId` away from the receiving client. */
export function stopControlBody(uniqueId: number): BuildPacket {
  return (w) => void w.int8(CONTROL_RESET).uint32(uniqueId);
}

/** `DestroyMonster` with the fade-out animation. */
export function destroyMonsterBody(uniqueId: number): BuildPacket {
  return (w) => void w.uint32(uniqueId).byte(DESTROY_FADE_OUT);
}

/**
 * The HP indicator: `hp * 100 / maxHp` truncated, at least 1 (a living monster never shows 0), as the
 * reference computes it. A monster whose maximum is unknown (0) shows 100.
 */
export function hpPercent(hp: number, maxHp: number): number {
  if (maxHp <= 0) return 100;
  return Math.min(100, Math.max(1, Math.trunc(hp * 100 / maxHp)));
}

/** `MonsterHealth`. */
export function monsterHealthBody(uniqueId: number, percent: number): BuildPacket {
  return (w) => void w.uint32(uniqueId).byte(percent);
}

/** The parts of a controller's monster movement that are shown to the others. */
export interface MonsterMove {
  uniqueId: number;
  /** `dwFlag > 0` of the request: the monster may use its next attack/skill. */
  skillPossible: boolean;
  actionAndDir: number;
  skillId: number;
  skillLevel: number;
  /** Multi-target positions (GMS ≥ 84 / JMS requests carry them). */
  multiTargets: readonly { x: number; y: number }[];
  /** Random area-attack times. */
  randTimes: readonly number[];
  path: MovementPath;
}

/**
 * `MoveMonster` to the other clients in the map. As the reference: not-force-landing false,
 * not-change-action = skill possible, next-attack-possible false.
 */
export function moveMonsterBody(v: Version, move: MonsterMove): BuildPacket {
  return (w, options) => {
    const modern = gmsAtLeast(v, 87) || isJms(v);
    w.uint32(move.uniqueId).bool(false);
    if (modern) w.bool(move.skillPossible);
    if (gmsAtLeast(v, 79) || isJms(v)) w.bool(false);
    w.int8(move.actionAndDir).int16(move.skillId).int16(move.skillLevel);
    if (modern) {
      w.uint32(move.multiTargets.length);
      for (const t of move.multiTargets) w.int32(t.x).int32(t.y);
      w.uint32(move.randTimes.length);
      for (const t of move.randTimes) w.int32(t);
    }
    writeMovementPath(w, move.path, movementCodec(v, options));
  };
}

/** `MoveMonsterAck` to the controller: the move id it sent and the monster's MP; no skill granted. */
export function moveMonsterAckBody(uniqueId: number, moveId: number, mp: number): BuildPacket {
  return (w) =>
    void w.uint32(uniqueId).int16(moveId).bool(false).uint16(Math.min(mp, 0xffff)).byte(0).byte(0);
}
