import * as messages from "../../../src/features/consumable/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { consumableStatusEventSchema: status, consumableCommandSchema: command } = messages;

Deno.test("consumable messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_CONSUMABLE_STATUS: "consumed",
    COMMAND_TOPIC_CONSUMABLE: "produced",
  });
});

// kafka-consumed.md §2.14 samples.
Deno.test("CONSUMABLE_STATUS ERROR, SCROLL and EFFECT_APPLIED", () => {
  assertConsumedSample(
    status,
    `{"characterId": 1001, "type": "ERROR", "body": {"error": "PET_CANNOT_CONSUME"}}`,
    [
      "body",
      "error",
    ],
    1,
  );
  assertConsumedSample(
    status,
    `{"characterId": 1001, "type": "SCROLL", "body": {"success": true, "cursed": false, "legendarySpirit": false, "whiteScroll": false}}`,
    ["body", "cursed"],
    "false",
  );
  assertConsumedSample(
    status,
    `{"characterId": 1001, "type": "EFFECT_APPLIED", "body": {"itemId": 2000000, "transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"}}`,
    ["body", "itemId"],
  );
});

// kafka-produced.md §4.25 samples.
Deno.test("CONSUMABLE commands round-trip and are keyed by the character", () => {
  const samples = [
    `{"worldId":0,"channelId":1,"characterId":30071,"type":"REQUEST_ITEM_CONSUME","body":{"source":4,"itemId":2000002,"quantity":1}}`,
    `{"worldId":0,"channelId":1,"characterId":30071,"type":"REQUEST_SCROLL","body":{"scrollSlot":7,"equipSlot":-11,"whiteScroll":false,"legendarySpirit":false}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.ConsumableCommand;
    assertEquals(messages.consumableCommandContract.keyOf?.(parsed), 30071);
  }
  assertRejected(command, mutate(samples[1], ["body", "equipSlot"], -40000));
  assertRejected(command, mutate(samples[0], ["channelId"], undefined));
});
