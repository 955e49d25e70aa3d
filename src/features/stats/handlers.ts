/**
 * Client requests of the stats domain → `COMMAND_TOPIC_CHARACTER` (kafka-produced.md §4.2): AP
 * distribution (manual and automatic), SP distribution, heal over time (`CHANGE_HP`/`CHANGE_MP`) and
 * meso drop. Layouts follow the reference's `socket/handler/character_distribute_ap.go`,
 * `character_auto_distribute_ap.go`, `character_distribute_sp.go`, `character_heal_over_time.go` and
 * `character_drop_meso.go`. None of them calls REST: the session and the presence index hold
 * everything a command needs.
 *
 * Unlike the reference, values the client could not legitimately send are refused (nothing is
 * produced): unknown AP flags, automatic AP amounts outside 1–127 (the reference wraps them negative),
 * SP into skill 0, negative regeneration, meso drops outside the client's 10–50 000. A refused or
 * unpublishable request that locked the client's UI is answered with "enable actions" so the client
 * does not freeze. A truncated packet throws `PacketReadError`, which the dispatcher drops.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { AP_ABILITIES, type CharacterCommand } from "../character/messages.ts";

const log = getLogger("stats.handlers");

/** The client's AP flags (the stat's update-mask bit) → the ability atlas-character expects. */
export const AP_FLAG_ABILITIES: ReadonlyMap<number, typeof AP_ABILITIES[number]> = new Map([
  [64, "STRENGTH"],
  [128, "DEXTERITY"],
  [256, "INTELLIGENCE"],
  [512, "LUCK"],
  [2048, "HP"],
  [8192, "MP"],
]);

/** Smallest and largest meso drop the client offers. */
export const MESO_DROP_RANGE = { min: 10, max: 50_000 } as const;

/** The handler names of this domain (GMS 83 template spellings, identical to the reference's). */
export const STATS_HANDLER_NAMES = [
  "CharacterDistributeApHandle",
  "CharacterAutoDistributeApHandle",
  "CharacterDistributeSpHandle",
  "CharacterHealOverTimeHandle",
  "CharacterDropMesoHandle",
] as const;

/** What the handlers read from a session (a real {@link Session} satisfies it). */
export type StatsSession = Pick<Session, "id" | "tenant" | "worldId" | "channelId" | "characterId">;

/** What the handlers need from the server. */
export interface StatsHandlerDeps<S extends StatsSession> {
  /** Publishes a character command (validated by the bus); resolves once the broker has it. */
  publish(tenant: Tenant, command: CharacterCommand): Promise<void>;
  /** The map the session's character is in (presence index). */
  mapOf(session: S): number | undefined;
  /** Sends "enable actions" to the session. */
  enableActions(session: S): void;
}

/** A packet handler of this domain. */
export type StatsHandler<S extends StatsSession> = (
  session: S,
  reader: PacketReader,
  options: HandlerOptions,
) => Promise<void>;

interface Location {
  worldId: number;
  channelId: number;
  mapId: number;
  characterId: number;
}

/** Whether the heal-over-time packet carries the trailing byte (GMS up to v95, as the reference reads it). */
export function healOverTimeHasTrailingByte(tenant: Tenant): boolean {
  return tenant.region === "GMS" && tenant.majorVersion <= 95;
}

