import { assertEquals, assertTrue } from "../support/assert.ts";
import {
  extractTrace,
  formatTraceparent,
  injectTrace,
  parseTraceparent,
  recordSpans,
  spanContextOf,
  SpanStatusCode,
  traceHttpHeaders,
  withSpan,
} from "../../src/observability/tracing.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("tracing: traceparent parses and formats W3C version 00", () => {
  const value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const span = parseTraceparent(value)!;
  assertEquals(span.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  assertEquals(span.spanId, "00f067aa0ba902b7");
  assertEquals(span.traceFlags, 1);
  assertEquals(formatTraceparent(span), value);
});

Deno.test("tracing: invalid traceparent values are rejected", () => {
  for (
    const bad of [
      "",
      "garbage",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    ]
  ) assertEquals(parseTraceparent(bad), undefined, bad);
});

Deno.test("tracing: inject writes the active span and tracestate; extract restores it", () => {
  const incoming = extractTrace({
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    tracestate: "vendor=abc",
  });
  withSpan("child", (span) => {
    const headers: Record<string, Uint8Array> = {};
    injectTrace(headers);
    assertEquals(
      text(headers.traceparent),
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`,
    );
    assertEquals(text(headers.tracestate), "vendor=abc");
    assertEquals(traceHttpHeaders().traceparent, text(headers.traceparent));
  }, incoming);
});

Deno.test("tracing: missing or invalid trace headers start a new root trace", () => {
  assertEquals(spanContextOf(extractTrace({})), undefined);
  assertEquals(spanContextOf(extractTrace({ traceparent: new TextEncoder().encode("junk") })), undefined);
  const recording = recordSpans();
  try {
    withSpan("root", () => {}, extractTrace({ traceparent: "junk" }));
    assertEquals(recording.spans[0].parentSpanId, undefined);
    assertTrue(/^[0-9a-f]{32}$/.test(recording.spans[0].traceId));
  } finally {
    recording.stop();
  }
});

Deno.test("tracing: the active span follows await and a failure marks the span as an error", async () => {
  const recording = recordSpans();
  try {
    let inner: string | undefined;
    await withSpan("outer", async (outer) => {
      await new Promise((r) => setTimeout(r, 1));
      await withSpan("inner", async () => {
        await Promise.resolve();
        inner = spanContextOf()!.spanId;
      });
      assertEquals(spanContextOf()!.spanId, outer.spanContext().spanId);
    });
    const [innerSpan, outerSpan] = recording.spans;
    assertEquals(innerSpan.spanId, inner);
    assertEquals(innerSpan.parentSpanId, outerSpan.spanId);
    assertEquals(innerSpan.traceId, outerSpan.traceId);
    let caught: unknown;
    await withSpan("failing", () => Promise.reject(new Error("nope"))).catch((e) => caught = e);
    assertTrue(caught instanceof Error);
    assertEquals(recording.spans[2].status.code, SpanStatusCode.ERROR);
  } finally {
    recording.stop();
  }
  assertEquals(spanContextOf(), undefined);
});
