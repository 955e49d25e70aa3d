/**
 * A local OTLP/HTTP collector for tests: records every POST and answers with whatever the test sets.
 * Also a zod schema of the OTLP JSON trace request, so tests check the shape a real collector parses.
 * @module
 */
import { z } from "zod";

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const nanos = z.string().regex(/^[1-9][0-9]*$/);

const anyValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.strictObject({ stringValue: z.string() }),
    z.strictObject({ boolValue: z.boolean() }),
    z.strictObject({ intValue: z.string().regex(/^-?[0-9]+$/) }),
    z.strictObject({ doubleValue: z.number() }),
    z.strictObject({ arrayValue: z.strictObject({ values: z.array(anyValueSchema) }) }),
    z.strictObject({}),
  ])
);
const keyValuesSchema = z.array(z.strictObject({ key: z.string().min(1), value: anyValueSchema }));

/** One span of an OTLP JSON request, as the collector test helpers check it. */
export const otlpSpanSchema = z.strictObject({
  traceId: hex(16),
  spanId: hex(8),
  parentSpanId: hex(8).optional(),
  name: z.string().min(1),
  kind: z.number().int().min(1).max(5),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes: keyValuesSchema,
  events: z.array(z.strictObject({ timeUnixNano: nanos, name: z.string(), attributes: keyValuesSchema })),
  status: z.strictObject({ code: z.number().int().min(0).max(2), message: z.string().optional() }),
});

/** `ExportTraceServiceRequest` in the OTLP JSON mapping (the subset we send). */
export const otlpRequestSchema = z.strictObject({
  resourceSpans: z.array(z.strictObject({
    resource: z.strictObject({ attributes: keyValuesSchema }),
    scopeSpans: z.array(z.strictObject({
      scope: z.strictObject({ name: z.string(), version: z.string().optional() }),
      spans: z.array(otlpSpanSchema),
    })),
  })),
});

/** A parsed span. */
export type CollectedSpan = z.infer<typeof otlpSpanSchema>;
/** A parsed request. */
export type CollectedRequest = z.infer<typeof otlpRequestSchema>;

/** One POST the collector received. */
export interface ReceivedPost {
  path: string;
  contentType: string | null;
  body: CollectedRequest;
}

/** A running test collector. */
export interface TestCollector {
  /** Base URL, e.g. `http://127.0.0.1:PORT` (no `/v1/traces`). */
  readonly url: string;
  readonly posts: ReceivedPost[];
  /** Every span received, in arrival order. */
  spans(): CollectedSpan[];
  /** How the next requests are answered (default: 200 `{}`). */
  respond: (request: Request) => Response | Promise<Response>;
  /** Resolves once `spans().length >= n`; rejects after `timeoutMs`. */
  waitForSpans(n: number, timeoutMs?: number): Promise<CollectedSpan[]>;
  close(): Promise<void>;
}

/** Starts a collector on a free loopback port. Bodies that are not valid OTLP JSON fail the request (400). */
export function startCollector(): TestCollector {
  const posts: ReceivedPost[] = [];
  const collector: TestCollector = {
    url: "",
    posts,
    spans: () =>
      posts.flatMap((p) => p.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))),
    respond: () => Response.json({}),
    async waitForSpans(n, timeoutMs = 5_000) {
      const deadline = performance.now() + timeoutMs;
      while (collector.spans().length < n) {
        if (performance.now() > deadline) {
          throw new Error(`collector got ${collector.spans().length} spans, expected ${n}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return collector.spans();
    },
    close: () => server.shutdown(),
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const text = await request.text();
    const parsed = otlpRequestSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      console.error("collector: invalid OTLP body", parsed.error.issues, text);
      return new Response("invalid OTLP JSON", { status: 400 });
    }
    posts.push({
      path: new URL(request.url).pathname,
      contentType: request.headers.get("content-type"),
      body: parsed.data,
    });
    return await collector.respond(request);
  });
  (collector as { url: string }).url = `http://127.0.0.1:${server.addr.port}`;
  return collector;
}

/** The string value of a resource or span attribute, if present. */
export function attributeOf(
  attributes: readonly { key: string; value: unknown }[],
  key: string,
): unknown {
  return attributes.find((a) => a.key === key)?.value;
}
