/**
 * The bus contract: one suite of behaviours every {@link Bus} adapter must show, run by
 * memory_bus.test.ts against the in-memory broker and kafkajs_bus.test.ts against the real broker.
 */
import { z } from "zod";
import { assertEquals, assertRejects, assertThrows, assertTrue, fail } from "../support/assert.ts";
import { topicContract } from "../../src/kafka/contract.ts";
import {
  type Bus,
  BusStateError,
  type Delivery,
  MessageValidationError,
  PublishError,
} from "../../src/kafka/bus.ts";
import { encodeKey } from "../../src/kafka/key.ts";
import type { Tenant } from "../../src/tenant.ts";
import { tenantKafkaHeaders } from "../../src/kafka/tenant-headers.ts";
import { partitionForKey } from "../../src/kafka/partitioner.ts";
import { TOPIC_VARIABLES, type TopicNames, type TopicVariable } from "../../src/config/topics.ts";
import { recordSpans, spanContextOf, SpanKind, withSpan } from "../../src/observability/tracing.ts";
import { counterValue } from "../../src/observability/metrics.ts";

/** A raw message as a foreign producer could write it. */
export interface RawTestMessage {
  key: Uint8Array;
  value: Uint8Array | string | null;
  headers: Record<string, Uint8Array | string>;
}

/** One test's world: fresh topics, buses on them, raw writes. */
export interface BusWorld {
  topics: TopicNames;
  newBus(serviceId: string): Bus;
  injectRaw(topic: string, message: RawTestMessage): Promise<void>;
  cleanup(): Promise<void>;
}

/** What an adapter's test file provides. */
export interface BusHarness {
  name: string;
  ignore: boolean;
  /** Fresh names for `variables` (created with `partitions` partitions). */
  setup(variables: TopicVariable[], partitions: number): Promise<BusWorld>;
  /** How long to wait for deliveries. */
  deliveryTimeoutMs: number;
}

/** Each variable mapped to itself, as Atlas does when no topic variable is set. */
export function defaultTopics(): Record<TopicVariable, string> {
  return Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, v])) as Record<TopicVariable, string>;
}

/** The tenant the contract's records carry (exported for the adapters' own tests). */
export const TENANT_A: Tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const TENANT_B: Tenant = {
  id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b",
  region: "JMS",
  majorVersion: 185,
  minorVersion: 1,
};

const stepSchema = z.object({
  characterId: z.number().int(),
  type: z.literal("STEP"),
  body: z.object({ seq: z.number().int() }),
});
/** The contract's test topic: keyed `STEP` records. */
export const STEPS = topicContract("EVENT_TOPIC_MAP_STATUS", "both", stepSchema, (m) => m.characterId);
const COMMANDS = topicContract(
  "COMMAND_TOPIC_PORTAL",
  "both",
  z.discriminatedUnion("type", [
    z.object({
      characterId: z.number().int(),
      type: z.literal("ENTER"),
      body: z.object({ portalId: z.number() }),
    }),
    z.object({
      characterId: z.number().int(),
      type: z.literal("WARP"),
      body: z.object({ mapId: z.number() }),
    }),
  ]),
);

/** Polls `done` until true or the timeout, then fails with `what`. */
export async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A `STEP` record of {@link STEPS}. */
export function step(characterId: number, seq: number) {
  return { characterId, type: "STEP" as const, body: { seq } };
}

