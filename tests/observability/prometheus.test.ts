import { assertEquals } from "../support/assert.ts";
import { increment, observe, resetMetrics, setGauge, snapshot } from "../../src/observability/metrics.ts";
import { encodePrometheus } from "../../src/observability/prometheus.ts";

Deno.test("prometheus: counters, gauges and histograms in the text format (ms histograms in seconds)", () => {
  resetMetrics();
  increment("net.packets.in", { name: "CharacterMoveHandle" }, 3);
  increment("net.packets.in", { name: 'odd"name\\x' });
  setGauge("kafka.consumer.lag", 7, { topic: "T", partition: "0" });
  observe("rest.request_ms", 0.2, { service: "CHARACTERS" });
  observe("rest.request_ms", 30, { service: "CHARACTERS" });
  const text = encodePrometheus(snapshot(), [{
    name: "sessions",
    labels: { tenant: "t", world: "0", channel: "1" },
    value: 2,
  }]);
  assertEquals(
    text,
    [
      "# HELP atlas_channel_kafka_consumer_lag Messages between the last consumed offset and the partition's high watermark.",
      "# TYPE atlas_channel_kafka_consumer_lag gauge",
      'atlas_channel_kafka_consumer_lag{topic="T",partition="0"} 7',
      "# HELP atlas_channel_sessions Connected client sessions per tenant, world and channel.",
      "# TYPE atlas_channel_sessions gauge",
      'atlas_channel_sessions{tenant="t",world="0",channel="1"} 2',
      "# HELP atlas_channel_net_packets_in_total Client packets received, by handler name (unknown: no handler bound to the opcode).",
      "# TYPE atlas_channel_net_packets_in_total counter",
      'atlas_channel_net_packets_in_total{name="CharacterMoveHandle"} 3',
      'atlas_channel_net_packets_in_total{name="odd\\"name\\\\x"} 1',
      "# HELP atlas_channel_rest_request_seconds REST request latency (each attempt), by service.",
      "# TYPE atlas_channel_rest_request_seconds histogram",
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.00025"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.0005"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.001"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.0025"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.005"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.01"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.025"} 1',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.05"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.1"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.25"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="0.5"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="1"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="2.5"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="5"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="10"} 2',
      'atlas_channel_rest_request_seconds_bucket{service="CHARACTERS",le="+Inf"} 2',
      'atlas_channel_rest_request_seconds_sum{service="CHARACTERS"} 0.0302',
      'atlas_channel_rest_request_seconds_count{service="CHARACTERS"} 2',
      "",
    ].join("\n"),
  );
  resetMetrics();
});
