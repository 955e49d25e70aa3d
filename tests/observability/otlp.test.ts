import { assertEquals, assertTrue } from "../support/assert.ts";
import { withDeadline } from "../support/deadline.ts";
import { attributeOf, type CollectedSpan, startCollector } from "./collector.ts";
import {
  OTLP_SCOPE_NAME,
  type OtlpExporter,
  otlpTracesUrl,
  startOtlpExporter,
  unixNanos,
} from "../../src/observability/otlp.ts";
import { extractTrace, SpanKind, withSpan } from "../../src/observability/tracing.ts";
import { counterValue } from "../../src/observability/metrics.ts";
import { setupLogging } from "../../src/observability/log.ts";
import denoJson from "../../deno.json" with { type: "json" };

const INSTANCE = "5f0c1e0a-3b4c-4d5e-8f90-123456789abc";
const quiet = { flushIntervalMs: 60_000, serviceInstanceId: INSTANCE };

function byName(spans: CollectedSpan[], name: string): CollectedSpan {
  const found = spans.find((s) => s.name === name);
  assertTrue(found, `no span named ${name} in ${spans.map((s) => s.name).join(", ")}`);
  return found;
}

async function withExporter(
  options: Omit<Parameters<typeof startOtlpExporter>[0], "endpoint">,
  fn: (exporter: OtlpExporter, collector: ReturnType<typeof startCollector>) => Promise<void> | void,
): Promise<void> {
  const collector = startCollector();
  const exporter = startOtlpExporter({ endpoint: collector.url, ...options });
  try {
    await fn(exporter, collector);
  } finally {
    await exporter.shutdown();
    await collector.close();
  }
}

Deno.test("otlp: the endpoint is a collector base URL unless it already names /v1/traces", () => {
  assertEquals(otlpTracesUrl("http://otel-collector:4318"), "http://otel-collector:4318/v1/traces");
  assertEquals(otlpTracesUrl("http://otel-collector:4318/"), "http://otel-collector:4318/v1/traces");
  assertEquals(otlpTracesUrl("https://example.com/otlp/"), "https://example.com/otlp/v1/traces");
  assertEquals(otlpTracesUrl("http://collector:4318/v1/traces"), "http://collector:4318/v1/traces");
  assertEquals(otlpTracesUrl("http://collector:4318/v1/traces/"), "http://collector:4318/v1/traces");
});

Deno.test("otlp: performance timestamps become Unix epoch nanoseconds", () => {
  const before = BigInt(Date.now()) * 1_000_000n;
  const now = BigInt(unixNanos(performance.now()));
  const after = BigInt(Date.now()) * 1_000_000n;
  // Date.now() has millisecond resolution: allow one millisecond either way.
  assertTrue(now >= before - 1_000_000n && now <= after + 1_000_000n, `${before} <= ${now} <= ${after}`);
  assertEquals(BigInt(unixNanos(1.5)) - BigInt(unixNanos(0)), 1_500_000n);
});

