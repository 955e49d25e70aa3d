/**
 * `MonsterMovementHandle`: the controller's client moves a monster. The request is read whole with the
 * client's layout per version (`libs/atlas-packet` d59a1ad2df `monster/serverbound/movement.go`):
 * `u32 uniqueId, i16 moveId, u8 dwFlag, i8 actionAndDir, u32 skillData, [multi-target list and random
 * area-attack times, GMS ≥ 84 / JMS], u8 moveFlags, [u32 hackedCode, GMS ≥ 61 / JMS], [u32 flyTargetX,
 * u32 flyTargetY, GMS ≥ 79 / JMS], [u32 hackedCodeCRC, GMS ≥ 87 / JMS], movement path, [u8 chasing,
 * u8 hasTarget, u8 chasing2, u8 chasingHack, u32 chaseDuration, GMS ≥ 87 / JMS]`.
 *
 * What would be relayed to the map is checked first, as for characters (`checkRelayedPath`: element
 * count, configured element types, coordinates; at most {@link MAX_MONSTER_ATTACK_ENTRIES} ball targets
 * and area-attack times): a forged request throws `InvalidPacketError`, so it is dropped with no packet
 * and no command and counts toward the session's misbehaviour limit.
 *
 * The monster must be in the local index, in the mover's map, and controlled by the mover's character
 * (atlas-monsters decides control; the index follows its START/STOP_CONTROL events): anything else is
 * dropped and logged, with no packet and no command. Otherwise, with no REST call: `MoveMonsterAck` to
 * the mover, `MoveMonster` to the others in the map, and `COMMAND_TOPIC_MONSTER_MOVEMENT` (the reference
 * looks the monster up over REST on every step; we keep it locally).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { increment } from "../../observability/metrics.ts";
import type { FeatureContext } from "../feature.ts";
import { sessionsInMapOf } from "../routing.ts";
import { monsterMovementContract } from "../movement/messages.ts";
import {
  checkRelayedPath,
  MAX_COORDINATE,
  movementCodec,
  readMovementPath,
  summarizeMovement,
} from "../movement/path.ts";
import { InvalidPacketError } from "../../protocol/reader.ts";
import { monsterState } from "./consumers.ts";
import { MONSTER_WRITERS, type MonsterMove, moveMonsterAckBody, moveMonsterBody } from "./writers.ts";

const log = getLogger("monster.movement");

type Version = Pick<Tenant, "region" | "majorVersion">;
const gmsAtLeast = (v: Version, major: number) => v.region === "GMS" && v.majorVersion >= major;
const isJms = (v: Version) => v.region === "JMS";

/**
 * Most entries in the ball-attack target list and in the area-attack times of one request: a monster
 * attack names a handful; more can only be forged (and would be relayed to the whole map).
 */
export const MAX_MONSTER_ATTACK_ENTRIES = 32;

function checkCount(what: string, count: number): number {
  if (count > MAX_MONSTER_ATTACK_ENTRIES) {
    throw new InvalidPacketError(
      `monster movement with ${count} ${what} (at most ${MAX_MONSTER_ATTACK_ENTRIES})`,
    );
  }
  return count;
}

/** A decoded monster movement request. */
export interface MonsterMoveRequest extends MonsterMove {
  moveId: number;
}

/** Reads a whole MonsterMovementHandle packet; throws `PacketReadError` when it is truncated. */
export function readMonsterMove(
  reader: PacketReader,
  v: Version,
  options: HandlerOptions,
): MonsterMoveRequest {
  const uniqueId = reader.uint32();
  const moveId = reader.int16();
  const dwFlag = reader.byte();
  const actionAndDir = reader.int8();
  const skillData = reader.uint32();
  const multiTargets: { x: number; y: number }[] = [];
  const randTimes: number[] = [];
  if (gmsAtLeast(v, 84) || isJms(v)) {
    const targets = checkCount("ball targets", reader.uint32());
    for (let i = 0; i < targets; i++) {
      const target = { x: reader.int32(), y: reader.int32() };
      if (Math.abs(target.x) > MAX_COORDINATE || Math.abs(target.y) > MAX_COORDINATE) {
        throw new InvalidPacketError(`monster ball target at (${target.x}, ${target.y})`);
      }
      multiTargets.push(target);
    }
    const times = checkCount("area-attack times", reader.uint32());
    for (let i = 0; i < times; i++) randTimes.push(reader.int32());
  }
  reader.byte(); // moveFlags
  if (gmsAtLeast(v, 61) || isJms(v)) reader.uint32(); // hackedCode
  if (gmsAtLeast(v, 79) || isJms(v)) reader.skip(8); // fly target x, y
  if (gmsAtLeast(v, 87) || isJms(v)) reader.uint32(); // hackedCodeCRC
  const path = readMovementPath(reader, movementCodec(v, options));
  if (gmsAtLeast(v, 87) || isJms(v)) reader.skip(8); // chasing flags, chase duration
  return {
    uniqueId,
    moveId,
    skillPossible: dwFlag > 0,
    actionAndDir,
    skillId: skillData & 0xff,
    skillLevel: (skillData >>> 8) & 0xff,
    multiTargets,
    randTimes,
    path,
  };
}

/** The `MonsterMovementHandle` handler. */
export function monsterMovementHandler(ctx: FeatureContext) {
  return (session: Session, reader: PacketReader, options: HandlerOptions): void => {
    const move = readMonsterMove(reader, session.tenant, options);
    checkRelayedPath(move.path, movementCodec(session.tenant, options));
    const characterId = session.characterId;
    const mapId = ctx.presence.mapOf(session);
    if (characterId === undefined || mapId === undefined) {
      log.debug("monster movement before the character is in a map dropped", { session: session.id });
      return;
    }
    const monster = monsterState(ctx).live.get(session, move.uniqueId);
    const refusal = !monster
      ? "unknown monster"
      : monster.mapId !== mapId
      ? "monster in another map"
      : monster.controllerId !== characterId
      ? "not the monster's controller"
      : undefined;
    if (!monster || refusal) {
      increment("monster.movement.refused", { reason: refusal ?? "unknown monster" });
      log.info("monster movement refused", {
        reason: refusal,
        characterId,
        uniqueId: move.uniqueId,
        mapId,
        controllerId: monster?.controllerId,
      });
      return;
    }
    ctx.send(session, MONSTER_WRITERS.moveAck, moveMonsterAckBody(move.uniqueId, move.moveId, monster.mp));
    const others = sessionsInMapOf(ctx, session);
    if (others.size > 1) {
      ctx.broadcast(others, MONSTER_WRITERS.move, moveMonsterBody(session.tenant, move), session);
    }
    const { x, y, stance } = summarizeMovement(move.path);
    monster.x = x;
    monster.y = y;
    monster.stance = stance;
    ctx.bus.publish(monsterMovementContract, {
      worldId: session.worldId,
      channelId: session.channelId,
      mapId,
      objectId: move.uniqueId,
      observerId: characterId,
      x,
      y,
      stance,
    }, { tenant: session.tenant, key: move.uniqueId }).catch((err) =>
      log.error("monster movement command not published", { uniqueId: move.uniqueId, error: err })
    );
  };
}
