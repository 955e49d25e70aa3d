/**
 * The "foreign" temporary-stat block: how other players see a character's buffs, inside CharacterSpawn
 * (and CharacterBuffGiveForeign). Follows the reference's `socket/model/character.go`
 * (`CharacterTemporaryStatTypeByName`, `EncodeForeign`) and the stat names of atlas-constants
 * `character/temporary_stat.go`.
 *
 * Layout: a 128-bit mask as four u32 (most significant first) with one bit per stat (bit = position in
 * the version's list) for the stats held; the foreign value of each held non-base stat in bit order;
 * `u8 0, u8 0`; then a block for each held "base" stat (energy charge, dash speed, dash jump, monster
 * riding, speed infusion, guided bullet, undead). The reference set every base bit and wrote all seven
 * blocks; see {@link writeTemporaryStatMask} for why we do not.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";

/** How a stat's value is shown to others. */
export type ForeignValue = "none" | "byte" | "short" | "int" | "levelSource" | "valueSourceLevel";

type Row = readonly [name: string, value: ForeignValue];

const BEFORE_MODERN: readonly Row[] = [
  ["WEAPON_ATTACK", "none"],
  ["WEAPON_DEFENSE", "none"],
  ["MAGIC_ATTACK", "none"],
  ["MAGIC_DEFENSE", "none"],
  ["ACCURACY", "none"],
  ["AVOIDABILITY", "none"],
  ["HANDS", "none"],
  ["SPEED", "byte"],
  ["JUMP", "none"],
  ["MAGIC_GUARD", "none"],
  ["DARK_SIGHT", "none"],
  ["BOOSTER", "none"],
  ["POWER_GUARD", "none"],
  ["HYPER_BODY_HP", "none"],
  ["HYPER_BODY_MP", "none"],
  ["INVINCIBLE", "none"],
  ["SOUL_ARROW", "none"],
  ["STUN", "int"],
  ["POISON", "valueSourceLevel"],
  ["SEAL", "int"],
  ["DARKNESS", "int"],
  ["COMBO", "byte"],
  ["WHITE_KNIGHT_CHARGE", "int"],
  ["DRAGON_BLOOD", "none"],
  ["HOLY_SYMBOL", "none"],
  ["MESO_UP", "none"],
  ["SHADOW_PARTNER", "none"], // levelSource for GMS > 83, see tableFor
  ["PICK_POCKET", "none"],
  ["MESO_GUARD", "none"],
  ["THAW", "none"],
  ["WEAKEN", "int"],
  ["CURSE", "int"],
  ["SLOW", "none"],
  ["MORPH", "short"],
  ["RECOVERY", "none"],
  ["MAPLE_WARRIOR", "none"],
  ["STANCE", "none"],
  ["SHARP_EYES", "none"],
  ["MANA_REFLECTION", "none"],
  ["SEDUCE", "levelSource"],
  ["SHADOW_CLAW", "int"],
  ["INFINITY", "none"],
  ["HOLY_SHIELD", "none"],
  ["HAMSTRING", "none"],
  ["BLIND", "none"],
  ["CONCENTRATE", "none"],
  ["BAN_MAP", "int"],
  ["ECHO_OF_HERO", "none"],
  ["MESO_UP_BY_ITEM", "none"],
  ["GHOST_MORPH", "short"],
  ["BARRIER", "int"],
  ["CONFUSE", "levelSource"],
  ["ITEM_UP_BY_ITEM", "none"],
  ["RESPECT_PIMMUNE", "int"],
  ["RESPECT_MIMMUNE", "int"],
  ["DEFENSE_ATTACK", "int"],
  ["DEFENSE_STATE", "int"],
  ["INCREASE_EFFECT_HP_POTION", "none"],
  ["INCREASE_EFFECT_MP_POTION", "none"],
  ["BERSERK_FURY", "none"],
  ["DIVINE_BODY", "none"],
  ["SPARK", "none"],
  ["DOJANG_SHIELD", "int"],
  ["SOUL_MASTER_FINAL", "none"],
  ["WIND_BREAKER_FINAL", "none"],
  ["ELEMENTAL_RESET", "none"],
  ["WIND_WALK", "none"],
  ["EVENT_RATE", "none"],
  ["ARAN_COMBO", "none"],
  ["COMBO_DRAIN", "none"],
  ["COMBO_BARRIER", "none"],
  ["BODY_PRESSURE", "none"],
  ["SMART_KNOCK_BACK", "none"],
  ["REPEAT_EFFECT", "int"],
  ["EXP_BUFF_RATE", "none"],
  ["STOP_PORTION", "int"],
  ["STOP_MOTION", "int"],
  ["FEAR", "int"],
  ["EVAN_SLOW", "none"],
  ["MAGIC_SHIELD", "int"],
  ["MAGIC_RESIST", "none"],
  ["SOUL_STONE", "none"],
];