Deno.test("otlp: withSpan parent and child spans arrive as valid OTLP JSON", async () => {
  await withExporter(quiet, async (exporter, collector) => {
    const before = BigInt(Date.now() - 1) * 1_000_000n;
    let parentId = "";
    let childId = "";
    let traceId = "";
    await withSpan(
      "handle packet",
      async (parent) => {
        parentId = parent.spanContext().spanId;
        traceId = parent.spanContext().traceId;
        await new Promise((r) => setTimeout(r, 5));
        await withSpan(
          "consume EVENT_TOPIC_MAP_STATUS",
          (child) => {
            childId = child.spanContext().spanId;
            child.setAttributes({ "messaging.kafka.partition": 3, ratio: 0.5, ok: true, list: ["a", "b"] });
            return Promise.resolve();
          },
          undefined,
          { kind: SpanKind.CONSUMER, attributes: { "messaging.system": "kafka" } },
        );
      },
      undefined,
      { kind: SpanKind.SERVER },
    );
    await withSpan("failing", () => Promise.reject(new Error("boom"))).catch(() => {});
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    assertEquals(exporter.queued, 3);
    await exporter.flush();
    assertEquals(exporter.queued, 0);

    assertEquals(collector.posts.length, 1);
    const post = collector.posts[0];
    assertEquals(post.path, "/v1/traces");
    assertEquals(post.contentType, "application/json");
    const [resourceSpans] = post.body.resourceSpans;
    const resource = resourceSpans.resource.attributes;
    assertEquals(attributeOf(resource, "service.name"), { stringValue: "atlas-channel" });
    assertEquals(attributeOf(resource, "service.instance.id"), { stringValue: INSTANCE });
    assertEquals(attributeOf(resource, "service.version"), { stringValue: denoJson.version });
    assertEquals(resourceSpans.scopeSpans[0].scope.name, OTLP_SCOPE_NAME);

    const spans = collector.spans();
    assertEquals(spans.length, 3);
    const parent = byName(spans, "handle packet");
    const child = byName(spans, "consume EVENT_TOPIC_MAP_STATUS");
    assertEquals(parent.spanId, parentId);
    assertEquals(parent.traceId, traceId);
    assertEquals(parent.parentSpanId, undefined);
    assertEquals(child.spanId, childId);
    assertEquals(child.traceId, traceId);
    assertEquals(child.parentSpanId, parentId);
    assertEquals(parent.kind, 2); // OTLP SPAN_KIND_SERVER
    assertEquals(child.kind, 5); // OTLP SPAN_KIND_CONSUMER
    assertEquals(parent.status, { code: 0 });

    const start = BigInt(parent.startTimeUnixNano);
    const end = BigInt(parent.endTimeUnixNano);
    assertTrue(start >= before && end <= after, `${before} <= ${start} .. ${end} <= ${after}`);
    assertTrue(end - start >= 4_000_000n, `the parent lasted at least the 5 ms sleep: ${end - start} ns`);
    assertTrue(BigInt(child.startTimeUnixNano) >= start && BigInt(child.endTimeUnixNano) <= end);

    assertEquals(attributeOf(child.attributes, "messaging.system"), { stringValue: "kafka" });
    assertEquals(attributeOf(child.attributes, "messaging.kafka.partition"), { intValue: "3" });
    assertEquals(attributeOf(child.attributes, "ratio"), { doubleValue: 0.5 });
    assertEquals(attributeOf(child.attributes, "ok"), { boolValue: true });
    assertEquals(attributeOf(child.attributes, "list"), {
      arrayValue: { values: [{ stringValue: "a" }, { stringValue: "b" }] },
    });

    const failing = byName(spans, "failing");
    assertEquals(failing.kind, 1); // OTLP SPAN_KIND_INTERNAL
    assertEquals(failing.status, { code: 2, message: "boom" });
    assertEquals(failing.events.length, 1);
    assertEquals(failing.events[0].name, "exception");
    assertEquals(attributeOf(failing.events[0].attributes, "exception.message"), { stringValue: "boom" });
    const eventTime = BigInt(failing.events[0].timeUnixNano);
    assertTrue(
      eventTime >= BigInt(failing.startTimeUnixNano) && eventTime <= BigInt(failing.endTimeUnixNano),
    );
  });
});

Deno.test("otlp: a full batch is sent without waiting for the timer", async () => {
  await withExporter({ ...quiet, maxBatchSize: 3 }, async (_exporter, collector) => {
    for (let i = 0; i < 3; i++) withSpan(`span ${i}`, () => {});
    assertEquals(collector.posts.length, 0, "nothing is sent synchronously inside span.end()");
    const spans = await collector.waitForSpans(3, 2_000);
    assertEquals(spans.map((s) => s.name), ["span 0", "span 1", "span 2"]);
    assertEquals(collector.posts.length, 1);
  });
});

Deno.test("otlp: the flush timer sends waiting spans", async () => {
  await withExporter({ flushIntervalMs: 50 }, async (_exporter, collector) => {
    withSpan("timed", () => {});
    const [span] = await collector.waitForSpans(1, 2_000);
    assertEquals(span.name, "timed");
  });
});

Deno.test("otlp: a full queue drops and counts spans; shutdown sends the queued ones", async () => {
  const collector = startCollector();
  const exporter = startOtlpExporter({
    endpoint: collector.url,
    ...quiet,
    maxQueueSize: 5,
    maxBatchSize: 100,
  });
  try {
    const dropped = counterValue("otlp.spans.dropped", { reason: "queue_full" });
    for (let i = 0; i < 8; i++) withSpan(`span ${i}`, () => {});
    assertEquals(exporter.queued, 5);
    assertEquals(counterValue("otlp.spans.dropped", { reason: "queue_full" }) - dropped, 3);
    assertEquals(collector.posts.length, 0);
    const exported = counterValue("otlp.spans.exported");
    await exporter.shutdown();
    assertEquals(collector.spans().map((s) => s.name), ["span 0", "span 1", "span 2", "span 3", "span 4"]);
    assertEquals(counterValue("otlp.spans.exported") - exported, 5);
    withSpan("after shutdown", () => {});
    assertEquals(exporter.queued, 0, "a stopped exporter takes no more spans");
  } finally {
    await exporter.shutdown();
    await collector.close();
  }
});

