/**
 * atlas-character (and, for SP, atlas-skills), for the sandbox: who is online (from the channels'
 * `EVENT_TOPIC_SESSION_STATUS`) and the character commands a channel sends (`COMMAND_TOPIC_CHARACTER`),
 * answered on `EVENT_TOPIC_CHARACTER_STATUS` as the real service does (services/atlas-character
 * docs/kafka.md and character/processor.go at the reference revision):
 *
 * - every `STAT_CHANGED` carries `exclRequestSent: true` and names the stats that changed; the channel
 *   reads the values back over REST;
 * - `REQUEST_DISTRIBUTE_AP` → `STAT_CHANGED` with each ability's stat and `AVAILABLE_AP` last, on
 *   channel 0 (atlas-character does not know the channel); too little AP → an empty `STAT_CHANGED`
 *   (the client is unlocked, nothing changes);
 * - `REQUEST_DISTRIBUTE_SP` → `STAT_CHANGED` `AVAILABLE_SP` on channel 0, then atlas-skills' answer to
 *   the skill command atlas-character sends: `EVENT_TOPIC_SKILL_STATUS` `CREATED` (a new skill) or
 *   `UPDATED` (one more level); no SP left → nothing at all, as the real service;
 * - `REQUEST_DROP_MESO` → `STAT_CHANGED` `MESO` on the command's channel, then the drop on the ground
 *   (atlas-drops' `CREATED`, through the drop responder's hook); too few mesos → `ERROR` `NOT_ENOUGH_MESO`;
 * - `CHANGE_HP` / `CHANGE_MP` → the pool, bounded by 0 and its maximum, and `STAT_CHANGED` `HP` / `MP`.
 *
 * `MESO_CHANGED` is not produced: atlas-character sends it only for `REQUEST_CHANGE_MESO`, which no
 * channel handler in scope produces.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  type CharacterCommand,
  characterCommandContract,
  characterStatusContract,
  type CharacterStatusEvent,
} from "../../features/character/messages.ts";
import { skillBookIndex, spCounters } from "../../features/character/rest.ts";
import { sessionStatusContract } from "../../features/session/messages.ts";
import { skillStatusContract, type SkillStatusEvent } from "../../features/skill/messages.ts";
import type { SandboxCharacter, SandboxStore } from "../store.ts";
import type { DropResponder } from "./drop.ts";

const log = getLogger("sandbox.character");

/** Go's zero `time.Time`, which atlas-skills sends as the expiration of a skill that never expires. */
export const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

const AP_STATS = {
  STRENGTH: "strength",
  DEXTERITY: "dexterity",
  INTELLIGENCE: "intelligence",
  LUCK: "luck",
} as const;

/** What a command did to the stored character: the events that answer it, in order. */
export interface CommandOutcome {
  readonly status: CharacterStatusEvent[];
  readonly skills: SkillStatusEvent[];
}

function statChanged(
  worldId: number,
  characterId: number,
  channelId: number,
  updates: string[],
): CharacterStatusEvent {
  return { characterId, type: "STAT_CHANGED", worldId, body: { channelId, exclRequestSent: true, updates } };
}

/**
 * Applies a command to the stored character and returns the events atlas-character (and atlas-skills)
 * would answer with; see the module documentation.
 */
