import type { z } from "zod";
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { TOPIC_VARIABLES } from "../../../src/config/topics.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import * as portal from "../../../src/features/portal/messages.ts";

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

Deno.test("portal: declares COMMAND_TOPIC_PORTAL as produced", () => {
  assertEquals(declaredTopics(portal), { COMMAND_TOPIC_PORTAL: "produced" });
});

// kafka-produced.md §4.6
const enter =
  `{"worldId":0,"channelId":1,"mapId":100000000,"portalId":3,"type":"ENTER","body":{"characterId":30071}}`;

Deno.test("portal: the ENTER sample round-trips byte for byte and is keyed by the portal id", () => {
  const contract = portal.portalCommandContract;
  assertRoundTrip(contract.schema, enter);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(enter))), 3);
});

Deno.test("portal: rejects other types, a portal name instead of an id and missing bodies", () => {
  const schema = portal.portalCommandContract.schema;
  const base = JSON.parse(enter);
  assertRejected(schema, { ...base, type: "EXIT" });
  assertRejected(schema, { ...base, portalId: "sp" });
  assertRejected(schema, { ...base, body: {} });
});
