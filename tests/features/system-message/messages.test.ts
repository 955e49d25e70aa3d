import type { z } from "zod";
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { TOPIC_VARIABLES } from "../../../src/config/topics.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import * as systemMessage from "../../../src/features/system-message/messages.ts";

function assertRejected(schema: z.ZodType, value: unknown): void {
  assertTrue(!schema.safeParse(value).success, `expected rejection of ${JSON.stringify(value)}`);
}

function declaredTopics(module: Record<string, unknown>): Record<string, string> {
  const contracts = Object.values(module).filter((v): v is TopicContract =>
    typeof v === "object" && v !== null && "variable" in v && "direction" in v && "schema" in v
  );
  for (const c of contracts) assertTrue(TOPIC_VARIABLES.includes(c.variable), c.variable);
  const topics = Object.fromEntries(contracts.map((c) => [c.variable, c.direction]));
  assertEquals(Object.keys(topics).length, contracts.length, "a topic is declared twice");
  return topics;
}

Deno.test("system message: declares COMMAND_TOPIC_SYSTEM_MESSAGE as consumed only (README decision 1)", () => {
  assertEquals(declaredTopics(systemMessage), { COMMAND_TOPIC_SYSTEM_MESSAGE: "consumed" });
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
