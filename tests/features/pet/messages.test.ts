import * as messages from "../../../src/features/pet/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { petStatusEventSchema: status, petCommandSchema: command } = messages;

Deno.test("pet messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, { EVENT_TOPIC_PET_STATUS: "consumed", COMMAND_TOPIC_PET: "produced" });
});

// kafka-consumed.md §2.32 samples.
Deno.test("PET_STATUS every handled type", () => {
  const cases: [string, (string | number)[], unknown][] = [
    [
      `{"petId": 700001, "ownerId": 1001, "type": "SPAWNED", "body": {"templateId": 5000000, "name": "Kitty", "slot": 0, "level": 5, "closeness": 120, "fullness": 100, "x": 215, "y": 154, "stance": 0, "fh": 21}}`,
      ["body", "slot"],
      128,
    ],
    [
      `{"petId": 700001, "ownerId": 1001, "type": "DESPAWNED", "body": {"templateId": 5000000, "name": "Kitty", "slot": -1, "level": 5, "closeness": 120, "fullness": 0, "oldSlot": 0, "reason": "HUNGER"}}`,
      ["body", "oldSlot"],
      "0",
    ],
    [
      `{"petId": 700001, "ownerId": 1001, "type": "COMMAND_RESPONSE", "body": {"slot": 0, "closeness": 121, "fullness": 98, "commandId": 2, "success": true}}`,
      ["body", "success"],
      1,
    ],
    [
      `{"petId": 700001, "ownerId": 1001, "type": "CLOSENESS_CHANGED", "body": {"slot": 0, "closeness": 125, "amount": 4}}`,
      ["body", "amount"],
      40000,
    ],
    [
      `{"petId": 700001, "ownerId": 1001, "type": "FULLNESS_CHANGED", "body": {"slot": 0, "fullness": 100, "amount": 30}}`,
      ["body", "fullness"],
      256,
    ],
    [
      `{"petId": 700001, "ownerId": 1001, "type": "LEVEL_CHANGED", "body": {"slot": 0, "level": 6, "amount": 1}}`,
      ["body", "level"],
      -1,
    ],
    [`{"petId": 700001, "ownerId": 1001, "type": "SLOT_CHANGED", "body": {"oldSlot": 1, "newSlot": 0}}`, [
      "body",
      "newSlot",
    ], "0"],
    [`{"petId": 700001, "ownerId": 1001, "type": "EXCLUDE_CHANGED", "body": {"items": [2000000, 2000001]}}`, [
      "body",
      "items",
      0,
    ], -5],
  ];
  for (const [sample, path, wrong] of cases) assertConsumedSample(status, sample, path, wrong);
  const none = status.parse({ petId: 1, ownerId: 2, type: "EXCLUDE_CHANGED", body: { items: null } });
  assertEquals(none.body, { items: [] });
  assertConsumedSample(status, `{"petId": 700001, "ownerId": 1001, "type": "CREATED", "body": {}}`, [
    "petId",
  ]);
});

// kafka-produced.md §4.26 samples.
Deno.test("PET commands round-trip and are keyed by the pet", () => {
  const samples = [
    `{"actorId":30071,"petId":1250,"type":"SPAWN","body":{"lead":true}}`,
    `{"actorId":30071,"petId":1250,"type":"DESPAWN","body":{}}`,
    `{"actorId":30071,"petId":1250,"type":"ATTEMPT_COMMAND","body":{"commandId":3,"byName":false}}`,
    `{"actorId":30071,"petId":1250,"type":"EXCLUDE","body":{"items":[2000000,4000019]}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.PetCommand;
    assertEquals(messages.petCommandContract.keyOf?.(parsed), 1250);
  }
  assertRoundTrip(command, `{"actorId":30071,"petId":1250,"type":"EXCLUDE","body":{"items":[]}}`);
  // Produced lists are never null.
  assertRejected(command, mutate(samples[3], ["body", "items"], null));
});