Deno.test("otlp: spans under an unsampled remote parent are not exported", async () => {
  await withExporter(quiet, (exporter) => {
    const unsampled = extractTrace({
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
    });
    withSpan("not sampled", () => {}, unsampled);
    assertEquals(exporter.queued, 0);
    const sampled = extractTrace({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    withSpan("sampled", () => {}, sampled);
    assertEquals(exporter.queued, 1);
  });
});

Deno.test("otlp: a collector answering 500 costs a counted, logged, dropped batch; export recovers", async () => {
  const lines: Record<string, unknown>[] = [];
  setupLogging("info", (line) => lines.push(JSON.parse(line)));
  try {
    await withExporter(quiet, async (exporter, collector) => {
      collector.respond = () => new Response("collector broken", { status: 500 });
      const failed = counterValue("otlp.export.failed", { reason: "http_500" });
      const dropped = counterValue("otlp.spans.dropped", { reason: "export_failed" });
      for (let round = 0; round < 3; round++) {
        withSpan(`round ${round} a`, () => {});
        withSpan(`round ${round} b`, () => {});
        await exporter.flush();
      }
      assertEquals(collector.posts.length, 3);
      assertEquals(counterValue("otlp.export.failed", { reason: "http_500" }) - failed, 3);
      assertEquals(counterValue("otlp.spans.dropped", { reason: "export_failed" }) - dropped, 6);
      const warnings = lines.filter((l) => l.logger === "otlp" && l.level === "warn");
      assertEquals(warnings.length, 1, "one log line per interval, not one per failure or per span");
      assertEquals(warnings[0].reason, "http_500");
      assertEquals(warnings[0].detail, "collector broken");

      collector.respond = () => Response.json({});
      withSpan("healthy again", () => {});
      await exporter.flush();
      assertEquals(collector.spans().at(-1)?.name, "healthy again");
      assertTrue(lines.some((l) => l.logger === "otlp" && l.msg === "span export recovered"));
    });
  } finally {
    setupLogging("info");
  }
});

Deno.test("otlp: a hanging collector never blocks the traced code; each POST times out", async () => {
  let release = () => {};
  const released = new Promise<void>((r) => release = r);
  await withExporter({ ...quiet, requestTimeoutMs: 200 }, async (exporter, collector) => {
    collector.respond = async () => {
      await released;
      return Response.json({});
    };
    try {
      const timeouts = counterValue("otlp.export.failed", { reason: "timeout" });
      withSpan("first", () => {});
      const flushing = exporter.flush();
      await collector.waitForSpans(1, 2_000); // the POST is now hanging
      // Ending a span only queues it: all 100 are queued synchronously while the POST hangs. (How fast
      // that is is measured in bench/otlp.bench.ts, not asserted here.)
      const queuedBefore = exporter.queued;
      for (let i = 0; i < 100; i++) withSpan(`while hanging ${i}`, () => {});
      assertEquals(exporter.queued - queuedBefore, 100, "ending spans does not wait for the collector");
      // The flush gives up on the hanging POST (the collector is released only afterwards).
      await withDeadline(flushing, 10_000, "the flush to give up after the 200 ms request timeout");
      assertTrue(counterValue("otlp.export.failed", { reason: "timeout" }) - timeouts >= 1);
    } finally {
      release();
    }
  });
});

Deno.test("otlp: shutdown is bounded by its timeout while the collector hangs", async () => {
  let release = () => {};
  const released = new Promise<void>((r) => release = r);
  const collector = startCollector();
  collector.respond = async () => {
    await released;
    return Response.json({});
  };
  const exporter = startOtlpExporter({
    endpoint: collector.url,
    ...quiet,
    maxBatchSize: 2,
    requestTimeoutMs: 30_000,
    shutdownTimeoutMs: 200,
  });
  try {
    const abandoned = counterValue("otlp.spans.dropped", { reason: "shutdown" });
    for (let i = 0; i < 5; i++) withSpan(`span ${i}`, () => {});
    await collector.waitForSpans(2, 2_000);
    const started = performance.now();
    await exporter.shutdown();
    const elapsed = performance.now() - started;
    assertTrue(elapsed < 1_500, `shutdown took ${elapsed} ms`);
    // The hanging batch is aborted; the spans behind it are dropped and counted.
    assertEquals(counterValue("otlp.spans.dropped", { reason: "shutdown" }) - abandoned, 3);
    assertEquals(exporter.queued, 0);
  } finally {
    release();
    await exporter.shutdown();
    await collector.close();
  }
});
