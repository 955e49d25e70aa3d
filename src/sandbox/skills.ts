/**
 * The sandbox's atlas-data skills (`data/skills/{id}`) for the skills its characters own, and the buffs
 * active per character (atlas-buffs' registry, served at `characters/{id}/buffs` and changed by the
 * skill/buff responder). Values are plausible, not the game's: enough to play costs, cooldowns and buffs.
 * @module
 */
import { buffsDocument } from "../features/character/fixtures.ts";

type Effect = Record<string, unknown>;

const levels = (count: number, effect: (level: number) => Effect): Effect[] =>
  Array.from({ length: count }, (_, i) => effect(i + 1));

/** Skill id → effects per level (index = level − 1), in atlas-data's names. */
export const SANDBOX_SKILLS: Readonly<Record<number, Effect[]>> = Object.freeze({
  // Dark Sight: hide for a while.
  4001003: levels(
    20,
    (l) => ({
      MPConsume: 20 - Math.floor(l / 2),
      duration: 10 * l,
      statups: [{ type: "DARK_SIGHT", amount: 1 }],
    }),
  ),
  // Lucky Seven: an attack that costs MP.
  4001344: levels(20, (l) => ({ MPConsume: 8 + Math.floor(l / 5), damage: 100 + 5 * l, attackCount: 2 })),
  // Magic Guard: damage goes to MP.
  2001002: levels(
    20,
    (l) => ({ MPConsume: 10, duration: 30 * l, statups: [{ type: "MAGIC_GUARD", amount: 10 + 2 * l }] }),
  ),
  // Iron Body: weapon defense.
  1001003: levels(
    20,
    (l) => ({ MPConsume: 5 + l, duration: 10 * l, statups: [{ type: "WEAPON_DEFENSE", amount: 2 * l }] }),
  ),
  // Arrow Blow: an attack.
  3001004: levels(20, (l) => ({ MPConsume: 6, damage: 100 + 5 * l })),
  // Haste (party buff) with a cooldown, to play SET_COOLDOWN.
  4101004: levels(20, (l) => ({
    MPConsume: 10 + l,
    duration: 10 * l,
    cooldown: 10,
    statups: [{ type: "SPEED", amount: l }, { type: "JUMP", amount: Math.floor(l / 2) }],
  })),
});

/** `data/skills/{id}`, or undefined for a skill the sandbox does not know. */
export function skillDataDoc(skillId: number): unknown {
  const effects = SANDBOX_SKILLS[skillId];
  if (!effects) return undefined;
  return {
    data: {
      type: "skills",
      id: String(skillId),
      attributes: { action: false, element: "", animationTime: 0, effects },
    },
  };
}

/** A buff active on a character. */
export interface SandboxBuff {
  sourceId: number;
  /** Seconds, as atlas-buffs reads APPLY. */
  duration: number;
  changes: { type: string; amount: number }[];
  createdAt: Date;
  expiresAt: Date;
}

/** Active buffs per character. */
export type SandboxBuffs = Map<number, SandboxBuff[]>;

/** `characters/{id}/buffs`: the character's active buffs. */
export function activeBuffsDoc(buffs: readonly SandboxBuff[]): unknown {
  return buffsDocument(buffs.map((b) => ({
    sourceId: b.sourceId,
    durationMs: b.expiresAt.getTime() - b.createdAt.getTime(),
    changes: b.changes,
    createdAt: b.createdAt,
  })));
}
