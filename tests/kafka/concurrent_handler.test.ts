import { assertEquals, assertStringIncludes, assertTrue } from "../support/assert.ts";
import { concurrentByKey } from "../../src/kafka/concurrent-handler.ts";
import type { Delivery } from "../../src/kafka/bus.ts";
import { setupLogging } from "../../src/observability/log.ts";
import { counterValue } from "../../src/observability/metrics.ts";
import type { Tenant } from "../../src/tenant.ts";

const TENANT: Tenant = {
  id: "00000000-0000-4000-8000-000000000001",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

interface Event {
  key: string;
  n: number;
}

let offset = 0;
function delivery(key: string, n: number): Delivery<Event> {
  return {
    value: { key, n },
    tenant: TENANT,
    topic: "concurrent-test",
    partition: 0,
    offset: String(offset++),
    headers: {},
  };
}

/** A handler whose calls stay running until released, recording starts and ends. */
function gatedHandler() {
  const gates = new Map<number, () => void>();
  const log: string[] = [];
  return {
    log,
    handle: async ({ value }: Delivery<Event>) => {
      log.push(`start ${value.n}`);
      await new Promise<void>((resolve) => gates.set(value.n, resolve));
      log.push(`end ${value.n}`);
    },
    release(n: number) {
      const gate = gates.get(n);
      if (!gate) throw new Error(`record ${n} is not running`);
      gates.delete(n);
      gate();
    },
    running: () => [...gates.keys()],
  };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("concurrentByKey: records of different keys run side by side; admission does not wait for them", async () => {
  const gated = gatedHandler();
  const wrapped = concurrentByKey(gated.handle, { name: "test", key: (d) => d.value.key, limit: 4 });
  await wrapped.handler(delivery("a", 1));
  await wrapped.handler(delivery("b", 2));
  await wrapped.handler(delivery("c", 3));
  assertEquals(gated.running().sort(), [1, 2, 3]);
  assertEquals(wrapped.inFlight, 3);
  gated.release(2);
  gated.release(1);
  gated.release(3);
  await wrapped.idle();
  assertEquals(wrapped.inFlight, 0);
  assertEquals(gated.log, ["start 1", "start 2", "start 3", "end 2", "end 1", "end 3"]);
});

Deno.test("concurrentByKey: records of one key run one after the other, in consumption order", async () => {
  const gated = gatedHandler();
  const wrapped = concurrentByKey(gated.handle, { name: "test", key: (d) => d.value.key, limit: 8 });
  await wrapped.handler(delivery("a", 1));
  await wrapped.handler(delivery("a", 2));
  await wrapped.handler(delivery("b", 3));
  await wrapped.handler(delivery("a", 4));
  assertEquals(gated.running().sort(), [1, 3], "the second and third of key a wait for the first");
  gated.release(1);
  await turn();
  assertEquals(gated.running().sort(), [2, 3]);
  gated.release(2);
  await turn();
  assertEquals(gated.running().sort(), [3, 4]);
  gated.release(4);
  gated.release(3);
  await wrapped.idle();
  assertEquals(gated.log.filter((l) => /[124]$/.test(l)), [
    "start 1",
    "end 1",
    "start 2",
    "end 2",
    "start 4",
    "end 4",
  ]);
});

Deno.test("concurrentByKey: at the limit the consumer waits until a record finishes", async () => {
  const gated = gatedHandler();
  const wrapped = concurrentByKey(gated.handle, { name: "test", key: (d) => d.value.key, limit: 2 });
  await wrapped.handler(delivery("a", 1));
  await wrapped.handler(delivery("b", 2));
  let admitted = false;
  const third = Promise.resolve(wrapped.handler(delivery("c", 3))).then(() => admitted = true);
  await turn();
  await turn();
  assertEquals(admitted, false, "a third record is not admitted while two are in flight");
  assertEquals(gated.running().sort(), [1, 2]);
  gated.release(2);
  await third;
  assertEquals(gated.running().sort(), [1, 3]);
  gated.release(1);
  gated.release(3);
  await wrapped.idle();
});

Deno.test("concurrentByKey: a failing record is logged and counted; its key goes on and nothing rejects", async () => {
  const lines: string[] = [];
  setupLogging("error", (line) => lines.push(line), "text");
  try {
    const handled: number[] = [];
    const before = counterValue("kafka.consume.handler_failed", { topic: "concurrent-test" });
    const wrapped = concurrentByKey<Event>(({ value }) => {
      if (value.n === 1) throw new Error("boom");
      if (value.n === 2) return Promise.reject(new Error("async boom"));
      handled.push(value.n);
    }, { name: "failing_consumer", key: (d) => d.value.key, limit: 2 });
    await wrapped.handler(delivery("a", 1));
    await wrapped.handler(delivery("a", 2));
    await wrapped.handler(delivery("a", 3));
    await wrapped.idle();
    assertEquals(handled, [3]);
    assertEquals(counterValue("kafka.consume.handler_failed", { topic: "concurrent-test" }) - before, 2);
    assertEquals(lines.length, 2, lines.join("\n"));
    assertStringIncludes(lines[0], "failing_consumer");
    assertStringIncludes(lines[0], "boom");
  } finally {
    setupLogging("error");
  }
});

Deno.test("concurrentByKey: idle() resolves at once when nothing runs, and only after the last record", async () => {
  const gated = gatedHandler();
  const wrapped = concurrentByKey(gated.handle, { name: "test", key: (d) => d.value.key, limit: 3 });
  await wrapped.idle();
  await wrapped.handler(delivery("a", 1));
  await wrapped.handler(delivery("b", 2));
  let idle = false;
  const waiting = wrapped.idle().then(() => idle = true);
  gated.release(1);
  await turn();
  assertEquals(idle, false);
  gated.release(2);
  await waiting;
  assertTrue(idle);
});
