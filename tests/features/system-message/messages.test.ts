import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected } from "../message_samples.ts";
import * as systemMessage from "../../../src/features/system-message/messages.ts";

Deno.test("system message: declares COMMAND_TOPIC_SYSTEM_MESSAGE as consumed only (README decision 1)", () => {
  assertDeclaredTopics(systemMessage, { COMMAND_TOPIC_SYSTEM_MESSAGE: "consumed" });
  assertEquals(systemMessage.systemMessageContract.keyOf, undefined);
});

// kafka-consumed.md §2.38
const sample = {
  transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6",
  worldId: 0,
  channelId: 1,
  characterId: 1001,
  type: "SEND_MESSAGE",
  body: { messageType: "POP_UP", message: "You received 10 Maple Leaves." },
};

Deno.test("system message: the reference sample parses; the unread transactionId is dropped", () => {
  const { transactionId: _unused, ...expected } = sample;
  assertEquals(systemMessage.systemMessageContract.schema.parse(sample), expected);
  for (const messageType of systemMessage.SYSTEM_MESSAGE_TYPES) {
    assertEquals(
      systemMessage.systemMessageContract.schema.parse({ ...sample, body: { ...sample.body, messageType } })
        .body.messageType,
      messageType,
    );
  }
});

Deno.test("system message: wrong field types and unknown types are rejected", () => {
  const schema = systemMessage.systemMessageContract.schema;
  assertRejected(schema, { ...sample, characterId: "1001" });
  assertRejected(schema, { ...sample, body: { messageType: "POP_UP" } });
  assertRejected(schema, { ...sample, type: "SEND_NOTICE" });
});
