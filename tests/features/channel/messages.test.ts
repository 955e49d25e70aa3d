import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected } from "../message_samples.ts";
import * as channel from "../../../src/features/channel/messages.ts";

Deno.test("channel: declares COMMAND_TOPIC_CHANNEL_STATUS as consumed only (README decision 1)", () => {
  assertDeclaredTopics(channel, { COMMAND_TOPIC_CHANNEL_STATUS: "consumed" });
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
