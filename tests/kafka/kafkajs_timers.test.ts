/**
 * kafkajs' request queue no longer hands Deno's timers a negative delay (which printed
 * `TimeoutNegativeWarning` to stderr): the replaced method schedules exactly what a Node timer would run,
 * and a real bus session on the test broker prints no such warning.
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

Deno.test("kafkajs timers: the queue's check is scheduled with the delay a Node timer would use", () => {
  // The method kafkajs shipped computes the delay this module clamps; a kafkajs upgrade that changed it
  // must be looked at again.
  assertStringIncludes(String(originalScheduleCheckPendingRequests), "this.throttledUntil - Date.now()");
  assertEquals(scheduledDelay({ throttledUntil: -1 }), 1, "never throttled, nothing pending: 1 ms, not -now");
  assertEquals(scheduledDelay({ throttledUntil: -1, pending: [{}] }), 10, "requests waiting: kafkajs' 10 ms");
  const throttled = scheduledDelay({ throttledUntil: Date.now() + 500, pending: [{}] })!;
  assertTrue(throttled > 400 && throttled <= 500, `throttled: until the throttle ends (${throttled})`);
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
      await bus.start();
      await bus.publish(contract, { n: 1 }, {
        tenant: { id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13", region: "GMS", majorVersion: 83, minorVersion: 1 },
        key: 1,
      });
      await bus.stop();
      console.log("published");
    `;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--config", new URL("../../deno.json", import.meta.url).pathname, program],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(new TextDecoder().decode(out.stdout).trim(), "published", stderr);
    assertTrue(!stderr.includes("TimeoutNegativeWarning"), stderr);
  },
});
