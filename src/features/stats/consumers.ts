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
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { CharacterStatusEvent } from "../character/messages.ts";
import type { BuildPacket } from "../outbound.ts";
import type { StatsSession } from "./handlers.ts";
import { type Character, spCounters } from "../character/rest.ts";
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

/** What the consumers need from the server. */
export interface StatsConsumerDeps<S extends StatsSession> {
  /** The session playing the character on this process (presence index). */
  sessionOfCharacter(tenant: Tenant, characterId: number): S | undefined;
  /** The map the session's character is in. */
  mapOf(session: S): number | undefined;
  /** The sessions in a map of a channel. */
  sessionsIn(tenant: Tenant, worldId: number, channelId: number, mapId: number): Iterable<S>;
  /** Sends one packet by writer name. */
  send(session: S, writerName: string, build: BuildPacket): boolean;
  /** Sends one packet to many sessions, skipping `except`. */
  broadcast(sessions: Iterable<S>, writerName: string, build: BuildPacket, except?: S): number;
  /** Reads a character's stats; absent when no REST services are configured. */
  fetchCharacter?(tenant: Tenant, characterId: number): Promise<Character>;
  /** Called with the values a `STAT_CHANGED` read, so the session's cached character stays current. */
  remember?(session: S, stats: Character): void;
}

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

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Handles one character status event; never rejects (failures are logged). */
export function characterStatusHandler<S extends StatsSession>(
  deps: StatsConsumerDeps<S>,
): (event: CharacterStatusEvent, tenant: Tenant) => Promise<void> {
  const send = (session: S, writer: string, build: BuildPacket) => {
    try {
      deps.send(session, writer, build);
    } catch (err) {
      log.error(`${writer} not sent`, { sessionId: session.id, error: message(err) });
    }
  };

  /** The character's session here, when the event's world (and channel, if given) are the session's. */
  const target = (tenant: Tenant, characterId: number, worldId: number, channelId?: number) => {
    const session = deps.sessionOfCharacter(tenant, characterId);
    if (!session || session.worldId !== worldId) return undefined;
    if (channelId !== undefined && session.channelId !== channelId) return undefined;
    return session;
  };

  const fetch = async (tenant: Tenant, characterId: number): Promise<Character | undefined> => {
    if (!deps.fetchCharacter) {
      log.warn("no REST services configured; character values unavailable", { characterId });
      return undefined;
    }
    try {
      return await deps.fetchCharacter(tenant, characterId);
    } catch (err) {
      log.error("character lookup failed", { characterId, error: message(err) });
      return undefined;
    }
  };

  return async (event, tenant) => {
    switch (event.type) {
      case "STAT_CHANGED": {
        const session = target(tenant, event.characterId, event.worldId);
        if (!session) return;
        const { updates, exclRequestSent } = event.body;
        if (updates.length === 0) {
          send(session, "StatChanged", statChangedBody([], exclRequestSent));
          return;
        }
        const stats = await fetch(tenant, event.characterId);
        if (!stats) {
          if (exclRequestSent) send(session, "StatChanged", enableActionsBody());
          return;
        }
        deps.remember?.(session, stats);
        const values = updates.map((stat) => ({ stat, value: statValue(tenant, stats, stat) }));
        send(session, "StatChanged", statChangedBody(values, exclRequestSent));
        return;
      }
      case "EXPERIENCE_CHANGED": {
        const session = target(tenant, event.characterId, event.worldId, event.body.channelId);
        if (!session) return;
        send(
          session,
          "CharacterStatusMessage",
          increaseExperienceBody(tenant, foldExperience(event.body.distributions)),
        );
        return;
      }
      case "MESO_CHANGED": {
        const session = target(tenant, event.characterId, event.worldId);
        if (!session) return;
        send(session, "CharacterStatusMessage", increaseMesoBody(event.body.amount));
        return;
      }
      case "FAME_CHANGED": {
        if (event.body.actorType !== "CHARACTER") return;
        const receiver = target(tenant, event.characterId, event.worldId);
        const giver = target(tenant, event.body.actorId, event.worldId);
        if (!receiver && !giver) return;
        const [receiverStats, giverStats] = await Promise.all([
          fetch(tenant, event.characterId),
          fetch(tenant, event.body.actorId),
        ]);
        // The reference needs both characters before telling either side.
        if (!receiverStats || !giverStats) return;
        if (receiver) send(receiver, "FameResponse", receiveFameBody(giverStats.name, event.body.amount));
        if (giver) {
          send(
            giver,
            "FameResponse",
            giveFameBody(receiverStats.name, event.body.amount, receiverStats.fame),
          );
        }
        return;
      }
      case "LEVEL_CHANGED": {
        const session = target(tenant, event.characterId, event.worldId, event.body.channelId);
        if (!session) return;
        send(session, "CharacterEffect", levelUpEffectBody());
        const mapId = deps.mapOf(session);
        if (mapId === undefined) return;
        const others = [...deps.sessionsIn(tenant, session.worldId, session.channelId, mapId)];
        try {
          deps.broadcast(
            others,
            "CharacterEffectForeign",
            levelUpEffectForeignBody(event.characterId),
            session,
          );
        } catch (err) {
          log.error("CharacterEffectForeign not sent", { sessionId: session.id, error: message(err) });
        }
        return;
      }
      default:
        // MAP_CHANGED is the field domain's; the other types are ignored by the reference.
        return;
    }
  };
}
