/**
 * What both bus adapters do to a message on the way out (validate, serialize, headers) and on the way
 * in (JSON, tenant headers, schema, handler span, bad-message accounting).
 * @module
 */
import { Buffer } from "node:buffer";
import type { TopicContract } from "./contract.ts";
import { type Tenant, TENANT_HEADERS } from "../tenant.ts";
import { tenantFromKafkaHeaders, tenantKafkaHeaders } from "./tenant-headers.ts";
import {
  type Delivery,
  type DeliveryHandler,
  MessageValidationError,
  type PublishOptions,
  type SubscribeOptions,
} from "./bus.ts";
import {
  activeContext,
  extractTrace,
  formatTraceparent,
  type Span,
  spanContextOf,
  SpanKind,
  SpanStatusCode,
  startSpan,
  TRACEPARENT,
  TRACESTATE,
  withSpan,
} from "../observability/tracing.ts";
import { increment, observe } from "../observability/metrics.ts";
import { packetArrivedAt } from "../observability/packet-timing.ts";
import { getLogger } from "../observability/log.ts";

const log = getLogger("kafka.consumer");
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * A message ready for a broker. The byte arrays are Node `Buffer`s (kafkajs takes them as they are);
 * tenant header values are shared between records of one tenant and must not be modified.
 */
export interface OutgoingRecord {
  key: Uint8Array;
  value: Uint8Array;
  headers: Record<string, Uint8Array>;
}

/** A message as a broker hands it out, before any validation. */
export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Uint8Array | null | undefined;
  value: Uint8Array | null | undefined;
  headers: Readonly<Record<string, Uint8Array | string | undefined | (Uint8Array | string)[]>> | undefined;
}

/** Why a message was skipped, as the `reason` label of `kafka.consume.skipped`. */
export type SkipReason = "empty_value" | "invalid_json" | "bad_tenant_header" | "schema_mismatch";

/**
 * The key bytes of publish options: an id as `encodeKey` writes it (unsigned 32-bit little-endian,
 * then four zero bytes), or the given bytes. A `Buffer` from Node's small-allocation pool, several
 * times cheaper than a fresh array.
 */
export function keyBytes(key: number | Uint8Array): Buffer {
  if (typeof key !== "number") {
    return Buffer.isBuffer(key) ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  }
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeUInt32LE(key >>> 0, 0);
  bytes.writeUInt32LE(0, 4);
  return bytes;
}

const tenantHeaderCache = new Map<string, Readonly<Record<string, Buffer>>>();
// Tenants are a handful per deployment; the bound only guards against a caller inventing them.
const TENANT_HEADER_CACHE_LIMIT = 256;

/** The tenant headers as ready Buffers, built once per tenant. */
function cachedTenantHeaders(tenant: Tenant): Readonly<Record<string, Buffer>> {
  const id = `${tenant.id}\n${tenant.region}\n${tenant.majorVersion}\n${tenant.minorVersion}`;
  let headers = tenantHeaderCache.get(id);
  if (!headers) {
    if (tenantHeaderCache.size >= TENANT_HEADER_CACHE_LIMIT) tenantHeaderCache.clear();
    headers = Object.fromEntries(
      Object.entries(tenantKafkaHeaders(tenant)).map(([name, bytes]) => [name, Buffer.from(bytes)]),
    );
    tenantHeaderCache.set(id, headers);
  }
  return headers;
}

/** A key for error messages: the id when it is an Atlas key, hex otherwise. */
export function describeKey(key: number | Uint8Array): string {
  if (typeof key === "number") return String(key);
  return [...key].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.slice(0, 3).map((i) =>
    `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`
  )
    .join("; ");
}

/**
 * Validates `value` against the contract and builds the record: JSON of the parsed value, trace
 * headers of `span` (default: the active span, if any), then the tenant headers (Atlas' order).
 * Throws {@link MessageValidationError} when the value does not match.
 */
export function encodeRecord(
  contract: TopicContract,
  topic: string,
  value: unknown,
  options: PublishOptions,
  span?: Span,
): OutgoingRecord {
  const parsed = contract.schema.safeParse(value);
  if (!parsed.success) {
    throw new MessageValidationError(
      topic,
      describeKey(options.key),
      `value does not match the ${contract.variable} schema: ${describeIssues(parsed.error.issues)}`,
    );
  }
  const headers: Record<string, Uint8Array> = {};
  const trace = span?.spanContext() ?? spanContextOf(activeContext());
  if (trace) {
    headers[TRACEPARENT] = Buffer.from(formatTraceparent(trace), "latin1");
    const state = trace.traceState?.serialize();
    if (state) headers[TRACESTATE] = Buffer.from(state);
  }
  Object.assign(headers, cachedTenantHeaders(options.tenant));
  return { key: keyBytes(options.key), value: Buffer.from(JSON.stringify(parsed.data)), headers };
}

function normalizeHeaders(raw: IncomingRecord["headers"]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  if (!raw) return out;
  for (const name in raw) {
    const value = raw[name];
    // Like Atlas' parser, a later duplicate wins.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined || last === null) continue;
    out[name] = typeof last === "string" ? encoder.encode(last) : last;
  }
  return out;
}

