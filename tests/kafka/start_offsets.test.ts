/**
 * Where the consumer starts (src/kafka/start-offsets.ts) survives a group coordinator that is still
 * loading: kafkajs' "Failed to find group coordinator" (non-retriable in kafkajs) is waited out until the
 * start deadline, while any other non-retriable error fails at once.
 */
import type { Admin } from "kafkajs";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { startOffsets } from "../../src/kafka/start-offsets.ts";

function fakeAdmin(failures: Error[]): Admin & { fetchOffsetsCalls: number } {
  const admin = {
    fetchOffsetsCalls: 0,
    listTopics: () => Promise.resolve(["t"]),
    fetchTopicMetadata: () =>
      Promise.resolve({ topics: [{ name: "t", partitions: [{ partitionId: 0, leader: 1 }] }] }),
    fetchOffsets() {
      admin.fetchOffsetsCalls++;
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve([{ topic: "t", partitions: [{ partition: 0, offset: "-1" }] }]);
    },
    fetchTopicOffsets: () => Promise.resolve([{ partition: 0, offset: "7", high: "7", low: "0" }]),
  };
  return admin as unknown as Admin & { fetchOffsetsCalls: number };
}

function kafkajsError(name: string, retriable: boolean): Error {
  return Object.assign(new Error(name), { name, retriable });
}

Deno.test("start offsets: a coordinator still loading is waited for", async () => {
  const admin = fakeAdmin([
    kafkajsError("KafkaJSGroupCoordinatorNotFound", false),
    kafkajsError("KafkaJSGroupCoordinatorNotFound", false),
  ]);
  const offsets = await startOffsets(admin, "g", [{ topic: "t", fromBeginning: false }], 10_000);
  assertEquals(admin.fetchOffsetsCalls, 3);
  assertEquals([...offsets.get("t")!], [[0, "7"]]);
});

Deno.test("start offsets: another non-retriable error fails at once", async () => {
  const admin = fakeAdmin([kafkajsError("KafkaJSNonRetriableError", false)]);
  await assertRejects(() => startOffsets(admin, "g", [{ topic: "t", fromBeginning: false }], 10_000));
  assertEquals(admin.fetchOffsetsCalls, 1);
});
