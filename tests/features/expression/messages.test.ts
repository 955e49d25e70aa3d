import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as expression from "../../../src/features/expression/messages.ts";

Deno.test("expression: declares the command (produced) and the event (consumed)", () => {
  assertDeclaredTopics(expression, {
    COMMAND_TOPIC_EXPRESSION: "produced",
    EVENT_TOPIC_EXPRESSION: "consumed",
  });
});

// kafka-produced.md §4.7
const command = `{"characterId":30071,"worldId":0,"channelId":1,"mapId":100000000,"expression":4}`;

Deno.test("expression command: the sample round-trips byte for byte and is keyed by character", () => {
  const contract = expression.expressionCommandContract;
  assertRoundTrip(contract.schema, command);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(command))), 30071);
  assertRejected(contract.schema, {
    ...JSON.parse(command),
    transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6",
  });
});

// kafka-consumed.md §2.15
const event = { characterId: 1001, worldId: 0, channelId: 1, mapId: 100000000, expression: 4 };

Deno.test("expression event: the sample parses, transactionId is ignored, wrong types are rejected", () => {
  const schema = expression.expressionEventContract.schema;
  assertEquals(schema.parse({ ...event, transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" }), event);
  assertRejected(schema, { ...event, expression: "4" });
  assertRejected(schema, { ...event, expression: -1 });
  assertRejected(schema, { ...event, characterId: undefined });
});
