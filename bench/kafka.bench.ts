/**
 * Bus throughput, per adapter, measured separately for the two directions:
 *
 * - publish: one iteration publishes BURST small keyed commands (200 keys) and waits until every
 *   publish resolved (kafkajs: acknowledged with acks=all). commands/s = BURST / time per iteration.
 * - consume: a topic holding CONSUMED messages (kept between runs, topped up when short); each
 *   iteration starts a bus in a fresh consumer group that reads them from the beginning and
 *   dispatches each through the bus (JSON, tenant headers, trace context, zod, handler span,
 *   handler). The clock runs from the first delivery to the last, so group join and the first fetch
 *   are excluded. events/s = CONSUMED / time per iteration.
 * - round trip: publish BURST and wait until a running consumer dispatched them all (end to end).
 *
 * Run: `TEST_BOOTSTRAP_SERVERS=127.0.0.1:19092 ./scripts/deno bench -A bench/kafka.bench.ts` (without
 * the variable only the in-memory benches run).
 *
 * Measured 2026-11-26 on the shared 2-core dev VM (AMD EPYC, Deno 2.9.6, kafkajs 2.2.4, the local
 * single-node broker on the same machine, 6 partitions, acks=all). Messages/s from each run's
 * average iteration time, as median / best run / worst run.
 *
 * 7 runs, machine fairly quiet (load average 1.3-1.8):
 *   kafkajs bus publish (resolved, acks=all)         46,200 /  51,000 /  38,900 commands/s
 *   kafkajs bus consume + dispatch                   97,000 / 103,800 /  91,000 events/s
 *   kafkajs bus round trip (publish → dispatched)    92,500 / 105,100 /  81,400 messages/s
 *   memory bus publish                              156,900 / 191,600 / 129,100 commands/s
 *   memory bus consume + dispatch                   121,400 / 131,300 /  97,700 events/s
 *   memory bus round trip                           269,500 / 300,400 / 251,700 messages/s
 *
 * 10 runs while other helpers kept the machine busy (load average 2.1-6.4):
 *   kafkajs bus publish 30,100 / 41,500 / 19,000; consume 52,500 / 72,800 / 36,800;
 *   memory bus publish 105,100 / 153,000 / 40,100; consume 83,400 / 123,000 / 32,000.
 *
 * The same benches on the code before the 2026-11-26 optimizations (3 runs, load 1.3-1.6, medians):
 * kafkajs publish 18,500, consume 85,300; memory publish 82,400, consume 90,500. CPU time of the
 * Deno process per message (bench/kafka_profile.ts, 60,000 messages, old and new code interleaved,
 * load ~3): publish 85-96 µs before, 30-41 µs after; consume 22-26 µs in both. That counts every
 * thread of the process, so one core of our own sustains about 25,000-33,000 publishes/s or
 * ~40,000 consumed events/s.
 * @module
 */
import { createMemoryBus, MemoryBroker } from "../src/kafka/memory-bus.ts";
import { createKafkaBus } from "../src/kafka/kafkajs-bus.ts";
import type { Bus } from "../src/kafka/bus.ts";
import { TOPIC_VARIABLES, type TopicVariable } from "../src/config/topics.ts";
import { type Admin, Kafka, logLevel } from "kafkajs";
import { contract, tenant } from "./kafka_fixture.ts";
import { waitForTopicLeaders } from "../src/kafka/start-offsets.ts";

const BURST = 5_000;
const CONSUMED = 20_000;
const brokers = Deno.env.get("TEST_BOOTSTRAP_SERVERS")?.split(",");

function topicsWith(name: string): Record<TopicVariable, string> {
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, v])) as Record<TopicVariable, string>;
  topics.COMMAND_TOPIC_CHARACTER_MOVEMENT = name;
  return topics;
}

/** Publishes `count` keyed commands and waits until all resolved. */
async function publishBurst(bus: Bus, count: number): Promise<void> {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const characterId = 1000 + (i % 200);
    pending.push(bus.publish(contract, {
      worldId: 0,
      channelId: 1,
      characterId,
      type: "MOVE",
      body: { x: i, y: -i, stance: 4 },
    }, { tenant, key: characterId }));
  }
  await Promise.all(pending);
}

