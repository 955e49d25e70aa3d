/**
 * Trace context for Kafka messages and our own spans, on `@opentelemetry/api` alone.
 *
 * The api package ships neither a W3C propagator nor an SDK, so this module provides the three small
 * pieces Atlas relies on: a W3C Trace Context propagator (`traceparent` / `tracestate`, the only
 * propagator Atlas installs), a context manager on `AsyncLocalStorage` so the active span follows
 * `await`, and a tracer whose spans carry random ids and record nothing unless someone listens
 * ({@link recordSpans}: tests, or the OTLP exporter of `otlp.ts` through its callback).
 * @module
 */
import {
  type Context,
  context,
  type ContextManager,
  createTraceState,
  type Exception,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanAttributes,
  type SpanAttributeValue,
  type SpanContext,
  SpanKind,
  type SpanOptions,
  type SpanStatus,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
  TraceFlags,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";
import { AsyncLocalStorage } from "node:async_hooks";

export { type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode };

/** Header names of W3C Trace Context. */
export const TRACEPARENT = "traceparent";
/** See {@link TRACEPARENT}. */
export const TRACESTATE = "tracestate";

const TRACEPARENT_PATTERN = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/** Parses a `traceparent` value; `undefined` when it is not valid W3C Trace Context. */
export function parseTraceparent(value: string): SpanContext | undefined {
  const match = TRACEPARENT_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  // Version ff is forbidden; version 00 has exactly four fields, later versions may append more.
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
}

/** Formats a span context as a version-00 `traceparent`. */
export function formatTraceparent(span: SpanContext): string {
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, "0");
  return `00-${span.traceId}-${span.spanId}-${flags}`;
}

/** The W3C Trace Context propagator over any string carrier. */
export const w3cTraceContextPropagator: TextMapPropagator = {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(ctx);
    if (!span || !isSpanContextValid(span)) return;
    setter.set(carrier, TRACEPARENT, formatTraceparent(span));
    const state = span.traceState?.serialize();
    if (state) setter.set(carrier, TRACESTATE, state);
  },
  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const first = (v: string | string[] | undefined) => Array.isArray(v) ? v[0] : v;
    const parent = first(getter.get(carrier, TRACEPARENT));
    if (!parent) return ctx;
    const span = parseTraceparent(parent);
    if (!span) return ctx;
    const state = getter.get(carrier, TRACESTATE);
    const joined = Array.isArray(state) ? state.join(",") : state;
    if (joined) span.traceState = createTraceState(joined);
    return trace.setSpanContext(ctx, span);
  },
  fields: () => [TRACEPARENT, TRACESTATE],
};

/** Keeps the active context across `await` with `AsyncLocalStorage`. */
function asyncLocalContextManager(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  const manager: ContextManager = {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with(ctx, fn, thisArg, ...args) {
      return storage.run(ctx, () => fn.apply(thisArg, args));
    },
    bind<T>(ctx: Context, target: T): T {
      if (typeof target !== "function") return target;
      const fn = target as unknown as (...a: unknown[]) => unknown;
      return (function (this: unknown, ...a: unknown[]) {
        return storage.run(ctx, () => fn.apply(this, a));
      }) as unknown as T;
    },
    enable: () => manager,
    disable() {
      storage.disable();
      return manager;
    },
  };
  return manager;
}

/** An event of a {@link FinishedSpan}; `time` is on the `performance.now()` clock. */
export interface SpanEvent {
  name: string;
  attributes?: SpanAttributes;
  time: number;
}

/**
 * A finished span, as {@link recordSpans} hands it out. `startTime` and `endTime` are
 * `performance.now()` milliseconds; add `performance.timeOrigin` for Unix epoch milliseconds.
 */
export interface FinishedSpan {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** W3C trace flags (bit 0: sampled), inherited from the parent. */
  traceFlags: number;
  attributes: SpanAttributes;
  status: SpanStatus;
  events: SpanEvent[];
  startTime: number;
  endTime: number;
}

type SpanSink = (span: FinishedSpan) => void;
const sinks = new Set<SpanSink>();

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const idPool = new Uint8Array(24 * 256);
let idPoolOffset = idPool.length;

