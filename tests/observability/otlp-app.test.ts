/**
 * The composition root wires span export: `--trace-endpoint` makes `startApp` export, and the spans of
 * the last bus work (a publish and its consumption on the in-memory bus) reach the collector by the
 * time `stop()` resolves, because export closes after the bus (which waits for running handlers).
 */
import { z } from "zod";
import { assertEquals, assertTrue, fail } from "../support/assert.ts";
import { attributeOf, startCollector } from "./collector.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startApp } from "../../src/app.ts";
import type { Bus } from "../../src/kafka/bus.ts";
import { topicContract } from "../../src/kafka/contract.ts";
import type { Feature } from "../../src/features/feature.ts";

const probeContract = topicContract("EVENT_TOPIC_MAP_STATUS", "both", z.object({ probe: z.number() }));

Deno.test("otlp app: --trace-endpoint exports the bus spans of a running app by the time it stops", async () => {
  const collector = startCollector();
  const serviceId = crypto.randomUUID();
  const outcome = parseSettings(
    ["--trace-endpoint", collector.url, "--service-id", serviceId, "--log-level", "warn"],
    {},
  );
  if (outcome.kind !== "run") fail(`settings: ${JSON.stringify(outcome)}`);
  assertEquals(outcome.settings.traceEndpoint, collector.url);

  let bus: Bus | undefined;
  let delivered = () => {};
  const delivery = new Promise<void>((resolve) => delivered = resolve);
  const probe: Feature = {
    name: "probe",
    contracts: [probeContract],
    start(ctx) {
      bus = ctx.bus;
      // The handler is still running when stop() begins: its span ends only while the bus drains.
      ctx.bus.subscribe(probeContract, async () => {
        delivered();
        await new Promise((r) => setTimeout(r, 100));
      }, { name: "probe_consumer" });
    },
  };
  const app = await startApp(outcome.settings, { features: [probe], env: {} });
  try {
    assertTrue(bus, "the probe feature started");
    assertEquals(bus.kind, "memory");
    const tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
    await bus.publish(probeContract, { probe: 1 }, { tenant, key: 7 });
    await delivery;
    assertEquals(collector.posts.length, 0, "nothing is exported before the flush interval or stop");
  } finally {
    await app.stop();
    await collector.close();
  }

  const topic = outcome.settings.topics.EVENT_TOPIC_MAP_STATUS;
  const spans = collector.spans();
  const publish = spans.find((s) => s.name === `publish ${topic}`);
  const consume = spans.find((s) => s.name === "probe_consumer");
  assertTrue(publish, `publish span in ${spans.map((s) => s.name).join(", ")}`);
  assertTrue(consume, `consumer span in ${spans.map((s) => s.name).join(", ")}`);
  assertEquals(publish.kind, 4); // OTLP SPAN_KIND_PRODUCER
  assertEquals(consume.kind, 5); // OTLP SPAN_KIND_CONSUMER
  assertEquals(consume.traceId, publish.traceId, "the consumer continues the producer's trace");
  assertEquals(consume.parentSpanId, publish.spanId);
  assertEquals(attributeOf(consume.attributes, "messaging.destination.name"), { stringValue: topic });
  const resource = collector.posts[0].body.resourceSpans[0].resource.attributes;
  assertEquals(attributeOf(resource, "service.instance.id"), { stringValue: serviceId });
});
