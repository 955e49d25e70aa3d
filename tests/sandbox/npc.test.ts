/**
 * The sandbox's atlas-npc-conversations and atlas-npc-shops stand-ins on the in-memory bus: a script
 * played by its answers (and ended by "end chat"), a start while talking ignored, an NPC without a
 * script unlocked, and the shop's refusals (wrong slot, not enough mesos, no shop open).
 */
import { assertEquals } from "../support/assert.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { characterStatusContract } from "../../src/features/character/messages.ts";
import {
  npcCommandContract,
  npcConversationCommandContract,
  npcShopCommandContract,
  npcShopStatusContract,
} from "../../src/features/npc/messages.ts";

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test({
  name: "sandbox NPC responders: scripts by answers, shop refusals and purchases",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const broker = new MemoryBroker();
    const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 1 });
    const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "npc-responder-test" });
    const seen: { topic: string; value: Record<string, unknown> }[] = [];
    for (const contract of [npcConversationCommandContract, npcShopStatusContract, characterStatusContract]) {
      channel.subscribe(contract, ({ value }) => void seen.push({ topic: contract.variable, value }));
    }
    await channel.start();
    const tenant = SANDBOX_TENANT;
    const npc = (value: Parameters<typeof channel.publish<typeof npcCommandContract>>[1]) =>
      channel.publish(npcCommandContract, value, { tenant, key: 1001 });
    const shop = (value: Parameters<typeof channel.publish<typeof npcShopCommandContract>>[1]) =>
      channel.publish(npcShopCommandContract, value, { tenant, key: 1001 });
    const next = async (count: number) => {
      await until(`${count} events`, () => seen.length >= count);
      return seen[count - 1];
    };
    try {
      const start = { worldId: 0, channelId: 1, mapId: 100000000, accountId: 1 };
      await npc({ npcId: 9010000, characterId: 1001, type: "START_CONVERSATION", body: start });
      assertEquals((await next(1)).value, {
        worldId: 0,
        channelId: 1,
        characterId: 1001,
        npcId: 9010000,
        speaker: "NPC_LEFT",
        message: "Welcome to the world in a box!",
        type: "SIMPLE",
        body: { type: "NEXT" },
      });
      // A second start while talking is ignored, as atlas-npc-conversations does.
      await npc({ npcId: 1032001, characterId: 1001, type: "START_CONVERSATION", body: start });
      const continueWith = (action: number, lastMessageType: number, selection: number) =>
        npc({
          npcId: 9010000,
          characterId: 1001,
          type: "CONTINUE_CONVERSATION",
          body: { action, lastMessageType, selection },
        });
      await continueWith(1, 0, 0);
      assertEquals((await next(2)).value.body, { type: "SIMPLE" });
      await continueWith(1, 4, 1);
      assertEquals((await next(3)).value.body, { defaultValue: 5, minValue: 1, maxValue: 10 });
      await continueWith(0xff, 3, 0); // end chat
      assertEquals((await next(4)).value, {
        characterId: 1001,
        type: "STAT_CHANGED",
        worldId: 0,
        body: { channelId: 1, exclRequestSent: true, updates: [] },
      });
      // No script: unlocked at once.
      await npc({ npcId: 1012100, characterId: 1001, type: "START_CONVERSATION", body: start });
      assertEquals((await next(5)).topic, "EVENT_TOPIC_CHARACTER_STATUS");

      // Shops: nothing open → generic error; enter; a wrong item, too many mesos' worth, then a purchase.
      await shop({ characterId: 1001, type: "RECHARGE", body: { slot: 0 } });
      assertEquals((await next(6)).value.body, { error: "GENERIC_ERROR", levelLimit: 0, reason: "" });
      await shop({ characterId: 1001, type: "ENTER", body: { npcTemplateId: 1012100 } });
      assertEquals((await next(7)).value, {
        characterId: 1001,
        type: "ENTERED",
        body: { npcTemplateId: 1012100 },
      });
      const buy = (slot: number, itemTemplateId: number, quantity: number) =>
        shop({ characterId: 1001, type: "BUY", body: { slot, itemTemplateId, quantity, discountPrice: 0 } });
      await buy(0, 2000003, 1);
      assertEquals((await next(8)).value.body, { error: "GENERIC_ERROR", levelLimit: 0, reason: "" });
      await buy(1, 2000003, 100000);
      assertEquals((await next(9)).value.body, { error: "NOT_ENOUGH_MONEY", levelLimit: 0, reason: "" });
      await buy(0, 2000000, 10);
      assertEquals((await next(10)).value.body, { channelId: 0, exclRequestSent: true, updates: ["MESO"] });
      assertEquals((await next(11)).value.body, { error: "OK", levelLimit: 0, reason: "" });
      assertEquals(sandbox.store.character(1001)?.attributes.meso, 150000 - 500);
      await shop({ characterId: 1001, type: "EXIT", body: {} });
      assertEquals((await next(12)).value, { characterId: 1001, type: "EXITED", body: {} });
    } finally {
      await channel.stop();
      await sandbox.stop();
    }
  },
});
