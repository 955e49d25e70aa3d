/**
 * `CharacterUseSkillHandle`: the client casts a skill. The request is read with the client's layout per
 * version (`libs/atlas-packet` d59a1ad2df `model/skill_usage_info.go`): `u32 updateTime, u32 skillId, u8
 * skillLevel`, then Monster Magnet's own tail (`u32 count, count × (u32 monsterId, bool grabbed), bool
 * direction`), or `[i16 castX, i16 castY, anti-repeat buffs on GMS ≥ 72 / JMS], [u32 starId, Shadow
 * Stars], [u8 partyBitmap, [u16 delay, Dispel], party buffs], [u8 count, count × u32 monsterId, u16
 * delay, buffs that affect monsters]`.
 *
 * The cast is checked against the session (no REST): the character must own the skill at exactly the
 * level the client names, be alive, and the skill must not be cooling down; otherwise it is dropped and
 * logged (the reference closes the session for a wrong skill) and the client is unlocked. Then, from the
 * skill's data at that level (read once per skill): `CHANGE_HP` / `CHANGE_MP` for its costs, `SET_COOLDOWN`
 * when it has a cooldown, `COMMAND_TOPIC_CHARACTER_BUFF` `APPLY` for the caster when it changes temporary
 * stats, and for party buffs with a member bitmap of 1–127 for each party member whose session here is in
 * the caster's map; then the skill-use effect (`CharacterEffect` `SKILL_USE` to the caster,
 * `CharacterEffectForeign` to the others in its map, as the reference's handler does after a cast) and
 * "enable actions". Unlike the reference (cooldowns only for three handlers),
 * every skill with a cooldown gets `SET_COOLDOWN`.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { increment } from "../../observability/metrics.ts";
import type { FeatureContext } from "../feature.ts";
import { characterCommandContract } from "../character/messages.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { skillEffectAt } from "../data/rest.ts";
import { buffCommandContract } from "../buff/messages.ts";
import { monsterState } from "../monster/consumers.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { skillCommandContract } from "./messages.ts";
import { ownedSkill, skillData } from "./known.ts";
import { skillUseEffectBody, skillUseEffectForeignBody } from "./writers.ts";
import { sessionsInMapOf } from "../routing.ts";

const log = getLogger("skill.use");

type Version = Pick<Tenant, "region" | "majorVersion">;

const MONSTER_MAGNETS: ReadonlySet<number> = new Set([1121001, 1221001, 1321001]);
const SHADOW_STARS = 4121006;
const DISPEL = 2311001;
const DOOM = 2311005;

/** Buffs whose request carries the cast position (client `is_antirepeat_buff_skill`). */
export const ANTI_REPEAT_BUFFS: ReadonlySet<number> = new Set([
  1001003,
  1101006,
  1111007,
  1121000,
  1201006,
  1211009,
  1221000,
  1301007,
  1301006,
  1311007,
  1321000,
  2101003,
  2101001,
  2121000,
  2201003,
  2201001,
  2221000,
  2301004,
  2311001,
  2311003,
  2321000,
  2321005,
  3121000,
  3121002,
  3221000,
  4101004,
  4111001,
  4111003,
  4121000,
  4201003,
  4221000,
  5121000,
  5121009,
  5221000,
  5221010,
  11001001,
  11101003,
  12101001,
  12101000,
  15111005,
  14101003,
  14111001,
  21121000,
  21120007,
  22131001,
  22141003,
  22151003,
  22161003,
  22171000,
  22181000,
]);

/**
 * Buffs that also reach party members: their request carries the member bitmap. Recovery Aura
 * (22161003) is not one (left out of the client's list in both Atlas revisions).
 */
export const PARTY_BUFFS: ReadonlySet<number> = new Set([
  1101006,
  1121000,
  1221000,
  1301007,
  1301006,
  1321000,
  2101001,
  2121000,
  2201001,
  2221000,
  2301002,
  2301004,
  2311001,
  2321006,
  2311003,
  2321000,
  2321005,
  3121000,
  3121002,
  3221000,
  3221002,
  4101004,
  4111001,
  4121000,
  4201003,
  4221000,
  5121000,
  5121010,
  5221000,
  11101003,
  12101000,
  14101003,
  21121000,
  21120007,
  22131001,
  22151003,
  22171000,
]);

/**
 * Buffs whose request lists the monsters they affect. The client's two lists (d59a1ad2df
 * `model/skill_usage_info.go`: `isMobAffectingBuff`, `isAntiRepeatBuffSkill`) hold the same skills but
 * for Doom (2311005), which affects monsters without sending a cast position; so this is the anti-repeat
 * list plus Doom.
 */
export const MONSTER_AFFECTING: ReadonlySet<number> = new Set([...ANTI_REPEAT_BUFFS, DOOM]);

/** A decoded skill use. */
export interface SkillUse {
  skillId: number;
  skillLevel: number;
  /** Party member bitmap of a party buff (0 when absent). */
  partyBitmap: number;
  /** Monsters a monster-affecting buff (or Monster Magnet) names. */
  monsterIds: number[];
  /** Monster Magnet's facing bit (true = facing left); false for other skills. */
  facingLeft: boolean;
}