interface Adapter {
  name: string;
  /** A bus on `topic` in group `Channel Service - {serviceId}`. */
  make(topic: string, serviceId: string): Bus;
  /**
   * The topic for one purpose. Kafka topics have fixed names and are reused by later runs: a fresh
   * topic per run left thousands of partition directories on the shared broker.
   */
  topic(purpose: string): Promise<string>;
  /** Messages currently stored in `topic`. */
  stored(topic: string): Promise<number>;
}

const broker = new MemoryBroker({ defaultPartitions: 6 });
const memory: Adapter = {
  name: "memory bus",
  make: (topic, serviceId) => createMemoryBus({ broker, topics: topicsWith(topic), serviceId }),
  topic: (purpose) => Promise.resolve(`bench-${purpose}`),
  stored(topic) {
    let count = 0;
    for (let p = 0; p < broker.partitionCount(topic); p++) count += broker.records(topic, p).length;
    return Promise.resolve(count);
  },
};

async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: "bench", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

const kafka: Adapter | undefined = brokers && {
  name: "kafkajs bus",
  make: (topic, serviceId) =>
    createKafkaBus({ brokers, topics: topicsWith(topic), serviceId, maxWaitTimeInMs: 20 }),
  topic(purpose) {
    const topic = `atlas-channel-bench-${purpose}`;
    return withAdmin(brokers, async (admin) => {
      await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: false });
      await waitForTopicLeaders(admin, [topic], 5_000);
      return topic;
    });
  },
  stored(topic) {
    return withAdmin(brokers, async (admin) => {
      // Right after creation the partition leaders may still be moving in; ask again for a while.
      for (let attempt = 0;; attempt++) {
        try {
          const offsets = await admin.fetchTopicOffsets(topic);
          return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
        } catch (err) {
          if (attempt >= 50) throw err;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    });
  },
};

async function registerBenches(adapter: Adapter): Promise<void> {
  const publishTopic = await adapter.topic("publish");
  const publisher = adapter.make(publishTopic, crypto.randomUUID());
  await publisher.start();
  Deno.bench({
    name: `${adapter.name}: publish ${BURST} keyed commands, all resolved`,
    group: "publish",
    n: 20,
    warmup: 2,
    async fn() {
      await publishBurst(publisher, BURST);
    },
  });

  const consumeTopic = await adapter.topic(`consume-${CONSUMED}`);
  const missing = CONSUMED - await adapter.stored(consumeTopic);
  if (missing > 0) {
    const filler = adapter.make(consumeTopic, crypto.randomUUID());
    await filler.start();
    await publishBurst(filler, missing);
    await filler.stop();
  }
  Deno.bench({
    name: `${adapter.name}: consume and dispatch ${CONSUMED} events (fresh group, from the beginning)`,
    group: "consume",
    n: 8,
    warmup: 1,
    async fn(b) {
      let received = 0;
      let allDone!: () => void;
      const done = new Promise<void>((resolve) => allDone = resolve);
      const consumer = adapter.make(consumeTopic, crypto.randomUUID());
      consumer.subscribe(contract, () => {
        if (received++ === 0) b.start();
        if (received === CONSUMED) {
          b.end();
          allDone();
        }
      }, { fromBeginning: true });
      await consumer.start();
      await done;
      await consumer.stop();
    },
  });

  const roundTripTopic = await adapter.topic("round-trip");
  let received = 0;
  const consumer = adapter.make(roundTripTopic, crypto.randomUUID());
  consumer.subscribe(contract, () => {
    received++;
  });
  await consumer.start();
  const producer = adapter.make(roundTripTopic, crypto.randomUUID());
  await producer.start();
  Deno.bench({
    name: `${adapter.name}: ${BURST} keyed commands published, consumed and dispatched (round trip)`,
    group: "round trip",
    n: 10,
    warmup: 1,
    async fn() {
      const target = received + BURST;
      await publishBurst(producer, BURST);
      while (received < target) await new Promise((resolve) => setTimeout(resolve, 1));
    },
  });
}

globalThis.addEventListener("unhandledrejection", (event) => {
  console.error("kafka.bench.ts: unhandled rejection:", event.reason);
});
try {
  await registerBenches(memory);
  if (kafka) await registerBenches(kafka);
} catch (err) {
  // `deno bench --json` reports only "Bench failed" for an error while registering.
  console.error("kafka.bench.ts: setup failed:", err);
  throw err;
}
