/**
 * The attack broadcasts (CharacterAttackMelee / Ranged / Magic / Energy), one layout for the four, per
 * client version (`libs/atlas-packet` d59a1ad2df `character/clientbound/attack.go`):
 *
 * `u32 characterId, u8 (targets << 4 | hits), [u8 level, major ≥ 83], (u8 skillLevel, u32 skillId | u8 0),
 * [u8 0 passive level, Strafe on GMS ≥ 95], u8 option, action (u8 `left << 7 | action` on GMS < 79, else
 * i16 `left << 15 | action`)`, then when `action ≤ 0x110`: `u8 actionSpeed, u8 mastery, u32 bulletItemId`
 * and per target `u32 monsterId, (u8 hitAction, [u8 count, Meso Explosion], u32 × damage | nothing for
 * id 0)`; then `[i16 bulletX, i16 bulletY, ranged], [u32 keyDown, Big Bang and the Evan breaths]`.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { BuildPacket } from "../outbound.ts";
import { type AttackInfo, type AttackKind, MESO_EXPLOSION } from "./attack-info.ts";

/** Writer name of each attack kind's broadcast. */
export const ATTACK_WRITERS: Readonly<Record<AttackKind, string>> = Object.freeze({
  melee: "CharacterAttackMelee",
  ranged: "CharacterAttackRanged",
  magic: "CharacterAttackMagic",
  energy: "CharacterAttackEnergy",
});

/** Sniper's Strafe: GMS ≥ 95 shows a passive skill level byte after the skill. */
const STRAFE = 3211006;
/** Skills whose broadcast carries the key-down time (what the channel at d59a1ad2df sends). */
const SHOWN_KEY_DOWN: ReadonlySet<number> = new Set([2121001, 2221001, 2321001, 22121000, 22151001]);

/** What the server adds to the client's attack when showing it to the others. */
export interface AttackShown {
  characterId: number;
  level: number;
  /** The attacker's level of the skill (0 without a skill). */
  skillLevel: number;
  mastery: number;
  bulletItemId: number;
}

/** The attack broadcast body (see the module documentation). */
export function attackBody(
  v: Pick<Tenant, "region" | "majorVersion">,
  attack: AttackInfo,
  shown: AttackShown,
): BuildPacket {
  return (w) => {
    w.uint32(shown.characterId).byte((attack.targets.length << 4) | attack.hits);
    if (v.majorVersion >= 83) w.byte(shown.level);
    if (attack.skillId > 0) w.byte(shown.skillLevel).uint32(attack.skillId);
    else w.byte(0);
    if (v.region === "GMS" && v.majorVersion >= 95 && attack.skillId === STRAFE) w.byte(0);
    w.byte(attack.option);
    const left = attack.left ? 1 : 0;
    if (v.region === "GMS" && v.majorVersion < 79) w.byte((left << 7) | (attack.action & 0x7f));
    else w.int16((left << 15) | attack.action);
    if (attack.action <= 0x110) {
      w.byte(attack.actionSpeed).byte(shown.mastery).uint32(shown.bulletItemId);
      for (const target of attack.targets) {
        w.uint32(target.monsterId);
        if (target.monsterId === 0) continue;
        w.byte(target.hitAction);
        if (attack.skillId === MESO_EXPLOSION) w.byte(target.damages.length);
        for (const d of target.damages) w.uint32(d);
      }
    }
    if (attack.kind === "ranged") w.int16(attack.bulletX).int16(attack.bulletY);
    if (SHOWN_KEY_DOWN.has(attack.skillId)) w.uint32(attack.keyDown);
  };
}
