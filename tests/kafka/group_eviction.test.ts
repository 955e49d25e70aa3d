/**
 * The hand-written FindCoordinator/LeaveGroup requests that remove the consumer's pre-outage membership
 * (src/kafka/group-eviction.ts): request bytes written out from the Kafka protocol, responses decoded,
 * and, against the shared test broker, a member of a fresh group removed by id (and reported gone the
 * second time).
 */
import { assertEquals, assertRejects, assertTrue } from "../support/assert.ts";
import { testBrokers, testKafka, UNIT_ONLY } from "../support/kafka.ts";
import {
  decodeFindCoordinator,
  decodeLeaveGroup,
  encodeRequest,
  EvictionRetryableError,
  evictMember,
  findCoordinatorBody,
  leaveGroupBody,
} from "../../src/kafka/group-eviction.ts";

Deno.test("group eviction: FindCoordinator v1 request bytes (header v1, key, key_type group)", () => {
  const bytes = encodeRequest(10, 1, 7, "cl", findCoordinatorBody("grp"));
  assertEquals([...bytes], [
    0,
    0,
    0,
    18, // size of what follows
    0,
    10, // api key FindCoordinator
    0,
    1, // version 1
    0,
    0,
    0,
    7, // correlation id
    0,
    2,
    0x63,
    0x6c, // client id "cl"
    0,
    3,
    0x67,
    0x72,
    0x70, // key "grp"
    0, // key_type 0: group
  ]);
});

Deno.test("group eviction: LeaveGroup v1 request bytes (group id, member id)", () => {
  const bytes = encodeRequest(13, 1, 2, "", leaveGroupBody("g", "m-1"));
  assertEquals([...bytes], [
    0,
    0,
    0,
    18,
    0,
    13, // api key LeaveGroup
    0,
    1,
    0,
    0,
    0,
    2,
    0,
    0, // client id ""
    0,
    1,
    0x67, // group "g"
    0,
    3,
    0x6d,
    0x2d,
    0x31, // member "m-1"
  ]);
});

Deno.test("group eviction: FindCoordinator v1 and LeaveGroup v1 responses", () => {
  const found = decodeFindCoordinator(
    new Uint8Array([
      0,
      0,
      0,
      0, // throttle
      0,
      0, // error code
      0xff,
      0xff, // error message null
      0,
      0,
      0,
      1, // node id
      0,
      9,
      ...new TextEncoder().encode("127.0.0.1"),
      0,
      0,
      0x4a,
      0x64, // port 19044
    ]),
  );
  assertEquals(found, { errorCode: 0, host: "127.0.0.1", port: 19044 });
  const notAvailable = decodeFindCoordinator(
    new Uint8Array([
      0,
      0,
      0,
      0,
      0,
      15,
      0,
      2,
      0x6e,
      0x6f,
      0xff,
      0xff,
      0xff,
      0xff,
      0,
      0,
      0xff,
      0xff,
      0xff,
      0xff,
    ]),
  );
  assertEquals(notAvailable.errorCode, 15);
  assertEquals(decodeLeaveGroup(new Uint8Array([0, 0, 0, 0, 0, 25])), 25);
});

Deno.test("group eviction: an unreachable broker is a retryable failure", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assertRejects(
    () => evictMember([`127.0.0.1:${port}`], "g", "m", { clientId: "t", timeoutMs: 1_000 }),
    EvictionRetryableError,
  );
});

Deno.test({
  name: "group eviction: removes a member of a real group by id; the second time it is already gone",
  ignore: UNIT_ONLY,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const kafka = testKafka("group-eviction-test");
    const groupId = `eviction-${crypto.randomUUID()}`;
    const topic = `eviction-${crypto.randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const consumer = kafka.consumer({ groupId, heartbeatInterval: 60_000, sessionTimeout: 120_000 });
    try {
      const joined = new Promise<string>((resolve) =>
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => resolve(payload.memberId))
      );
      await consumer.connect();
      await consumer.subscribe({ topic });
      await consumer.run({ eachMessage: () => Promise.resolve() });
      const memberId = await joined;
      const members = async () =>
        (await admin.describeGroups([groupId])).groups[0].members.map((m) => m.memberId);
      assertEquals(await members(), [memberId]);

      assertEquals(await evictMember(testBrokers(), groupId, memberId, { clientId: "t" }), "left");
      assertTrue(!(await members()).includes(memberId), "the member is gone from the group");
      assertEquals(await evictMember(testBrokers(), groupId, memberId, { clientId: "t" }), "already-gone");
    } finally {
      await consumer.disconnect().catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  },
});
