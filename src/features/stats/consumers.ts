/**
 * `EVENT_TOPIC_CHARACTER_STATUS` → packets (kafka-consumed.md §2.3), for `STAT_CHANGED`,
 * `EXPERIENCE_CHANGED`, `FAME_CHANGED`, `MESO_CHANGED` and `LEVEL_CHANGED`. `MAP_CHANGED` belongs to
 * the field domain and is skipped here, like the ignored types. Targeting follows the reference's
 * consumer (`kafka/consumer/character/consumer.go`): the character's own session on this process when
 * the event's world (and, for experience and level, its channel) is the session's.
 *
 * Differences from the reference:
 * - the character is read over REST only when a targeted session is on this process, and never for an
 *   empty `STAT_CHANGED` ("enable actions" needs no values);
 * - the level-up effect reaches the others in the map through the presence index, not a REST list, and
 *   one absent character does not cancel the broadcast;
 * - when the values of a `STAT_CHANGED` with `exclRequestSent` cannot be read, the client still gets
 *   "enable actions" so it does not stay locked.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { CharacterStatusEvent } from "../character/messages.ts";
import type { FeatureContext } from "../feature.ts";
import { characterSession, sessionsInMapOf } from "../routing.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { type Character, getCharacter, spCounters } from "../character/rest.ts";
import {
  emptyExperienceGain,
  enableActionsBody,
  type ExperienceGain,
  giveFameBody,
  increaseExperienceBody,
  increaseMesoBody,
  levelUpEffectBody,
  levelUpEffectForeignBody,
  receiveFameBody,
  skillPointsOf,
  statChangedBody,
  type StatUpdate,
} from "./writers.ts";

const log = getLogger("stats.consumers");

/** The value each stat name shows, read from the character (pet serials: 0, as the reference sends). */
export function statValue(tenant: Tenant, stats: Character, stat: string): StatUpdate["value"] {
  switch (stat) {
    case "SKIN":
      return stats.skinColor;
    case "FACE":
      return stats.face;
    case "HAIR":
      return stats.hair;
    case "LEVEL":
      return stats.level;
    case "JOB":
      return stats.jobId;
    case "STRENGTH":
      return stats.strength;
    case "DEXTERITY":
      return stats.dexterity;
    case "INTELLIGENCE":
      return stats.intelligence;
    case "LUCK":
      return stats.luck;
    case "HP":
      return stats.hp;
    case "MAX_HP":
      return stats.maxHp;
    case "MP":
      return stats.mp;
    case "MAX_MP":
      return stats.maxMp;
    case "AVAILABLE_AP":
      return stats.ap;
    case "AVAILABLE_SP":
      return skillPointsOf(tenant, stats.jobId, spCounters(stats.sp));
    case "EXPERIENCE":
      return stats.experience;
    case "FAME":
      return stats.fame;
    case "MESO":
      return stats.meso;
    case "GACHAPON_EXPERIENCE":
      return stats.gachaponExperience;
    default:
      return 0;
  }
}

/** Folds experience distributions into one gain; later entries overwrite earlier ones' slots. */
export function foldExperience(
  distributions: readonly { experienceType: string; amount: number; attr1: number }[],
): ExperienceGain {
  const gain = emptyExperienceGain();
  for (const { experienceType, amount, attr1 } of distributions) {
    switch (experienceType) {
      case "WHITE":
        gain.white = true;
        gain.amount = amount;
        break;
      case "YELLOW":
        gain.white = false;
        gain.amount = amount;
        break;
      case "CHAT":
        gain.inChat = true;
        gain.amount = amount;
        break;
      case "MONSTER_BOOK":
        gain.monsterBookBonus = amount;
        break;
      case "MONSTER_EVENT":
        gain.mobEventBonusPercentage = amount & 0xff;
        break;
      case "PLAY_TIME":
        gain.mobEventBonusPercentage = amount & 0xff;
        gain.playTimeHour = attr1 & 0xff;
        break;
      case "WEDDING":
        gain.weddingBonusExp = amount;
        break;
      case "SPIRIT_WEEK":
        gain.questBonusRate = amount & 0xff;
        break;
      case "PARTY":
        gain.partyBonusExp = amount;
        gain.partyBonusEventRate = attr1 & 0xff;
        break;
      case "ITEM":
        gain.itemBonusExp = amount;
        break;
      case "INTERNET_CAFE":
        gain.premiumIpExp = amount;
        break;
      case "RAINBOW_WEEK":
        gain.rainbowWeekEventExp = amount;
        break;
      case "PARTY_RING":
        gain.partyExpRingExp = amount;
        break;
      case "CAKE_PIE":
        gain.cakePieEventBonus = amount;
        break;
    }
  }
  return gain;
}