export function applyCharacterCommand(c: SandboxCharacter, command: CharacterCommand): CommandOutcome {
  const a = c.attributes as Required<typeof c.attributes>;
  const { worldId, characterId } = command;
  const status = (channelId: number, updates: string[]): CommandOutcome => ({
    status: [statChanged(worldId, characterId, channelId, updates)],
    skills: [],
  });
  switch (command.type) {
    case "REQUEST_DISTRIBUTE_AP": {
      const { distributions } = command.body;
      const spent = distributions.reduce((sum, d) => sum + d.amount, 0);
      if (
        distributions.length === 0 || spent <= 0 || a.ap < spent || distributions.some((d) => d.amount <= 0)
      ) {
        return status(0, []);
      }
      const updates: string[] = [];
      for (const { ability, amount } of distributions) {
        if (ability === "HP") {
          a.maxHp = Math.min(30000, a.maxHp + 20 * amount);
          a.hpMpUsed += amount;
          updates.push("MAX_HP");
        } else if (ability === "MP") {
          a.maxMp = Math.min(30000, a.maxMp + 10 * amount);
          a.hpMpUsed += amount;
          updates.push("MAX_MP");
        } else {
          a[AP_STATS[ability]] = Math.min(32767, a[AP_STATS[ability]] + amount);
          updates.push(ability);
        }
      }
      a.ap -= spent;
      updates.push("AVAILABLE_AP");
      return status(0, updates);
    }
    case "REQUEST_DISTRIBUTE_SP": {
      const { skilId: skillId, amount } = command.body;
      const counters = spCounters(a.sp);
      const book = skillBookIndex(a.jobId);
      if (amount <= 0 || (counters[book] ?? 0) < amount) return { status: [], skills: [] };
      counters[book] -= amount;
      a.sp = counters.join(",");
      const known = c.skills.find((s) => s.id === skillId);
      let skill: SkillStatusEvent;
      if (known) {
        known.level += amount;
        skill = {
          characterId,
          skillId,
          type: "UPDATED",
          body: {
            level: known.level,
            masterLevel: known.masterLevel ?? 0,
            expiration: known.expiration ?? GO_ZERO_TIME,
          },
        };
      } else {
        c.skills.push({ id: skillId, level: amount });
        skill = {
          characterId,
          skillId,
          type: "CREATED",
          body: { level: amount, masterLevel: 0, expiration: GO_ZERO_TIME },
        };
      }
      return { status: [statChanged(worldId, characterId, 0, ["AVAILABLE_SP"])], skills: [skill] };
    }
    case "REQUEST_DROP_MESO": {
      const { amount, channelId } = command.body;
      if (a.meso < amount) {
        return {
          status: [{
            characterId,
            type: "ERROR",
            worldId,
            body: { error: "NOT_ENOUGH_MESO", body: { amount } },
          }],
          skills: [],
        };
      }
      a.meso -= amount;
      return status(channelId, ["MESO"]);
    }
    case "CHANGE_HP":
      a.hp = Math.max(0, Math.min(a.maxHp, a.hp + command.body.amount));
      return status(command.body.channelId, ["HP"]);
    case "CHANGE_MP":
      a.mp = Math.max(0, Math.min(a.maxMp, a.mp + command.body.amount));
      return status(command.body.channelId, ["MP"]);
  }
}

/** Subscribes the character responder on `bus` (call before `bus.start()`). */
export function characterResponder(
  bus: Bus,
  store: SandboxStore,
  hooks: { mesoDropped?: DropResponder["mesoDropped"] } = {},
): void {
  bus.subscribe(sessionStatusContract, ({ value: event }) => {
    if (event.issuer !== "CHANNEL" || event.characterId === 0) return;
    if (event.type === "CREATED") {
      store.setOnline(event.characterId, {
        characterId: event.characterId,
        worldId: event.worldId,
        channelId: event.channelId,
      });
    } else if (store.online(event.characterId)?.channelId === event.channelId) {
      store.setOnline(event.characterId, undefined);
    }
  }, { name: "sandbox_character_session_status" });

  bus.subscribe(characterCommandContract, async ({ value: command, tenant }) => {
    const c = store.character(command.characterId);
    if (!c) {
      log.warn("command for an unknown character", { characterId: command.characterId, type: command.type });
      // atlas-character unlocks the client of an AP request it cannot look up; the rest go unanswered.
      if (command.type === "REQUEST_DISTRIBUTE_AP") {
        await publishOutcome(bus, tenant, {
          status: [statChanged(command.worldId, command.characterId, 0, [])],
          skills: [],
        });
      }
      return;
    }
    const outcome = applyCharacterCommand(c, command);
    if (outcome.status.length === 0) {
      log.info("character command refused; no answer", { characterId: c.id, type: command.type });
    }
    await publishOutcome(bus, tenant, outcome);
    if (command.type === "REQUEST_DROP_MESO" && outcome.status.every((e) => e.type !== "ERROR")) {
      await hooks.mesoDropped?.(
        tenant,
        { worldId: command.worldId, channelId: command.body.channelId },
        c.id,
        command.body.amount,
      );
    }
  }, { name: "sandbox_character_command" });
}

async function publishOutcome(bus: Bus, tenant: Tenant, outcome: CommandOutcome): Promise<void> {
  for (const event of outcome.status) {
    await bus.publish(characterStatusContract, event, { tenant, key: event.characterId });
  }
  for (const event of outcome.skills) {
    await bus.publish(skillStatusContract, event, { tenant, key: event.characterId });
  }
}
