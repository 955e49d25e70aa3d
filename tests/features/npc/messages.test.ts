import * as messages from "../../../src/features/npc/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const {
  npcCommandSchema: command,
  npcConversationCommandSchema: conversation,
  npcShopCommandSchema: shopCommand,
  npcShopStatusEventSchema: shopStatus,
} = messages;

Deno.test("npc messages declare exactly the assigned topics", () => {
  // COMMAND_TOPIC_NPC_CONVERSATION is consumed only: the reference never produces it (kafka-produced.md §5).
  assertDeclaredTopics(messages, {
    COMMAND_TOPIC_NPC: "produced",
    COMMAND_TOPIC_NPC_CONVERSATION: "consumed",
    COMMAND_TOPIC_NPC_SHOP: "produced",
    EVENT_TOPIC_NPC_SHOP_STATUS: "consumed",
  });
  assertEquals(messages.npcConversationCommandContract.keyOf, undefined);
});

// kafka-produced.md §4.19 samples.
Deno.test("NPC commands round-trip and are keyed by the character", () => {
  const samples = [
    `{"npcId":9010000,"characterId":30071,"type":"START_CONVERSATION","body":{"worldId":0,"channelId":1,"mapId":100000000,"accountId":5102}}`,
    `{"npcId":0,"characterId":30071,"type":"CONTINUE_CONVERSATION","body":{"action":1,"lastMessageType":4,"selection":2}}`,
    `{"npcId":0,"characterId":30071,"type":"END_CONVERSATION","body":{}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.NpcCommand;
    assertEquals(messages.npcCommandContract.keyOf?.(parsed), 30071);
  }
  assertRoundTrip(command, JSON.stringify(mutate(samples[1], ["body", "selection"], -1)));
  assertRejected(command, mutate(samples[1], ["body", "action"], 256));
});

// kafka-consumed.md §2.28 samples.
Deno.test("NPC_CONVERSATION SIMPLE, NUMBER and STYLE", () => {
  const simple = `{"worldId": 0, "channelId": 1, "characterId": 1001, "npcId": 9010000, "speaker": "NPC_LEFT",
    "message": "Welcome to Maple Island!", "type": "SIMPLE", "body": {"type": "NEXT"}}`;
  assertConsumedSample(conversation, simple, ["npcId"], "9010000");
  assertConsumedSample(
    conversation,
    `{"worldId": 0, "channelId": 1, "characterId": 1001, "npcId": 9010000, "speaker": "NPC_LEFT",
      "message": "How many?", "type": "NUMBER", "body": {"defaultValue": 1, "minValue": 1, "maxValue": 100}}`,
    ["body", "maxValue"],
    -1,
  );
  const style = `{"worldId": 0, "channelId": 1, "characterId": 1001, "npcId": 9200000, "speaker": "NPC_LEFT",
    "message": "Pick a new look", "type": "STYLE", "body": {"styles": [30030, 30020, 30000]}}`;
  assertConsumedSample(conversation, style, ["body", "styles"], "30030");
  assertEquals(conversation.parse(mutate(style, ["body", "styles"], null)).body, { styles: [] });
});

Deno.test("NPC_CONVERSATION refuses the inputs that crashed the reference", () => {
  const simple = `{"worldId": 0, "channelId": 1, "characterId": 1001, "npcId": 9010000, "speaker": "NPC_LEFT",
    "message": "Hi", "type": "SIMPLE", "body": {"type": "NEXT"}}`;
  for (const speaker of ["", "UNKNOWN", "UNKNOWN2", "npc_left"]) {
    assertRejected(conversation, mutate(simple, ["speaker"], speaker));
  }
  assertRejected(conversation, mutate(simple, ["body", "type"], "DANCE"));
  for (const speaker of ["NPC_LEFT", "NPC_RIGHT", "CHARACTER_LEFT", "CHARACTER_RIGHT"] as const) {
    const parsed = conversation.parse(mutate(simple, ["speaker"], speaker));
    assertEquals(
      messages.SPEAKERS[parsed.speaker],
      ["NPC_LEFT", "NPC_RIGHT", "CHARACTER_LEFT", "CHARACTER_RIGHT"].indexOf(speaker),
    );
  }
});

// kafka-produced.md §4.21 samples.
Deno.test("NPC_SHOP commands round-trip and are keyed by the character", () => {
  const samples = [
    `{"characterId":30071,"type":"ENTER","body":{"npcTemplateId":1011100}}`,
    `{"characterId":30071,"type":"BUY","body":{"slot":3,"itemTemplateId":2000000,"quantity":100,"discountPrice":0}}`,
    `{"characterId":30071,"type":"SELL","body":{"slot":5,"itemTemplateId":4000000,"quantity":20}}`,
    `{"characterId":30071,"type":"RECHARGE","body":{"slot":2}}`,
    `{"characterId":30071,"type":"EXIT","body":{}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(shopCommand, sample) as messages.NpcShopCommand;
    assertEquals(messages.npcShopCommandContract.keyOf?.(parsed), 30071);
  }
  // Shop slots are unsigned, inventory slots signed.
  assertRejected(shopCommand, mutate(samples[1], ["body", "slot"], -1));
  assertRoundTrip(shopCommand, JSON.stringify(mutate(samples[2], ["body", "slot"], -1)));
});

// kafka-consumed.md §2.29 samples.
Deno.test("NPC_SHOP_STATUS ENTERED, ERROR and EXITED", () => {
  assertConsumedSample(
    shopStatus,
    `{"characterId": 1001, "type": "ENTERED", "body": {"npcTemplateId": 9090000}}`,
    [
      "body",
      "npcTemplateId",
    ],
  );
  assertConsumedSample(
    shopStatus,
    `{"characterId": 1001, "type": "ERROR", "body": {"error": "UNDER_LEVEL_REQUIREMENT", "levelLimit": 30, "reason": ""}}`,
    ["body", "levelLimit"],
  );
  assertConsumedSample(shopStatus, `{"characterId": 1001, "type": "EXITED", "body": {}}`, ["characterId"]);
});

Deno.test("NPC_CONVERSATION: the topic accepts any speaker and type (ended by the consumer); TEXT reads optional limits", () => {
  const sample = {
    worldId: 0,
    channelId: 1,
    characterId: 1001,
    npcId: 9010000,
    speaker: "UNKNOWN",
    message: "?",
    type: "DANCE",
    body: null,
  };
  assertEquals(messages.npcConversationEnvelopeSchema.parse(sample).type, "DANCE");
  assertRejected(messages.npcConversationEnvelopeSchema, { ...sample, characterId: -1 });
  const text = { ...sample, speaker: "NPC_LEFT", type: "TEXT" };
  assertEquals(conversation.parse(text).body, { defaultValue: "", minValue: 0, maxValue: 0 });
  assertEquals(
    conversation.parse({ ...text, body: { defaultValue: "Bob", minValue: 4, maxValue: 12 } }).body,
    { defaultValue: "Bob", minValue: 4, maxValue: 12 },
  );
});
