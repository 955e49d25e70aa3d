/**
 * Per-packet cost of the metrics hooks (`deno bench bench/metrics.bench.ts`): what every inbound packet
 * pays (a bound counter, the outcome counter, the packet-arrival context for packet→publish latency)
 * and what a scrape of /metrics costs with a realistic number of series.
 */
import {
  counter,
  increment,
  observe,
  resetMetrics,
  setGauge,
  snapshot,
} from "../src/observability/metrics.ts";
import { packetArrivedAt, withPacketArrival } from "../src/observability/packet-timing.ts";
import { encodePrometheus } from "../src/observability/prometheus.ts";

const bound = counter("net.packets.in", { name: "CharacterMoveHandle" });

Deno.bench("baseline: an empty function call", { group: "per packet", baseline: true }, () => {
  (() => {})();
});

Deno.bench("bound counter inc (packets in by name, bytes)", { group: "per packet" }, () => {
  bound.inc();
});

Deno.bench("increment with one label (packet outcome)", { group: "per packet" }, () => {
  increment("net.packet", { outcome: "handled" });
});

Deno.bench("observe a duration with one label", { group: "per packet" }, () => {
  observe("kafka.publish.ack_ms", 1.7, { topic: "COMMAND_TOPIC_CHARACTER_MOVEMENT" });
});

Deno.bench("packet arrival context around a synchronous handler", { group: "per packet" }, () => {
  withPacketArrival(performance.now(), () => packetArrivedAt());
});

Deno.bench("packet arrival context around an async handler", { group: "per packet async" }, async () => {
  await withPacketArrival(performance.now(), async () => {
    await Promise.resolve();
    return packetArrivedAt();
  });
});

Deno.bench("baseline: the same async handler without the context", {
  group: "per packet async",
  baseline: true,
}, async () => {
  await (async () => {
    await Promise.resolve();
    return performance.now();
  })();
});

Deno.bench("scrape: snapshot + Prometheus text of ~300 series", { group: "scrape" }, () => {
  encodePrometheus(snapshot());
});

// Realistic series for the scrape benchmark: 60 packet names each way, 40 topics, a few histograms.
resetMetrics();
for (let i = 0; i < 60; i++) {
  increment("net.packets.in", { name: `Handler${i}` }, i);
  increment("net.packets.out", { name: `Writer${i}` }, i);
}
for (let i = 0; i < 40; i++) {
  increment("kafka.consume.handled", { topic: `EVENT_TOPIC_${i}` }, i);
  observe("kafka.consume.handle_ms", i / 3, { topic: `EVENT_TOPIC_${i}` });
  setGauge("kafka.consumer.lag", i, { topic: `EVENT_TOPIC_${i}`, partition: "0" });
}
