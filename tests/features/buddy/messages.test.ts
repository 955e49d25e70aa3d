import * as messages from "../../../src/features/buddy/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { buddyListStatusEventSchema: status, buddyListCommandSchema: command } = messages;

Deno.test("buddy messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_BUDDY_LIST_STATUS: "consumed",
    COMMAND_TOPIC_BUDDY_LIST: "produced",
  });
});

// kafka-consumed.md §2.20 samples.
Deno.test("BUDDY_LIST_STATUS BUDDY_ADDED", () => {
  assertConsumedSample(
    status,
    `{"worldId": 0, "characterId": 1001, "type": "BUDDY_ADDED",
      "body": {"characterId": 1002, "group": "Default Group", "characterName": "Fern", "channelId": 1}}`,
    ["body", "channelId"],
    -129,
  );
});

Deno.test("BUDDY_LIST_STATUS BUDDY_REMOVED", () => {
  assertConsumedSample(
    status,
    `{"worldId": 0, "characterId": 1001, "type": "BUDDY_REMOVED", "body": {"characterId": 1002}}`,
    ["body", "characterId"],
  );
});

Deno.test("BUDDY_LIST_STATUS BUDDY_UPDATED", () => {
  assertConsumedSample(
    status,
    `{"worldId": 0, "characterId": 1001, "type": "BUDDY_UPDATED",
      "body": {"characterId": 1002, "group": "Friends", "characterName": "Fern", "channelId": 2, "inShop": false}}`,
    ["body", "inShop"],
    "no",
  );
});

Deno.test("BUDDY_LIST_STATUS BUDDY_CHANNEL_CHANGE accepts offline (-1)", () => {
  const parsed = assertConsumedSample(
    status,
    `{"worldId": 0, "characterId": 1001, "type": "BUDDY_CHANNEL_CHANGE", "body": {"characterId": 1002, "channelId": -1}}`,
    ["worldId"],
    256,
  );
  assertEquals(parsed, {
    worldId: 0,
    characterId: 1001,
    type: "BUDDY_CHANNEL_CHANGE",
    body: { characterId: 1002, channelId: -1 },
  });
});

Deno.test("BUDDY_LIST_STATUS CAPACITY_CHANGE ignores the body transactionId", () => {
  const parsed = assertConsumedSample(
    status,
    `{"worldId": 0, "characterId": 1001, "type": "CAPACITY_CHANGE",
      "body": {"capacity": 50, "transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"}}`,
    ["body", "capacity"],
    300,
  );
  assertEquals((parsed as { body: unknown }).body, { capacity: 50 });
});

Deno.test("BUDDY_LIST_STATUS ERROR", () => {
  assertConsumedSample(
    status,
    `{"worldId": 0, "characterId": 1001, "type": "ERROR", "body": {"error": "ALREADY_BUDDY"}}`,
    ["body", "error"],
    7,
  );
});

// kafka-produced.md §4.9 samples.
Deno.test("BUDDY_LIST REQUEST_ADD round-trips and is keyed by the owner", () => {
  const sample =
    `{"worldId":0,"characterId":30071,"type":"REQUEST_ADD","body":{"characterId":30112,"group":"Default Group"}}`;
  const parsed = assertRoundTrip(command, sample) as messages.BuddyListCommand;
  assertEquals(messages.buddyListCommandContract.keyOf?.(parsed), 30071);
  assertRejected(command, mutate(sample, ["body", "group"], undefined));
});

Deno.test("BUDDY_LIST REQUEST_DELETE round-trips", () => {
  assertRoundTrip(
    command,
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DELETE","body":{"characterId":30112}}`,
  );
});

Deno.test("BUDDY_LIST receiver-side transactionId goes first when sent", () => {
  assertRoundTrip(
    command,
    `{"transactionId":"3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b","worldId":0,"characterId":30071,"type":"REQUEST_ADD","body":{"characterId":30112,"characterName":"Fern","group":"Default Group"}}`,
  );
  assertRejected(
    command,
    mutate(`{"worldId":0,"characterId":1,"type":"REQUEST_DELETE","body":{"characterId":2}}`, [
      "type",
    ], "INCREASE_CAPACITY"),
  );
});
