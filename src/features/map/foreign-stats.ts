/**
 * The "foreign" temporary-stat block: how other players see a character's buffs, inside CharacterSpawn
 * (and CharacterBuffGiveForeign), with the stat lists per version. Follows the client layout
 * (libs/atlas-packet d59a1ad2df `model/character_temporary_stat.go`: `EncodeForeign`, the per-version
 * registry) and the stat names of atlas-constants `character/temporary_stat.go`.
 *
 * Layout: a 128-bit mask as four u32 (most significant first) with one bit per stat (bit = position in
 * the version's list) for the stats held; the foreign value of each held non-base stat in the order the
 * client reads them (not bit order); `u8 0, u8 0`; then a block for each held "base" stat (energy charge,
 * dash speed, dash jump, monster riding, speed infusion or GMS 95's party booster, guided bullet, undead).
 * Diseases show the mob skill that caused them, not their amount. The reference (b0c865294b) set every
 * base bit and wrote all seven blocks, wrote values in bit order and used one stat list for every version
 * after 83; see {@link writeTemporaryStatMask} for why we do not.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";

/** How a stat's value is shown to others. */
export type ForeignValue =
  | "none"
  | "byte"
  | "short"
  | "int"
  | "levelSource"
  | "mobSkill"
  | "valueMobSkill";

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
  ["STUN", "mobSkill"],
  ["POISON", "valueMobSkill"],
  ["SEAL", "mobSkill"],
  ["DARKNESS", "mobSkill"],
  ["COMBO", "byte"],
  ["WHITE_KNIGHT_CHARGE", "int"],
  ["DRAGON_BLOOD", "none"],
  ["HOLY_SYMBOL", "none"],
  ["MESO_UP", "none"],
  ["SHADOW_PARTNER", "none"], // levelSource for GMS ≥ 87, see temporaryStatTable
  ["PICK_POCKET", "none"],
  ["MESO_GUARD", "none"],
  ["THAW", "none"],
  ["WEAKEN", "mobSkill"],
  ["CURSE", "mobSkill"],
  ["SLOW", "none"],
  ["MORPH", "short"],
  ["RECOVERY", "none"],
  ["MAPLE_WARRIOR", "none"],
  ["STANCE", "none"],
  ["SHARP_EYES", "none"],
  ["MANA_REFLECTION", "none"],
  ["SEDUCE", "mobSkill"],
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
  ["CONFUSE", "mobSkill"],
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

/** After SOUL_STONE on GMS 87+ and JMS (bits 82–84). */
const POST_87: readonly Row[] = [
  ["FLYING", "none"],
  ["FROZEN", "int"],
  ["ASSIST_CHARGE", "none"],
];

/** Bits 86–108 on GMS 95 and JMS (after ENRAGE / MIRROR_IMAGE at 85). */
const EXTENDED: readonly Row[] = [
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
];

/** Bits 109–121 on GMS 95 only (never originated by the services; they reserve their bits). */
const GMS95_ONLY: readonly Row[] = [
  ["MECHANIC", "none"],
  ["AURA", "none"],
  ["DARK_AURA", "none"],
  ["BLUE_AURA", "none"],
  ["YELLOW_AURA", "none"],
  ["SUPER_BODY", "none"],
  ["WILD_MAX_HP_UP", "none"],
  ["DICE", "none"],
  ["BLESSING_ARMOR", "none"],
  ["DAMAGE_REDUCE", "none"],
  ["TELEPORT_MASTERY", "none"],
  ["COMBAT_ORDERS", "none"],
  ["BEHOLDER", "none"],
];

/** Every base stat name: a bit in the mask when held, and a base-stat block after the values. */
const BASE_NAMES: ReadonlySet<string> = new Set([
  "ENERGY_CHARGE",
  "DASH_SPEED",
  "DASH_JUMP",
  "MONSTER_RIDING",
  "SPEED_INFUSION",
  "PARTY_BOOSTER",
  "HOMING_BEACON",
  "UNDEAD",
]);

/**
 * The two-state base stats of a version, in bit order (also the order of their blocks). GMS 95 has the
 * party booster where earlier clients have speed infusion, and its undead falls past bit 127, so it has
 * none.
 */
