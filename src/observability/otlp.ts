/**
 * Span export over OTLP/HTTP with JSON bodies (`POST <collector>/v1/traces`), the one transport we
 * can speak without the OpenTelemetry SDK packages.
 *
 * Finished spans arrive through `recordSpans`' callback, synchronously inside `span.end()`, so the
 * callback only appends to a bounded queue: a full queue drops the span and counts it
 * (`otlp.spans.dropped{reason="queue_full"}`) rather than slowing the traced work or growing memory.
 * Batches leave on a timer or as soon as one is full, one POST at a time, each bounded by a timeout.
 * Failed batches are dropped (no retry: a collector that is down must not make us buffer), counted and
 * logged at most once per interval. Nothing here throws into callers.
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };
import type { SpanAttributes, SpanAttributeValue } from "@opentelemetry/api";
import { type FinishedSpan, recordSpans } from "./tracing.ts";
import { getLogger } from "./log.ts";
import { increment } from "./metrics.ts";

const log = getLogger("otlp");

/** `service.name` of the exported resource (the Atlas service this server replaces). */
export const OTLP_SERVICE_NAME = "atlas-channel";
/** Name of the instrumentation scope every span is exported under. */
export const OTLP_SCOPE_NAME = "atlas-channel-deno";
/** The OTLP/HTTP traces path appended to a collector base URL. */
export const OTLP_TRACES_PATH = "/v1/traces";

/** An OTLP `AnyValue` in its JSON mapping (64-bit integers as decimal strings). */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | Record<string, never>;

/** An OTLP `KeyValue`. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** One OTLP span in the JSON mapping: hex ids, enum numbers, nanosecond times as strings. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP `SpanKind`: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  /** OTLP `StatusCode`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
}

/** The body of `POST /v1/traces` (`ExportTraceServiceRequest`). */
export interface OtlpTracesRequest {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[];
  }[];
}

/** Who is exporting: becomes the resource attributes. */
export interface OtlpResource {
  serviceName: string;
  serviceInstanceId?: string;
  serviceVersion?: string;
}

/**
 * The traces URL for a configured endpoint: a collector base URL (`http://otel-collector:4318`, with or
 * without a trailing slash or a path prefix) gets `/v1/traces` appended; a URL that already ends in
 * `/v1/traces` is used as is (minus a trailing slash).
 */
export function otlpTracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith(OTLP_TRACES_PATH) ? path : `${path}${OTLP_TRACES_PATH}`;
  return url.toString();
}

const NANOS_PER_MILLI = 1_000_000n;

function milliToNanos(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * NANOS_PER_MILLI + BigInt(Math.round((ms - whole) * 1e6));
}

// Split in integer and fraction first: epoch nanoseconds exceed 2^53, a plain float product would
// lose the sub-microsecond digits.
const TIME_ORIGIN_NANOS = milliToNanos(performance.timeOrigin);

/** Unix epoch nanoseconds, as a decimal string, of a `performance.now()` timestamp. */
export function unixNanos(performanceMs: number): string {
  return (TIME_ORIGIN_NANOS + milliToNanos(performanceMs)).toString();
}

function anyValue(value: SpanAttributeValue | null | undefined): OtlpAnyValue {
  if (value === null || value === undefined) return {};
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return { intValue: String(value) };
    // JSON has no NaN or Infinity; keep them readable rather than sending null.
    return Number.isFinite(value) ? { doubleValue: value } : { stringValue: String(value) };
  }
  return {
    arrayValue: { values: (value as readonly unknown[]).map((v) => anyValue(v as SpanAttributeValue)) },
  };
}

function keyValues(attributes: SpanAttributes | undefined): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  if (!attributes) return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) out.push({ key, value: anyValue(value) });
  }
  return out;
}

/** One finished span in OTLP JSON. */
export function toOtlpSpan(span: FinishedSpan): OtlpSpan {
  const out: OtlpSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    // @opentelemetry/api counts kinds from INTERNAL = 0; OTLP reserves 0 for "unspecified".
    kind: span.kind + 1,
    startTimeUnixNano: unixNanos(span.startTime),
    endTimeUnixNano: unixNanos(span.endTime),
    attributes: keyValues(span.attributes),
    events: span.events.map((e) => ({
      timeUnixNano: unixNanos(e.time),
      name: e.name,
      attributes: keyValues(e.attributes),
    })),
    // The api's status codes (UNSET 0, OK 1, ERROR 2) are OTLP's.
    status: span.status.message
      ? { code: span.status.code, message: span.status.message }
      : { code: span.status.code },
  };
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId;
  return out;
}

