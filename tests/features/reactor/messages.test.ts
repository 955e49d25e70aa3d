import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected } from "../message_samples.ts";
import * as reactor from "../../../src/features/reactor/messages.ts";

Deno.test("reactor: declares EVENT_TOPIC_REACTOR_STATUS as consumed", () => {
  assertDeclaredTopics(reactor, { EVENT_TOPIC_REACTOR_STATUS: "consumed" });
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
