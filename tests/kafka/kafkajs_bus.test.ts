/** The bus contract against the real broker (TEST_BOOTSTRAP_SERVERS), with fresh topics and groups. */
import { Buffer } from "node:buffer";
import { busContractSuite, defaultTopics } from "./bus_contract.ts";
import { createKafkaBus } from "../../src/kafka/kafkajs-bus.ts";
import { createTopics, testBrokers, testKafka, UNIT_ONLY } from "../support/kafka.ts";
import type { Bus } from "../../src/kafka/bus.ts";

busContractSuite({
  name: "kafkajs",
  ignore: UNIT_ONLY,
  deliveryTimeoutMs: 20_000,
  async setup(variables, partitions) {
    const kafka = testKafka();
    const topics = defaultTopics();
    for (const v of variables) topics[v] = `${v}-${crypto.randomUUID()}`;
    await createTopics(kafka, variables.map((v) => topics[v]), partitions);
    const raw = kafka.producer();
    await raw.connect();
    const buses: Bus[] = [];
    return {
      topics,
      newBus(serviceId) {
        const bus = createKafkaBus({ brokers: testBrokers(), topics, serviceId, maxWaitTimeInMs: 50 });
        buses.push(bus);
        return bus;
      },
      async injectRaw(topic, message) {
        const headers = Object.fromEntries(
          Object.entries(message.headers).map(([k, v]) => [k, typeof v === "string" ? v : Buffer.from(v)]),
        );
        const value = message.value === null
          ? null
          : typeof message.value === "string"
          ? message.value
          : Buffer.from(message.value);
        await raw.send({ topic, acks: -1, messages: [{ key: Buffer.from(message.key), value, headers }] });
      },
      async cleanup() {
        for (const bus of buses) await bus.stop();
        await raw.disconnect();
        const admin = kafka.admin();
        await admin.connect();
        await admin.deleteTopics({ topics: variables.map((v) => topics[v]) }).catch(() => {});
        await admin.disconnect();
      },
    };
  },
});