/** The request body exporting `spans` for `resource`. */
export function toOtlpRequest(spans: readonly FinishedSpan[], resource: OtlpResource): OtlpTracesRequest {
  const attributes: OtlpKeyValue[] = [{ key: "service.name", value: { stringValue: resource.serviceName } }];
  if (resource.serviceInstanceId) {
    attributes.push({ key: "service.instance.id", value: { stringValue: resource.serviceInstanceId } });
  }
  if (resource.serviceVersion) {
    attributes.push({ key: "service.version", value: { stringValue: resource.serviceVersion } });
  }
  return {
    resourceSpans: [{
      resource: { attributes },
      scopeSpans: [{
        scope: { name: OTLP_SCOPE_NAME, version: resource.serviceVersion },
        spans: spans.map(toOtlpSpan),
      }],
    }],
  };
}

/** Options of {@link startOtlpExporter}; only `endpoint` is required. */
export interface OtlpExporterOptions {
  /** Collector base URL (`http://otel-collector:4318`) or the full traces URL (see {@link otlpTracesUrl}). */
  endpoint: string;
  /** `service.instance.id` (the SERVICE_ID), when known. */
  serviceInstanceId?: string;
  /** `service.version`; default: the version in deno.json. */
  serviceVersion?: string;
  /** Most spans waiting for export; further spans are dropped and counted. Default 2048. */
  maxQueueSize?: number;
  /** Most spans per POST; a full batch is sent without waiting for the timer. Default 512. */
  maxBatchSize?: number;
  /** How often waiting spans are sent. Default 5000 ms. */
  flushIntervalMs?: number;
  /** How long one POST may take (connect, send, response) before it is abandoned. Default 10000 ms. */
  requestTimeoutMs?: number;
  /** How long {@link OtlpExporter.shutdown} may spend sending what is left. Default 5000 ms. */
  shutdownTimeoutMs?: number;
  /** At most one failure log line per this interval (the rest are counted). Default 60000 ms. */
  failureLogIntervalMs?: number;
}

/** A running exporter; see {@link startOtlpExporter}. */
export interface OtlpExporter {
  /** Where batches are POSTed. */
  readonly url: string;
  /** Spans waiting for export. */
  readonly queued: number;
  /** Sends everything queued now; resolves when done (never rejects). */
  flush(): Promise<void>;
  /**
   * Stops receiving spans and sends what is queued, within `shutdownTimeoutMs`; what is still queued
   * then is dropped and counted. Idempotent; never rejects.
   */
  shutdown(): Promise<void>;
}

const SAMPLED = 0x01;

/**
 * Starts exporting every span that ends from now on (through `recordSpans`), until `shutdown()`.
 * Metrics: `otlp.spans.exported`, `otlp.spans.dropped{reason}` (`queue_full`, `export_failed`,
 * `shutdown`), `otlp.spans.rejected` (the collector's partial success), `otlp.export.failed{reason}`
 * (`timeout`, `network`, `http_<status>`, `encode`, `shutdown`).
 */
