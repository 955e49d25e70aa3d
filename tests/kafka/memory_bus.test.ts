/** The bus contract against the in-memory broker, plus what only the memory broker has. */
import { busContractSuite, defaultTopics } from "./bus_contract.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { assertEquals } from "../support/assert.ts";

busContractSuite({
  name: "memory",
  ignore: false,
  deliveryTimeoutMs: 2_000,
  setup(variables, partitions) {
    const broker = new MemoryBroker();
    const topics = defaultTopics();
    for (const v of variables) {
      topics[v] = `${v}-${crypto.randomUUID()}`;
      broker.createTopic(topics[v], partitions);
    }
    return Promise.resolve({
      topics,
      newBus: (serviceId) => createMemoryBus({ broker, topics, serviceId }),
      injectRaw: (topic, message) => {
        broker.injectRaw(topic, message);
        return Promise.resolve();
      },
      cleanup: () => Promise.resolve(),
    });
  },
});

Deno.test("memory broker: retention drops the oldest records and consumers skip to the oldest kept", () => {
  const broker = new MemoryBroker({ retention: 3 });
  broker.createTopic("t", 1);
  for (let i = 0; i < 7; i++) broker.injectRaw("t", { value: String(i), partition: 0 });
  assertEquals(broker.records("t", 0).map((r) => new TextDecoder().decode(r.value!)), ["4", "5", "6"]);
  const next = broker.injectRaw("t", { value: "7", partition: 0 });
  assertEquals(next.offset, 7);
});
