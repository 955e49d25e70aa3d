import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as chalkboard from "../../../src/features/chalkboard/messages.ts";

Deno.test("chalkboard: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(chalkboard, {
    EVENT_TOPIC_CHALKBOARD_STATUS: "consumed",
    COMMAND_TOPIC_CHALKBOARD: "produced",
  });
});

// kafka-produced.md §4.16
const set =
  `{"worldId":0,"channelId":1,"mapId":100000000,"characterId":30071,"type":"SET","body":{"message":"Selling Zhelms"}}`;
const clear = `{"worldId":0,"channelId":1,"mapId":100000000,"characterId":30071,"type":"CLEAR","body":{}}`;

Deno.test("chalkboard command: SET and CLEAR samples round-trip byte for byte, keyed by character", () => {
  const contract = chalkboard.chalkboardCommandContract;
  for (const sample of [set, clear]) {
    assertRoundTrip(contract.schema, sample);
    assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(sample))), 30071);
  }
  assertRejected(contract.schema, { ...JSON.parse(clear), body: null });
  assertRejected(contract.schema, { ...JSON.parse(clear), body: { message: "" } });
});

// kafka-consumed.md §2.9
const setEvent = {
  worldId: 0,
  channelId: 1,
  mapId: 100000000,
  characterId: 1001,
  type: "SET",
  body: { message: "Selling scrolls, PM me" },
};
const clearEvent = { worldId: 0, channelId: 1, mapId: 100000000, characterId: 1001, type: "CLEAR", body: {} };

Deno.test("chalkboard status: SET and CLEAR samples parse; transactionId is ignored", () => {
  const schema = chalkboard.chalkboardStatusContract.schema;
  assertEquals(schema.parse(setEvent), setEvent);
  assertEquals(
    schema.parse({ ...clearEvent, transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" }),
    clearEvent,
  );
});

Deno.test("chalkboard status: wrong field types and unknown types are rejected", () => {
  const schema = chalkboard.chalkboardStatusContract.schema;
  assertRejected(schema, { ...setEvent, body: { message: 7 } });
  assertRejected(schema, { ...setEvent, characterId: null });
  assertRejected(schema, { ...setEvent, type: "ERASE" });
});
