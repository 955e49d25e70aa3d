/**
 * Saga outcomes (`EVENT_TOPIC_SAGA_STATUS`, reference `kafka/consumer/saga/consumer.go`): `COMPLETED` and
 * `FAILED` are logged with the transaction id, as the reference does (it has a TODO to tell the client
 * about failures). The saga commands themselves are produced by the domains that start them (storage).
 * @module
 */
import type { Feature } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { sagaStatusContract, type SagaStatusEvent } from "./messages.ts";

const log = getLogger("saga");

/** Logs one saga outcome; returns the level it was logged at. */
export function onSagaStatus(delivery: Delivery<SagaStatusEvent>): "info" | "warn" {
  const { value: event, tenant } = delivery;
  if (event.type === "COMPLETED") {
    log.info("saga completed", { tenantId: tenant.id, transactionId: event.transactionId });
    return "info";
  }
  log.warn("saga failed", {
    tenantId: tenant.id,
    transactionId: event.transactionId,
    failedStep: event.body.failedStep,
    reason: event.body.reason,
  });
  return "warn";
}

/** See the module documentation. */
export const sagaFeature: Feature = {
  name: "saga",
  contracts: [sagaStatusContract],
  start(ctx) {
    ctx.bus.subscribe(sagaStatusContract, (d) => void onSagaStatus(d), { name: "saga_status_event" });
  },
};