/** Registers the contract suite for `harness`. */
export function busContractSuite(harness: BusHarness): void {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test({
      name: `bus contract (${harness.name}): ${name}`,
      ignore: harness.ignore,
      sanitizeOps: false,
      sanitizeResources: false,
      fn,
    });
  const timeout = harness.deliveryTimeoutMs;

  test("10,000 keyed messages over 50 keys arrive in per-key order, one partition per key", async () => {
    const world = await harness.setup(["EVENT_TOPIC_MAP_STATUS"], 6);
    const consumer = world.newBus(crypto.randomUUID());
    const got: Delivery<z.infer<typeof stepSchema>>[] = [];
    consumer.subscribe(STEPS, (d) => {
      got.push(d);
    });
    await consumer.start();
    const producer = world.newBus(crypto.randomUUID());
    await producer.start();
    try {
      const pending: Promise<void>[] = [];
      for (let seq = 0; seq < 200; seq++) {
        for (let key = 1; key <= 50; key++) {
          pending.push(producer.publish(STEPS, step(1000 + key, seq), { tenant: TENANT_A, key: 1000 + key }));
        }
      }
      await Promise.all(pending);
      await waitFor(() => got.length >= 10_000, timeout * 3, "10,000 deliveries");
      assertEquals(got.length, 10_000);
      const lastSeq = new Map<number, number>();
      const partitionOf = new Map<number, number>();
      for (const d of got) {
        const id = d.value.characterId;
        const expectedSeq = (lastSeq.get(id) ?? -1) + 1;
        if (d.value.body.seq !== expectedSeq) {
          fail(`key ${id}: got seq ${d.value.body.seq}, expected ${expectedSeq}`);
        }
        lastSeq.set(id, expectedSeq);
        if ((partitionOf.get(id) ?? d.partition) !== d.partition) fail(`key ${id} spread over partitions`);
        partitionOf.set(id, d.partition);
        assertEquals(d.partition, partitionForKey(encodeKey(id), 6));
      }
      assertEquals(lastSeq.size, 50);
      assertTrue([...lastSeq.values()].every((s) => s === 199));
      assertTrue(new Set(partitionOf.values()).size > 1, "keys should use several partitions");
    } finally {
      await producer.stop();
      await consumer.stop();
      await world.cleanup();
    }
  });

  test("value, key, tenant and headers round-trip as Atlas writes them", async () => {
    const world = await harness.setup(["COMMAND_TOPIC_PORTAL"], 1);
    const bus = world.newBus(crypto.randomUUID());
    const got: Delivery<unknown>[] = [];
    bus.subscribe(COMMANDS, (d) => {
      got.push(d);
    });
    await bus.start();
    try {
      const value = { characterId: 30071, type: "ENTER" as const, body: { portalId: 3 } };
      await bus.publish(COMMANDS, value, { tenant: TENANT_A, key: 30071 });
      await waitFor(() => got.length === 1, timeout, "one delivery");
      const d = got[0];
      assertEquals(d.value, value);
      assertEquals(d.tenant, TENANT_A);
      assertEquals(d.topic, world.topics.COMMAND_TOPIC_PORTAL);
      assertEquals([...d.key!], [0x77, 0x75, 0, 0, 0, 0, 0, 0]);
      assertEquals(d.partition, 0);
      assertEquals(d.offset, "0");
      const expectedTenant = tenantKafkaHeaders(TENANT_A);
      for (const [name, bytes] of Object.entries(expectedTenant)) {
        assertEquals([...d.headers[name]], [...bytes], name);
      }
      const traceparent = new TextDecoder().decode(d.headers.traceparent);
      assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(traceparent), `traceparent ${traceparent}`);
      assertEquals(d.headers.tracestate, undefined);
    } finally {
      await bus.stop();
      await world.cleanup();
    }
  });

  test("the handler span is a child of the producer's span, in the caller's trace", async () => {
    const world = await harness.setup(["COMMAND_TOPIC_PORTAL"], 1);
    const bus = world.newBus(crypto.randomUUID());
    const recording = recordSpans();
    let handlerTrace: { traceId: string; spanId: string } | undefined;
    bus.subscribe(COMMANDS, () => {
      handlerTrace = spanContextOf();
    }, { name: "portal_command" });
    await bus.start();
    try {
      let caller: { traceId: string; spanId: string } | undefined;
      await withSpan("PortalScriptHandle", async (span) => {
        caller = span.spanContext();
        await bus.publish(COMMANDS, { characterId: 7, type: "WARP", body: { mapId: 100000000 } }, {
          tenant: TENANT_A,
          key: 7,
        });
      });
      await waitFor(() => handlerTrace !== undefined, timeout, "the delivery");
      await waitFor(
        () => recording.spans.some((s) => s.name === "portal_command"),
        timeout,
        "the consumer span",
      );
      const publishSpan = recording.spans.find((s) =>
        s.name === `publish ${world.topics.COMMAND_TOPIC_PORTAL}`
      );
      const consumerSpan = recording.spans.find((s) => s.name === "portal_command");
      if (!publishSpan || !consumerSpan || !caller) fail("spans missing");
      assertEquals(publishSpan.kind, SpanKind.PRODUCER);
      assertEquals(publishSpan.traceId, caller.traceId);
      assertEquals(publishSpan.parentSpanId, caller.spanId);
      assertEquals(consumerSpan.kind, SpanKind.CONSUMER);
      assertEquals(consumerSpan.traceId, caller.traceId);
      assertEquals(consumerSpan.parentSpanId, publishSpan.spanId);
      assertEquals(handlerTrace!.traceId, caller.traceId);
      assertEquals(handlerTrace!.spanId, consumerSpan.spanId);
    } finally {
      recording.stop();
      await bus.stop();
      await world.cleanup();
    }
  });

  test("a new group starts at the latest offset; other groups get every message; one group splits", async () => {
    const world = await harness.setup(["EVENT_TOPIC_MAP_STATUS"], 4);
    const producer = world.newBus(crypto.randomUUID());
    await producer.start();
    const buses: Bus[] = [producer];
    try {
      await producer.publish(STEPS, step(1, 0), { tenant: TENANT_A, key: 1 });
      const late: number[] = [];
      const other: number[] = [];
      const lateBus = world.newBus(crypto.randomUUID());
      const otherBus = world.newBus(crypto.randomUUID());
      buses.push(lateBus, otherBus);
      lateBus.subscribe(STEPS, (d) => {
        late.push(d.value.body.seq);
      });
      otherBus.subscribe(STEPS, (d) => {
        other.push(d.value.body.seq);
      });
      await lateBus.start();
      await otherBus.start();
      for (let seq = 1; seq <= 40; seq++) {
        await producer.publish(STEPS, step(seq, seq), { tenant: TENANT_A, key: seq });
      }
      await waitFor(() => late.length >= 40 && other.length >= 40, timeout, "both groups");
      await new Promise((r) => setTimeout(r, 200));
      assertEquals(late.sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));
      assertEquals(other.sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));

      // Two members of one group: each message goes to exactly one of them.
      const shared = crypto.randomUUID();
      const first: number[] = [];
      const second: number[] = [];
      const m1 = world.newBus(shared);
      const m2 = world.newBus(shared);
      buses.push(m1, m2);
      m1.subscribe(STEPS, (d) => {
        first.push(d.value.body.seq);
      }, { fromBeginning: true });
      m2.subscribe(STEPS, (d) => {
        second.push(d.value.body.seq);
      }, { fromBeginning: true });
      await Promise.all([m1.start(), m2.start()]);
      await waitFor(() => first.length + second.length >= 41, timeout * 2, "the shared group");
      // Once both members hold partitions, new messages spread over the four partitions reach both.
      const firstBefore = first.length, secondBefore = second.length;
      for (let seq = 41; seq <= 80; seq++) {
        await producer.publish(STEPS, step(seq, seq), { tenant: TENANT_A, key: seq });
      }
      await waitFor(() => first.length + second.length >= 81, timeout * 2, "the shared group, second round");
      await new Promise((r) => setTimeout(r, 300));
      const all = [...first, ...second].sort((a, b) => a - b);
      assertEquals(all, Array.from({ length: 81 }, (_, i) => i), "fromBeginning replays all, no duplicates");
      assertTrue(
        first.length > firstBefore && second.length > secondBefore,
        `split of the second round ${first.length - firstBefore}/${second.length - secondBefore}`,
      );
    } finally {
      for (const bus of buses.reverse()) await bus.stop();
      await world.cleanup();
    }
  });

  test("a group stopped and started again resumes after what it handled: nothing replayed, nothing lost", async () => {
    const world = await harness.setup(["EVENT_TOPIC_MAP_STATUS"], 2);
    const producer = world.newBus(crypto.randomUUID());
    const group = crypto.randomUUID();
    await producer.start();
    const buses: Bus[] = [producer];
    try {
      const first: number[] = [];
      const before = world.newBus(group);
      buses.push(before);
      before.subscribe(STEPS, (d) => {
        first.push(d.value.body.seq);
      });
      await before.start();
      for (let seq = 1; seq <= 20; seq++) {
        await producer.publish(STEPS, step(seq, seq), { tenant: TENANT_A, key: seq });
      }
      await waitFor(() => first.length >= 20, timeout, "the first run's 20 records");
      await before.stop();
      // Published while no member runs: the group's committed position keeps them for the next start.
      for (let seq = 21; seq <= 24; seq++) {
        await producer.publish(STEPS, step(seq, seq), { tenant: TENANT_A, key: seq });
      }
      const second: number[] = [];
      const after = world.newBus(group);
      buses.push(after);
      after.subscribe(STEPS, (d) => {
        second.push(d.value.body.seq);
      });
      await after.start();
      // A sentinel on each partition: once both arrived, anything replayed would have arrived before.
      const sentinels = [0, 1].map((partition) => {
        let key = 25;
        while (partitionForKey(encodeKey(key), 2) !== partition) key++;
        return key;
      });
      for (const key of sentinels) await producer.publish(STEPS, step(key, key), { tenant: TENANT_A, key });
      await waitFor(() => sentinels.every((k) => second.includes(k)), timeout, "the sentinels");
      assertEquals(first.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      assertEquals(second.sort((a, b) => a - b), [21, 22, 23, 24, ...sentinels.sort((a, b) => a - b)]);
    } finally {
      for (const bus of buses.reverse()) await bus.stop();
      await world.cleanup();
    }
  });

  test("bad messages are logged, counted and skipped; the next good message is handled", async () => {
    const world = await harness.setup(["COMMAND_TOPIC_PORTAL"], 1);
    const topic = world.topics.COMMAND_TOPIC_PORTAL;
    const bus = world.newBus(crypto.randomUUID());
    const got: unknown[] = [];
    bus.subscribe(COMMANDS, (d) => {
      got.push(d.value);
    });
    await bus.start();
    try {
      const tenantHeaders = tenantKafkaHeaders(TENANT_A);
      const key = encodeKey(9);
      await world.injectRaw(topic, { key, value: "{not json", headers: tenantHeaders });
      await world.injectRaw(topic, { key, value: new Uint8Array([0xff, 0xfe]), headers: tenantHeaders });
      await world.injectRaw(topic, {
        key,
        value: JSON.stringify({ characterId: 9, type: "ENTER", body: { portalId: 1 } }),
        headers: { REGION: "GMS", MAJOR_VERSION: tenantHeaders.MAJOR_VERSION, MINOR_VERSION: "1" },
      });
      await world.injectRaw(topic, {
        key,
        value: JSON.stringify({ characterId: 9, type: "DANCE", body: {} }),
        headers: tenantHeaders,
      });
      await world.injectRaw(topic, {
        key,
        value: JSON.stringify({ characterId: "nine", type: "ENTER", body: { portalId: 1 } }),
        headers: tenantHeaders,
      });
      await world.injectRaw(topic, { key, value: null, headers: tenantHeaders });
      const good = { characterId: 9, type: "ENTER", body: { portalId: 4 } };
      await world.injectRaw(topic, { key, value: JSON.stringify(good), headers: tenantHeaders });
      await waitFor(() => got.length === 1, timeout, "the good message");
      assertEquals(got, [good]);
      assertEquals(counterValue("kafka.consume.skipped", { topic, reason: "invalid_json" }), 2);
      assertEquals(counterValue("kafka.consume.skipped", { topic, reason: "bad_tenant_header" }), 1);
      assertEquals(counterValue("kafka.consume.skipped", { topic, reason: "schema_mismatch" }), 2);
      assertEquals(counterValue("kafka.consume.skipped", { topic, reason: "empty_value" }), 1);
    } finally {
      await bus.stop();
      await world.cleanup();
    }
  });

  test("a throwing handler is counted; the partition continues and other handlers still run", async () => {
    const world = await harness.setup(["EVENT_TOPIC_MAP_STATUS"], 1);
    const topic = world.topics.EVENT_TOPIC_MAP_STATUS;
    const bus = world.newBus(crypto.randomUUID());
    const handled: number[] = [];
    const alsoHandled: number[] = [];
    bus.subscribe(STEPS, (d) => {
      if (d.value.body.seq === 0) throw new Error("boom");
      handled.push(d.value.body.seq);
    });
    bus.subscribe(STEPS, async (d) => {
      await Promise.resolve();
      alsoHandled.push(d.value.body.seq);
    });
    await bus.start();
    try {
      for (let seq = 0; seq < 3; seq++) await bus.publish(STEPS, step(5, seq), { tenant: TENANT_A, key: 5 });
      await waitFor(() => handled.length === 2 && alsoHandled.length === 3, timeout, "deliveries");
      assertEquals(handled, [1, 2]);
      assertEquals(alsoHandled, [0, 1, 2]);
      assertEquals(counterValue("kafka.consume.handler_failed", { topic }), 1);
      assertEquals(counterValue("kafka.consume.handled", { topic }), 5);
    } finally {
      await bus.stop();
      await world.cleanup();
    }
  });

  test("every delivery carries the tenant it was published with", async () => {
    const world = await harness.setup(["EVENT_TOPIC_MAP_STATUS"], 2);
    const bus = world.newBus(crypto.randomUUID());
    const seen = new Map<number, Tenant>();
    bus.subscribe(STEPS, (d) => {
      seen.set(d.value.body.seq, d.tenant);
    });
    await bus.start();
    try {
      const tenantOf = (i: number) => i % 4 === 0 ? TENANT_B : TENANT_A;
      for (let i = 0; i < 20; i++) await bus.publish(STEPS, step(i, i), { tenant: tenantOf(i), key: i });
      await waitFor(() => seen.size === 20, timeout, "20 deliveries");
      for (let i = 0; i < 20; i++) assertEquals(seen.get(i), tenantOf(i), `delivery ${i}`);
    } finally {
      await bus.stop();
      await world.cleanup();
    }
  });

  test("an invalid value rejects before sending; lifecycle misuse is a clear error", async () => {
    const world = await harness.setup(["COMMAND_TOPIC_PORTAL"], 1);
    const bus = world.newBus(crypto.randomUUID());
    const got: unknown[] = [];
    bus.subscribe(COMMANDS, (d) => {
      got.push(d.value);
    });
    await bus.start();
    try {
      const err = await assertRejects(
        () =>
          bus.publish(
            COMMANDS,
            { characterId: 1, type: "FLY", body: {} } as unknown as z.infer<typeof COMMANDS.schema>,
            {
              tenant: TENANT_A,
              key: 1,
            },
          ),
        MessageValidationError,
      );
      assertTrue(
        err.message.includes(world.topics.COMMAND_TOPIC_PORTAL) && err.message.includes("key 1"),
        err.message,
      );
      const ok = { characterId: 2, type: "WARP" as const, body: { mapId: 1 } };
      await bus.publish(COMMANDS, ok, { tenant: TENANT_A, key: 2 });
      await waitFor(() => got.length === 1, timeout, "the valid message");
      assertEquals(got, [ok]);
      assertThrows(() => bus.subscribe(COMMANDS, () => {}), BusStateError);
    } finally {
      await bus.stop();
    }
    await assertRejects(
      () =>
        bus.publish(COMMANDS, { characterId: 2, type: "WARP", body: { mapId: 1 } }, {
          tenant: TENANT_A,
          key: 2,
        }),
      PublishError,
    );
    await world.cleanup();
  });
}
