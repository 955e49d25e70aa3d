/**
 * atlas-npc-conversations and atlas-npc-shops, for the sandbox.
 *
 * Conversations (`COMMAND_TOPIC_NPC`, services/atlas-npc-conversations conversation/processor.go at the
 * reference revision): `START_CONVERSATION` starts the NPC's script (`../npcs.ts`) unless the character is
 * already in one, and sends its first dialogue on `COMMAND_TOPIC_NPC_CONVERSATION`; each
 * `CONTINUE_CONVERSATION` moves the script on by the answer and sends the next dialogue; a state with
 * nowhere to go, or the client's "end chat" action, ends it with "enable actions" (an empty `STAT_CHANGED`
 * with `exclRequestSent`, as its Dispose does); `END_CONVERSATION` forgets it. Unlike the real service, an
 * NPC without a script also answers "enable actions", so a sandbox client is never left waiting.
 *
 * Quest conversations (`COMMAND_TOPIC_QUEST_CONVERSATION` `START_QUEST_CONVERSATION`) play the quest's
 * start or end script by the quest's state for the character; their start and complete operations emit
 * atlas-quest's `EVENT_TOPIC_QUEST_STATUS` `STARTED` / `COMPLETED`.
 *
 * Shops (`COMMAND_TOPIC_NPC_SHOP`, services/atlas-npc-shops shops/processor.go): `ENTER` of an NPC with a
 * shop → `ENTERED`; `BUY` checks the slot, the item and the mesos (`ERROR` `GENERIC_ERROR` /
 * `NOT_ENOUGH_MONEY`) and takes the mesos (`STAT_CHANGED` `MESO`, as atlas-character answers the meso
 * change the real service requests); `EXIT` → `EXITED`. Unlike the real service (which sends nothing on
 * success), a successful buy, sell or recharge is answered with `ERROR` `OK`, the result code the client
 * waits for before it allows the next transaction; the sandbox keeps no inventory, so sell and recharge
 * change nothing else.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import {
  npcCommandContract,
  npcConversationCommandContract,
  npcShopCommandContract,
  npcShopStatusContract,
} from "../../features/npc/messages.ts";
import type { SandboxStore } from "../store.ts";
import { questConversationCommandContract, questStatusContract } from "../../features/quest/messages.ts";
import {
  END_CHAT,
  SANDBOX_QUEST_SCRIPTS,
  SANDBOX_SCRIPTS,
  SANDBOX_SHOPS,
  type SandboxScript,
  type ScriptStep,
} from "../npcs.ts";

const log = getLogger("sandbox.npc");

interface Conversation {
  npcId: number;
  script: SandboxScript;
  questId?: number;
  state: string;
  worldId: number;
  channelId: number;
}

/** Subscribes the NPC conversation and shop responders on `bus` (call before `bus.start()`). */
export function npcResponders(bus: Bus, store: SandboxStore): void {
  const conversations = new Map<string, Conversation>();
  const shops = new Map<string, number>();
  const quests = new Map<string, "STARTED" | "COMPLETED">();
  const keyOf = (tenant: Tenant, characterId: number) => `${tenant.id}:${characterId}`;

  const enableActions = (tenant: Tenant, characterId: number, worldId: number, channelId: number) =>
    bus.publish(characterStatusContract, {
      characterId,
      type: "STAT_CHANGED",
      worldId,
      body: { channelId, exclRequestSent: true, updates: [] },
    }, { tenant, key: characterId });

  const show = async (tenant: Tenant, characterId: number, talk: Conversation, state: ScriptStep) => {
    if (state.effect && talk.questId !== undefined) {
      const questId = talk.questId;
      const done = state.effect === "COMPLETE_QUEST";
      quests.set(`${keyOf(tenant, characterId)}:${questId}`, done ? "COMPLETED" : "STARTED");
      await bus.publish(questStatusContract, {
        characterId,
        worldId: talk.worldId,
        type: done ? "COMPLETED" : "STARTED",
        body: { questId },
      }, { tenant, key: characterId });
    }
    const envelope = {
      worldId: talk.worldId,
      channelId: talk.channelId,
      characterId,
      npcId: talk.npcId,
      speaker: "NPC_LEFT",
      message: state.message,
    };
    const value = state.type === "SIMPLE"
      ? { ...envelope, type: "SIMPLE", body: { type: state.kind } }
      : state.type === "NUMBER"
      ? {
        ...envelope,
        type: "NUMBER",
        body: { defaultValue: state.defaultValue, minValue: state.minValue, maxValue: state.maxValue },
      }
      : state.type === "STYLE"
      ? { ...envelope, type: "STYLE", body: { styles: state.styles } }
      : { ...envelope, type: "TEXT", body: {} };
    await bus.publish(npcConversationCommandContract, value, { tenant, key: characterId });
  };

  bus.subscribe(npcCommandContract, async ({ value: command, tenant }) => {
    const key = keyOf(tenant, command.characterId);
    switch (command.type) {
      case "START_CONVERSATION": {
        const { worldId, channelId } = command.body;
        if (conversations.has(key)) {
          log.info("conversation already in progress; start ignored", { characterId: command.characterId });
          return;
        }
        const script = SANDBOX_SCRIPTS[command.npcId];
        if (!script) {
          log.info("no script for this NPC; enabling actions", { npcId: command.npcId });
          await enableActions(tenant, command.characterId, worldId, channelId);
          return;
        }
        const talk = { npcId: command.npcId, script, state: "start", worldId, channelId };
        conversations.set(key, talk);
        await show(tenant, command.characterId, talk, script.states.start);
        return;
      }
      case "CONTINUE_CONVERSATION": {
        const talk = conversations.get(key);
        if (!talk) {
          log.info("continue without a conversation; ignored", { characterId: command.characterId });
          return;
        }
        const states = talk.script.states;
        const { action, selection } = command.body;
        const next = action === END_CHAT ? undefined : states[talk.state].next?.({ action, selection });
        if (next === undefined || !states[next]) {
          conversations.delete(key);
          await enableActions(tenant, command.characterId, talk.worldId, talk.channelId);
          return;
        }
        talk.state = next;
        await show(tenant, command.characterId, talk, states[next]);
        return;
      }
      case "END_CONVERSATION":
        conversations.delete(key);
        return;
    }
  }, { name: "sandbox_npc_command" });

  bus.subscribe(questConversationCommandContract, async ({ value: command, tenant }) => {
    const key = keyOf(tenant, command.characterId);
    const scripts = SANDBOX_QUEST_SCRIPTS[command.questId];
    const { worldId, channelId } = command.body;
    if (conversations.has(key)) return;
    if (!scripts) {
      log.info("no script for this quest; enabling actions", { questId: command.questId });
      await enableActions(tenant, command.characterId, worldId, channelId);
      return;
    }
    const script = scripts[quests.get(`${key}:${command.questId}`) ?? "NOT_STARTED"];
    const talk = {
      npcId: command.npcId,
      script,
      questId: command.questId,
      state: "start",
      worldId,
      channelId,
    };
    conversations.set(key, talk);
    await show(tenant, command.characterId, talk, script.states.start);
  }, { name: "sandbox_quest_conversation_command" });

  bus.subscribe(npcShopCommandContract, async ({ value: command, tenant }) => {
    const characterId = command.characterId;
    const key = keyOf(tenant, characterId);
    const status = (body: { error: string; levelLimit?: number; reason?: string }) =>
      bus.publish(npcShopStatusContract, {
        characterId,
        type: "ERROR",
        body: { error: body.error, levelLimit: body.levelLimit ?? 0, reason: body.reason ?? "" },
      }, { tenant, key: characterId });
    switch (command.type) {
      case "ENTER": {
        const npcId = command.body.npcTemplateId;
        if (!SANDBOX_SHOPS[npcId]) {
          log.info("no shop for this NPC", { npcId, characterId });
          return;
        }
        shops.set(key, npcId);
        await bus.publish(npcShopStatusContract, {
          characterId,
          type: "ENTERED",
          body: { npcTemplateId: npcId },
        }, { tenant, key: characterId });
        return;
      }
      case "EXIT":
        if (!shops.delete(key)) return;
        await bus.publish(npcShopStatusContract, { characterId, type: "EXITED", body: {} }, {
          tenant,
          key: characterId,
        });
        return;
      case "BUY": {
        const npcId = shops.get(key);
        const commodity = npcId === undefined ? undefined : SANDBOX_SHOPS[npcId][command.body.slot];
        const character = store.character(characterId);
        if (!commodity || !character || commodity.templateId !== command.body.itemTemplateId) {
          await status({ error: "GENERIC_ERROR" });
          return;
        }
        if ((character.attributes.level ?? 1) < commodity.levelLimit) {
          await status({ error: "UNDER_LEVEL_REQUIREMENT", levelLimit: commodity.levelLimit });
          return;
        }
        const cost = commodity.mesoPrice * command.body.quantity;
        const meso = character.attributes.meso ?? 0;
        if (meso < cost) {
          await status({ error: "NOT_ENOUGH_MONEY" });
          return;
        }
        character.attributes.meso = meso - cost;
        const where = store.online(characterId);
        await bus.publish(characterStatusContract, {
          characterId,
          type: "STAT_CHANGED",
          worldId: where?.worldId ?? 0,
          body: { channelId: where?.channelId ?? 0, exclRequestSent: true, updates: ["MESO"] },
        }, { tenant, key: characterId });
        await status({ error: "OK" });
        return;
      }
      case "SELL":
      case "RECHARGE":
        await status({ error: shops.has(key) ? "OK" : "GENERIC_ERROR" });
        return;
    }
  }, { name: "sandbox_npc_shop_command" });
}
