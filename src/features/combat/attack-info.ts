/**
 * The attack request the four attack handlers read (melee, ranged, magic and touch/energy), with the
 * client's layout per version (`libs/atlas-packet` d59a1ad2df `model/attack_info.go` and
 * `model/damage_info.go`, which win over the b0c865294b channel where they differ):
 *
 * `u8 fieldKey, [u32 dr0, u32 dr1, GMS ≥ 84], u8 (targets << 4 | hits), [u32 dr2, u32 dr3, GMS ≥ 84],
 * u32 skillId, [u8 combatOrders, GMS ≥ 95], [u32 randomDr, u32 crc32, GMS ≥ 84], [6 × u32 second dr
 * block, magic on GMS ≥ 84], [u32 skillDataCrc, GMS ≥ 72 / JMS], [u32 skillDataCrc2, GMS ≥ 79 / JMS],
 * [u32 keyDown, key-down skills], u8 option, [bool exJablin, ranged on GMS ≥ 95], action (u8 on GMS < 79,
 * else u16 `left << 15 | action`), [u32 crc, GMS ≥ 95], u8 actionType, u8 actionSpeed, u32 attackTime`,
 * then per kind `[u32, melee on GMS ≥ 95]`, ranged `[u32, GMS ≥ 95], u16 properBulletPos, u16
 * cashBulletPos, u8 shootRange, [u32 starId, option bit 6 and a skill that uses bullets]`, magic
 * `[u32, GMS ≥ 92]`; then per target `u32 monsterId, u8 hitAction, u8 forceAction, u8 frameIdx, u8
 * calcDamageStatIndex, i16 hitX, i16 hitY, i16 prevX, i16 prevY, (u8 count for Meso Explosion | u16
 * delay), count × u32 damage, [u32 crc, GMS ≥ 61]`; then `i16 x, i16 y`, for Meso Explosion `u8 drops,
 * drops × (u32 dropId, u8 hitMask), u16 delay`, ranged `[i16 bulletX, i16 bulletY, GMS ≥ 61 / JMS]`,
 * Poison Bomb `i16 grenadeX, i16 grenadeY`, Spark `u32`, magic `[bool dragon (+ i16 x, i16 y), GMS ≥ 79
 * / JMS]`.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketReader } from "../../protocol/reader.ts";

/** Which attack packet it was. */
export type AttackKind = "melee" | "ranged" | "magic" | "energy";

/** One monster hit by an attack. */
export interface AttackTarget {
  monsterId: number;
  hitAction: number;
  /** One number per hit (Meso Explosion: as many as the client listed). */
  damages: number[];
}

/** A decoded attack request (only what the server uses or shows). */
export interface AttackInfo {
  kind: AttackKind;
  /** Hits per target (low nibble). */
  hits: number;
  skillId: number;
  /** Combat orders byte of GMS ≥ 95 (0 elsewhere): not the skill level. */
  combatOrders: number;
  keyDown: number;
  /** The option byte (final-after-slash-blast, shadow partner, spirit javelin bit 6, ...). */
  option: number;
  action: number;
  left: boolean;
  actionSpeed: number;
  properBulletPosition: number;
  cashBulletPosition: number;
  /** The star id carried when option bit 6 (spirit javelin) is set. */
  bulletItemId: number;
  targets: AttackTarget[];
  x: number;
  y: number;
  bulletX: number;
  bulletY: number;
}

type Version = Pick<Tenant, "region" | "majorVersion">;

/** Chief Bandit's Meso Explosion: per-target damage counts and a trailing drop list. */
export const MESO_EXPLOSION = 4211006;
/** Night Walker's Poison Bomb: a grenade landing point follows. */
const POISON_BOMB = 14111006;
/** Thunder Breaker's Spark: a trailing u32. */
const SPARK = 15111006;

/** Skills whose request carries the key-down time (the client's list, atlas-constants `IsKeyDownSkill`). */
export const KEY_DOWN_SKILLS: ReadonlySet<number> = new Set([
  2121001, // Big Bang (fire/poison)
  2221001, // Big Bang (ice/lightning)
  2321001, // Big Bang (bishop)
  1121001, // Monster Magnet (hero)
  1221001, // Monster Magnet (paladin)
  1321001, // Monster Magnet (dark knight)
  3121004, // Hurricane
  3221001, // Piercing Arrow
  5221004, // Rapid Fire
  14111006, // Poison Bomb
  13111002, // Hurricane (wind archer)
  15101003, // Corkscrew Blow (thunder breaker)
  22121000, // Ice Breath
  22151001, // Fire Breath
  5101004, // Corkscrew Blow
  5201002, // Grenade
]);

