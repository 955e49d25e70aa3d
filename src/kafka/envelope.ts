/**
 * What both bus adapters do to a message on the way out (validate, serialize, headers) and on the way
 * in (JSON, tenant headers, schema, handler span, bad-message accounting).
 * @module
 */
import type { TopicContract } from "./contract.ts";
import { type Tenant, tenantFromKafkaHeaders, tenantKafkaHeaders } from "./tenant.ts";
import { encodeKey } from "./key.ts";
import {
  type Delivery,
  type DeliveryHandler,
  MessageValidationError,
  type PublishOptions,
  type SubscribeOptions,
} from "./bus.ts";
import { extractTrace, injectTrace, SpanKind, SpanStatusCode, withSpan } from "../observability/tracing.ts";
import { increment, observe } from "../observability/metrics.ts";
import { getLogger } from "../observability/log.ts";

const log = getLogger("kafka.consumer");
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A message ready for a broker. */
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

/** The key bytes of publish options. */
export function keyBytes(key: number | Uint8Array): Uint8Array {
  return typeof key === "number" ? encodeKey(key) : key;
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
 * headers of the active context, then the tenant headers (Atlas' order).
 * Throws {@link MessageValidationError} when the value does not match.
 */
export function encodeRecord(
  contract: TopicContract,
  topic: string,
  value: unknown,
  options: PublishOptions,
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
  injectTrace(headers);
  Object.assign(headers, tenantKafkaHeaders(options.tenant));
  return { key: keyBytes(options.key), value: encoder.encode(JSON.stringify(parsed.data)), headers };
}

function normalizeHeaders(raw: IncomingRecord["headers"]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    // Like Atlas' parser, a later duplicate wins.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined || last === null) continue;
    out[name] = typeof last === "string" ? encoder.encode(last) : last;
  }
  return out;
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
    tenant = tenantFromKafkaHeaders(headers);
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
 * Runs `send` inside a producer span named `publish {topic}` (child of the active context), so the
 * record built inside carries that span in `traceparent`; counts `kafka.publish.ok` / `.failed`.
 */
export async function tracedPublish(topic: string, send: () => Promise<void>): Promise<void> {
  const started = performance.now();
  try {
    await withSpan(`publish ${topic}`, send, undefined, {
      kind: SpanKind.PRODUCER,
      attributes: { "messaging.system": "kafka", "messaging.destination.name": topic },
    });
    increment("kafka.publish.ok", { topic });
    observe("kafka.publish.ack_ms", performance.now() - started, { topic });
  } catch (err) {
    increment("kafka.publish.failed", { topic, error: err instanceof Error ? err.name : "unknown" });
    throw err;
  }
}
