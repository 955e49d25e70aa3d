/**
 * Picks the bus adapter from the settings: kafkajs when BOOTSTRAP_SERVERS is set, otherwise the
 * in-memory broker (the default of `deno task dev`).
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { Bus } from "./bus.ts";
import { createKafkaBus } from "./kafkajs-bus.ts";
import { createMemoryBus, MemoryBroker } from "./memory-bus.ts";
import { getLogger } from "../observability/log.ts";

const log = getLogger("kafka");

/** Thrown when the settings cannot make a bus (e.g. Kafka without SERVICE_ID). */
export class BusConfigError extends Error {
  override name = "BusConfigError";
}

/** The bus for these settings. Kafka needs SERVICE_ID (it names the consumer group). */
export function createBus(
  settings: Pick<Settings, "bootstrapServers" | "serviceId" | "topics">,
  memoryBroker: MemoryBroker = new MemoryBroker(),
): Bus {
  if (settings.bootstrapServers && settings.bootstrapServers.length > 0) {
    if (!settings.serviceId) {
      throw new BusConfigError(
        "SERVICE_ID is required with BOOTSTRAP_SERVERS: it names the consumer group 'Channel Service - {SERVICE_ID}'",
      );
    }
    return createKafkaBus({
      brokers: settings.bootstrapServers,
      topics: settings.topics,
      serviceId: settings.serviceId,
    });
  }
  const serviceId = settings.serviceId ?? crypto.randomUUID();
  log.info("no BOOTSTRAP_SERVERS: using the in-memory bus", { serviceId });
  return createMemoryBus({ broker: memoryBroker, topics: settings.topics, serviceId });
}
