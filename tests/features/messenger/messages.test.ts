import * as messages from "../../../src/features/messenger/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { messengerStatusEventSchema: status, messengerCommandSchema: command } = messages;

Deno.test("messenger messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_MESSENGER_STATUS: "consumed",
    COMMAND_TOPIC_MESSENGER: "produced",
  });
});

// kafka-consumed.md §2.27 samples.
Deno.test("MESSENGER_STATUS JOINED and LEFT", () => {
  for (const type of ["JOINED", "LEFT"]) {
    assertConsumedSample(
      status,
      `{"actorId": 1002, "worldId": 0, "messengerId": 310, "type": "${type}", "body": {"slot": 1}}`,
      ["body", "slot"],
      256,
    );
  }
});

Deno.test("MESSENGER_STATUS ERROR and CREATED are known types", () => {
  assertConsumedSample(
    status,
    `{"actorId": 1002, "worldId": 0, "messengerId": 310, "type": "ERROR",
      "body": {"type": "UNABLE_TO_FIND_THE_CHARACTER", "characterName": "Fern"}, "transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"}`,
    ["body", "characterName"],
    null,
  );
  assertConsumedSample(
    status,
    `{"actorId": 1002, "worldId": 0, "messengerId": 310, "type": "CREATED", "body": {}}`,
    ["messengerId"],
    1.5,
  );
});

// kafka-produced.md §4.13 samples.
Deno.test("MESSENGER commands round-trip and are keyed by actorId", () => {
  const samples = [
    `{"actorId":30071,"type":"CREATE","body":{}}`,
    `{"actorId":30071,"type":"LEAVE","body":{"messengerId":88}}`,
    `{"actorId":30071,"type":"REQUEST_INVITE","body":{"characterId":30112}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.MessengerCommand;
    assertEquals(messages.messengerCommandContract.keyOf?.(parsed), 30071);
  }
  assertRoundTrip(
    command,
    `{"transactionId":"3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b","actorId":30071,"type":"LEAVE","body":{"messengerId":88}}`,
  );
  assertRejected(command, mutate(samples[1], ["body", "messengerId"], -88));
  assertRejected(command, mutate(samples[0], ["transactionId"], "not-a-uuid"));
});