const tenantCache = new Map<string, Tenant>();
const TENANT_CACHE_LIMIT = 256;

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/**
 * {@link tenantFromKafkaHeaders}, remembering the tenants of header bytes seen before: the byte
 * strings are the cache key (one string per distinct byte sequence), so only headers that passed the
 * full check once are answered from the cache. Each call returns its own copy.
 */
function tenantOf(headers: Record<string, Uint8Array>): Tenant {
  const id = headers[TENANT_HEADERS.id];
  const region = headers[TENANT_HEADERS.region];
  const major = headers[TENANT_HEADERS.majorVersion];
  const minor = headers[TENANT_HEADERS.minorVersion];
  if (!id || !region || !major || !minor || id.length + region.length > 256) {
    return tenantFromKafkaHeaders(headers);
  }
  const cacheKey = `${latin1(id)}\n${latin1(region)}\n${latin1(major)}\n${latin1(minor)}`;
  let tenant = tenantCache.get(cacheKey);
  if (!tenant) {
    tenant = tenantFromKafkaHeaders(headers);
    if (tenantCache.size >= TENANT_CACHE_LIMIT) tenantCache.clear();
    tenantCache.set(cacheKey, tenant);
  }
  return { ...tenant };
}

/** One registered handler of a topic. */
export interface Subscription {
  contract: TopicContract;
  topic: string;
  handler: DeliveryHandler<unknown>;
  options: SubscribeOptions;
}

function skip(record: IncomingRecord, reason: SkipReason, detail: string): void {
  increment("kafka.consume.skipped", { topic: record.topic, reason });
  log.warn("skipped bad message", {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    reason,
    detail,
  });
}

/**
 * Runs one record through every subscription of its topic. Never rejects: bad messages and failing
 * handlers are logged and counted, so the caller can commit and move on.
 */
export async function dispatchRecord(
  record: IncomingRecord,
  subscriptions: readonly Subscription[],
): Promise<void> {
  if (!record.value || record.value.length === 0) {
    return skip(record, "empty_value", "message has no value (tombstone?)");
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(record.value));
  } catch (err) {
    return skip(record, "invalid_json", err instanceof Error ? err.message : String(err));
  }
  const headers = normalizeHeaders(record.headers);
  let tenant: Tenant;
  try {
    tenant = tenantOf(headers);
  } catch (err) {
    return skip(record, "bad_tenant_header", err instanceof Error ? err.message : String(err));
  }
  const parent = extractTrace(headers);
  for (const subscription of subscriptions) {
    const name = subscription.options.name ?? record.topic;
    await withSpan(
      name,
      async (span) => {
        span.setAttributes({
          "messaging.system": "kafka",
          "messaging.destination.name": record.topic,
          "messaging.kafka.partition": record.partition,
          "messaging.kafka.offset": record.offset,
        });
        const parsed = subscription.contract.schema.safeParse(json);
        if (!parsed.success) {
          return skip(record, "schema_mismatch", `${name}: ${describeIssues(parsed.error.issues)}`);
        }
        const delivery: Delivery<unknown> = {
          value: parsed.data,
          tenant,
          key: record.key ?? undefined,
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          headers,
        };
        const started = performance.now();
        try {
          await subscription.handler(delivery);
          increment("kafka.consume.handled", { topic: record.topic });
        } catch (err) {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: err instanceof Error ? err.message : String(err),
          });
          increment("kafka.consume.handler_failed", { topic: record.topic });
          log.error("handler failed; message skipped", {
            consumer: name,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            error: err,
          });
        } finally {
          observe("kafka.consume.handle_ms", performance.now() - started, { topic: record.topic });
        }
      },
      parent,
      { kind: SpanKind.CONSUMER },
    );
  }
}

/**
 * Runs `send` with a producer span named `publish {topic}` (child of the active context); `send`
 * passes the span to {@link encodeRecord} so the record carries it in `traceparent`. The span is not
 * made active: nothing `send` starts belongs to the caller's trace, and skipping the context switch
 * keeps a publish cheap. Counts `kafka.publish.ok` / `.failed` and ends the span when `send` settles.
 */
export async function tracedPublish(topic: string, send: (span: Span) => Promise<void>): Promise<void> {
  const started = performance.now();
  const span = startSpan(`publish ${topic}`, undefined, {
    kind: SpanKind.PRODUCER,
    attributes: publishAttributes(topic),
  });
  try {
    await send(span);
    span.end();
    increment("kafka.publish.ok", { topic });
    const now = performance.now();
    observe("kafka.publish.ack_ms", now - started, { topic });
    const arrived = packetArrivedAt();
    if (arrived !== undefined) observe("net.packet_to_publish_ms", now - arrived, { topic });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    span.recordException(err instanceof Error ? err : message);
    span.end();
    increment("kafka.publish.failed", { topic, error: err instanceof Error ? err.name : "unknown" });
    throw err;
  }
}

function publishAttributes(topic: string) {
  return { "messaging.system": "kafka", "messaging.destination.name": topic };
}
