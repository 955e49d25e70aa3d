/** `EVENT_TOPIC_SAGA_STATUS`: both outcomes are logged (completed at info, failed at warn), nothing sent. */
import { assertEquals } from "../../support/assert.ts";
import type { Delivery } from "../../../src/kafka/bus.ts";
import { onSagaStatus } from "../../../src/features/saga/mod.ts";
import type { SagaStatusEvent } from "../../../src/features/saga/messages.ts";

const tenant = {
  id: "083839c6-c47c-42a6-9585-76492795d123",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const transactionId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const delivery = (value: SagaStatusEvent): Delivery<SagaStatusEvent> => ({
  value,
  tenant,
  topic: "EVENT_TOPIC_SAGA_STATUS",
  partition: 0,
  offset: "0",
  headers: {},
});

Deno.test("saga status: COMPLETED logged at info, FAILED at warn", () => {
  assertEquals(onSagaStatus(delivery({ transactionId, type: "COMPLETED", body: {} })), "info");
  assertEquals(
    onSagaStatus(
      delivery({ transactionId, type: "FAILED", body: { reason: "no space", failedStep: "award_asset" } }),
    ),
    "warn",
  );
});