/** The handlers by name, bound to `deps`. */
export function statsHandlers<S extends StatsSession>(
  deps: StatsHandlerDeps<S>,
): Record<typeof STATS_HANDLER_NAMES[number], StatsHandler<S>> {
  const locate = (session: S, handler: string): Location | undefined => {
    const characterId = session.characterId;
    const mapId = deps.mapOf(session);
    if (!characterId || mapId === undefined) {
      log.warn("request from a session without a character in a map; ignored", {
        sessionId: session.id,
        handler,
      });
      return undefined;
    }
    return { worldId: session.worldId, channelId: session.channelId, mapId, characterId };
  };

  const refuse = (session: S, handler: string, reason: string, fields: Record<string, unknown>) => {
    log.warn(`${handler}: ${reason}; nothing produced`, { sessionId: session.id, ...fields });
    deps.enableActions(session);
  };

  /** Publishes in order; a failure is logged and unlocks the client (the request is lost, not retried). */
  const publishAll = async (session: S, handler: string, commands: CharacterCommand[], unlock: boolean) => {
    try {
      for (const command of commands) await deps.publish(session.tenant, command);
    } catch (err) {
      log.error(`${handler}: command not published`, {
        sessionId: session.id,
        error: err instanceof Error ? err.message : String(err),
      });
      if (unlock) deps.enableActions(session);
    }
  };

  return {
    async CharacterDistributeApHandle(session, reader) {
      reader.uint32(); // update time
      const flag = reader.uint32();
      const ability = AP_FLAG_ABILITIES.get(flag);
      if (!ability) return refuse(session, "CharacterDistributeApHandle", "unknown AP flag", { flag });
      const at = locate(session, "CharacterDistributeApHandle");
      if (!at) return deps.enableActions(session);
      await publishAll(session, "CharacterDistributeApHandle", [{
        worldId: at.worldId,
        characterId: at.characterId,
        type: "REQUEST_DISTRIBUTE_AP",
        body: { distributions: [{ ability, amount: 1 }] },
      }], true);
    },

    async CharacterAutoDistributeApHandle(session, reader) {
      reader.uint32(); // update time
      reader.uint32(); // the client's count; the reference reads pairs while 8 bytes remain instead
      const pairs: { flag: number; value: number }[] = [];
      while (reader.remaining >= 8) pairs.push({ flag: reader.uint32(), value: reader.uint32() });
      if (pairs.length === 0) return refuse(session, "CharacterAutoDistributeApHandle", "no AP pairs", {});
      const distributions: { ability: typeof AP_ABILITIES[number]; amount: number }[] = [];
      for (const { flag, value } of pairs) {
        const ability = AP_FLAG_ABILITIES.get(flag);
        if (!ability) return refuse(session, "CharacterAutoDistributeApHandle", "unknown AP flag", { flag });
        if (value < 1 || value > 127) {
          return refuse(session, "CharacterAutoDistributeApHandle", "AP amount outside 1-127", {
            flag,
            value,
          });
        }
        distributions.push({ ability, amount: value });
      }
      const at = locate(session, "CharacterAutoDistributeApHandle");
      if (!at) return deps.enableActions(session);
      await publishAll(session, "CharacterAutoDistributeApHandle", [{
        worldId: at.worldId,
        characterId: at.characterId,
        type: "REQUEST_DISTRIBUTE_AP",
        body: { distributions },
      }], true);
    },

    async CharacterDistributeSpHandle(session, reader) {
      reader.uint32(); // update time
      const skillId = reader.uint32();
      if (skillId === 0) return refuse(session, "CharacterDistributeSpHandle", "skill id 0", {});
      const at = locate(session, "CharacterDistributeSpHandle");
      if (!at) return deps.enableActions(session);
      await publishAll(session, "CharacterDistributeSpHandle", [{
        worldId: at.worldId,
        characterId: at.characterId,
        type: "REQUEST_DISTRIBUTE_SP",
        body: { skilId: skillId, amount: 1 },
      }], true);
    },

    async CharacterHealOverTimeHandle(session, reader) {
      reader.uint32(); // update time
      reader.uint32(); // a constant the client sends (0x1400 on GMS v83)
      const hp = reader.int16();
      const mp = reader.int16();
      if (healOverTimeHasTrailingByte(session.tenant)) reader.byte();
      if (hp < 0 || mp < 0) {
        // Regeneration never lowers a pool; the client does not wait for an answer, so none is sent.
        log.warn("CharacterHealOverTimeHandle: negative regeneration; nothing produced", {
          sessionId: session.id,
          hp,
          mp,
        });
        return;
      }
      if (hp === 0 && mp === 0) return;
      const at = locate(session, "CharacterHealOverTimeHandle");
      if (!at) return;
      const commands: CharacterCommand[] = [];
      if (hp !== 0) {
        commands.push({
          worldId: at.worldId,
          characterId: at.characterId,
          type: "CHANGE_HP",
          body: { channelId: at.channelId, amount: hp },
        });
      }
      if (mp !== 0) {
        commands.push({
          worldId: at.worldId,
          characterId: at.characterId,
          type: "CHANGE_MP",
          body: { channelId: at.channelId, amount: mp },
        });
      }
      await publishAll(session, "CharacterHealOverTimeHandle", commands, false);
    },

    async CharacterDropMesoHandle(session, reader) {
      reader.uint32(); // update time
      const amount = reader.uint32();
      if (amount < MESO_DROP_RANGE.min || amount > MESO_DROP_RANGE.max) {
        return refuse(session, "CharacterDropMesoHandle", "meso amount outside the client's range", {
          amount,
        });
      }
      const at = locate(session, "CharacterDropMesoHandle");
      if (!at) return deps.enableActions(session);
      await publishAll(session, "CharacterDropMesoHandle", [{
        worldId: at.worldId,
        characterId: at.characterId,
        type: "REQUEST_DROP_MESO",
        body: { channelId: at.channelId, mapId: at.mapId, amount },
      }], true);
    },
  };
}
