import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as portal from "../../../src/features/portal/messages.ts";

Deno.test("portal: declares COMMAND_TOPIC_PORTAL as produced", () => {
  assertDeclaredTopics(portal, { COMMAND_TOPIC_PORTAL: "produced" });
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
