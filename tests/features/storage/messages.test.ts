import * as messages from "../../../src/features/storage/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { storageStatusEventSchema: status, storageCommandSchema: command, storageShowCommandSchema: show } =
  messages;

Deno.test("storage messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_STORAGE_STATUS: "consumed",
    COMMAND_TOPIC_STORAGE: "produced",
    COMMAND_TOPIC_STORAGE_SHOW: "consumed",
  });
});

// kafka-consumed.md §2.19 samples.
Deno.test("STORAGE_STATUS MESOS_UPDATED, ARRANGED and ERROR", () => {
  assertConsumedSample(
    status,
    `{"transactionId": "77d5e2c1-0b9a-4f8e-a7d6-c5b4a3928170", "worldId": 0, "accountId": 4021, "type": "MESOS_UPDATED",
      "body": {"oldMesos": 10000, "newMesos": 15000}}`,
    ["body", "newMesos"],
  );
  assertConsumedSample(
    status,
    `{"transactionId": "77d5e2c1-0b9a-4f8e-a7d6-c5b4a3928170", "worldId": 0, "accountId": 4021, "type": "ARRANGED", "body": {}}`,
    ["transactionId"],
    "not-a-uuid",
  );
  const error =
    `{"transactionId": "77d5e2c1-0b9a-4f8e-a7d6-c5b4a3928170", "worldId": 0, "accountId": 4021, "type": "ERROR",
    "body": {"errorCode": "NOT_ENOUGH_MESOS"}}`;
  assertConsumedSample(status, error, ["body", "errorCode"], 2);
  const generic = status.parse(mutate(error, ["body"], { errorCode: "GENERIC", message: "Try later" }));
  assertEquals(generic.body, { errorCode: "GENERIC", message: "Try later" });
});

// kafka-produced.md §4.35 sample.
Deno.test("STORAGE ARRANGE round-trips and is keyed by the account", () => {
  const sample =
    `{"transactionId":"3b8e1d2c-5f4a-4e6b-9c7d-8a1b2c3d4e5f","worldId":0,"accountId":5102,"type":"ARRANGE","body":{}}`;
  const parsed = assertRoundTrip(command, sample) as messages.StorageCommand;
  assertEquals(messages.storageCommandContract.keyOf?.(parsed), 5102);
  assertRejected(command, mutate(sample, ["transactionId"], undefined));
  assertRejected(command, mutate(sample, ["type"], "UPDATE_MESOS"));
});

// kafka-consumed.md §2.37 sample.
Deno.test("STORAGE_SHOW SHOW_STORAGE", () => {
  assertConsumedSample(
    show,
    `{"transactionId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "worldId": 0, "channelId": 1,
      "characterId": 1001, "npcId": 1002005, "accountId": 4021, "type": "SHOW_STORAGE"}`,
    ["npcId"],
  );
});
