/**
 * The attack broadcast's mastery byte, with values worked out by hand from the reference's rule
 * (b0c865294b `socket/writer/character_attack_common.go`): 10 % without a mastery skill; a base mastery
 * skill gives 15 + 5 × ⌊(level − 1) / step⌋ (step 3 for skills with 30 levels, else 2), an expert one
 * 65 + 5 × ⌊(level − 1) / 5⌋; GMS 95 gets the percentage, older clients (percent − 10) / 5, 0 at or below
 * 10 %.
 */
import { assertEquals } from "../../support/assert.ts";
import { masteryByte, masterySkills } from "../../../src/features/combat/mastery.ts";

const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS = { region: "JMS", majorVersion: 185 };
const owned = (level: number, maxLevel = 20) => ({ level, maxLevel });

Deno.test("mastery skills: the weapon and the job tree pick them", () => {
  assertEquals(masterySkills(1302000, 110, 0), [1100000]); // one-handed sword, Fighter
  assertEquals(masterySkills(1402000, 122, 0), [1200000]); // two-handed sword, Paladin
  assertEquals(masterySkills(1302000, 1111, 0), [11100000]); // sword, Dawn Warrior 3
  assertEquals(masterySkills(1302000, 100, 0), []); // a Warrior before the branch has none
  assertEquals(masterySkills(1302000, 400, 0), []); // a Rogue with a sword
  assertEquals(masterySkills(1312000, 112, 0), [1100001]); // axe, Hero
  assertEquals(masterySkills(1332000, 421, 0), [4200000]); // dagger, Chief Bandit
  assertEquals(masterySkills(1332000, 411, 0), []); // dagger, Hermit
  assertEquals(masterySkills(1372000, 211, 2101004), [2101004]); // wand: the attack skill itself
  assertEquals(masterySkills(1382000, 1210, 12101002), [12101002]); // staff, Blaze Wizard
  assertEquals(masterySkills(1382000, 2217, 22171000), [22171000, 22170001]); // Evan 9: + Magic Mastery
  assertEquals(masterySkills(1432000, 131, 0), [1300000]); // spear, Dragon Knight
  assertEquals(masterySkills(1442000, 132, 0), [1300001]); // polearm, Dark Knight
  assertEquals(masterySkills(1442000, 2112, 0), [21100000, 21120001]); // polearm, Aran 4
  assertEquals(masterySkills(1442000, 2111, 0), [21100000]);
  assertEquals(masterySkills(1452000, 312, 0), [3100000, 3120005]); // bow, Bowmaster
  assertEquals(masterySkills(1452000, 1311, 0), [13100000]); // bow, Wind Archer 3
  assertEquals(masterySkills(1462000, 322, 0), [3200000]); // crossbow, Marksman
  assertEquals(masterySkills(1472000, 410, 0), [4100000]); // claw, Assassin
  assertEquals(masterySkills(1472000, 1412, 0), [14100000]); // claw, Night Walker 4
  assertEquals(masterySkills(1482000, 512, 0), [5100001]); // knuckle, Buccaneer
  assertEquals(masterySkills(1482000, 1510, 0), [15100001]); // knuckle, Thunder Breaker 2
  assertEquals(masterySkills(1492000, 520, 0), [5200000]); // gun, Gunslinger
  assertEquals(masterySkills(1092000, 110, 0), []); // a shield is no weapon
});

Deno.test("mastery byte: no weapon 0; no skill 10 % (0 before GMS 95, 10 on GMS 95)", () => {
  assertEquals(masteryByte(GMS83, 0, []), 0);
  assertEquals(masteryByte(GMS95, 0, []), 0);
  assertEquals(masteryByte(GMS83, 1302000, []), 0);
  assertEquals(masteryByte(GMS95, 1302000, []), 10);
  assertEquals(masteryByte(JMS, 1302000, []), 0);
  // A skill not owned (level 0) or without data leaves 10 %.
  assertEquals(masteryByte(GMS95, 1302000, [{ skillId: 1100000, skill: owned(0) }]), 10);
  assertEquals(
    masteryByte(GMS95, 1302000, [{ skillId: 1100000, skill: { level: 5, maxLevel: undefined } }]),
    10,
  );
});

Deno.test("mastery byte: base skills grow 5 % every 2 levels (every 3 with 30 levels)", () => {
  const sword = (level: number, maxLevel = 20) => [{ skillId: 1100000, skill: owned(level, maxLevel) }];
  // level 1: 15 % → (15 − 10) / 5 = 1; level 11 of 20: 15 + 5 × 5 = 40 % → 6; level 20: 15 + 45 = 60 % → 10.
  assertEquals(masteryByte(GMS83, 1302000, sword(1)), 1);
  assertEquals(masteryByte(GMS83, 1302000, sword(11)), 6);
  assertEquals(masteryByte(GMS83, 1302000, sword(20)), 10);
  assertEquals(masteryByte(GMS95, 1302000, sword(11)), 40);
  // 30 levels: level 30 → 15 + 5 × 9 = 60 %; level 11 → 15 + 5 × 3 = 30 % → 4.
  assertEquals(masteryByte(GMS95, 1302000, sword(30, 30)), 60);
  assertEquals(masteryByte(GMS83, 1302000, sword(11, 30)), 4);
});

Deno.test("mastery byte: an expert skill replaces the base percentage (65 % + 5 % every 5 levels)", () => {
  const bow = (base: number, expert: number) => [
    { skillId: 3100000, skill: owned(base) },
    { skillId: 3120005, skill: owned(expert, 30) },
  ];
  // Bow Mastery 20 (60 %), Bow Expert 30: 65 + 5 × 5 = 90 % → (90 − 10) / 5 = 16.
  assertEquals(masteryByte(GMS83, 1452000, bow(20, 30)), 16);
  assertEquals(masteryByte(GMS95, 1452000, bow(20, 30)), 90);
  // Without the expert skill the base stands: 60 % → 10.
  assertEquals(masteryByte(GMS83, 1452000, bow(20, 0)), 10);
});
