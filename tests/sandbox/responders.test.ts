/**
 * The sandbox's responders answer the channel's commands with the events the real services send
 * (validated by the bus with the channel's own contracts): portal entry, chat, expression, character
 * commands (with atlas-skills' answer to SP), cash-shop movement (atlas-maps), atlas-character's session
 * registry (login, channel change, logout after the transition timeout), the welcome system message,
 * and the account session (auto-admission, channel-change echo, logout).
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
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
  accountStatusContract,
} from "../../src/features/account/messages.ts";
import { skillStatusContract } from "../../src/features/skill/messages.ts";
import { systemMessageContract } from "../../src/features/system-message/messages.ts";
import { cashShopStatusContract } from "../../src/features/cash-shop/messages.ts";

interface Seen {
  topic: string;
  key: number | undefined;
  value: unknown;
}

async function harness(): Promise<{ sandbox: Sandbox; channel: Bus; seen: Seen[]; stop(): Promise<void> }> {
  const broker = new MemoryBroker();
  const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 2, logoutAfterMs: 100 });
  const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "responder-test-channel" });
  const seen: Seen[] = [];
  const events: TopicContract[] = [
    characterStatusContract,
    mapStatusContract,
    chatEventContract,
    expressionEventContract,
    accountSessionStatusContract,
    accountStatusContract,
    skillStatusContract,
    systemMessageContract,
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

const ofTopic = (seen: Seen[], topic: string) => seen.filter((s) => s.topic === topic);

async function logIn(h: { channel: Bus }, characterId: number, accountId: number, channelId = 0) {
  const sessionId = crypto.randomUUID();
  await h.channel.publish(sessionStatusContract, {
    sessionId,
    accountId,
    characterId,
    worldId: 0,
    channelId,
    issuer: "CHANNEL",
    type: "CREATED",
  }, { ...options, key: characterId });
  return sessionId;
}

test("chat: general and multi chat echo, whisper names any known character by id, unknown gets nothing", async () => {
  const h = await harness();
  try {
    await logIn(h, 2001, 2);
    await until("Cody online", () => h.sandbox.store.online(2001) !== undefined);
    const envelope = { worldId: 0, channelId: 0, mapId: HENESYS, actorId: 1001 };
    const send = (command: Parameters<typeof h.channel.publish<typeof chatCommandContract>>[1]) =>
      h.channel.publish(chatCommandContract, command, { ...options, key: 1001 });
    await send({ ...envelope, message: "hi all", type: "GENERAL", body: { balloonOnly: false } });
    await send({ ...envelope, message: "nobody", type: "WHISPER", body: { recipientName: "Nobody" } });
    await send({ ...envelope, message: "psst", type: "WHISPER", body: { recipientName: "Brin" } });
    await send({ ...envelope, message: "hey Cody", type: "WHISPER", body: { recipientName: "Cody" } });
    await send({ ...envelope, message: "party on", type: "PARTY", body: { recipients: [2001, 2002] } });
    await send({ ...envelope, message: "buddies", type: "BUDDY", body: { recipients: [2001] } });
    await until("five chat events", () => ofTopic(h.seen, "EVENT_TOPIC_CHARACTER_CHAT").length >= 5);
    await new Promise((r) => setTimeout(r, 50));
    const chats = ofTopic(h.seen, "EVENT_TOPIC_CHARACTER_CHAT");
    assertEquals(chats.map((s) => s.value), [
      { ...envelope, message: "hi all", type: "GENERAL", body: { balloonOnly: false } },
      // Brin is offline: atlas-messages still names her; the channel tells the sender it failed.
      { ...envelope, message: "psst", type: "WHISPER", body: { recipient: 1002 } },
      { ...envelope, message: "hey Cody", type: "WHISPER", body: { recipient: 2001 } },
      { ...envelope, message: "party on", type: "PARTY", body: { recipients: [2001, 2002] } },
      { ...envelope, message: "buddies", type: "BUDDY", body: { recipients: [2001] } },
    ]);
    assertEquals(chats.map((s) => s.key), [1001, 1001, 1001, 1001, 1001]);

    await h.channel.publish(expressionCommandContract, {
      characterId: 1001,
      worldId: 0,
      channelId: 0,
      mapId: HENESYS,
      expression: 5,
    }, { ...options, key: 1001 });
    await until("expression", () => h.seen.some((s) => s.topic === "EVENT_TOPIC_EXPRESSION"));
    const expression = h.seen.find((s) => s.topic === "EVENT_TOPIC_EXPRESSION")!;
    assertEquals([expression.value, expression.key], [{
      characterId: 1001,
      worldId: 0,
      channelId: 0,
      mapId: HENESYS,
      expression: 5,
    }, 1001]);
  } finally {
    await h.stop();
  }
});

test("character commands change the stored character and answer as atlas-character and atlas-skills", async () => {
  const h = await harness();
  try {
    const before = structuredClone(h.sandbox.store.character(1001)!.attributes);
    const send = (command: Parameters<typeof h.channel.publish<typeof characterCommandContract>>[1]) =>
      h.channel.publish(characterCommandContract, command, { ...options, key: 1001 });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_AP",
      body: { distributions: [{ ability: "LUCK", amount: 2 }, { ability: "HP", amount: 1 }] },
    });
    // 2 AP left: asking for 3 changes nothing and only unlocks the client.
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_AP",
      body: { distributions: [{ ability: "STRENGTH", amount: 3 }] },
    });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_SP",
      body: { skilId: 4001003, amount: 1 },
    });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_SP",
      body: { skilId: 4000000, amount: 1 },
    });
    await send({ worldId: 0, characterId: 1001, type: "CHANGE_HP", body: { channelId: 2, amount: -100 } });
    await send({ worldId: 0, characterId: 1001, type: "CHANGE_MP", body: { channelId: 2, amount: 5000 } });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DROP_MESO",
      body: { channelId: 2, mapId: HENESYS, amount: 100 },
    });
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DROP_MESO",
      body: { channelId: 2, mapId: HENESYS, amount: 999999999 },
    });
    // The third SP point is refused silently (the character had 3): nothing at all, as atlas-character.
    await send({
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DISTRIBUTE_SP",
      body: { skilId: 4001003, amount: 2 },
    });
    await until("ten answers", () => h.seen.length >= 10);
    await new Promise((r) => setTimeout(r, 50));
    const stat = (channelId: number, updates: string[]) => ({
      characterId: 1001,
      type: "STAT_CHANGED",
      worldId: 0,
      body: { channelId, exclRequestSent: true, updates },
    });
    const expiration = "0001-01-01T00:00:00Z";
    assertEquals(h.seen.map((s) => [s.topic, s.value]), [
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(0, ["LUCK", "MAX_HP", "AVAILABLE_AP"])],
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(0, [])],
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(0, ["AVAILABLE_SP"])],
      ["EVENT_TOPIC_SKILL_STATUS", {
        characterId: 1001,
        skillId: 4001003,
        type: "UPDATED",
        body: { level: 11, masterLevel: 0, expiration },
      }],
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(0, ["AVAILABLE_SP"])],
      ["EVENT_TOPIC_SKILL_STATUS", {
        characterId: 1001,
        skillId: 4000000,
        type: "CREATED",
        body: { level: 1, masterLevel: 0, expiration },
      }],
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(2, ["HP"])],
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(2, ["MP"])],
      ["EVENT_TOPIC_CHARACTER_STATUS", stat(2, ["MESO"])],
      ["EVENT_TOPIC_CHARACTER_STATUS", {
        characterId: 1001,
        type: "ERROR",
        worldId: 0,
        body: { error: "NOT_ENOUGH_MESO", body: { amount: 999999999 } },
      }],
    ]);
    assertEquals(h.seen.map((s) => s.key), Array(10).fill(1001));
    const after = h.sandbox.store.character(1001)!.attributes;
    assertEquals(
      [after.luck, after.ap, after.maxHp, after.hp, after.mp, after.sp, after.meso],
      [
        before.luck! + 2,
        before.ap! - 3,
        before.maxHp! + 20,
        before.hp! - 100,
        before.maxMp,
        "1,0,0,0,0,0,0,0,0,0",
        before.meso! - 100,
      ],
    );
    const skills = h.sandbox.store.character(1001)!.skills;
    assertEquals([skills.find((s) => s.id === 4001003)?.level, skills.find((s) => s.id === 4000000)?.level], [
      11,
      1,
    ]);
  } finally {
    await h.stop();
  }
});

test("cash shop movement: CHARACTER_ENTER takes the character out of its map, CHARACTER_EXIT puts it back", async () => {
  const h = await harness();
  try {
    const movement = { characterId: 1001, channelId: 1, mapId: HENESYS };
    await h.channel.publish(cashShopStatusContract, {
      worldId: 0,
      characterId: 0,
      type: "CHARACTER_ENTER",
      body: movement,
    }, { ...options, key: 1001 });
    await h.channel.publish(cashShopStatusContract, {
      worldId: 0,
      characterId: 0,
      type: "CHARACTER_EXIT",
      body: movement,
    }, { ...options, key: 1001 });
    await until("two map events", () => h.seen.length >= 2);
    const where = { worldId: 0, channelId: 1, mapId: HENESYS };
    assertEquals(h.seen.map((s) => [s.topic, s.key, s.value]), [
      ["EVENT_TOPIC_MAP_STATUS", HENESYS, { ...where, type: "CHARACTER_EXIT", body: { characterId: 1001 } }],
      ["EVENT_TOPIC_MAP_STATUS", HENESYS, { ...where, type: "CHARACTER_ENTER", body: { characterId: 1001 } }],
    ]);
  } finally {
    await h.stop();
  }
});

test("sessions: login greets and enters, a new session during transition changes channel, a lapse logs out", async () => {
  const h = await harness();
  try {
    const first = await logIn(h, 2001, 2, 0);
    await until("login, map entry and greeting", () => h.seen.length >= 3);
    // The greeting reacts to LOGIN, concurrently with the map entry: compare it on its own.
    const greeting = h.seen.findIndex((s) => s.topic === "COMMAND_TOPIC_SYSTEM_MESSAGE");
    assertTrue(greeting > 0, "no greeting after LOGIN");
    h.seen.push(...h.seen.splice(greeting, 1));
    const enter = (channelId: number) => ({
      worldId: 0,
      channelId,
      mapId: HENESYS,
      type: "CHARACTER_ENTER",
      body: { characterId: 2001 },
    });
    const exit = (channelId: number) => ({ ...enter(channelId), type: "CHARACTER_EXIT" });
    assertEquals(h.seen.map((s) => [s.topic, s.key, s.value]), [
      ["EVENT_TOPIC_CHARACTER_STATUS", 2001, {
        characterId: 2001,
        type: "LOGIN",
        worldId: 0,
        body: { channelId: 0, mapId: HENESYS },
      }],
      ["EVENT_TOPIC_MAP_STATUS", HENESYS, enter(0)],
      ["COMMAND_TOPIC_SYSTEM_MESSAGE", 2001, {
        worldId: 0,
        channelId: 0,
        characterId: 2001,
        type: "SEND_MESSAGE",
        body: { messageType: "PINK_TEXT", message: "Welcome to the Atlas sandbox, Cody!" },
      }],
    ]);

    // Channel change: the old session closes, a new one opens on channel 1 within the timeout.
    const destroyed = (sessionId: string, channelId: number) =>
      h.channel.publish(sessionStatusContract, {
        sessionId,
        accountId: 2,
        characterId: 2001,
        worldId: 0,
        channelId,
        issuer: "CHANNEL",
        type: "DESTROYED",
      }, { ...options, key: 2001 });
    await destroyed(first, 0);
    const second = await logIn(h, 2001, 2, 1);
    await until("channel change", () => h.seen.length >= 6);
    assertEquals(h.seen.slice(3).map((s) => [s.topic, s.key, s.value]), [
      ["EVENT_TOPIC_CHARACTER_STATUS", 2001, {
        characterId: 2001,
        type: "CHANNEL_CHANGED",
        worldId: 0,
        body: { channelId: 1, oldChannelId: 0, mapId: HENESYS },
      }],
      ["EVENT_TOPIC_MAP_STATUS", HENESYS, exit(0)],
      ["EVENT_TOPIC_MAP_STATUS", HENESYS, enter(1)],
    ]);

    // Logout: the session closes and nothing follows within the timeout (100 ms here).
    await destroyed(second, 1);
    await until("logout", () => h.seen.length >= 8, 3000);
    assertEquals(h.seen.slice(6).map((s) => [s.topic, s.key, s.value]), [
      ["EVENT_TOPIC_CHARACTER_STATUS", 2001, {
        characterId: 2001,
        type: "LOGOUT",
        worldId: 0,
        body: { channelId: 1, mapId: HENESYS },
      }],
      ["EVENT_TOPIC_MAP_STATUS", HENESYS, exit(1)],
    ]);
    assertEquals(h.sandbox.store.online(2001), undefined);
  } finally {
    await h.stop();
  }
});

test("account session: auto-admitted login, channel-change echo with the address, logout", async () => {
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
    await until("logged in", () => ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_STATUS").length >= 1);

    // Channel change: state 2 moves the session to transition and echoes the target address.
    const address = { ipAddress: "127.0.0.1", port: 8586 };
    await h.channel.publish(accountSessionCommandContract, {
      sessionId,
      accountId: 2,
      author: "CHANNEL",
      type: "PROGRESS_STATE",
      body: { state: 2, params: address },
    }, { ...options, key: 2 });
    await until("echo", () => ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_SESSION_STATUS").length >= 2);
    const echo = ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_SESSION_STATUS")[1];
    assertEquals([echo.key, echo.value], [2, {
      sessionId,
      accountId: 2,
      type: "STATE_CHANGED",
      body: { state: 2, params: address },
    }]);
    assertEquals([...h.sandbox.accountSessions.states(SANDBOX_TENANT, 2).values()], [2]);

    // The old socket closes (LOGOUT keeps a session in transition); the new channel's login succeeds.
    await h.channel.publish(accountSessionCommandContract, {
      sessionId,
      accountId: 2,
      author: "CHANNEL",
      type: "LOGOUT",
      body: {},
    }, { ...options, key: 2 });
    const next = crypto.randomUUID();
    await h.channel.publish(accountSessionCommandContract, {
      sessionId: next,
      accountId: 2,
      author: "CHANNEL",
      type: "PROGRESS_STATE",
      body: { state: 1, params: { characterId: 2001 } },
    }, { ...options, key: 2 });
    await until("second login", () => ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_SESSION_STATUS").length >= 3);
    assertEquals(
      (ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_SESSION_STATUS")[2].value as { type: string }).type,
      "STATE_CHANGED",
    );

    // Logout of the last session: atlas-account announces LOGGED_OUT.
    await h.channel.publish(accountSessionCommandContract, {
      sessionId: next,
      accountId: 2,
      author: "CHANNEL",
      type: "LOGOUT",
      body: {},
    }, { ...options, key: 2 });
    await until("logged out", () => ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_STATUS").length >= 3);
    assertEquals(ofTopic(h.seen, "EVENT_TOPIC_ACCOUNT_STATUS").map((s) => [s.key, s.value]), [
      [2, { account_id: 2, name: "account2", status: "LOGGED_IN" }],
      [2, { account_id: 2, name: "account2", status: "LOGGED_IN" }],
      [2, { account_id: 2, name: "account2", status: "LOGGED_OUT" }],
    ]);
    assertEquals(h.sandbox.accountSessions.states(SANDBOX_TENANT, 2).size, 0);
  } finally {
    await h.stop();
  }
});