/** Reads a whole CharacterUseSkillHandle packet; throws `PacketReadError` when it is truncated. */
export function readSkillUse(reader: PacketReader, v: Version): SkillUse {
  reader.uint32(); // update time
  const skillId = reader.uint32();
  const skillLevel = reader.byte();
  const use: SkillUse = { skillId, skillLevel, partyBitmap: 0, monsterIds: [], facingLeft: false };
  if (MONSTER_MAGNETS.has(skillId)) {
    const count = reader.uint32(); // a count beyond the packet fails on the first missing byte
    for (let i = 0; i < count; i++) {
      use.monsterIds.push(reader.uint32());
      reader.bool();
    }
    use.facingLeft = reader.bool();
    return use;
  }
  if (
    ANTI_REPEAT_BUFFS.has(skillId) && ((v.region === "GMS" && v.majorVersion >= 72) || v.region === "JMS")
  ) {
    reader.skip(4); // cast x, y
  }
  if (skillId === SHADOW_STARS) reader.uint32();
  if (PARTY_BUFFS.has(skillId)) {
    use.partyBitmap = reader.byte();
    if (skillId === DISPEL) reader.uint16();
  }
  if (MONSTER_AFFECTING.has(skillId)) {
    const count = reader.byte();
    for (let i = 0; i < count; i++) use.monsterIds.push(reader.uint32());
    reader.uint16(); // delay
  }
  return use;
}

function refuse(
  ctx: FeatureContext,
  session: Session,
  reason: string,
  fields: Record<string, unknown>,
): void {
  increment("skill.use.refused", { reason });
  log.warn("skill use refused", { reason, characterId: session.characterId, ...fields });
  sendEnableActions(ctx, session);
}

/** The `CharacterUseSkillHandle` handler. */
export function useSkillHandler(ctx: FeatureContext) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    const use = readSkillUse(reader, session.tenant);
    const characterId = session.characterId;
    const mapId = ctx.presence.mapOf(session);
    if (characterId === undefined || mapId === undefined) {
      log.debug("skill use before the character is in a map dropped", { sessionId: session.id });
      return;
    }
    const fields = { skillId: use.skillId, level: use.skillLevel };
    const owned = ownedSkill(session, use.skillId);
    if (!owned || owned.level !== use.skillLevel) {
      return refuse(ctx, session, "skill not owned at that level", { ...fields, owned: owned?.level ?? 0 });
    }
    if ((session.get(loggedInCharacterKey)?.hp ?? 1) <= 0) return refuse(ctx, session, "dead", fields);
    const now = Date.now();
    if (owned.cooldownExpiresAt && owned.cooldownExpiresAt.getTime() > now) {
      return refuse(ctx, session, "cooling down", fields);
    }
    const data = await skillData(ctx, session.tenant, use.skillId);
    const effect = data && skillEffectAt(data, owned.level);
    if (!effect) {
      log.warn("skill without data at that level; nothing applied", fields);
      sendEnableActions(ctx, session);
      return;
    }
    const tenant = session.tenant;
    const where = { worldId: session.worldId, channelId: session.channelId };
    const published: Promise<void>[] = [];
    for (const [type, cost] of [["CHANGE_HP", effect.HPConsume], ["CHANGE_MP", effect.MPConsume]] as const) {
      if (cost <= 0) continue;
      published.push(ctx.bus.publish(characterCommandContract, {
        worldId: session.worldId,
        characterId,
        type,
        body: { channelId: session.channelId, amount: -Math.min(cost, 0x8000) },
      }, { tenant, key: characterId }));
    }
    if (effect.cooldown > 0) {
      owned.cooldownExpiresAt = new Date(now + effect.cooldown * 1000);
      published.push(ctx.bus.publish(skillCommandContract, {
        characterId,
        type: "SET_COOLDOWN",
        body: { skillId: use.skillId, cooldown: effect.cooldown },
      }, { tenant, key: characterId }));
    }
    if (effect.statups.length > 0) {
      const body = {
        fromId: characterId,
        sourceId: use.skillId,
        duration: effect.duration,
        changes: effect.statups.map((s) => ({ type: s.type, amount: s.amount })),
      };
      const targets = [characterId];
      if (PARTY_BUFFS.has(use.skillId) && use.partyBitmap >= 1 && use.partyBitmap <= 127) {
        for (const id of await monsterState(ctx).partyOf(tenant, characterId)) {
          if (id === characterId) continue;
          const member = ctx.presence.sessionOfCharacter(tenant, id);
          if (member && member.channelId === session.channelId && ctx.presence.mapOf(member) === mapId) {
            targets.push(id);
          }
        }
      }
      for (const target of targets) {
        published.push(ctx.bus.publish(buffCommandContract, {
          ...where,
          characterId: target,
          type: "APPLY",
          body,
        }, { tenant, key: target }));
      }
    }
    const shown = {
      skillId: use.skillId,
      characterLevel: session.get(loggedInCharacterKey)?.level ?? 0,
      skillLevel: use.skillLevel,
      flag: use.facingLeft,
    };
    ctx.send(session, "CharacterEffect", skillUseEffectBody(tenant, shown));
    ctx.broadcast(
      sessionsInMapOf(ctx, session),
      "CharacterEffectForeign",
      skillUseEffectForeignBody(tenant, characterId, shown),
      session,
    );
    sendEnableActions(ctx, session);
    // Not awaited: the session's next packet need not wait for the broker; each key keeps its order.
    Promise.all(published).catch((err) =>
      log.error("skill use command not published", { characterId, ...fields, error: err })
    );
  };
}