function baseRows(tenant: Pick<Tenant, "region" | "majorVersion">): Row[] {
  const v95 = tenant.region === "GMS" && tenant.majorVersion >= 95;
  return [
    ["ENERGY_CHARGE", "none"],
    ["DASH_SPEED", "none"],
    ["DASH_JUMP", "none"],
    ["MONSTER_RIDING", "none"],
    [v95 ? "PARTY_BOOSTER" : "SPEED_INFUSION", "none"],
    ["HOMING_BEACON", "none"],
    ...(v95 ? [] : [["UNDEAD", "none"] as Row]),
  ];
}

/**
 * The order in which the client reads the foreign values (`SecondaryStat::DecodeForRemote`, as
 * d59a1ad2df `foreignReadOrder` lists it); it is not bit order. Stats not listed carry no value.
 */
const FOREIGN_READ_ORDER: readonly string[] = [
  "SPEED",
  "COMBO",
  "WHITE_KNIGHT_CHARGE",
  "STUN",
  "DARKNESS",
  "SEAL",
  "WEAKEN",
  "CURSE",
  "POISON",
  "SHADOW_PARTNER",
  "DARK_SIGHT",
  "SOUL_ARROW",
  "MORPH",
  "GHOST_MORPH",
  "SEDUCE",
  "SHADOW_CLAW",
  "BAN_MAP",
  "BARRIER",
  "DOJANG_SHIELD",
  "CONFUSE",
  "RESPECT_PIMMUNE",
  "RESPECT_MIMMUNE",
  "DEFENSE_ATTACK",
  "DEFENSE_STATE",
  "WIND_WALK",
  "REPEAT_EFFECT",
  "STOP_PORTION",
  "STOP_MOTION",
  "FEAR",
  "MAGIC_SHIELD",
  "FLYING",
  "FROZEN",
  "SUDDEN_DEATH",
  "FINAL_CUT",
  "CYCLONE",
  "SNEAK",
  "WILD_DAMAGE_UP",
  "MECHANIC",
  "DARK_AURA",
  "BLUE_AURA",
  "YELLOW_AURA",
  "BLESSING_ARMOR",
];
const FOREIGN_RANK: ReadonlyMap<string, number> = new Map(FOREIGN_READ_ORDER.map((name, i) => [name, i]));

/**
 * The level written with a disease's mob skill (`i16 skill, i16 level`): atlas-buffs' events carry no
 * level, so 1, as for the level/source values.
 */
export const DISEASE_LEVEL = 1;

interface StatType {
  bit: number;
  value: ForeignValue;
}

const tables = new Map<string, ReadonlyMap<string, StatType>>();

/**
 * The version's stat list (d59a1ad2df `model/character_temporary_stat.go`): name → bit and foreign value
 * kind. 82 stats up to SOUL_STONE everywhere; GMS 87 and 92 then add 4 (base stats from bit 86), JMS 28
 * (from 110), GMS 95 40 (from 122, ENRAGE at 85 where the others have MIRROR_IMAGE).
 */
