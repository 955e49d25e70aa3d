/**
 * Bus throughput: each iteration publishes a burst of small keyed commands and waits until the
 * consumer has dispatched all of them, so messages/s = BURST / iteration time.
 * The kafkajs benches need a broker: `TEST_BOOTSTRAP_SERVERS=127.0.0.1:19092 deno bench -A bench/kafka.bench.ts`.
 */
import { z } from "zod";
import { topicContract } from "../src/kafka/contract.ts";
import { createMemoryBus, MemoryBroker } from "../src/kafka/memory-bus.ts";
import { createKafkaBus } from "../src/kafka/kafkajs-bus.ts";
import type { Bus } from "../src/kafka/bus.ts";
import { TOPIC_VARIABLES, type TopicVariable } from "../src/config/topics.ts";
import { Kafka, logLevel } from "kafkajs";

const BURST = 5_000;
const contract = topicContract(
  "COMMAND_TOPIC_CHARACTER_MOVEMENT",
  "both",
  z.object({
    worldId: z.number(),
    channelId: z.number(),
    characterId: z.number(),
    type: z.literal("MOVE"),
    body: z.object({ x: z.number(), y: z.number(), stance: z.number() }),
  }),
);
const tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const brokers = Deno.env.get("TEST_BOOTSTRAP_SERVERS")?.split(",");

function topicsWith(name: string): Record<TopicVariable, string> {
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, v])) as Record<TopicVariable, string>;
  topics.COMMAND_TOPIC_CHARACTER_MOVEMENT = name;
  return topics;
}

interface Rig {
  producer: Bus;
  received(): number;
}

async function rig(make: (serviceId: string) => Bus): Promise<Rig> {
  let count = 0;
  const consumer = make(crypto.randomUUID());
  consumer.subscribe(contract, () => {
    count++;
  });
  await consumer.start();
  const producer = make(crypto.randomUUID());
  await producer.start();
  return { producer, received: () => count };
}

async function burst(r: Rig): Promise<void> {
  const target = r.received() + BURST;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < BURST; i++) {
    const characterId = 1000 + (i % 200);
    pending.push(r.producer.publish(contract, {
      worldId: 0,
      channelId: 1,
      characterId,
      type: "MOVE",
      body: { x: i, y: -i, stance: 4 },
    }, { tenant, key: characterId }));
  }
  await Promise.all(pending);
  while (r.received() < target) await new Promise((res) => setTimeout(res, 1));
}

const broker = new MemoryBroker();
const memoryTopics = topicsWith(`bench-${crypto.randomUUID()}`);
const memoryRig = await rig((serviceId) => createMemoryBus({ broker, topics: memoryTopics, serviceId }));

Deno.bench({
  name: `memory bus: ${BURST} keyed commands published, consumed and dispatched`,
  n: 20,
  warmup: 2,
  async fn() {
    await burst(memoryRig);
  },
});

let kafkaRig: Rig | undefined;
if (brokers) {
  const topic = `bench-${crypto.randomUUID()}`;
  const admin = new Kafka({ clientId: "bench", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();
  const topics = topicsWith(topic);
  kafkaRig = await rig((serviceId) => createKafkaBus({ brokers, topics, serviceId, maxWaitTimeInMs: 20 }));
}

Deno.bench({
  name: `kafkajs bus: ${BURST} keyed commands published (acks=all), consumed and dispatched`,
  ignore: !kafkaRig,
  n: 10,
  warmup: 0,
  async fn() {
    await burst(kafkaRig!);
  },
});

Deno.bench({
  name: `kafkajs bus: ${BURST} keyed commands published (acks=all) only`,
  ignore: !kafkaRig,
  n: 10,
  warmup: 0,
  async fn() {
    const pending: Promise<void>[] = [];
    for (let i = 0; i < BURST; i++) {
      const characterId = 1000 + (i % 200);
      pending.push(kafkaRig!.producer.publish(contract, {
        worldId: 0,
        channelId: 1,
        characterId,
        type: "MOVE",
        body: { x: i, y: -i, stance: 4 },
      }, { tenant, key: characterId }));
    }
    await Promise.all(pending);
  },
});
