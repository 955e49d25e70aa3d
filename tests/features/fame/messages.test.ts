import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as fame from "../../../src/features/fame/messages.ts";

Deno.test("fame: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(fame, { EVENT_TOPIC_FAME_STATUS: "consumed", COMMAND_TOPIC_FAME: "produced" });
});

// kafka-produced.md §4.14
const request =
  `{"worldId":0,"characterId":30071,"type":"REQUEST_CHANGE","body":{"channelId":1,"mapId":100000000,"targetId":30112,"amount":1}}`;

Deno.test("fame command: the REQUEST_CHANGE sample round-trips byte for byte, keyed by the giver", () => {
  const contract = fame.fameCommandContract;
  assertRoundTrip(contract.schema, request);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(request))), 30071);
  assertRejected(contract.schema, {
    ...JSON.parse(request),
    body: { ...JSON.parse(request).body, amount: 300 },
  });
  assertRejected(contract.schema, { ...JSON.parse(request), type: "ERROR" });
});

// kafka-consumed.md §2.13
const error = { worldId: 0, characterId: 1001, type: "ERROR", body: { channelId: 1, error: "NOT_TODAY" } };

Deno.test("fame status: the ERROR sample parses for every documented code", () => {
  const schema = fame.fameStatusContract.schema;
  assertEquals(schema.parse(error), error);
  for (const code of fame.FAME_ERRORS) {
    assertEquals(schema.parse({ ...error, body: { channelId: 1, error: code } }).body.error, code);
  }
});

Deno.test("fame status: wrong field types and unknown types are rejected", () => {
  const schema = fame.fameStatusContract.schema;
  assertRejected(schema, { ...error, body: { channelId: 1 } });
  assertRejected(schema, { ...error, body: { channelId: "1", error: "NOT_TODAY" } });
  assertRejected(schema, { ...error, type: "CHANGED" });
});
