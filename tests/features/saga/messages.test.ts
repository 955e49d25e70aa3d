import * as messages from "../../../src/features/saga/messages.ts";
import { decodeKey, encodeKey, sagaKey } from "../../../src/kafka/key.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { sagaCommandSchema: command, sagaStatusEventSchema: status } = messages;

// kafka-produced.md §4.36 samples.
const DEPOSIT_WITH_FEE =
  `{"transactionId":"6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5","sagaType":"inventory_transaction","initiatedBy":"STORAGE","steps":[{"stepId":"charge_deposit_fee","status":"pending","action":"award_mesos","payload":{"characterId":30071,"worldId":0,"channelId":1,"actorId":1002005,"actorType":"NPC","amount":-100},"createdAt":"2026-01-15T18:02:11.204551733Z","updatedAt":"2026-01-15T18:02:11.204551733Z"},{"stepId":"remove_from_inventory","status":"pending","action":"destroy_asset","payload":{"characterId":30071,"templateId":4000019,"quantity":25,"removeAll":false},"createdAt":"2026-01-15T18:02:11.204551733Z","updatedAt":"2026-01-15T18:02:11.204551733Z"},{"stepId":"add_to_storage","status":"pending","action":"deposit_to_storage","payload":{"characterId":30071,"accountId":5102,"worldId":0,"slot":6,"templateId":4000019,"referenceId":0,"referenceType":"ETC","expiration":"0001-01-01T00:00:00Z","quantity":25,"ownerId":30071,"flag":0},"createdAt":"2026-01-15T18:02:11.204551733Z","updatedAt":"2026-01-15T18:02:11.204551733Z"}]}`;
const WITHDRAWAL =
  `{"transactionId":"0d4b7a19-2c8e-4f31-a6d5-7e9f1b3c5a70","sagaType":"inventory_transaction","initiatedBy":"STORAGE","steps":[{"stepId":"remove_from_storage","status":"pending","action":"withdraw_from_storage","payload":{"characterId":30071,"accountId":5102,"worldId":0,"assetId":9921,"quantity":0},"createdAt":"2026-01-15T18:05:40.9Z","updatedAt":"2026-01-15T18:05:40.9Z"},{"stepId":"add_to_inventory","status":"pending","action":"award_asset","payload":{"characterId":30071,"item":{"templateId":1302000,"quantity":1,"expiration":"0001-01-01T00:00:00Z"}},"createdAt":"2026-01-15T18:05:40.9Z","updatedAt":"2026-01-15T18:05:40.9Z"}]}`;
const MESO_DEPOSIT =
  `{"transactionId":"c2a9e4f1-8b3d-4d7a-b6e5-1f0a2b3c4d5e","sagaType":"inventory_transaction","initiatedBy":"STORAGE","steps":[{"stepId":"deduct_character_mesos","status":"pending","action":"award_mesos","payload":{"characterId":30071,"worldId":0,"channelId":1,"actorId":30071,"actorType":"STORAGE","amount":-5000},"createdAt":"2026-01-15T18:07:02.51Z","updatedAt":"2026-01-15T18:07:02.51Z"},{"stepId":"add_storage_mesos","status":"pending","action":"update_storage_mesos","payload":{"characterId":30071,"accountId":5102,"worldId":0,"operation":"ADD","mesos":5000},"createdAt":"2026-01-15T18:07:02.51Z","updatedAt":"2026-01-15T18:07:02.51Z"}]}`;

Deno.test("saga messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, { EVENT_TOPIC_SAGA_STATUS: "consumed", COMMAND_TOPIC_SAGA: "produced" });
});

Deno.test("SAGA withdrawal and meso deposit round-trip", () => {
  assertRoundTrip(command, WITHDRAWAL);
  assertRoundTrip(command, MESO_DEPOSIT);
  assertRejected(command, mutate(MESO_DEPOSIT, ["steps", 1, "payload", "operation"], "MULTIPLY"));
  assertRejected(command, mutate(MESO_DEPOSIT, ["steps", 0, "action"], "teleport"));
  assertRejected(command, mutate(MESO_DEPOSIT, ["steps"], []));
});

Deno.test("SAGA deposit: the reference's upper-case referenceType is replaced by atlas-storage's lower case", () => {
  // README decision 3: the reference sent "ETC", which atlas-storage (exact, lower-case comparison) never matches.
  assertRejected(command, JSON.parse(DEPOSIT_WITH_FEE));
  const fixed = DEPOSIT_WITH_FEE.replace(`"referenceType":"ETC"`, `"referenceType":"etc"`);
  assertRoundTrip(command, fixed);
  for (const referenceType of ["equipable", "consumable", "setup", "etc", "cash"]) {
    assertRoundTrip(
      command,
      JSON.stringify(mutate(fixed, ["steps", 2, "payload", "referenceType"], referenceType)),
    );
  }
});

Deno.test("SAGA key is the first four bytes of the transaction id, big-endian", () => {
  const saga = command.parse(JSON.parse(MESO_DEPOSIT.replace("c2a9e4f1-8b3d", "6f1c2d3e-4a5b")));
  const id = messages.sagaCommandContract.keyOf?.(saga);
  assertEquals(id, 0x6f1c2d3e);
  assertEquals([...encodeKey(id!)], [0x3e, 0x2d, 0x1c, 0x6f, 0, 0, 0, 0]);
  assertEquals(decodeKey(sagaKey(saga.transactionId)), id);
});

// kafka-consumed.md §2.35 samples.
Deno.test("SAGA_STATUS COMPLETED and FAILED", () => {
  assertConsumedSample(
    status,
    `{"transactionId": "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "type": "COMPLETED", "body": {}}`,
    ["transactionId"],
    42,
  );
  assertConsumedSample(
    status,
    `{"transactionId": "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "type": "FAILED",
      "body": {"reason": "insufficient mesos", "failedStep": "storage_update_mesos"}}`,
    ["body", "failedStep"],
    null,
  );
});
