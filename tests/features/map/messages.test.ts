import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected } from "../message_samples.ts";
import * as map from "../../../src/features/map/messages.ts";

Deno.test("map: declares EVENT_TOPIC_MAP_STATUS as consumed", () => {
  assertDeclaredTopics(map, { EVENT_TOPIC_MAP_STATUS: "consumed" });
});

// kafka-consumed.md §2.4
const enter = {
  worldId: 0,
  channelId: 1,
  mapId: 104000000,
  type: "CHARACTER_ENTER",
  body: { characterId: 1001 },
};
const exit = {
  worldId: 0,
  channelId: 1,
  mapId: 104000000,
  type: "CHARACTER_EXIT",
  body: { characterId: 1001 },
};

Deno.test("map status: CHARACTER_ENTER and CHARACTER_EXIT samples parse; transactionId is ignored", () => {
  const schema = map.mapStatusContract.schema;
  assertEquals(schema.parse(enter), enter);
  assertEquals(schema.parse({ ...exit, transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" }), exit);
});

Deno.test("map status: wrong field types and unknown types are rejected", () => {
  const schema = map.mapStatusContract.schema;
  assertRejected(schema, { ...enter, mapId: "104000000" });
  assertRejected(schema, { ...enter, body: { characterId: -1 } });
  assertRejected(schema, { ...enter, body: {} });
  assertRejected(schema, { ...enter, type: "CHARACTER_WARP" });
});
