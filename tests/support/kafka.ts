/**
 * Access to the real Kafka broker that `deno task test` provides (TEST_BOOTSTRAP_SERVERS).
 * @module
 */
import { Kafka, logLevel } from "kafkajs";
import { waitForTopicLeaders } from "../../src/kafka/start-offsets.ts";
import { installKafkajsTimerFix } from "../../src/kafka/kafkajs-timers.ts";

/** True when only unit tests should run (`deno task test:unit`). */
export const UNIT_ONLY = Deno.env.get("ATLAS_TEST_UNIT_ONLY") === "1";

/** The broker list for integration tests; fails loudly when the test command did not provide one. */
export function testBrokers(): string[] {
  const value = Deno.env.get("TEST_BOOTSTRAP_SERVERS");
  if (!value) {
    throw new Error(
      "integration test needs a real Kafka broker: run `deno task test` (it starts one) or set TEST_BOOTSTRAP_SERVERS",
    );
  }
  return value.split(",");
}

/** A kafkajs client on the test broker. */
export function testKafka(clientId = "atlas-channel-test"): Kafka {
  installKafkajsTimerFix(); // no TimeoutNegativeWarning in the test output (kafkajs-timers.ts)
  return new Kafka({ clientId, brokers: testBrokers(), logLevel: logLevel.NOTHING });
}

/** A topic name no other test uses. */
export function freshTopic(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/**
 * Creates topics and waits until every partition has a leader. Polls metadata instead of kafkajs'
 * `waitForLeaders`, which gives up on a busy broker.
 */
export async function createTopics(
  kafka: Kafka,
  topics: string[],
  numPartitions = 1,
  timeoutMs = 30_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions })),
      waitForLeaders: false,
    });
    await waitForTopicLeaders(admin, topics, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes test topics (best effort), so a long test run does not pile up thousands of topics and
 * exhaust the broker's file descriptors.
 */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // A topic that is already gone, or a broker shutting down, is fine for a clean-up.
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Options for a Deno test that needs the broker. */
export function integration(name: string, fn: () => Promise<void>): Deno.TestDefinition {
  return { name, ignore: UNIT_ONLY, fn, sanitizeOps: false, sanitizeResources: false };
}