/** Only in GMS > 83 and JMS. */
const MODERN: readonly Row[] = [
  ["FLYING", "none"],
  ["FROZEN", "int"],
  ["ASSIST_CHARGE", "none"],
  ["MIRROR_IMAGE", "none"],
  ["SUDDEN_DEATH", "int"],
  ["NOT_DAMAGED", "none"],
  ["FINAL_CUT", "int"],
  ["THORNS_EFFECT", "none"],
  ["SWALLOW_ATTACK_DAMAGE", "none"],
  ["WILD_DAMAGE_UP", "none"],
  ["MINE", "none"],
  ["EMHP", "none"],
  ["EMMP", "none"],
  ["EPAD", "none"],
  ["EPPD", "none"],
  ["EMDD", "none"],
  ["GUARD", "none"],
  ["SAFETY_DAMAGE", "none"],
  ["SAFETY_ABSORB", "none"],
  ["CYCLONE", "byte"],
  ["SWALLOW_CRITICAL", "none"],
  ["SWALLOW_MAX_MP", "none"],
  ["SWALLOW_DEFENSE", "none"],
  ["SWALLOW_EVASION", "none"],
  ["CONVERSION", "none"],
  ["REVIEVE", "none"], // atlas-constants' spelling
  ["SNEAK", "none"],
  ["UNKNOWN", "none"],
];

/** The two-state base stats: a bit in the mask when held, and a base-stat block after the values. */
const BASE: readonly Row[] = [
  ["ENERGY_CHARGE", "none"],
  ["DASH_SPEED", "none"],
  ["DASH_JUMP", "none"],
  ["MONSTER_RIDING", "none"],
  ["SPEED_INFUSION", "none"],
  ["HOMING_BEACON", "none"],
  ["UNDEAD", "none"],
];

interface StatType {
  bit: number;
  value: ForeignValue;
}

const tables = new Map<string, ReadonlyMap<string, StatType>>();

function isModern(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return (tenant.region === "GMS" && tenant.majorVersion > 83) || tenant.region === "JMS";
}

/** The version's stat list: name → bit and foreign value kind. */
export function temporaryStatTable(
  tenant: Pick<Tenant, "region" | "majorVersion">,
): ReadonlyMap<string, StatType> {
  const modern = isModern(tenant);
  const shadowPartnerWithLevel = tenant.region === "GMS" && tenant.majorVersion > 83;
  const key = `${modern}|${shadowPartnerWithLevel}`;
  let table = tables.get(key);
  if (!table) {
    const rows = [...BEFORE_MODERN, ...(modern ? MODERN : []), ...BASE];
    table = new Map(rows.map(([name, value], bit) => [
      name,
      { bit, value: name === "SHADOW_PARTNER" && shadowPartnerWithLevel ? "levelSource" : value },
    ]));
    tables.set(key, table);
  }
  return table;
}

/** One active stat change of a buff, as atlas-buffs reports it. */
export interface ForeignBuffStat {
  /** Temporary-stat name, e.g. `SPEED`. Unknown names are skipped (the reference logs and skips). */
  type: string;
  amount: number;
  /** The buff's source (skill or item id). */
  sourceId: number;
}

function writeValue(w: PacketWriter, kind: ForeignValue, stat: ForeignBuffStat): void {
  switch (kind) {
    case "none":
      return;
    case "byte":
      w.int8(stat.amount);
      return;
    case "short":
      w.int16(stat.amount);
      return;
    case "int":
      w.int32(stat.amount);
      return;
    case "levelSource":
      // The reference writes level 1 for every source (its TODO).
      w.int16(1).int16(stat.sourceId);
      return;
    case "valueSourceLevel":
      w.int16(stat.amount).int16(1).int16(stat.sourceId);
      return;
  }
}

/** `bool interval, i32 seconds/1000` as the reference's `writeTime` computes it. */
function writeTime(w: PacketWriter, time: number, nowSeconds: number): void {
  const interval = time < nowSeconds;
  const elapsed = interval ? nowSeconds - time : time - nowSeconds;
  w.bool(interval).int32(Math.trunc(elapsed / 1000));
}

