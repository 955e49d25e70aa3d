import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as chair from "../../../src/features/chair/messages.ts";

Deno.test("chair: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(chair, {
    EVENT_TOPIC_CHAIR_STATUS: "consumed",
    COMMAND_TOPIC_CHAIR: "produced",
  });
});

// kafka-produced.md §4.15
const usePortable =
  `{"worldId":0,"channelId":1,"mapId":100000000,"type":"USE","body":{"characterId":30071,"chairType":"PORTABLE","chairId":3010000}}`;
const useFixed =
  `{"worldId":0,"channelId":1,"mapId":100000000,"type":"USE","body":{"characterId":30071,"chairType":"FIXED","chairId":2}}`;
const cancel = `{"worldId":0,"channelId":1,"mapId":100000000,"type":"CANCEL","body":{"characterId":30071}}`;

Deno.test("chair command: the reference samples round-trip byte for byte, keyed by the character in the body", () => {
  const contract = chair.chairCommandContract;
  for (const sample of [usePortable, useFixed, cancel]) {
    assertRoundTrip(contract.schema, sample);
    assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(sample))), 30071);
  }
});

Deno.test("chair command: unknown chair types, a seat id of -1 and a CANCEL with a chair are rejected", () => {
  const schema = chair.chairCommandContract.schema;
  const use = JSON.parse(useFixed);
  assertRejected(schema, { ...use, body: { ...use.body, chairType: "SOFA" } });
  assertRejected(schema, { ...use, body: { ...use.body, chairId: -1 } });
  assertRejected(schema, { ...JSON.parse(cancel), body: { characterId: 30071, chairId: 2 } });
  assertRejected(schema, { ...use, type: "SIT" });
});

// kafka-consumed.md §2.8
const used = {
  worldId: 0,
  channelId: 1,
  mapId: 100000000,
  chairType: "PORTABLE",
  chairId: 3010000,
  type: "USED",
  body: { characterId: 1001 },
};
const failed = {
  worldId: 0,
  channelId: 1,
  mapId: 100000000,
  chairType: "FIXED",
  chairId: 0,
  type: "ERROR",
  body: { characterId: 1001, type: "INTERNAL" },
};
const cancelled = { ...used, type: "CANCELLED" };

Deno.test("chair status: every handled type's reference sample parses unchanged", () => {
  const schema = chair.chairStatusContract.schema;
  for (const sample of [used, failed, cancelled]) assertEquals(schema.parse(sample), sample);
});

Deno.test("chair status: wrong field types and unknown types are rejected", () => {
  const schema = chair.chairStatusContract.schema;
  assertRejected(schema, { ...used, chairId: "3010000" });
  assertRejected(schema, { ...failed, body: { characterId: 1001 } });
  assertRejected(schema, { ...used, body: {} });
  assertRejected(schema, { ...used, type: "BROKEN" });
});