/** What the stats consumers use of the server. */
export type StatsContext = Pick<FeatureContext, "presence" | "send" | "broadcast" | "rest">;

/** The character's current stats from atlas-character; undefined (logged) without REST or on failure. */
async function readCharacter(
  ctx: StatsContext,
  tenant: Tenant,
  characterId: number,
): Promise<Character | undefined> {
  if (!ctx.rest) {
    log.warn("no REST services configured; character values unavailable", { characterId });
    return undefined;
  }
  try {
    return await getCharacter(ctx.rest, tenant, characterId);
  } catch (err) {
    log.error("character lookup failed", {
      characterId,
      error: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  }
}

/** `EVENT_TOPIC_CHARACTER_STATUS`: one delivery to the packets of its type. */
export async function onCharacterStatus(
  ctx: StatsContext,
  { value: event, tenant }: Pick<Delivery<CharacterStatusEvent>, "value" | "tenant">,
): Promise<void> {
  switch (event.type) {
    case "STAT_CHANGED":
      return await statChanged(ctx, tenant, event);
    case "EXPERIENCE_CHANGED": {
      const where = { worldId: event.worldId, channelId: event.body.channelId };
      const session = characterSession(ctx, tenant, event.characterId, where);
      if (!session) return;
      const gain = foldExperience(event.body.distributions);
      ctx.send(session, "CharacterStatusMessage", increaseExperienceBody(tenant, gain));
      return;
    }
    case "MESO_CHANGED": {
      const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
      if (!session) return;
      ctx.send(session, "CharacterStatusMessage", increaseMesoBody(event.body.amount));
      return;
    }
    case "FAME_CHANGED":
      return await fameChanged(ctx, tenant, event);
    case "LEVEL_CHANGED": {
      const where = { worldId: event.worldId, channelId: event.body.channelId };
      const session = characterSession(ctx, tenant, event.characterId, where);
      if (!session) return;
      ctx.send(session, "CharacterEffect", levelUpEffectBody());
      const others = sessionsInMapOf(ctx, session);
      ctx.broadcast(others, "CharacterEffectForeign", levelUpEffectForeignBody(event.characterId), session);
      return;
    }
    default:
      // MAP_CHANGED is the field domain's; the other types are ignored by the reference.
      return;
  }
}

/**
 * `STAT_CHANGED`: the character's session gets the values of the named stats, read from atlas-character
 * (the event names stats, not values), and its cached character is refreshed with them.
 */
async function statChanged(
  ctx: StatsContext,
  tenant: Tenant,
  event: Extract<CharacterStatusEvent, { type: "STAT_CHANGED" }>,
): Promise<void> {
  const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
  if (!session) return;
  const { updates, exclRequestSent } = event.body;
  if (updates.length === 0) {
    ctx.send(session, "StatChanged", statChangedBody([], exclRequestSent));
    return;
  }
  const stats = await readCharacter(ctx, tenant, event.characterId);
  if (!stats) {
    if (exclRequestSent) ctx.send(session, "StatChanged", enableActionsBody());
    return;
  }
  // Login cached the character for hot paths; keep it as current as the last stat change.
  session.set(loggedInCharacterKey, stats);
  const values = updates.map((stat) => ({ stat, value: statValue(tenant, stats, stat) }));
  ctx.send(session, "StatChanged", statChangedBody(values, exclRequestSent));
}

/**
 * `FAME_CHANGED` by a character: the receiver is told who gave it, the giver the receiver's new total.
 * The reference needs both characters before telling either side.
 */
async function fameChanged(
  ctx: StatsContext,
  tenant: Tenant,
  event: Extract<CharacterStatusEvent, { type: "FAME_CHANGED" }>,
): Promise<void> {
  if (event.body.actorType !== "CHARACTER") return;
  const receiver = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
  const giver = characterSession(ctx, tenant, event.body.actorId, { worldId: event.worldId });
  if (!receiver && !giver) return;
  const [receiverStats, giverStats] = await Promise.all([
    readCharacter(ctx, tenant, event.characterId),
    readCharacter(ctx, tenant, event.body.actorId),
  ]);
  if (!receiverStats || !giverStats) return;
  if (receiver) ctx.send(receiver, "FameResponse", receiveFameBody(giverStats.name, event.body.amount));
  if (giver) {
    ctx.send(giver, "FameResponse", giveFameBody(receiverStats.name, event.body.amount, receiverStats.fame));
  }
}
