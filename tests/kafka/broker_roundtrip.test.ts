/**
 * Foundation check: a keyed message with Atlas tenant headers goes through the real broker and comes
 * back to a consumer in the channel's consumer group.
 */
import { withDeadline } from "../support/deadline.ts";
import { assertEquals } from "../support/assert.ts";
import { createTopics, freshTopic, integration, testKafka } from "../support/kafka.ts";
import { decodeKey, encodeKey } from "../../src/kafka/key.ts";
import { tenantFromKafkaHeaders, tenantKafkaHeaders } from "../../src/kafka/tenant-headers.ts";
import type { IHeaders } from "kafkajs";

const tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

Deno.test(
  integration("kafka: keyed message with tenant headers round-trips through the real broker", async () => {
    const kafka = testKafka();
    const topic = freshTopic("foundation-roundtrip");
    await createTopics(kafka, [topic]);
    const serviceId = crypto.randomUUID();
    const consumer = kafka.consumer({ groupId: `Channel Service - ${serviceId}` });
    const producer = kafka.producer({ idempotent: true });
    await Promise.all([consumer.connect(), producer.connect()]);
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: Uint8Array | null; headers: IHeaders; value: string }>(
        (resolve) => {
          consumer.run({
            eachMessage: ({ message }) => {
              resolve({
                key: message.key,
                headers: message.headers ?? {},
                value: message.value?.toString() ?? "",
              });
              return Promise.resolve();
            },
          });
        },
      );
      const body = { worldId: 0, channelId: 1, characterId: 30071, type: "ENTER", body: { portalId: 3 } };
      const headers = Object.fromEntries(
        Object.entries(tenantKafkaHeaders(tenant)).map(([k, v]) => [k, Buffer.from(v)]),
      );
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: Buffer.from(encodeKey(30071)), value: JSON.stringify(body), headers }],
      });
      const got = await withDeadline(received, 30_000, `the message on ${topic}`);
      assertEquals([...got.key!], [0x77, 0x75, 0, 0, 0, 0, 0, 0]);
      assertEquals(decodeKey(got.key!), 30071);
      assertEquals([...(got.headers.MAJOR_VERSION as Buffer)], [0x00, 0x53]);
      assertEquals([...(got.headers.MINOR_VERSION as Buffer)], [0x00, 0x01]);
      assertEquals(tenantFromKafkaHeaders(got.headers as Record<string, Uint8Array>), tenant);
      assertEquals(JSON.parse(got.value), body);

      const admin = kafka.admin();
      await admin.connect();
      const groups = await admin.listGroups();
      await admin.disconnect();
      assertEquals(groups.groups.some((g) => g.groupId === `Channel Service - ${serviceId}`), true);
    } finally {
      await Promise.all([consumer.disconnect(), producer.disconnect()]);
    }
  }),
);
