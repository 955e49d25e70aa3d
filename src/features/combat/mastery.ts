/**
 * The mastery byte of an attack broadcast, as the reference computes it (b0c865294b
 * `socket/writer/character_attack_common.go`, unchanged at d59a1ad2df): the weapon in the equip slot
 * −11 and the attacker's job pick the mastery skill that governs it (for magicians the attack skill
 * itself), its level gives a percentage (10 % without one), and clients before GMS 95 get it as
 * `(percent − 10) / 5` (the GMS 95 client computes that itself). No weapon → 0.
 *
 * One deliberate difference: the reference's second step for Evan stage 9/10 (Magic Mastery) can never
 * apply (it compares the two job ids with each other); here it applies to those jobs.
 * @module
 */
import type { Tenant } from "../../tenant.ts";

/** A job's place in the job tree as the reference's `job.Is` reads it. */
function isJob(jobId: number, ref: number): boolean {
  const branch = Math.floor(jobId / 10);
  const refBranch = Math.floor(ref / 10);
  return (branch === refBranch && jobId >= ref) ||
    (refBranch % 10 === 0 && Math.floor(jobId / 100) === Math.floor(ref / 100));
}
const isA = (jobId: number, ...refs: number[]) => refs.some((ref) => isJob(jobId, ref));

/** Second-step mastery skills: they start at 65 % and grow 5 % every 5 levels. */
const EXPERT: ReadonlySet<number> = new Set([22170001, 21120001, 3120005]);
const EVAN_MAGIC_MASTERY = 22170001;
const ARAN_HIGH_MASTERY = 21120001;
const BOW_EXPERT = 3120005;
/** Magician trees (Magician 200, Blaze Wizard 1200, Evan 2200 cover every job of their hundred). */
const MAGICIANS = [200, 1200, 2200];

/** The weapon type of an item (`item.GetWeaponType`): `(id / 10000) % 100 − 30`, or undefined. */
function weaponType(weaponId: number): number | undefined {
  const category = Math.floor(weaponId / 10_000) % 100;
  return category >= 30 && category <= 49 ? category - 30 : undefined;
}

/**
 * The mastery skills that govern `weaponId` for `jobId`, in the order they apply (a base skill, then
 * possibly an expert one); empty when none does.
 */
export function masterySkills(weaponId: number, jobId: number, attackSkillId: number): number[] {
  const swordOf = () =>
    isA(jobId, 110, 111, 112)
      ? [1100000]
      : isA(jobId, 120, 121, 122)
      ? [1200000]
      : isA(jobId, 1110, 1111, 1112)
      ? [11100000]
      : [];
  switch (weaponType(weaponId)) {
    case 0: // one-handed sword
    case 10: // two-handed sword
      return swordOf();
    case 1: // one-handed axe
    case 11: // two-handed axe
      return isA(jobId, 110, 111, 112) ? [1100001] : [];
    case 2: // one-handed mace
    case 12: // two-handed mace
      return isA(jobId, 120, 121, 122) ? [1200001] : [];
    case 3: // dagger
      return isA(jobId, 420, 421, 422) ? [4200000] : [];
    case 7: // wand
    case 8: // staff
      if (!isA(jobId, ...MAGICIANS)) return [];
      return isA(jobId, 2217, 2218) ? [attackSkillId, EVAN_MAGIC_MASTERY] : [attackSkillId];
    case 13: // spear
      return isA(jobId, 130, 131, 132) ? [1300000] : [];
    case 14: // polearm
      if (isA(jobId, 130, 131, 132)) return [1300001];
      if (isA(jobId, 2110, 2111, 2112)) return isA(jobId, 2112) ? [21100000, ARAN_HIGH_MASTERY] : [21100000];
      return [];
    case 15: // bow
      if (isA(jobId, 310, 311, 312)) return isA(jobId, 312) ? [3100000, BOW_EXPERT] : [3100000];
      return isA(jobId, 1310, 1311, 1312) ? [13100000] : [];
    case 16: // crossbow
      return isA(jobId, 320, 321, 322) ? [3200000] : [];
    case 17: // claw
      return isA(jobId, 410, 411, 412) ? [4100000] : isA(jobId, 1410, 1411, 1412) ? [14100000] : [];
    case 18: // knuckle
      return isA(jobId, 510, 511, 512) ? [5100001] : isA(jobId, 1510, 1511, 1512) ? [15100001] : [];
    case 19: // gun
      return isA(jobId, 520, 521, 522) ? [5200000] : [];
    default:
      return [];
  }
}

/** One mastery skill as the character has it: its level (0 = not owned) and its highest level in data. */
export interface MasteryLevel {
  level: number;
  /** The number of levels atlas-data has for the skill; undefined when its data could not be read. */
  maxLevel: number | undefined;
}

/** The mastery percentage after one skill of {@link masterySkills}, starting from `start`. */
function masteryFrom(start: number, skillId: number, skill: MasteryLevel): number {
  if (skill.level <= 0 || skill.maxLevel === undefined) return start;
  const base = EXPERT.has(skillId) ? 65 : 15;
  const step = base === 65 ? 5 : skill.maxLevel === 30 ? 3 : 2;
  return base + 5 * Math.floor((skill.level - 1) / step);
}

/**
 * The mastery byte for an attack: `skills` are the character's levels of the skills
 * {@link masterySkills} named, in that order.
 */
export function masteryByte(
  v: Pick<Tenant, "region" | "majorVersion">,
  weaponId: number,
  skills: readonly { skillId: number; skill: MasteryLevel }[],
): number {
  if (weaponId <= 0) return 0;
  let percent = 10;
  for (const { skillId, skill } of skills) percent = masteryFrom(percent, skillId, skill);
  if (v.region === "GMS" && v.majorVersion >= 95) return percent;
  return percent - 10 <= 0 ? 0 : Math.trunc((percent - 10) / 5);
}
