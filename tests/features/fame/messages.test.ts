import type { z } from "zod";
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { TOPIC_VARIABLES } from "../../../src/config/topics.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import * as fame from "../../../src/features/fame/messages.ts";

/** Parses a reference sample and checks that re-serialising gives back the same JSON, key order included. */
function assertRoundTrip(schema: z.ZodType, json: string): void {
  const parsed = schema.parse(JSON.parse(json));
  assertEquals(parsed, JSON.parse(json));
  assertEquals(JSON.stringify(parsed), json);
}

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

Deno.test("fame: declares the status event (consumed) and the command (produced)", () => {
  assertEquals(declaredTopics(fame), { EVENT_TOPIC_FAME_STATUS: "consumed", COMMAND_TOPIC_FAME: "produced" });
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