export function startOtlpExporter(options: OtlpExporterOptions): OtlpExporter {
  const url = otlpTracesUrl(options.endpoint);
  const maxQueueSize = options.maxQueueSize ?? 2048;
  const maxBatchSize = options.maxBatchSize ?? 512;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 5_000;
  const failureLogIntervalMs = options.failureLogIntervalMs ?? 60_000;
  const resource: OtlpResource = {
    serviceName: OTLP_SERVICE_NAME,
    serviceInstanceId: options.serviceInstanceId,
    serviceVersion: options.serviceVersion ?? denoJson.version,
  };

  const queue: FinishedSpan[] = [];
  let draining: Promise<void> | undefined;
  let inFlight: AbortController | undefined;
  let stopped = false;
  let shuttingDown: Promise<void> | undefined;
  let lastFailureLog = -Infinity;
  let failuresNotLogged = 0;
  let failing = false;

  function exportFailed(spans: number, reason: string, detail: unknown): void {
    increment("otlp.export.failed", { reason });
    increment("otlp.spans.dropped", { reason: "export_failed" }, spans);
    failing = true;
    const now = performance.now();
    if (now - lastFailureLog < failureLogIntervalMs) {
      failuresNotLogged++;
      return;
    }
    log.warn("span export failed; the batch is dropped", {
      url,
      reason,
      spans,
      detail: detail instanceof Error ? detail.message : detail,
      failuresNotLogged,
    });
    lastFailureLog = now;
    failuresNotLogged = 0;
  }

  async function post(batch: FinishedSpan[]): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify(toOtlpRequest(batch, resource));
    } catch (err) {
      return exportFailed(batch.length, "encode", err);
    }
    const controller = new AbortController();
    inFlight = controller;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, requestTimeoutMs);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: controller.signal,
      });
      const text = await response.text();
      if (!response.ok) return exportFailed(batch.length, `http_${response.status}`, text.slice(0, 200));
      const rejected = rejectedSpans(text);
      increment("otlp.spans.exported", {}, batch.length - rejected);
      if (rejected > 0) {
        increment("otlp.spans.rejected", {}, rejected);
        log.warn("the collector rejected some spans", { url, rejected, spans: batch.length });
      }
      if (failing) {
        failing = false;
        log.info("span export recovered", { url, failuresNotLogged });
        failuresNotLogged = 0;
      }
    } catch (err) {
      exportFailed(
        batch.length,
        timedOut ? "timeout" : controller.signal.aborted ? "shutdown" : "network",
        err,
      );
    } finally {
      clearTimeout(timer);
      inFlight = undefined;
    }
  }

  async function drain(): Promise<void> {
    // Start on a later microtask: a full batch is noticed inside span.end(), whose caller must not
    // pay for encoding it.
    await null;
    while (queue.length > 0) await post(queue.splice(0, maxBatchSize));
  }

  function flush(): Promise<void> {
    draining ??= drain().catch((err) => log.error("span export loop failed", { error: err })).finally(() => {
      draining = undefined;
    });
    return draining;
  }

  const recording = recordSpans((span) => {
    // A remote parent that was not sampled: Atlas' Go SDK (parent-based sampling) records nothing either.
    if ((span.traceFlags & SAMPLED) === 0 || stopped) return;
    if (queue.length >= maxQueueSize) {
      increment("otlp.spans.dropped", { reason: "queue_full" });
      return;
    }
    queue.push(span);
    if (queue.length >= maxBatchSize && !draining) void flush();
  });
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 5_000);
  Deno.unrefTimer(timer);
  log.info("exporting spans over OTLP/HTTP", { url });

  async function stop(): Promise<void> {
    stopped = true;
    recording.stop();
    clearInterval(timer);
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      flush().then(() => "flushed" as const),
      new Promise<"timeout">((resolve) => deadline = setTimeout(() => resolve("timeout"), shutdownTimeoutMs)),
    ]);
    clearTimeout(deadline);
    if (outcome === "timeout") {
      const left = queue.length;
      queue.length = 0;
      if (left > 0) increment("otlp.spans.dropped", { reason: "shutdown" }, left);
      inFlight?.abort();
      log.warn("span export did not finish within the shutdown timeout", { url, dropped: left });
      await draining;
    }
  }

  return {
    url,
    get queued() {
      return queue.length;
    },
    flush,
    shutdown() {
      shuttingDown ??= stop();
      return shuttingDown;
    },
  };
}

/** `partialSuccess.rejectedSpans` of an export response (0 when absent or not JSON). */
function rejectedSpans(body: string): number {
  if (!body) return 0;
  try {
    const parsed = JSON.parse(body) as { partialSuccess?: { rejectedSpans?: number | string } };
    const rejected = Number(parsed?.partialSuccess?.rejectedSpans ?? 0);
    return Number.isSafeInteger(rejected) && rejected > 0 ? rejected : 0;
  } catch {
    return 0;
  }
}
