import * as messages from "../../../src/features/transport/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import { assertConsumedSample, assertDeclaredTopics, assertRejected, mutate } from "../message_samples.ts";

Deno.test("transport messages declare exactly the assigned topic", () => {
  assertDeclaredTopics(messages, { EVENT_TOPIC_TRANSPORT_STATUS: "consumed" });
});

// kafka-consumed.md §2.18 samples.
Deno.test("TRANSPORT_STATUS ARRIVED and DEPARTED", () => {
  for (const type of ["ARRIVED", "DEPARTED"]) {
    const sample =
      `{"routeId": "c4b3a291-8f7e-4d6c-b5a4-938271605f4e", "type": "${type}", "body": {"mapId": 101000300}}`;
    const parsed = assertConsumedSample(messages.transportStatusEventSchema, sample, ["body", "mapId"]);
    assertEquals((parsed as messages.TransportStatusEvent).body.mapId, 101000300);
    assertRejected(messages.transportStatusEventSchema, mutate(sample, ["routeId"], "route-7"));
  }
});
