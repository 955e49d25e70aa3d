/**
 * Broker outage: on a separate broker (port 19392, started and stopped here), publish continuously
 * while the broker restarts. Every publish either resolves and is then on the broker, or rejects with
 * a PublishError; nothing resolves and is lost.
 */
import { z } from "zod";
import { assertEquals, assertTrue, fail } from "../support/assert.ts";
import { UNIT_ONLY } from "../support/kafka.ts";
import { createKafkaBus } from "../../src/kafka/kafkajs-bus.ts";
import { PublishError } from "../../src/kafka/bus.ts";
import { topicContract } from "../../src/kafka/contract.ts";
import { defaultTopics } from "./bus_contract.ts";
import { Kafka, logLevel } from "kafkajs";

const PORT = "19392";
const BOOTSTRAP = `127.0.0.1:${PORT}`;
const script = new URL("../../scripts/kafka", import.meta.url).pathname;

async function kafkaScript(command: "start" | "stop" | "restart"): Promise<void> {
  const out = await new Deno.Command(script, {
    args: [command],
    env: { KAFKA_PORT: PORT, KAFKA_READY_SECONDS: "180" }, // a loaded machine starts a JVM slowly
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) fail(`scripts/kafka ${command} failed: ${new TextDecoder().decode(out.stderr)}`);
}

const contract = topicContract(
  "COMMAND_TOPIC_CHARACTER",
  "produced",
  z.object({ characterId: z.number(), type: z.literal("SEQ"), body: z.object({ n: z.number() }) }),
);
const tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

Deno.test({
  name: "kafka outage: publishes during a broker restart resolve only when stored, otherwise reject clearly",
  ignore: UNIT_ONLY,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await kafkaScript("start");
    const topics = defaultTopics();
    topics.COMMAND_TOPIC_CHARACTER = `outage-${crypto.randomUUID()}`;
    const kafka = new Kafka({ clientId: "outage-check", brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING });
    const bus = createKafkaBus({ brokers: [BOOTSTRAP], topics, serviceId: crypto.randomUUID(), retries: 3 });
    try {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: topics.COMMAND_TOPIC_CHARACTER, numPartitions: 3 }] });
      await admin.disconnect();
      await bus.start();

      const resolved = new Set<number>();
      const rejected: Error[] = [];
      const pending: Promise<void>[] = [];
      let n = 0;
      let publishing = true;
      const publisher = (async () => {
        while (publishing) {
          const seq = n++;
          pending.push(
            bus.publish(contract, { characterId: seq % 20, type: "SEQ", body: { n: seq } }, {
              tenant,
              key: seq % 20,
            }).then(() => void resolved.add(seq), (err) => void rejected.push(err)),
          );
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 1_000));
      await kafkaScript("restart");
      await new Promise((r) => setTimeout(r, 2_000));
      publishing = false;
      await publisher;
      await Promise.all(pending);

      assertEquals(resolved.size + rejected.length, n, "every publish settled");
      for (const err of rejected) {
        if (!(err instanceof PublishError)) fail(`unexpected rejection ${err}`);
        assertTrue(
          err.message.includes(topics.COMMAND_TOPIC_CHARACTER) && /key \d+/.test(err.message),
          err.message,
        );
      }

      const stored = new Set<number>();
      const consumer = kafka.consumer({ groupId: `outage-check-${crypto.randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic: topics.COMMAND_TOPIC_CHARACTER, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          stored.add(JSON.parse(message.value!.toString()).body.n);
          return Promise.resolve();
        },
      });
      const deadline = Date.now() + 30_000;
      while ([...resolved].some((s) => !stored.has(s)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await consumer.disconnect();
      const lost = [...resolved].filter((s) => !stored.has(s));
      assertEquals(lost, [], "resolved publishes missing from the broker");
      console.log(
        `outage: ${n} publishes, ${resolved.size} resolved, ${rejected.length} rejected, ${stored.size} stored`,
      );
      assertTrue(resolved.size > 0, "some publishes should have succeeded");
    } finally {
      await bus.stop();
      await kafkaScript("stop");
    }
  },
});
