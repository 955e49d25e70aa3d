/** Exits 0 when the broker at KAFKA_READY_BOOTSTRAP answers a metadata request, 1 otherwise. */
import { Kafka, logLevel } from "kafkajs";

const bootstrap = Deno.env.get("KAFKA_READY_BOOTSTRAP") ?? "127.0.0.1:9092";
const admin = new Kafka({
  clientId: "atlas-channel-kafka-ready",
  brokers: [bootstrap],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  retry: { retries: 0 },
}).admin();
try {
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
  Deno.exit(0);
} catch {
  Deno.exit(1);
}
