/**
 * atlas-character, for the sandbox: who is online (from the channels' `EVENT_TOPIC_SESSION_STATUS`) and
 * the simple character commands (`COMMAND_TOPIC_CHARACTER`): AP and SP distribution, HP/MP changes and
 * meso drops change the stored character and answer `EVENT_TOPIC_CHARACTER_STATUS` `STAT_CHANGED` naming
 * the stats that changed (the channel reads the values back over REST, as with the real service). A
 * command that cannot be carried out (no AP left, too few mesos) answers "enable actions" (no updates).
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../kafka/tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  type CharacterCommand,
  characterCommandContract,
  characterStatusContract,
} from "../../features/character/messages.ts";
import { skillBookIndex, spCounters } from "../../features/character/rest.ts";
import { sessionStatusContract } from "../../features/session/messages.ts";
import type { SandboxCharacter, SandboxStore } from "../store.ts";

const log = getLogger("sandbox.character");

const AP_STATS = {
  STRENGTH: "strength",
  DEXTERITY: "dexterity",
  INTELLIGENCE: "intelligence",
  LUCK: "luck",
} as const;

/** Applies a command to the stored character; returns the stat names that changed (empty: refused). */
export function applyCharacterCommand(c: SandboxCharacter, command: CharacterCommand): string[] {
  const a = c.attributes as Required<typeof c.attributes>;
  switch (command.type) {
    case "REQUEST_DISTRIBUTE_AP": {
      const changed = new Set<string>();
      for (const { ability, amount } of command.body.distributions) {
        if (amount <= 0 || a.ap < amount) continue;
        a.ap -= amount;
        changed.add("AVAILABLE_AP");
        if (ability === "HP") {
          a.maxHp = Math.min(30000, a.maxHp + 20 * amount);
          changed.add("MAX_HP");
        } else if (ability === "MP") {
          a.maxMp = Math.min(30000, a.maxMp + 10 * amount);
          changed.add("MAX_MP");
        } else {
          a[AP_STATS[ability]] = Math.min(32767, a[AP_STATS[ability]] + amount);
          changed.add(ability);
        }
      }
      return [...changed];
    }
    case "REQUEST_DISTRIBUTE_SP": {
      const counters = spCounters(a.sp);
      const book = skillBookIndex(a.jobId);
      if ((counters[book] ?? 0) <= 0) return [];
      counters[book] -= 1;
      a.sp = counters.join(",");
      const skill = c.skills.find((s) => s.id === command.body.skilId);
      if (skill) skill.level += 1;
      else c.skills.push({ id: command.body.skilId, level: 1 });
      return ["AVAILABLE_SP"];
    }
    case "REQUEST_DROP_MESO": {
      if (command.body.amount <= 0 || a.meso < command.body.amount) return [];
      a.meso -= command.body.amount;
      return ["MESO"];
    }
    case "CHANGE_HP":
      a.hp = Math.max(0, Math.min(a.maxHp, a.hp + command.body.amount));
      return ["HP"];
    case "CHANGE_MP":
      a.mp = Math.max(0, Math.min(a.maxMp, a.mp + command.body.amount));
      return ["MP"];
  }
}

/** Subscribes the character responder on `bus` (call before `bus.start()`). */
export function characterResponder(bus: Bus, store: SandboxStore): void {
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
      return;
    }
    const updates = applyCharacterCommand(c, command);
    const channelId = "channelId" in command.body
      ? command.body.channelId
      : store.online(command.characterId)?.channelId ?? 0;
    await statChanged(bus, tenant, command.worldId, command.characterId, channelId, updates, command.type);
  }, { name: "sandbox_character_command" });
}

function statChanged(
  bus: Bus,
  tenant: Tenant,
  worldId: number,
  characterId: number,
  channelId: number,
  updates: string[],
  cause: string,
): Promise<void> {
  // Pool changes from the client's own regeneration do not unlock its actions; everything else does.
  const exclRequestSent = cause !== "CHANGE_HP" && cause !== "CHANGE_MP";
  return bus.publish(characterStatusContract, {
    characterId,
    type: "STAT_CHANGED",
    worldId,
    body: { channelId, exclRequestSent, updates },
  }, { tenant, key: characterId });
}
