/**
 * Broker away for a while (its own broker on port 19395, paused and resumed with its data kept): every
 * publish made during the outage is held and lands once the broker is back (none rejected, none lost),
 * and both the producer and the consumer group recover within seconds; the recovery times are printed.
 */
import { z } from "zod";
import { assertEquals, assertTrue, fail } from "../support/assert.ts";
import { UNIT_ONLY } from "../support/kafka.ts";
import { createKafkaBus } from "../../src/kafka/kafkajs-bus.ts";
import { topicContract } from "../../src/kafka/contract.ts";
import { defaultTopics } from "./bus_contract.ts";
import { Kafka, logLevel } from "kafkajs";

const PORT = "19395"; // controller on 19396; apart from outage.test.ts (19392/19393)
const BOOTSTRAP = `127.0.0.1:${PORT}`;
const OUTAGE_MS = Number(Deno.env.get("ATLAS_OUTAGE_MS") ?? 8_000);
const script = new URL("../../scripts/kafka", import.meta.url).pathname;

async function kafkaScript(command: "start" | "stop" | "pause" | "resume"): Promise<void> {
  const out = await new Deno.Command(script, {
    args: [command],
    env: { KAFKA_PORT: PORT, KAFKA_READY_SECONDS: "180" }, // a loaded machine starts a JVM slowly
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) fail(`scripts/kafka ${command} failed: ${new TextDecoder().decode(out.stderr)}`);
}

const commands = topicContract(
  "COMMAND_TOPIC_CHARACTER",
  "produced",
  z.object({ characterId: z.number(), type: z.literal("SEQ"), body: z.object({ n: z.number() }) }),
);
const events = topicContract(
  "EVENT_TOPIC_CHARACTER_STATUS",
  "consumed",
  z.object({ characterId: z.number(), type: z.literal("SEQ"), body: z.object({ n: z.number() }) }),
);
const tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

Deno.test({
  name: "kafka outage: publishes made while the broker is away are held and all land; both sides recover",
  ignore: UNIT_ONLY,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await kafkaScript("stop"); // a run that was cut short may have left its broker state behind
    await kafkaScript("start");
    const topics = defaultTopics();
    topics.COMMAND_TOPIC_CHARACTER = `hold-cmd-${crypto.randomUUID()}`;
    topics.EVENT_TOPIC_CHARACTER_STATUS = `hold-evt-${crypto.randomUUID()}`;
    const kafka = new Kafka({ clientId: "outage-hold", brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING });
    const bus = createKafkaBus({ brokers: [BOOTSTRAP], topics, serviceId: crypto.randomUUID(), retries: 2 });
    const delivered = new Set<number>();
    bus.subscribe(events, ({ value }) => void delivered.add(value.body.n));
    try {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic: topics.COMMAND_TOPIC_CHARACTER, numPartitions: 3 },
          { topic: topics.EVENT_TOPIC_CHARACTER_STATUS, numPartitions: 3 },
        ],
      });
      await admin.disconnect();
      await bus.start();
      // The consumer works before the outage.
      await bus.publish(events, { characterId: 1, type: "SEQ", body: { n: -1 } }, { tenant, key: 1 });
      await until("the first event", () => delivered.has(-1), 30_000);

      const resolved = new Set<number>();
      const rejected: string[] = [];
      const pending: Promise<void>[] = [];
      let n = 0;
      const publish = () => {
        const seq = n++;
        pending.push(
          bus.publish(commands, { characterId: seq % 20, type: "SEQ", body: { n: seq } }, {
            tenant,
            key: seq % 20,
          }).then(() => void resolved.add(seq), (err) => void rejected.push(String(err))),
        );
      };
      for (let i = 0; i < 20; i++) publish();
      await kafkaScript("pause");
      const outageStarted = performance.now();
      while (performance.now() - outageStarted < OUTAGE_MS) {
        publish();
        await new Promise((r) => setTimeout(r, 20));
      }
      const heldBefore = n - resolved.size - rejected.length;
      await kafkaScript("resume"); // returns once the broker answers metadata requests
      const back = performance.now();
      const firstAfter = n;
      publish();
      const producerRecoveryMs = await until(
        "the producer to recover",
        () => resolved.has(firstAfter),
        60_000,
      );
      await bus.publish(events, { characterId: 1, type: "SEQ", body: { n: -2 } }, { tenant, key: 1 });
      await until("the consumer to recover", () => delivered.has(-2), 60_000);
      const consumerRecoveryMs = performance.now() - back;
      await Promise.all(pending);

      assertEquals(rejected, [], "no publish rejected during a broker outage shorter than the hold limit");
      assertEquals(resolved.size, n, "every publish resolved");
      assertTrue(heldBefore > 100, `publishes were held during the outage (${heldBefore})`);

      const stored = new Set<number>();
      const consumer = kafka.consumer({ groupId: `outage-hold-${crypto.randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic: topics.COMMAND_TOPIC_CHARACTER, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          stored.add(JSON.parse(message.value!.toString()).body.n);
          return Promise.resolve();
        },
      });
      await until("every publish on the broker", () => stored.size >= n, 60_000);
      await consumer.disconnect();
      const missing = [...resolved].filter((s) => !stored.has(s));
      assertEquals(missing, [], "resolved publishes missing from the broker");
      console.log(
        `outage ${OUTAGE_MS} ms: ${n} publishes (${heldBefore} held), all stored; producer recovered ${
          producerRecoveryMs.toFixed(0)
        } ms and consumer ${consumerRecoveryMs.toFixed(0)} ms after the broker was back`,
      );
    } finally {
      await bus.stop();
      await kafkaScript("stop");
    }
  },
});
