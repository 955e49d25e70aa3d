/**
 * The Prometheus text exposition format (version 0.0.4) for our in-process metrics (`metrics.ts`).
 * Dotted names become `atlas_channel_…` names; counters end in `_total`; histograms kept in
 * milliseconds (`…_ms`) are exposed in seconds (`…_seconds`), as Prometheus conventions ask.
 * @module
 */
import {
  type CounterSample,
  type GaugeSample,
  HISTOGRAM_BOUNDS,
  type HistogramSample,
  type Labels,
  type MetricsSnapshot,
} from "./metrics.ts";

/** The content type of {@link encodePrometheus}'s output. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** What each metric means, for `# HELP` (keyed by the dotted name). */
export const METRIC_HELP: Readonly<Record<string, string>> = {
  "sessions": "Connected client sessions per tenant, world and channel.",
  "build.info": "Always 1; the labels name the running version.",
  "process.resident_memory_bytes": "Resident set size of the process.",
  "process.heap_used_bytes": "JavaScript heap in use.",
  "process.uptime_seconds": "Seconds since the process started.",
  "process.event_loop_delay_ms": "How late a 100 ms sample timer fired: the event loop's longest waits.",
  "net.packets.in": "Client packets received, by handler name (unknown: no handler bound to the opcode).",
  "net.packets.out": "Packets queued for clients, by writer name.",
  "net.packets.dropped": "Client packets not handled, by reason (unknown-opcode, not-ready, malformed, ...).",
  "net.packet": "Client packets by dispatch outcome.",
  "net.bytes.in": "Bytes read from client sockets.",
  "net.bytes.out": "Bytes written to client sockets.",
  "net.write_pacing_ms":
    "The write pacing interval now in force (0: released; it engages while the process is busy).",
  "net.writes": "Writes to client sockets (each holds every packet queued for that client since its last).",
  "net.sessions.closed": "Sessions closed, by reason.",
  "net.session.refused": "Connections refused, by reason.",
  "net.writer.unbound": "Packets not sent because the tenant binds no opcode to the writer.",
  "net.packet_to_publish_ms":
    "From a client packet's arrival to the broker's acknowledgement of a command it published.",
  "kafka.publish.ok": "Messages produced and acknowledged, by topic.",
  "kafka.publish.failed": "Publishes that failed, by topic and error.",
  "kafka.publish.batch_failed": "Produce requests that failed after their retries.",
  "kafka.publish.ack_ms": "From publish to the broker's acknowledgement, by topic.",
  "kafka.publish.batch_size": "Messages per produce request.",
  "kafka.publish.batch_ms": "Produce request round trip.",
  "kafka.consume.handled": "Messages consumed and handled, by topic.",
  "kafka.consume.skipped": "Messages skipped, by topic and reason (invalid_json, schema_mismatch, ...).",
  "kafka.consume.handler_failed": "Messages whose handler threw, by topic.",
  "kafka.consume.handle_ms":
    "Event to packet: from a consumed event's delivery to its handler finishing (its packets queued), by topic.",
  "kafka.consumer.lag": "Messages between the last consumed offset and the partition's high watermark.",
  "kafka.outage": "Times the broker became unreachable.",
  "rest.requests":
    "REST requests (each attempt), by service and HTTP status (network, timeout: no response).",
  "rest.request_ms": "REST request latency (each attempt), by service.",
};

function metricName(dotted: string): string {
  return `atlas_channel_${dotted.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const parts = Object.entries(labels).map(([k, v]) =>
    `${k.replace(/[^a-zA-Z0-9_]/g, "_")}="${escapeLabel(v)}"`
  );
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function groupByName<T extends { name: string }>(samples: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const s of [...samples].sort((a, b) => a.name.localeCompare(b.name))) {
    const list = groups.get(s.name) ?? [];
    list.push(s);
    groups.set(s.name, list);
  }
  return groups;
}

function header(out: string[], dotted: string, name: string, type: string): void {
  const help = METRIC_HELP[dotted];
  if (help) out.push(`# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
  out.push(`# TYPE ${name} ${type}`);
}

function encodeCounters(out: string[], counters: readonly CounterSample[]): void {
  for (const [dotted, samples] of groupByName(counters)) {
    const name = `${metricName(dotted)}_total`;
    header(out, dotted, name, "counter");
    for (const s of samples) out.push(`${name}${labelText(s.labels)} ${number(s.value)}`);
  }
}

function encodeGauges(out: string[], gauges: readonly GaugeSample[]): void {
  for (const [dotted, samples] of groupByName(gauges)) {
    const name = metricName(dotted);
    header(out, dotted, name, "gauge");
    for (const s of samples) out.push(`${name}${labelText(s.labels)} ${number(s.value)}`);
  }
}

function encodeHistograms(out: string[], histograms: readonly HistogramSample[]): void {
  for (const [dotted, samples] of groupByName(histograms)) {
    const inMs = dotted.endsWith("_ms");
    const scale = inMs ? 1 / 1000 : 1;
    const name = inMs ? `${metricName(dotted.slice(0, -3))}_seconds` : metricName(dotted);
    header(out, dotted, name, "histogram");
    for (const s of samples) {
      for (const [i, bound] of HISTOGRAM_BOUNDS.entries()) {
        out.push(`${name}_bucket${labelText(s.labels, ["le", number(bound * scale)])} ${s.buckets[i]}`);
      }
      out.push(`${name}_bucket${labelText(s.labels, ["le", "+Inf"])} ${s.count}`);
      out.push(`${name}_sum${labelText(s.labels)} ${number(s.sum * scale)}`);
      out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
    }
  }
}

/** The snapshot (plus gauges computed at scrape time, such as sessions) as Prometheus text. */
export function encodePrometheus(
  snapshot: MetricsSnapshot,
  extraGauges: readonly GaugeSample[] = [],
): string {
  const out: string[] = [];
  encodeGauges(out, [...snapshot.gauges, ...extraGauges]);
  encodeCounters(out, snapshot.counters);
  encodeHistograms(out, snapshot.histograms);
  return out.join("\n") + "\n";
}