/**
 * The stats of `stats` the version knows, one per bit in ascending bit order; of several changes of one
 * stat the largest amount wins, as in the reference. Unknown names are skipped.
 */
export function chooseTemporaryStats<S extends ForeignBuffStat>(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  stats: readonly S[],
): { bit: number; kind: ForeignValue; stat: S }[] {
  const table = temporaryStatTable(tenant);
  const chosen = new Map<number, { bit: number; kind: ForeignValue; stat: S }>();
  for (const stat of stats) {
    const type = table.get(stat.type);
    if (!type) continue;
    const existing = chosen.get(type.bit);
    if (!existing || stat.amount > existing.stat.amount) {
      chosen.set(type.bit, { bit: type.bit, kind: type.value, stat });
    }
  }
  return [...chosen.values()].sort((a, b) => a.bit - b.bit);
}

/** True for the seven two-state "base" stats, which are written as base-stat blocks, never as values. */
export function isBaseTemporaryStat(name: string): boolean {
  return BASE_NAMES.has(name);
}

const BASE_NAMES: ReadonlySet<string> = new Set(BASE.map(([name]) => name));

/**
 * The 128-bit mask of `bits`, as four u32 (most significant first). Only the stats a character holds are
 * claimed: the reference also set every base stat's bit, which makes the client run its ride-vehicle and
 * guided-bullet paths for a player who is neither mounted nor targeting (the client disassembly pinned by
 * libs/atlas-packet at d59a1ad2df, `EncodeMask`); an empty set is an all-zero mask.
 */
export function writeTemporaryStatMask(
  w: PacketWriter,
  _tenant: Pick<Tenant, "region" | "majorVersion">,
  bits: Iterable<number>,
): void {
  let mask = 0n;
  for (const bit of bits) mask |= 1n << BigInt(bit);
  const word = (shift: bigint) => Number((mask >> shift) & 0xffff_ffffn);
  w.uint32(word(96n)).uint32(word(64n)).uint32(word(32n)).uint32(word(0n));
}

/**
 * What follows the stat values in both the self and the foreign block: `u8 0, u8 0`, then one base-stat
 * block for each base stat in `held` (names, see {@link isBaseTemporaryStat}), in the client's order: the
 * client reads one block per base bit set in the mask. `nowMs` is the clock they are encoded against (the
 * speed-infusion "current time" is `now in seconds / 1000`, an artefact of the reference kept byte for byte).
 */
export function writeBaseTemporaryStats(
  w: PacketWriter,
  nowMs: number,
  held: ReadonlySet<string> = new Set(),
): void {
  w.byte(0).byte(0); // nDefenseAtt, nDefenseState
  const now = Math.trunc(nowMs / 1000);
  const base = (dynamicTerm: boolean) => {
    w.int32(0).int32(0);
    writeTime(w, now, now); // tLastUpdated = now
    if (dynamicTerm) w.int16(0);
  };
  for (const [name] of BASE) {
    if (!held.has(name)) continue;
    switch (name) {
      case "ENERGY_CHARGE":
      case "DASH_SPEED":
      case "DASH_JUMP":
      case "UNDEAD":
        base(true);
        break;
      case "MONSTER_RIDING":
        base(false);
        break;
      case "SPEED_INFUSION": // then its current time (0) and expire-item
        base(false);
        writeTime(w, 0, now);
        w.int16(0);
        break;
      case "HOMING_BEACON": // guided bullet: then its mob id
        base(false);
        w.uint32(0);
        break;
    }
  }
}

/**
 * Writes the foreign temporary-stat block (see the module documentation for the layout and
 * {@link chooseTemporaryStats} for which changes count).
 */
export function writeForeignTemporaryStats(
  w: PacketWriter,
  tenant: Pick<Tenant, "region" | "majorVersion">,
  stats: readonly ForeignBuffStat[],
  nowMs: number,
): void {
  const chosen = chooseTemporaryStats(tenant, stats);
  writeTemporaryStatMask(w, tenant, chosen.map((c) => c.bit));
  const held = new Set<string>();
  for (const { kind, stat } of chosen) {
    if (isBaseTemporaryStat(stat.type)) held.add(stat.type);
    else writeValue(w, kind, stat);
  }
  writeBaseTemporaryStats(w, nowMs, held);
}
