/**
 * The four attack handlers (`CharacterMeleeAttackHandle`, `CharacterRangedAttackHandle`,
 * `CharacterMagicAttackHandle`, `CharacterTouchAttackHandle`). An attack is checked against what the
 * server knows before anything leaves, with no REST call on the way (skills and inventory from the
 * session, monsters from the local index, skill data from a per-skill cache):
 *
 * - a skill must be owned by the character now (level above 0, not expired), else the whole attack is
 *   dropped and logged (the reference closes the session instead);
 * - a damage number above {@link MAX_DAMAGE_LINE} drops the whole attack (logged);
 * - a target that is not a monster in the character's map is dropped (logged) and the rest goes on.
 *
 * Then, as the reference: `CHANGE_HP` / `CHANGE_MP` for the skill's HP and MP cost (each only when above
 * 0), one `COMMAND_TOPIC_MONSTER` `DAMAGE` per damage number, in order, and the attack broadcast to the
 * others in the map (level, skill level and the mastery of the worn weapon, `mastery.ts`, from the
 * session and cached skill data; the bullet from the session's inventory).
 * @module
 */
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { increment } from "../../observability/metrics.ts";
import type { FeatureContext } from "../feature.ts";
import { sessionsInMapOf } from "../routing.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { characterCommandContract } from "../character/messages.ts";
import { compartmentOf } from "../inventory/rest.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { monsterState } from "../monster/consumers.ts";
import { monsterCommandContract } from "../monster/messages.ts";
import { skillEffectAt, skillMaxLevel } from "../data/rest.ts";
import { ownedSkill, skillData } from "../skill/known.ts";
import { type AttackInfo, type AttackKind, readAttackInfo } from "./attack-info.ts";
import { ATTACK_WRITERS, attackBody } from "./writers.ts";
import { masteryByte, masterySkills } from "./mastery.ts";

const log = getLogger("combat.attack");

/** The equip slot of the weapon. */
const WEAPON_SLOT = -11;

/**
 * The largest damage number accepted on one line. Above every client's display cap (199,999 in GMS
 * v83, 999,999 later): a larger number can only come from a modified client.
 */
export const MAX_DAMAGE_LINE = 999_999;

/** The handler names of the attack kinds, as the tenant templates name them. */
export const ATTACK_HANDLERS: Readonly<Record<string, AttackKind>> = Object.freeze({
  CharacterMeleeAttackHandle: "melee",
  CharacterRangedAttackHandle: "ranged",
  CharacterMagicAttackHandle: "magic",
  CharacterTouchAttackHandle: "energy",
});

function refuse(session: Session, reason: string, fields: Record<string, unknown> = {}): void {
  increment("combat.attack.refused", { reason });
  log.warn("attack refused", { reason, characterId: session.characterId, sessionId: session.id, ...fields });
}

/** The bullet shown for a ranged attack: the item in the slot the client names, from the session's inventory. */
function bulletOf(session: Session, attack: AttackInfo): number {
  const inventory = session.get(CHARACTER_DATA)?.inventory ?? null;
  if (attack.cashBulletPosition > 0) {
    return compartmentOf(inventory, 5).assets.find((a) => a.slot === attack.cashBulletPosition)?.templateId ??
      attack.bulletItemId;
  }
  if (attack.properBulletPosition > 0) {
    const asset = compartmentOf(inventory, 2).assets.find((a) => a.slot === attack.properBulletPosition);
    const kind = asset ? Math.floor(asset.templateId / 10_000) : 0;
    if (asset && (kind === 207 || kind === 233)) return asset.templateId; // throwing stars, bullets
  }
  return attack.bulletItemId;
}

/**
 * The mastery byte of the session's attack: the worn weapon and job from the session, the mastery skill
 * levels from its skill list and their highest level from atlas-data (read once per skill, only for
 * skills the character owns).
 */