export function temporaryStatTable(
  tenant: Pick<Tenant, "region" | "majorVersion">,
): ReadonlyMap<string, StatType> {
  const jms = tenant.region === "JMS";
  const v95 = tenant.region === "GMS" && tenant.majorVersion >= 95;
  const post87 = (tenant.region === "GMS" && tenant.majorVersion >= 87) || jms;
  const shadowPartnerWithLevel = tenant.region === "GMS" && tenant.majorVersion >= 87;
  const key = `${jms}|${v95}|${post87}|${shadowPartnerWithLevel}`;
  let table = tables.get(key);
  if (!table) {
    const rows: Row[] = [...BEFORE_MODERN];
    if (post87) rows.push(...POST_87, [v95 ? "ENRAGE" : "MIRROR_IMAGE", "none"]);
    if (v95 || jms) rows.push(...EXTENDED);
    if (jms) rows.push(["UNKNOWN", "none"]);
    if (v95) rows.push(...GMS95_ONLY);
    rows.push(...baseRows(tenant));
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
    case "mobSkill": // the client reads the mob skill that caused the disease as one u32 key
      w.int16(stat.sourceId).int16(DISEASE_LEVEL);
      return;
    case "valueMobSkill": // poison: its damage, then the mob skill
      w.int16(stat.amount).int16(stat.sourceId).int16(DISEASE_LEVEL);
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

/** Diseases (set by monsters): their own values name the mob skill that caused them. */
const DISEASES: ReadonlySet<string> = new Set([
  "STUN",
  "POISON",
  "SEAL",
  "DARKNESS",
  "WEAKEN",
  "CURSE",
  "SLOW",
  "SEDUCE",
  "CONFUSE",
  "UNDEAD",
]);

/** True for a disease: the self block writes `i16 skill, i16 level` where other stats write `i32 source`. */
export function isDisease(name: string): boolean {
  return DISEASES.has(name);
}

/** True for the two-state "base" stats, which are written as base-stat blocks, never as values. */
export function isBaseTemporaryStat(name: string): boolean {
  return BASE_NAMES.has(name);
}

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
 * block for each held base stat of `held` (others are ignored), in bit order: the client reads one block
 * per base bit set in the mask (d59a1ad2df `getBaseTemporaryStats`). A block is `i32 nOption, i32
 * rOption, bool + i32 last update`, with `i16 0` for the dynamic ones (energy charge, dash, undead);
 * energy charge, riding, the party booster and the guided bullet carry the amount and the source;
 * speed infusion and the party booster add their current time and `i16 0`; the guided bullet its monster
 * (the amount). `nowMs` is the clock they are encoded against (the speed-infusion "current time" is `now
 * in seconds / 1000`, an artefact kept byte for byte).
 */
export function writeBaseTemporaryStats(
  w: PacketWriter,
  nowMs: number,
  held: readonly ForeignBuffStat[] = [],
): void {
  w.byte(0).byte(0); // nDefenseAtt, nDefenseState
  const now = Math.trunc(nowMs / 1000);
  const base = (dynamicTerm: boolean, option = 0, reason = 0) => {
    w.int32(option).int32(reason);
    writeTime(w, now, now); // tLastUpdated = now
    if (dynamicTerm) w.int16(0);
  };
  const byName = new Map(held.map((stat) => [stat.type, stat]));
  for (const name of BASE_ORDER) {
    const stat = byName.get(name);
    if (!stat) continue;
    switch (name) {
      case "ENERGY_CHARGE":
        base(true, stat.amount, stat.sourceId);
        break;
      case "DASH_SPEED":
      case "DASH_JUMP":
      case "UNDEAD":
        base(true);
        break;
      case "MONSTER_RIDING": // the vehicle and the skill
        base(false, stat.amount, stat.sourceId);
        break;
      case "SPEED_INFUSION": // then its current time (0) and expire-item
        base(false);
        writeTime(w, 0, now);
        w.int16(0);
        break;
      case "PARTY_BOOSTER": // GMS 95: the speed-infusion shape with the amount and the source
        base(false, stat.amount, stat.sourceId);
        writeTime(w, 0, now);
        w.int16(0);
        break;
      case "HOMING_BEACON": // guided bullet: the locked monster, the skill, then the monster again
        base(false, stat.amount, stat.sourceId);
        w.uint32(stat.amount);
        break;
    }
  }
}

/** The base stats in bit order (the same in every version's list). */
const BASE_ORDER: readonly string[] = [
  "ENERGY_CHARGE",
  "DASH_SPEED",
  "DASH_JUMP",
  "MONSTER_RIDING",
  "SPEED_INFUSION",
  "PARTY_BOOSTER",
  "HOMING_BEACON",
  "UNDEAD",
];

/**
 * Writes the foreign temporary-stat block (see the module documentation for the layout and
 * {@link chooseTemporaryStats} for which changes count): the values in the client's read order
 * ({@link FOREIGN_READ_ORDER}), not bit order.
 */
export function writeForeignTemporaryStats(
  w: PacketWriter,
  tenant: Pick<Tenant, "region" | "majorVersion">,
  stats: readonly ForeignBuffStat[],
  nowMs: number,
): void {
  const chosen = chooseTemporaryStats(tenant, stats);
  writeTemporaryStatMask(w, tenant, chosen.map((c) => c.bit));
  const rank = (name: string) => FOREIGN_RANK.get(name) ?? FOREIGN_READ_ORDER.length;
  const values = chosen.filter((c) => !isBaseTemporaryStat(c.stat.type))
    .sort((a, b) => rank(a.stat.type) - rank(b.stat.type) || a.bit - b.bit);
  for (const { kind, stat } of values) writeValue(w, kind, stat);
  writeBaseTemporaryStats(
    w,
    nowMs,
    chosen.filter((c) => isBaseTemporaryStat(c.stat.type)).map((c) => c.stat),
  );
}
