import { assertEquals } from "../support/assert.ts";
import {
  counterTotal,
  counterValue,
  increment,
  observe,
  resetMetrics,
  snapshot,
} from "../../src/observability/metrics.ts";

Deno.test("metrics: counters per label set, totals over labels, histograms, snapshot copies", () => {
  resetMetrics();
  increment("kafka.consume.skipped", { topic: "t", reason: "invalid_json" });
  increment("kafka.consume.skipped", { reason: "invalid_json", topic: "t" }, 2);
  increment("kafka.consume.skipped", { topic: "t", reason: "schema_mismatch" });
  assertEquals(counterValue("kafka.consume.skipped", { topic: "t", reason: "invalid_json" }), 3);
  assertEquals(counterTotal("kafka.consume.skipped", { topic: "t" }), 4);
  assertEquals(counterValue("kafka.consume.skipped", { topic: "u", reason: "invalid_json" }), 0);
  observe("kafka.publish.ack_ms", 5);
  observe("kafka.publish.ack_ms", 1);
  const snap = snapshot();
  assertEquals(snap.histograms, [{
    name: "kafka.publish.ack_ms",
    labels: {},
    count: 2,
    sum: 6,
    min: 1,
    max: 5,
    // Cumulative counts at 0.25, 0.5, 1, 2.5, 5, 10, ... ms: 1 is within "le 1", 5 within "le 5".
    buckets: [0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  }]);
  snap.counters[0].value = 99;
  assertEquals(counterValue("kafka.consume.skipped", { topic: "t", reason: "invalid_json" }), 3);
  resetMetrics();
  assertEquals(snapshot(), { counters: [], gauges: [], histograms: [] });
});
