/**
 * kafkajs' request queue no longer spins a 1 ms timer per connection nor hands Deno's timers a negative
 * delay (which printed `TimeoutNegativeWarning` to stderr): the replaced method schedules a check only for
 * requests waiting or a throttle, and a real bus session on the test broker, idle for a second, checks its
 * queues fewer than a hundred times (453 before) and prints no such warning.
 */
import { assertEquals, assertStringIncludes, assertTrue } from "../support/assert.ts";
import { testBrokers, UNIT_ONLY } from "../support/kafka.ts";
import {
  installKafkajsTimerFix,
  kafkajsRequestQueue,
  type KafkajsRequestQueueInstance,
  originalScheduleCheckPendingRequests,
} from "../../src/kafka/kafkajs-timers.ts";

function scheduledDelay(queue: Partial<KafkajsRequestQueueInstance>): number | undefined {
  installKafkajsTimerFix();
  const realSetTimeout = globalThis.setTimeout;
  let delay: number | undefined;
  globalThis.setTimeout = ((_fn: () => void, ms: number) => {
    delay = ms;
    return 1;
  }) as unknown as typeof setTimeout;
  try {
    kafkajsRequestQueue.prototype.scheduleCheckPendingRequests.call({
      throttleCheckTimeoutId: null,
      pending: [],
      checkPendingRequests() {},
      ...queue,
    } as KafkajsRequestQueueInstance);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  return delay;
}

Deno.test("kafkajs timers: a check is scheduled only for waiting requests or a throttle", () => {
  // The method kafkajs shipped computes the delay this module corrects; a kafkajs upgrade that changed it
  // must be looked at again.
  assertStringIncludes(String(originalScheduleCheckPendingRequests), "this.throttledUntil - Date.now()");
  assertEquals(
    scheduledDelay({ throttledUntil: -1 }),
    undefined,
    "never throttled, nothing pending: no timer",
  );
  assertEquals(
    scheduledDelay({ throttledUntil: Date.now() - 5 }),
    undefined,
    "a throttle that ended: no timer",
  );
  assertEquals(scheduledDelay({ throttledUntil: -1, pending: [{}] }), 10, "requests waiting: kafkajs' 10 ms");
  const throttled = scheduledDelay({ throttledUntil: Date.now() + 500, pending: [{}] })!;
  assertTrue(throttled > 400 && throttled <= 500, `throttled: until the throttle ends (${throttled})`);
  const idleThrottled = scheduledDelay({ throttledUntil: Date.now() + 300 })!;
  assertTrue(idleThrottled > 200 && idleThrottled <= 300, `throttled, nothing waiting (${idleThrottled})`);
  assertEquals(scheduledDelay({ throttledUntil: -1, throttleCheckTimeoutId: 7 as never }), undefined);
});

Deno.test({
  name: "kafkajs timers: a bus session on the real broker prints no TimeoutNegativeWarning",
  ignore: UNIT_ONLY,
  async fn() {
    const topic = `timers-${crypto.randomUUID()}`;
    const program = `
      import { z } from "zod";
      import { createKafkaBus } from "${new URL("../../src/kafka/kafkajs-bus.ts", import.meta.url)}";
      import { topicContract } from "${new URL("../../src/kafka/contract.ts", import.meta.url)}";
      import { defaultTopics } from "${new URL("./bus_contract.ts", import.meta.url)}";
      const topics = defaultTopics();
      topics.COMMAND_TOPIC_CHARACTER = ${JSON.stringify(topic)};
      const contract = topicContract("COMMAND_TOPIC_CHARACTER", "produced", z.object({ n: z.number() }));
      const bus = createKafkaBus({ brokers: ${
      JSON.stringify(testBrokers())
    }, topics, serviceId: crypto.randomUUID() });
      import { kafkajsRequestQueue } from "${new URL("../../src/kafka/kafkajs-timers.ts", import.meta.url)}";
      await bus.start();
      await bus.publish(contract, { n: 1 }, {
        tenant: { id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13", region: "GMS", majorVersion: 83, minorVersion: 1 },
        key: 1,
      });
      let checks = 0;
      const check = kafkajsRequestQueue.prototype.checkPendingRequests;
      kafkajsRequestQueue.prototype.checkPendingRequests = function () {
        checks++;
        return check.call(this);
      };
      await new Promise((resolve) => setTimeout(resolve, 1000));
      kafkajsRequestQueue.prototype.checkPendingRequests = check;
      await bus.stop();
      console.log("published");
      console.log(checks);
    `;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--config", new URL("../../deno.json", import.meta.url).pathname, program],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    const [published, checks] = new TextDecoder().decode(out.stdout).trim().split("\n");
    assertEquals(published, "published", stderr);
    assertTrue(!stderr.includes("TimeoutNegativeWarning"), stderr);
    // Idle for a second: the checks of fetch responses and heartbeats, not a 1 ms loop per connection.
    assertTrue(Number(checks) < 100, `request queues checked ${checks} times in an idle second`);
  },
});
