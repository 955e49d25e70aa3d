import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as chat from "../../../src/features/chat/messages.ts";

Deno.test("chat: declares the command (produced) and the event (consumed)", () => {
  assertDeclaredTopics(chat, {
    COMMAND_TOPIC_CHARACTER_CHAT: "produced",
    EVENT_TOPIC_CHARACTER_CHAT: "consumed",
  });
});

// kafka-produced.md §4.8
const general =
  `{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"hello henesys","type":"GENERAL","body":{"balloonOnly":false}}`;
const party =
  `{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"brb","type":"PARTY","body":{"recipients":[30112,30140]}}`;
const whisper =
  `{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"you there?","type":"WHISPER","body":{"recipientName":"Rowan"}}`;
const messenger =
  `{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"gg","type":"MESSENGER","body":{"recipients":[30112]}}`;
const pet =
  `{"worldId":0,"channelId":1,"mapId":100000000,"actorId":1250,"message":"woof","type":"PET","body":{"ownerId":30071,"petSlot":0,"type":0,"action":1,"balloon":false}}`;

Deno.test("chat command: every reference sample round-trips byte for byte, keyed by the actor (pet id for PET)", () => {
  const contract = chat.chatCommandContract;
  for (const sample of [general, party, whisper, messenger, pet]) assertRoundTrip(contract.schema, sample);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(party))), 30071);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(pet))), 1250);
});

Deno.test("chat command: BUDDY, GUILD and ALLIANCE take the PARTY shape (no reference sample; built from §4.8's table)", () => {
  const schema = chat.chatCommandContract.schema;
  for (const type of ["BUDDY", "GUILD", "ALLIANCE"]) {
    assertRoundTrip(schema, party.replace(`"type":"PARTY"`, `"type":"${type}"`));
  }
  assertRoundTrip(schema, party.replace(`[30112,30140]`, `[]`));
  assertEquals(Object.keys(chat.MULTI_CHAT_MODES), ["BUDDY", "PARTY", "GUILD", "ALLIANCE"]);
});

Deno.test("chat command: PINK_TEXT, whisper by id, null recipients and extra fields are not produced", () => {
  const schema = chat.chatCommandContract.schema;
  const base = JSON.parse(party);
  assertRejected(schema, { ...base, type: "PINK_TEXT" });
  assertRejected(schema, { ...base, body: { recipients: null } });
  assertRejected(schema, { ...JSON.parse(whisper), body: { recipient: 30112 } });
  assertRejected(schema, { ...JSON.parse(pet), body: { ...JSON.parse(pet).body, petSlot: 128 } });
  assertRejected(schema, { ...base, transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" });
});

// kafka-consumed.md §2.10
const envelope = { worldId: 0, channelId: 1, mapId: 100000000, actorId: 1001 };
const events = [
  { ...envelope, message: "hello", type: "GENERAL", body: { balloonOnly: false } },
  { ...envelope, message: "omw", type: "PARTY", body: { recipients: [1001, 1002, 1003] } },
  { ...envelope, message: "anyone on?", type: "BUDDY", body: { recipients: [1002, 1004] } },
  { ...envelope, message: "gm guild", type: "GUILD", body: { recipients: [1001, 1002, 1005] } },
  { ...envelope, message: "hello alliance", type: "ALLIANCE", body: { recipients: [1001, 1006] } },
  { ...envelope, message: "psst", type: "WHISPER", body: { recipient: 1002 } },
  { ...envelope, message: "hi all", type: "MESSENGER", body: { recipients: [1002, 1003] } },
  {
    ...envelope,
    actorId: 700001,
    message: "*yip*",
    type: "PET",
    body: { ownerId: 1001, petSlot: 0, type: 1, action: 3, balloon: false },
  },
  { ...envelope, message: "Party quest starting", type: "PINK_TEXT", body: { recipients: [1002] } },
];

Deno.test("chat event: every handled type's reference sample parses unchanged", () => {
  const schema = chat.chatEventContract.schema;
  for (const sample of events) assertEquals(schema.parse(sample), sample);
});

Deno.test("chat event: null recipients read as an empty list", () => {
  const parsed = chat.chatEventContract.schema.parse({ ...events[1], body: { recipients: null } });
  assertEquals(parsed.body, { recipients: [] });
});

Deno.test("chat event: wrong field types and unknown types are rejected", () => {
  const schema = chat.chatEventContract.schema;
  assertRejected(schema, { ...events[0], message: 42 });
  assertRejected(schema, { ...events[1], body: { recipients: ["1002"] } });
  assertRejected(schema, { ...events[5], body: { recipientName: "Rowan" } });
  assertRejected(schema, { ...events[7], body: { ...events[7].body, balloon: "no" } });
  assertRejected(schema, { ...events[0], worldId: 300 });
  assertRejected(schema, { ...events[0], type: "SHOUT" });
});
