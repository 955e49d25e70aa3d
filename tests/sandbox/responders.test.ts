/**
 * The sandbox's responders answer the channel's commands with the events the real services send
 * (validated by the bus with the channel's own contracts): portal entry, chat, expression, character
 * commands, and the account-session auto-admission the sandbox needs without a login server.
 */
import { assertEquals } from "../support/assert.ts";
import type { Bus } from "../../src/kafka/bus.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import type { TopicContract } from "../../src/kafka/contract.ts";
import { decodeKey } from "../../src/kafka/key.ts";
import { type Sandbox, SANDBOX_TENANT, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { ELLINIA, HENESYS, HUNTING_GROUND } from "../../src/sandbox/world.ts";
import { portalCommandContract } from "../../src/features/portal/messages.ts";
import { characterCommandContract, characterStatusContract } from "../../src/features/character/messages.ts";
import { mapStatusContract } from "../../src/features/map/messages.ts";
import { chatCommandContract, chatEventContract } from "../../src/features/chat/messages.ts";
import {
  expressionCommandContract,
  expressionEventContract,
} from "../../src/features/expression/messages.ts";
import { sessionStatusContract } from "../../src/features/session/messages.ts";
import {
  accountSessionCommandContract,
  accountSessionStatusContract,
} from "../../src/features/account/messages.ts";

interface Seen {
  topic: string;
  key: number | undefined;
  value: unknown;
}

async function harness(): Promise<{ sandbox: Sandbox; channel: Bus; seen: Seen[]; stop(): Promise<void> }> {
  const broker = new MemoryBroker();
  const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 2 });
  const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "responder-test-channel" });
  const seen: Seen[] = [];
  const events: TopicContract[] = [
    characterStatusContract,
    mapStatusContract,
    chatEventContract,
    expressionEventContract,
    accountSessionStatusContract,
  ];
  for (const contract of events) {
    channel.subscribe(contract, ({ value, key }) => {
      seen.push({
        topic: contract.variable,
        key: key && key.length === 8 ? decodeKey(key) : undefined,
        value,
      });
    });
  }
  await channel.start();
  return {
    sandbox,
    channel,
    seen,
    async stop() {
      await channel.stop();
      await sandbox.stop();
    },
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const options = { tenant: SANDBOX_TENANT };
const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

test("portal ENTER: MAP_CHANGED, then exit of the old map and entry of the target map", async () => {
  const h = await harness();
  try {
    await h.channel.publish(portalCommandContract, {
      worldId: 0,
      channelId: 1,
      mapId: HENESYS,
      portalId: 1,
      type: "ENTER",
      body: { characterId: 1001 },
    }, { ...options, key: 1 });
    await until("three events", () => h.seen.length >= 3);
    assertEquals(h.seen.map((s) => [s.topic, s.value]), [
      ["EVENT_TOPIC_CHARACTER_STATUS", {
        characterId: 1001,
        type: "MAP_CHANGED",
        worldId: 0,
        body: { channelId: 1, oldMapId: HENESYS, targetMapId: HUNTING_GROUND, targetPortalId: 2 },
      }],
      ["EVENT_TOPIC_MAP_STATUS", {
        worldId: 0,
        channelId: 1,
        mapId: HENESYS,
        type: "CHARACTER_EXIT",
        body: { characterId: 1001 },
      }],
      ["EVENT_TOPIC_MAP_STATUS", {
        worldId: 0,
        channelId: 1,
        mapId: HUNTING_GROUND,
        type: "CHARACTER_ENTER",
        body: { characterId: 1001 },
      }],
    ]);
    assertEquals(h.sandbox.store.character(1001)?.attributes.mapId, HUNTING_GROUND);
    assertEquals(h.sandbox.world.mapOf(SANDBOX_TENANT, 1001), HUNTING_GROUND);

    // The spawn portal leads nowhere: "enable actions" only, and the character stays.
    await h.channel.publish(portalCommandContract, {
      worldId: 0,
      channelId: 1,
      mapId: ELLINIA,
      portalId: 0,
      type: "ENTER",
      body: { characterId: 1002 },
    }, { ...options, key: 0 });
    await until("enable actions", () => h.seen.length >= 4);
    assertEquals(h.seen[3].value, {
      characterId: 1002,
      type: "STAT_CHANGED",
      worldId: 0,
      body: { channelId: 1, exclRequestSent: true, updates: [] },
    });
    assertEquals(h.sandbox.store.character(1002)?.attributes.mapId, ELLINIA);
  } finally {
    await h.stop();
  }
});

test("chat: general echoes to the map, whisper names the online recipient by id, offline gets nothing", async () => {
  const h = await harness();
  try {
    await h.channel.publish(sessionStatusContract, {
      sessionId: crypto.randomUUID(),
      accountId: 2,
      characterId: 2001,
      worldId: 0,
      channelId: 0,
      issuer: "CHANNEL",
      type: "CREATED",
    }, { ...options, key: 2 });
    await until("Cody online", () => h.sandbox.store.online(2001) !== undefined);
    const envelope = { worldId: 0, channelId: 0, mapId: HENESYS, actorId: 1001 };
    await h.channel.publish(chatCommandContract, {
      ...envelope,
      message: "hi all",
      type: "GENERAL",
      body: { balloonOnly: false },
    }, { ...options, key: 1001 });
    await h.channel.publish(chatCommandContract, {
      ...envelope,
      message: "psst",
      type: "WHISPER",
      body: { recipientName: "Brin" },
    }, { ...options, key: 1001 });
    await h.channel.publish(chatCommandContract, {
      ...envelope,
      message: "hey Cody",
      type: "WHISPER",
      body: { recipientName: "Cody" },
    }, { ...options, key: 1001 });
    await until(
      "two chat events",
      () => h.seen.filter((s) => s.topic === "EVENT_TOPIC_CHARACTER_CHAT").length >= 2,
    );
    await new Promise((r) => setTimeout(r, 50));
    const chats = h.seen.filter((s) => s.topic === "EVENT_TOPIC_CHARACTER_CHAT").map((s) => s.value);
    assertEquals(chats, [
      { ...envelope, message: "hi all", type: "GENERAL", body: { balloonOnly: false } },
      { ...envelope, message: "hey Cody", type: "WHISPER", body: { recipient: 2001 } },
    ]);

    await h.channel.publish(expressionCommandContract, {
      characterId: 1001,
      worldId: 0,
      channelId: 0,
      mapId: HENESYS,
      expression: 5,
    }, { ...options, key: 1001 });
    await until("expression", () => h.seen.some((s) => s.topic === "EVENT_TOPIC_EXPRESSION"));
    assertEquals(h.seen.find((s) => s.topic === "EVENT_TOPIC_EXPRESSION")?.value, {
      characterId: 1001,
      worldId: 0,
      channelId: 0,
      mapId: HENESYS,
      expression: 5,
    });
  } finally {
    await h.stop();
  }
});

test("character commands change the stored character and answer STAT_CHANGED", async () => {
  const h = await harness();
  try {
    const before = { ...h.sandbox.store.character(1001)!.attributes };
    const send = (command: Parameters<typeof h.channel.publish<typeof characterCommandContract>>[1]) =>
      h.channel.publish(characterCommandContract, command, { ...options, key: 1001 });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_AP",
      body: { distributions: [{ ability: "LUCK", amount: 2 }, { ability: "HP", amount: 1 }] },
    });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_SP",
      body: { skilId: 4001003, amount: 1 },
    });
    await send({ worldId: 0, characterId: 1001, type: "CHANGE_HP", body: { channelId: 2, amount: -100 } });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DROP_MESO",
      body: { channelId: 2, mapId: HENESYS, amount: 999999999 },
    });
    await until("four answers", () => h.seen.length >= 4);
    assertEquals(h.seen.map((s) => (s.value as { body: unknown }).body), [
      { channelId: 0, exclRequestSent: true, updates: ["AVAILABLE_AP", "LUCK", "MAX_HP"] },
      { channelId: 0, exclRequestSent: true, updates: ["AVAILABLE_SP"] },
      { channelId: 2, exclRequestSent: false, updates: ["HP"] },
      { channelId: 2, exclRequestSent: true, updates: [] },
    ]);
    assertEquals(h.seen.map((s) => s.key), [1001, 1001, 1001, 1001]);
    const after = h.sandbox.store.character(1001)!.attributes;
    assertEquals(
      [after.luck, after.ap, after.maxHp, after.hp, after.sp, after.meso],
      [
        before.luck! + 2,
        before.ap! - 3,
        before.maxHp! + 20,
        before.hp! - 100,
        "2,0,0,0,0,0,0,0,0,0",
        before.meso,
      ],
    );
    assertEquals(h.sandbox.store.character(1001)!.skills.find((s) => s.id === 4001003)?.level, 11);
  } finally {
    await h.stop();
  }
});

test("account session: a channel login of a sandbox account is admitted without a login server", async () => {
  const h = await harness();
  try {
    const sessionId = crypto.randomUUID();
    await h.channel.publish(accountSessionCommandContract, {
      sessionId,
      accountId: 2,
      author: "CHANNEL",
      type: "PROGRESS_STATE",
      body: { state: 1, params: { characterId: 2001 } },
    }, { ...options, key: 2 });
    await until("state changed", () => h.seen.some((s) => s.topic === "EVENT_TOPIC_ACCOUNT_SESSION_STATUS"));
    const reply = h.seen.find((s) => s.topic === "EVENT_TOPIC_ACCOUNT_SESSION_STATUS")!.value as {
      type: string;
      sessionId: string;
    };
    assertEquals([reply.type, reply.sessionId], ["STATE_CHANGED", sessionId]);
  } finally {
    await h.stop();
  }
});
