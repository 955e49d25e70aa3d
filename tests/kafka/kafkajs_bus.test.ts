/** The bus contract against the real broker (TEST_BOOTSTRAP_SERVERS), with fresh topics and groups. */
import { Buffer } from "node:buffer";
import { busContractSuite, defaultTopics, step, STEPS, TENANT_A } from "./bus_contract.ts";
import { createKafkaBus } from "../../src/kafka/kafkajs-bus.ts";
import { createTopics, testBrokers, testKafka, UNIT_ONLY } from "../support/kafka.ts";
import { type Bus, consumerGroupId } from "../../src/kafka/bus.ts";
import { assertEquals } from "../support/assert.ts";

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

Deno.test({
  name:
    "kafkajs bus: the pinned start and handled offsets are committed while the bus runs, not only at stop",
  ignore: UNIT_ONLY,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const kafka = testKafka();
    const topics = defaultTopics();
    topics.EVENT_TOPIC_MAP_STATUS = `EVENT_TOPIC_MAP_STATUS-${crypto.randomUUID()}`;
    const topic = topics.EVENT_TOPIC_MAP_STATUS;
    await createTopics(kafka, [topic], 1);
    const admin = kafka.admin();
    await admin.connect();
    const producer = createKafkaBus({ brokers: testBrokers(), topics, serviceId: crypto.randomUUID() });
    await producer.start();
    const serviceId = crypto.randomUUID();
    const bus = createKafkaBus({ brokers: testBrokers(), topics, serviceId, maxWaitTimeInMs: 50 });
    const committed = async () => {
      const [entry] = await admin.fetchOffsets({ groupId: consumerGroupId(serviceId), topics: [topic] });
      return entry.partitions[0]?.offset;
    };
    const waitForCommitted = async (offset: string, what: string) => {
      const deadline = Date.now() + 10_000;
      let last: string | undefined;
      while ((last = await committed()) !== offset) {
        if (Date.now() > deadline) throw new Error(`${what}: committed offset ${last}, expected ${offset}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const publish = async (seqs: number[]) => {
      for (const seq of seqs) await producer.publish(STEPS, step(seq, seq), { tenant: TENANT_A, key: seq });
    };
    try {
      // Three records from before the group existed: it starts after them, and says so at once.
      await publish([1, 2, 3]);
      let handled = 0;
      bus.subscribe(STEPS, () => void handled++);
      await bus.start();
      await waitForCommitted("3", "the pinned start");
      await publish([4, 5, 6, 7, 8]);
      await waitForCommitted("8", "five handled records");
      assertEquals(handled, 5);
    } finally {
      await bus.stop();
      await producer.stop();
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  },
});