async function masteryOf(ctx: FeatureContext, session: Session, attackSkillId: number): Promise<number> {
  const inventory = session.get(CHARACTER_DATA)?.inventory ?? null;
  const weaponId = compartmentOf(inventory, 1).assets.find((a) => a.slot === WEAPON_SLOT)?.templateId ?? 0;
  if (weaponId <= 0) return 0;
  const jobId = session.get(loggedInCharacterKey)?.jobId ?? 0;
  const skills = await Promise.all(
    masterySkills(weaponId, jobId, attackSkillId).map(async (skillId) => {
      const level = skillId > 0 ? ownedSkill(session, skillId)?.level ?? 0 : 0;
      const data = level > 0 ? await skillData(ctx, session.tenant, skillId) : undefined;
      return { skillId, skill: { level, maxLevel: data && skillMaxLevel(data) } };
    }),
  );
  return masteryByte(session.tenant, weaponId, skills);
}

/** The attack handler of one kind. */
export function attackHandler(ctx: FeatureContext, kind: AttackKind) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    const attack = readAttackInfo(reader, session.tenant, kind);
    const characterId = session.characterId;
    const mapId = ctx.presence.mapOf(session);
    if (characterId === undefined || mapId === undefined) {
      log.debug("attack before the character is in a map dropped", { sessionId: session.id });
      return;
    }
    let skillLevel = 0;
    if (attack.skillId > 0) {
      const owned = ownedSkill(session, attack.skillId);
      if (!owned) return refuse(session, "skill not owned", { skillId: attack.skillId });
      skillLevel = owned.level;
    }
    const tooHigh = attack.targets.flatMap((t) => t.damages).find((d) => d > MAX_DAMAGE_LINE);
    if (tooHigh !== undefined) return refuse(session, "damage above the cap", { damage: tooHigh });
    const { live } = monsterState(ctx);
    const valid = attack.targets.filter((t) => {
      const monster = live.get(session, t.monsterId);
      if (monster && monster.mapId === mapId) return true;
      refuse(session, monster ? "target in another map" : "unknown target", {
        monsterId: t.monsterId,
        mapId,
      });
      return false;
    });
    const checked: AttackInfo = { ...attack, targets: valid };

    const tenant = session.tenant;
    const published: Promise<void>[] = [];
    if (attack.skillId > 0) {
      const data = await skillData(ctx, tenant, attack.skillId);
      const effect = data && skillEffectAt(data, skillLevel);
      for (
        const [type, cost] of [["CHANGE_HP", effect?.HPConsume ?? 0], [
          "CHANGE_MP",
          effect?.MPConsume ?? 0,
        ]] as const
      ) {
        if (cost <= 0) continue;
        published.push(ctx.bus.publish(characterCommandContract, {
          worldId: session.worldId,
          characterId,
          type,
          body: { channelId: session.channelId, amount: -Math.min(cost, 0x8000) },
        }, { tenant, key: characterId }));
      }
    }
    for (const target of valid) {
      for (const damage of target.damages) {
        published.push(ctx.bus.publish(monsterCommandContract, {
          worldId: session.worldId,
          channelId: session.channelId,
          monsterId: target.monsterId,
          type: "DAMAGE",
          body: { characterId, damage },
        }, { tenant, key: target.monsterId }));
      }
    }
    if (sessionsInMapOf(ctx, session).size > 1) {
      const mastery = await masteryOf(ctx, session, attack.skillId);
      const shown = {
        characterId,
        level: session.get(loggedInCharacterKey)?.level ?? 0,
        skillLevel,
        mastery,
        bulletItemId: kind === "ranged" ? bulletOf(session, attack) : attack.bulletItemId,
      };
      const others = sessionsInMapOf(ctx, session);
      ctx.broadcast(others, ATTACK_WRITERS[kind], attackBody(tenant, checked, shown), session);
    }
    // Not awaited one by one: the publishes are issued in packet order, and each key keeps its order.
    Promise.all(published).catch((err) =>
      log.error("attack command not published", { characterId, error: err })
    );
  };
}
