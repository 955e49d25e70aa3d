/**
 * atlas-skills' cooldowns and atlas-buffs in the box (services/atlas-skills and atlas-buffs at
 * b0c865294b, their kafka docs):
 *
 * - `COMMAND_TOPIC_SKILL` `SET_COOLDOWN` → `EVENT_TOPIC_SKILL_STATUS` `COOLDOWN_APPLIED` (expiry now +
 *   cooldown seconds), and `COOLDOWN_EXPIRED` when it ends.
 * - `COMMAND_TOPIC_CHARACTER_BUFF` `APPLY` → the buff is active (replacing one of the same source) and
 *   `EVENT_TOPIC_CHARACTER_BUFF_STATUS` `APPLIED`; when its duration (seconds) ends, or on `CANCEL` of an
 *   active source, it is removed and `EXPIRED` follows.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { skillCommandContract, skillStatusContract } from "../../features/skill/messages.ts";
import { buffCommandContract, buffStatusContract } from "../../features/buff/messages.ts";
import type { SandboxStore } from "../store.ts";
import type { SandboxBuff } from "../skills.ts";

const log = getLogger("sandbox.skill-buff");

/** The running responder. */
export interface SkillBuffResponder {
  /** Cancels pending expiries. */
  stop(): void;
}

/** Subscribes the responder on `bus` (call before `bus.start()`). */
export function skillBuffResponder(bus: Bus, store: SandboxStore): SkillBuffResponder {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const later = (key: string, ms: number, fn: () => Promise<void>) => {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        fn().catch((err) => log.error("sandbox expiry failed", { key, error: String(err) }));
      }, Math.max(0, ms)),
    );
  };

  bus.subscribe(skillCommandContract, async ({ value: command, tenant }) => {
    const { characterId } = command;
    const { skillId, cooldown } = command.body;
    const expiresAt = new Date(Date.now() + cooldown * 1000);
    await bus.publish(skillStatusContract, {
      characterId,
      skillId,
      type: "COOLDOWN_APPLIED",
      body: { cooldownExpiresAt: expiresAt.toISOString() },
    }, { tenant, key: characterId });
    later(`cooldown|${characterId}|${skillId}`, cooldown * 1000, () =>
      bus.publish(skillStatusContract, {
        characterId,
        skillId,
        type: "COOLDOWN_EXPIRED",
        body: {},
      }, { tenant, key: characterId }));
  }, { name: "sandbox_skill_command" });

  const expire = async (tenant: Tenant, worldId: number, characterId: number, buff: SandboxBuff) => {
    const active = store.buffs.get(characterId) ?? [];
    if (!active.includes(buff)) return;
    store.buffs.set(characterId, active.filter((b) => b !== buff));
    clearTimeout(timers.get(`buff|${characterId}|${buff.sourceId}`));
    await bus.publish(buffStatusContract, {
      worldId,
      characterId,
      type: "EXPIRED",
      body: {
        sourceId: buff.sourceId,
        duration: buff.duration,
        changes: buff.changes,
        createdAt: buff.createdAt.toISOString(),
        expiresAt: buff.expiresAt.toISOString(),
      },
    }, { tenant, key: characterId });
  };

  bus.subscribe(buffCommandContract, async ({ value: command, tenant }) => {
    const { characterId, worldId } = command;
    const active = store.buffs.get(characterId) ?? [];
    if (command.type === "CANCEL") {
      const buff = active.find((b) => b.sourceId === command.body.sourceId);
      if (buff) await expire(tenant, worldId, characterId, buff);
      return;
    }
    const { fromId, sourceId, duration, changes } = command.body;
    const createdAt = new Date();
    const buff: SandboxBuff = {
      sourceId,
      duration,
      changes: changes.map((c) => ({ ...c })),
      createdAt,
      expiresAt: new Date(createdAt.getTime() + duration * 1000),
    };
    store.buffs.set(characterId, [...active.filter((b) => b.sourceId !== sourceId), buff]);
    await bus.publish(buffStatusContract, {
      worldId,
      characterId,
      type: "APPLIED",
      body: {
        fromId,
        sourceId,
        duration,
        changes: buff.changes,
        createdAt: createdAt.toISOString(),
        expiresAt: buff.expiresAt.toISOString(),
      },
    }, { tenant, key: characterId });
    later(
      `buff|${characterId}|${sourceId}`,
      duration * 1000,
      () => expire(tenant, worldId, characterId, buff),
    );
  }, { name: "sandbox_buff_command" });

  return {
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