/** Ranged skills that use no bullet (atlas-constants `IsShootSkillNotConsumingBullet`). */
const SHOOT_SKILLS_WITHOUT_BULLET: ReadonlySet<number> = new Set([
  4121003, // Taunt (night lord)
  4221003, // Taunt (shadower)
  5121002, // Energy Orb
  11101004, // Soul Blade
  15111006, // Spark
  15111007, // Shark Wave
  21100004, // Combo Smash
  21110004, // Combo Fenrir
  21120006, // Combo Tempest
  3101003, // Power Knock-Back (hunter)
  3201003, // Power Knock-Back (crossbowman)
  4111004, // Shadow Meso
  13101005, // Storm Break
  14101006, // Vampire
]);

const gmsAtLeast = (v: Version, major: number) => v.region === "GMS" && v.majorVersion >= major;
const gmsBelow = (v: Version, major: number) => v.region === "GMS" && v.majorVersion < major;

/** Reads a whole attack request; throws `PacketReadError` when it is truncated. */
export function readAttackInfo(reader: PacketReader, v: Version, kind: AttackKind): AttackInfo {
  const drBlocks = gmsAtLeast(v, 84);
  reader.byte(); // field key
  if (drBlocks) reader.skip(8);
  const counts = reader.byte();
  const hits = counts & 0x0f;
  const targetCount = counts >> 4;
  if (drBlocks) reader.skip(8);
  const skillId = reader.uint32();
  const mesoExplosion = skillId === MESO_EXPLOSION;
  const combatOrders = gmsAtLeast(v, 95) ? reader.byte() : 0;
  if (drBlocks) reader.skip(8);
  if (kind === "magic" && drBlocks) reader.skip(24);
  if (!gmsBelow(v, 72)) reader.uint32(); // skill data CRC
  if (!gmsBelow(v, 79)) reader.uint32(); // second skill data CRC
  const keyDown = KEY_DOWN_SKILLS.has(skillId) ? reader.uint32() : 0;
  const option = reader.byte();
  if (kind === "ranged" && gmsAtLeast(v, 95)) reader.byte(); // exJablin
  let action: number;
  let left: boolean;
  if (gmsBelow(v, 79)) {
    const b = reader.byte();
    action = b & 0x7f;
    left = (b >> 7) === 1;
  } else {
    const w = reader.uint16();
    action = w & 0x7fff;
    left = (w >> 15) === 1;
  }
  if (gmsAtLeast(v, 95)) reader.uint32();
  reader.byte(); // action type
  const actionSpeed = reader.byte();
  reader.uint32(); // attack time
  let properBulletPosition = 0;
  let cashBulletPosition = 0;
  let bulletItemId = 0;
  if (kind === "melee") {
    if (gmsAtLeast(v, 95)) reader.uint32();
  } else if (kind === "ranged") {
    if (gmsAtLeast(v, 95)) reader.uint32();
    properBulletPosition = reader.uint16();
    cashBulletPosition = reader.uint16();
    reader.byte(); // shoot range
    if (((option >> 6) & 1) === 1 && !SHOOT_SKILLS_WITHOUT_BULLET.has(skillId)) {
      bulletItemId = reader.uint32();
    }
  } else if (kind === "magic") {
    if (gmsAtLeast(v, 92)) reader.uint32();
  }
  const targets: AttackTarget[] = [];
  for (let i = 0; i < targetCount; i++) {
    const monsterId = reader.uint32();
    const hitAction = reader.byte();
    reader.skip(3 + 8); // force action, frame index, damage stat index, hit and previous positions
    let count = hits;
    if (mesoExplosion) count = reader.byte();
    else reader.uint16(); // delay
    const damages: number[] = new Array(count);
    for (let d = 0; d < count; d++) damages[d] = reader.uint32();
    if (gmsAtLeast(v, 61)) reader.uint32(); // per-target CRC
    targets.push({ monsterId, hitAction, damages });
  }
  const x = reader.int16();
  const y = reader.int16();
  if (mesoExplosion) {
    const drops = reader.byte();
    reader.skip(drops * 5);
    reader.uint16();
  }
  let bulletX = 0;
  let bulletY = 0;
  if (kind === "ranged" && !gmsBelow(v, 61)) {
    bulletX = reader.int16();
    bulletY = reader.int16();
  }
  if (skillId === POISON_BOMB) reader.skip(4);
  else if (skillId === SPARK) reader.uint32();
  if (kind === "magic" && !gmsBelow(v, 79)) {
    if (reader.bool()) reader.skip(4);
  }
  return {
    kind,
    hits,
    skillId,
    combatOrders,
    keyDown,
    option,
    action,
    left,
    actionSpeed,
    properBulletPosition,
    cashBulletPosition,
    bulletItemId,
    targets,
    x,
    y,
    bulletX,
    bulletY,
  };
}
