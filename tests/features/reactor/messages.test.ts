import type { z } from "zod";
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { TOPIC_VARIABLES } from "../../../src/config/topics.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import * as reactor from "../../../src/features/reactor/messages.ts";

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

Deno.test("reactor: declares EVENT_TOPIC_REACTOR_STATUS as consumed", () => {
  assertEquals(declaredTopics(reactor), { EVENT_TOPIC_REACTOR_STATUS: "consumed" });
});

// kafka-consumed.md §2.34
const created = {
  worldId: 0,
  channelId: 1,
  mapId: 100000000,
  reactorId: 9001,
  type: "CREATED",
  body: {
    classification: 1002000,
    name: "box",
    state: 0,
    eventState: 0,
    delay: 0,
    direction: 0,
    x: 300,
    y: 154,
    updateTime: "2025-01-31T18:04:05Z",
  },
};
const destroyed = {
  worldId: 0,
  channelId: 1,
  mapId: 100000000,
  reactorId: 9001,
  type: "DESTROYED",
  body: { state: 4, x: 300, y: 154 },
};

Deno.test("reactor status: CREATED and DESTROYED samples parse unchanged", () => {
  const schema = reactor.reactorStatusContract.schema;
  assertEquals(schema.parse(created), created);
  assertEquals(schema.parse(destroyed), destroyed);
});

Deno.test("reactor status: wrong field types, out-of-range values and unknown types are rejected", () => {
  const schema = reactor.reactorStatusContract.schema;
  assertRejected(schema, { ...created, body: { ...created.body, state: 128 } });
  assertRejected(schema, { ...created, body: { ...created.body, name: null } });
  assertRejected(schema, { ...destroyed, body: { state: 4, x: 300 } });
  assertRejected(schema, { ...destroyed, type: "HIT" });
});
