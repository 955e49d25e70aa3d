import type { z } from "zod";
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { TOPIC_VARIABLES } from "../../../src/config/topics.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import * as channel from "../../../src/features/channel/messages.ts";

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

Deno.test("channel: declares COMMAND_TOPIC_CHANNEL_STATUS as consumed only (README decision 1)", () => {
  assertEquals(declaredTopics(channel), { COMMAND_TOPIC_CHANNEL_STATUS: "consumed" });
  assertEquals(channel.channelStatusContract.keyOf, undefined);
});

// kafka-consumed.md §2.22
Deno.test("channel status: the STATUS_REQUEST sample parses; other types and shapes are rejected", () => {
  const schema = channel.channelStatusContract.schema;
  assertEquals(schema.parse({ type: "STATUS_REQUEST" }), { type: "STATUS_REQUEST" });
  assertRejected(schema, { type: "STATUS_RESPONSE" });
  assertRejected(schema, { type: 1 });
  assertRejected(schema, {});
});
