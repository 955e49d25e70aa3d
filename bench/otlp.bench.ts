/**
 * Cost of ending a traced span while the OTLP collector hangs: `./scripts/deno bench -A bench/otlp.bench.ts`.
 * The goal (performance goals live in benchmarks, not timed tests): 100 spans end in well under 50 ms
 * whatever the collector does, because ending a span only queues it (or drops it when the queue is
 * full). The test `otlp: a hanging collector never blocks the traced code` proves the queuing itself.
 */
import { startOtlpExporter } from "../src/observability/otlp.ts";
import { withSpan } from "../src/observability/tracing.ts";

// A collector that accepts the connection and never answers.
const never = new Promise<Response>(() => {});
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => never);
const exporter = startOtlpExporter({
  endpoint: `http://127.0.0.1:${server.addr.port}`,
  flushIntervalMs: 60_000,
  requestTimeoutMs: 60_000,
  shutdownTimeoutMs: 100,
});
withSpan("first", () => {});
void exporter.flush(); // the POST now hangs

Deno.bench("end 100 spans while the collector hangs", { group: "otlp", baseline: true }, () => {
  for (let i = 0; i < 100; i++) withSpan("while hanging", () => {});
});

globalThis.addEventListener("unload", () => {
  void exporter.shutdown();
  void server.shutdown();
});
