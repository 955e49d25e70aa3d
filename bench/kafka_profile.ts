/**
 * Profiling driver for the kafkajs bus (not a benchmark): publishes N keyed commands, then consumes them
 * with a fresh group from the beginning, and prints messages/s and process CPU time per message.
 * Run (add `--cpu-prof --cpu-prof-dir=/tmp/kprof` for a V8 CPU profile; N sets the message count):
 * `TEST_BOOTSTRAP_SERVERS=127.0.0.1:19092 ./scripts/deno run -A bench/kafka_profile.ts`.
 * @module
 */
import { createKafkaBus } from "../src/kafka/kafkajs-bus.ts";
import { TOPIC_VARIABLES, type TopicVariable } from "../src/config/topics.ts";
import { Kafka, logLevel } from "kafkajs";
import { contract, tenant } from "./kafka_fixture.ts";
import { cpuUsage } from "node:process";

const N = Number(Deno.env.get("N") ?? 60_000);
const brokers = (Deno.env.get("TEST_BOOTSTRAP_SERVERS") ?? "127.0.0.1:19092").split(",");
const topic = `prof-${crypto.randomUUID()}`;
const admin = new Kafka({ clientId: "prof", brokers, logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
await admin.disconnect();
const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, v])) as Record<TopicVariable, string>;
topics.COMMAND_TOPIC_CHARACTER_MOVEMENT = topic;

/** CPU time of this process (all threads, incl. GC helpers) per message since `since`. */
function cpuPerMessage(since: { user: number; system: number }): string {
  const used = cpuUsage(since);
  return `${((used.user + used.system) / N).toFixed(1)} µs CPU/message`;
}

const producer = createKafkaBus({ brokers, topics, serviceId: crypto.randomUUID() });
await producer.start();
let t0 = performance.now();
let cpu0 = cpuUsage();
const pending: Promise<void>[] = [];
for (let i = 0; i < N; i++) {
  const characterId = 1000 + (i % 200);
  pending.push(producer.publish(contract, {
    worldId: 0,
    channelId: 1,
    characterId,
    type: "MOVE",
    body: { x: i, y: -i, stance: 4 },
  }, { tenant, key: characterId }));
  if (pending.length >= 10_000) await Promise.all(pending.splice(0));
}
await Promise.all(pending);
let ms = performance.now() - t0;
console.log(`publish: ${N} in ${ms.toFixed(0)} ms = ${(N / ms * 1000).toFixed(0)}/s, ${cpuPerMessage(cpu0)}`);
await producer.stop();

let count = 0;
let done!: () => void;
const finished = new Promise<void>((r) => done = r);
const consumer = createKafkaBus({ brokers, topics, serviceId: crypto.randomUUID(), maxWaitTimeInMs: 20 });
consumer.subscribe(contract, () => {
  if (++count === N) done();
}, { fromBeginning: true });
t0 = performance.now();
cpu0 = cpuUsage();
await consumer.start();
await finished;
ms = performance.now() - t0;
console.log(`consume: ${N} in ${ms.toFixed(0)} ms = ${(N / ms * 1000).toFixed(0)}/s, ${cpuPerMessage(cpu0)}`);
await consumer.stop();
// Every run creates a topic; leaving them behind fills the shared broker's log directory.
const cleanup = new Kafka({ clientId: "prof", brokers, logLevel: logLevel.NOTHING }).admin();
await cleanup.connect();
await cleanup.deleteTopics({ topics: [topic] });
await cleanup.disconnect();
