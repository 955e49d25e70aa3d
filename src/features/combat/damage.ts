/**
 * `CharacterDamageHandle`: the client reports damage its character took. Read with the client's layout
 * per version (`libs/atlas-packet` d59a1ad2df `model/damage_taken_info.go`): `u32 updateTime, i8
 * attackIdx, [i8 element, GMS ≥ 61 / JMS], i32 damage`, then for a monster's hit (`attackIdx ≥ -1`)
 * `u32 monsterTemplateId, u32 monsterId, bool left, u8 reflect, [bool guard, GMS ≥ 95], u8 block,
 * [bool powerGuard, u32 reflectMobId, u8 hitAction, i16 hitX, i16 hitY, i16 x, i16 y — present when more
 * than the last byte remains], u8 stance`, else (obstacle, stat) `i16 obstacleData, [u8 stance, GMS ≥ 83
 * / JMS]`.
 *
 * A monster's hit must name a monster in the character's map (the local index): otherwise it is dropped
 * and logged, so a client cannot show the map an arbitrary monster. The others in the map see
 * `CharacterDamage` (the monster's template from the index), and atlas-character gets `CHANGE_HP` with
 * −damage. Unlike the reference, a miss (damage ≤ 0) changes no HP (the reference turns −1 into +1 HP),
 * and the amount is clamped to int16 instead of wrapping.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { increment } from "../../observability/metrics.ts";
import type { FeatureContext } from "../feature.ts";
import type { BuildPacket } from "../outbound.ts";
import { sessionsInMapOf } from "../routing.ts";
import { characterCommandContract } from "../character/messages.ts";
import { monsterState } from "../monster/consumers.ts";

const log = getLogger("combat.damage");

/** Writer name of the damage shown to the others. */
export const CHARACTER_DAMAGE = "CharacterDamage";

type Version = Pick<Tenant, "region" | "majorVersion">;

/** A decoded damage report. */
export interface DamageTaken {
  /** -1 physical, 0 magic (a monster's attacks), below: obstacle, stat, counter. */
  attackIdx: number;
  damage: number;
  monsterTemplateId: number;
  monsterId: number;
  left: boolean;
}

/** Reads a whole CharacterDamageHandle packet; throws `PacketReadError` when it is truncated. */
export function readDamageTaken(reader: PacketReader, v: Version): DamageTaken {
  const gmsBelow = (major: number) => v.region === "GMS" && v.majorVersion < major;
  reader.uint32(); // update time
  const attackIdx = reader.int8();
  if (!gmsBelow(61)) reader.int8(); // element
  const damage = reader.int32();
  if (attackIdx < -1) {
    reader.int16(); // obstacle data
    if (!gmsBelow(83)) reader.byte(); // stance
    return { attackIdx, damage, monsterTemplateId: 0, monsterId: 0, left: false };
  }
  const monsterTemplateId = reader.uint32();
  const monsterId = reader.uint32();
  const left = reader.bool();
  reader.byte(); // reflect
  if (v.region === "GMS" && v.majorVersion >= 95) reader.bool(); // guard
  reader.byte(); // block
  if (reader.remaining > 1) reader.skip(gmsBelow(61) ? 10 : 14); // power guard / reflect extension
  reader.byte(); // stance
  return { attackIdx, damage, monsterTemplateId, monsterId, left };
}

/**
 * `CharacterDamage` (d59a1ad2df `character/clientbound/damage.go`): `u32 characterId, u8 attackIdx,
 * i32 damage, [u32 monsterTemplateId, bool left, bool stance (0), [u8 guard, GMS ≥ 95], u8 0 — for
 * physical and magic hits], i32 damage, [u32 0, damage −1]`.
 */
export function characterDamageBody(v: Version, characterId: number, taken: DamageTaken): BuildPacket {
  return (w) => {
    w.uint32(characterId).int8(taken.attackIdx).int32(taken.damage);
    if (taken.attackIdx === -1 || taken.attackIdx === 0) {
      w.uint32(taken.monsterTemplateId).bool(taken.left).bool(false);
      if (v.region === "GMS" && v.majorVersion >= 95) w.byte(0);
      w.byte(0);
    }
    w.int32(taken.damage);
    if (taken.damage === -1) w.uint32(0);
  };
}

/** The `CharacterDamageHandle` handler. */
export function characterDamageHandler(ctx: FeatureContext) {
  return (session: Session, reader: PacketReader): void => {
    const taken = readDamageTaken(reader, session.tenant);
    const characterId = session.characterId;
    const mapId = ctx.presence.mapOf(session);
    if (characterId === undefined || mapId === undefined) {
      log.debug("damage before the character is in a map dropped", { sessionId: session.id });
      return;
    }
    if (taken.attackIdx >= -1) {
      const monster = monsterState(ctx).live.get(session, taken.monsterId);
      if (!monster || monster.mapId !== mapId) {
        increment("combat.damage.refused", {
          reason: monster ? "monster in another map" : "unknown monster",
        });
        log.warn("damage from a monster not in the map refused", {
          characterId,
          monsterId: taken.monsterId,
          mapId,
        });
        return;
      }
      taken.monsterTemplateId = monster.monsterId;
    }
    const others = sessionsInMapOf(ctx, session);
    if (others.size > 1) {
      ctx.broadcast(
        others,
        CHARACTER_DAMAGE,
        characterDamageBody(session.tenant, characterId, taken),
        session,
      );
    }
    if (taken.damage <= 0) return;
    ctx.bus.publish(characterCommandContract, {
      worldId: session.worldId,
      characterId,
      type: "CHANGE_HP",
      body: { channelId: session.channelId, amount: -Math.min(taken.damage, 0x8000) },
    }, { tenant: session.tenant, key: characterId }).catch((err) =>
      log.error("HP change not published", { characterId, error: err })
    );
  };
}