function randomHex(bytes: number): string {
  if (idPoolOffset + bytes > idPool.length) {
    crypto.getRandomValues(idPool);
    idPoolOffset = 0;
  }
  let out = "";
  for (let i = 0; i < bytes; i++) out += HEX[idPool[idPoolOffset + i]];
  idPoolOffset += bytes;
  return ALL_ZERO.test(out) ? randomHex(bytes) : out;
}

class LocalSpan implements Span {
  readonly #context: SpanContext;
  readonly #startTime = performance.now();
  #name: string;
  #ended = false;
  readonly #attributes: SpanAttributes = {};
  readonly #events: FinishedSpan["events"] = [];
  #status: SpanStatus = { code: SpanStatusCode.UNSET };

  constructor(
    name: string,
    readonly kind: SpanKind,
    parent: SpanContext | undefined,
    attributes: SpanAttributes | undefined,
  ) {
    this.#name = name;
    this.#context = {
      traceId: parent ? parent.traceId : randomHex(16),
      spanId: randomHex(8),
      traceFlags: parent ? parent.traceFlags : TraceFlags.SAMPLED,
      traceState: parent?.traceState,
    };
    this.parentSpanId = parent?.spanId;
    if (attributes && sinks.size > 0) Object.assign(this.#attributes, attributes);
  }

  readonly parentSpanId: string | undefined;

  spanContext(): SpanContext {
    return this.#context;
  }
  setAttribute(key: string, value: SpanAttributeValue): this {
    if (sinks.size > 0) this.#attributes[key] = value;
    return this;
  }
  setAttributes(attributes: SpanAttributes): this {
    if (sinks.size > 0) Object.assign(this.#attributes, attributes);
    return this;
  }
  addEvent(name: string, attributesOrTime?: unknown): this {
    if (sinks.size > 0) {
      const attributes = attributesOrTime && typeof attributesOrTime === "object" &&
          !Array.isArray(attributesOrTime) && !(attributesOrTime instanceof Date)
        ? attributesOrTime as SpanAttributes
        : undefined;
      this.#events.push({ name, attributes, time: performance.now() });
    }
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.#status = status;
    return this;
  }
  updateName(name: string): this {
    this.#name = name;
    return this;
  }
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (sinks.size === 0) return;
    const finished: FinishedSpan = {
      name: this.#name,
      kind: this.kind,
      traceId: this.#context.traceId,
      spanId: this.#context.spanId,
      parentSpanId: this.parentSpanId,
      traceFlags: this.#context.traceFlags,
      attributes: { ...this.#attributes },
      status: this.#status,
      events: [...this.#events],
      startTime: this.#startTime,
      endTime: performance.now(),
    };
    for (const sink of sinks) {
      // A faulty listener must not turn ending a span into a failure of the traced work.
      try {
        sink(finished);
      } catch { /* the listener's own problem; spans stay best-effort */ }
    }
  }
  isRecording(): boolean {
    return sinks.size > 0 && !this.#ended;
  }
  recordException(exception: Exception): void {
    const message = typeof exception === "string" ? exception : exception.message ?? String(exception);
    this.addEvent("exception", { "exception.message": message });
  }
}

function startLocalSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
  const parent = options.root ? undefined : trace.getSpanContext(ctx);
  const validParent = parent && isSpanContextValid(parent) ? parent : undefined;
  return new LocalSpan(name, options.kind ?? SpanKind.INTERNAL, validParent, options.attributes);
}

/** The tracer behind {@link withSpan}; also registered as the global tracer provider's tracer. */
export const tracer: Tracer = {
  startSpan: startLocalSpan,
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest.pop() as F;
    const [options, ctx] = rest as [SpanOptions | undefined, Context | undefined];
    const parent = ctx ?? context.active();
    const span = startLocalSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  },
};

const tracerProvider: TracerProvider = { getTracer: () => tracer };

let installed = false;

/**
 * Registers the context manager, propagator and tracer provider as the process-wide OpenTelemetry
 * globals. Idempotent; the helpers below call it themselves.
 */
export function installTracing(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(asyncLocalContextManager());
  propagation.setGlobalPropagator(w3cTraceContextPropagator);
  trace.setGlobalTracerProvider(tracerProvider);
}

/** Options of {@link withSpan}. */
export interface WithSpanOptions {
  kind?: SpanKind;
  attributes?: SpanAttributes;
}

/**
 * Runs `fn` inside a new span, child of `parentContext` (default: the active context), with that span
 * active for everything `fn` awaits. The span ends when `fn` settles; a throw marks it as an error and
 * is rethrown.
 */
export function withSpan<T>(
  name: string,
  fn: (span: Span) => T,
  parentContext?: Context,
  options: WithSpanOptions = {},
): T {
  installTracing();
  const parent = parentContext ?? context.active();
  const span = startLocalSpan(name, options, parent);
  const fail = (err: unknown) => {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    span.recordException(err instanceof Error ? err : String(err));
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), fn, undefined, span);
  } catch (err) {
    fail(err);
    span.end();
    throw err;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (err) => {
        fail(err);
        span.end();
        throw err;
      },
    ) as T;
  }
  span.end();
  return result;
}

/** Starts a span without activating it; the caller ends it. */
export function startSpan(name: string, parentContext?: Context, options: WithSpanOptions = {}): Span {
  installTracing();
  return startLocalSpan(name, options, parentContext ?? context.active());
}

/** The active context (for handing a trace to work that starts later). */
export function activeContext(): Context {
  installTracing();
  return context.active();
}

/** `ctx` (default: the active context) with `span` as its current span. */
export function contextWithSpan(span: Span, ctx?: Context): Context {
  installTracing();
  return trace.setSpan(ctx ?? context.active(), span);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Writes `traceparent` (and `tracestate` when non-empty) for `ctx` (default: the active context) into
 * Kafka headers as UTF-8 bytes. Writes nothing when the context has no valid span.
 */
export function injectTrace(headers: Record<string, Uint8Array>, ctx?: Context): void {
  installTracing();
  w3cTraceContextPropagator.inject(ctx ?? context.active(), headers, {
    set: (carrier, key, value) => {
      (carrier as Record<string, Uint8Array>)[key] = encoder.encode(value);
    },
  });
}

/** Trace headers for `ctx` (default: the active context) as text, for HTTP requests. */
export function traceHttpHeaders(ctx?: Context): Record<string, string> {
  installTracing();
  const headers: Record<string, string> = {};
  w3cTraceContextPropagator.inject(ctx ?? context.active(), headers, {
    set: (carrier, key, value) => {
      (carrier as Record<string, string>)[key] = value;
    },
  });
  return headers;
}

/**
 * The context carried by Kafka headers (bytes or text): a remote parent span when `traceparent` is
 * valid, otherwise the root context, so that handling starts a fresh trace as Atlas does.
 */
export function extractTrace(headers: Readonly<Record<string, Uint8Array | string | undefined>>): Context {
  installTracing();
  return w3cTraceContextPropagator.extract(ROOT_CONTEXT, headers, {
    keys: (carrier) => Object.keys(carrier as object),
    get: (carrier, key) => {
      const value = (carrier as Record<string, Uint8Array | string | undefined>)[key];
      if (value === undefined) return undefined;
      return typeof value === "string" ? value : decoder.decode(value);
    },
  });
}

/** The span context of `ctx` (default: the active context), if it has a valid one. */
export function spanContextOf(ctx?: Context): SpanContext | undefined {
  installTracing();
  const span = trace.getSpanContext(ctx ?? context.active());
  return span && isSpanContextValid(span) ? span : undefined;
}

/**
 * A running span recording: without a callback, finished spans accumulate in `spans` until `stop()`;
 * with one, they go to the callback only and `spans` stays empty.
 */
export interface SpanRecording {
  readonly spans: FinishedSpan[];
  stop(): void;
}

/**
 * Starts recording finished spans: tests read `spans`; an exporter passes `onSpan`, which then
 * receives every finished span instead (nothing accumulates, so a long-lived recording holds no
 * memory). `onSpan` runs synchronously inside `span.end()`: it must be cheap and must not throw.
 * While no recording is active, spans keep only their ids.
 */
export function recordSpans(onSpan?: (span: FinishedSpan) => void): SpanRecording {
  installTracing();
  const spans: FinishedSpan[] = [];
  const sink: SpanSink = onSpan ?? ((span) => spans.push(span));
  sinks.add(sink);
  return { spans, stop: () => sinks.delete(sink) };
}
