/**
 * The JSON:API client features use to call Atlas services. Wire behaviour follows Atlas (URL
 * building, tenant headers, `Content-Type: application/json; charset=utf-8` on every request, no
 * `Accept`), robustness does not: every attempt has a timeout, idempotent GETs are retried with
 * jittered exponential backoff on network errors, timeouts and 5xx, every status code is checked,
 * and every failure is a typed {@link RestError} naming the service and path.
 *
 * Features receive a {@link RestClient} (dependency injection) and describe resources with zod
 * schemas built by `resourceSchema` from `./jsonapi.ts`.
 * @module
 */
import type { z } from "zod";
import type { Tenant } from "../tenant.ts";
import { tenantHttpHeaders } from "./tenant-headers.ts";
import { getLogger } from "../observability/log.ts";
import { increment, observe } from "../observability/metrics.ts";
import {
  RestError,
  type RestErrorDetails,
  RestMalformedResponseError,
  RestNotFoundError,
  RestSchemaError,
  RestTimeoutError,
} from "./errors.ts";
import { type DataShape, JsonApiShapeError, resolveDocument, zodIssues } from "./jsonapi.ts";
import { type ServiceKey, serviceRoot, type ServiceRootSource } from "./url.ts";

/** Per-call options. */
export interface RequestOptions {
  /** Sent as `TENANT_ID`, `REGION`, `MAJOR_VERSION`, `MINOR_VERSION`; every service but configurations needs it. */
  tenant?: Tenant;
  /** Relationship names to ask the server to include (`include=a,b` appended to the query). */
  include?: readonly string[];
  /** Cancels the call (and any pending retry); the call then fails with a {@link RestError}. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
}

/** Options of POST/PATCH/DELETE calls. */
export interface WriteOptions extends RequestOptions {
  /** Retry like a GET. Only for writes that are safe to repeat; off by default. */
  retry?: boolean;
}

/** How failed idempotent calls are retried. */
export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  /** Backoff ceiling before the first retry; doubles per retry. */
  baseDelayMs: number;
  /** Upper bound of any single backoff. */
  maxDelayMs: number;
}

/** Three attempts, backoff ≤ 100 ms then ≤ 200 ms. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

/** Per-attempt timeout unless configured otherwise. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** The calls features make. All failures reject with a {@link RestError} subclass. */
export interface RestClient {
  /** GET one resource (`data` must be an object) and parse it with `schema`. 404 → RestNotFoundError. */
  get<S extends z.ZodType>(
    service: ServiceKey,
    path: string,
    schema: S,
    options?: RequestOptions,
  ): Promise<z.output<S>>;
  /** GET a collection (`data` must be an array) and parse every resource with `schema`. */
  getMany<S extends z.ZodType>(
    service: ServiceKey,
    path: string,
    schema: S,
    options?: RequestOptions,
  ): Promise<z.output<S>[]>;
  /** POST a JSON body; any 2xx is success and the response body is discarded. Not retried. */
  post(service: ServiceKey, path: string, body: unknown, options?: WriteOptions): Promise<void>;
  /** POST a JSON body and parse the single resource the service answers with. Not retried. */
  postResource<S extends z.ZodType>(
    service: ServiceKey,
    path: string,
    body: unknown,
    schema: S,
    options?: WriteOptions,
  ): Promise<z.output<S>>;
  /** PATCH a JSON body; any 2xx is success. Not retried. */
  patch(service: ServiceKey, path: string, body: unknown, options?: WriteOptions): Promise<void>;
  /** DELETE a resource; any 2xx is success. Not retried. */
  delete(service: ServiceKey, path: string, options?: WriteOptions): Promise<void>;
}

/** How to build a {@link RestClient}. */
export interface RestClientOptions extends ServiceRootSource {
  /** The fetch implementation (tests may pass their own). */
  fetch?: typeof fetch;
  /** Per-attempt timeout covering the response headers and body. */
  timeoutMs?: number;
  /** Retry policy for GETs (and writes that opt in). */
  retry?: Partial<RetryPolicy>;
  /** Adds trace context (W3C `traceparent`/`tracestate`) to each request's headers. */
  injectHeaders?: (headers: Headers) => void;
  /** Source of randomness for backoff jitter, in [0, 1). */
  random?: () => number;
  /** Level of the "retrying" lines; the boot-time configuration read uses debug and reports once. */
  retryLogLevel?: "warn" | "debug";
}

/**
 * Backoff before retry number `retry` (1 for the first retry): a uniformly random delay up to
 * `min(maxDelayMs, baseDelayMs * 2^(retry-1))` ("full jitter"), so retrying channels do not align.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** The content type Atlas sends on every request, with or without a body. */
export const CONTENT_TYPE = "application/json; charset=utf-8";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** One attempt's failure, turned into an error only once the number of attempts is known. */
type Failure =
  | { kind: "not-found" }
  | { kind: "timeout"; timeoutMs: number }
  | { kind: "status"; status: number; retryable: boolean }
  | { kind: "network"; cause: unknown; host: string }
  | { kind: "aborted"; cause: unknown }
  | { kind: "unusable-url"; problem: string };

function isRetryable(failure: Failure): boolean {
  switch (failure.kind) {
    case "timeout":
    case "network":
      return true;
    case "status":
      return failure.retryable;
    default:
      return false;
  }
}

function toError(failure: Failure, details: RestErrorDetails): RestError {
  switch (failure.kind) {
    case "not-found":
      return new RestNotFoundError(details);
    case "timeout":
      return new RestTimeoutError(details, failure.timeoutMs);
    case "status":
      return new RestError({ ...details, status: failure.status }, "unexpected status");
    case "network":
      return new RestError(
        { ...details, cause: failure.cause },
        `cannot reach ${failure.host}: ${networkCause(failure.cause)}`,
      );
    case "aborted":
      return new RestError({ ...details, cause: failure.cause }, "aborted by the caller");
    case "unusable-url":
      return new RestError(details, failure.problem);
  }
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

/**
 * The useful end of a fetch failure: Deno says `fetch failed` with the cause `error sending request for
 * url (…): client error (Connect): tcp connect error: Connection refused (os error 111)`.
 */
export function networkCause(err: unknown): string {
  const inner = err instanceof Error && err.cause instanceof Error ? err.cause.message : messageOf(err);
  return inner.replace(/^error sending request for url \([^)]*\): /, "").replace(
    /^client error \([^)]*\): /,
    "",
  );
}

/** `host:port` of a URL, with the scheme's default port spelled out. */
function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

function withInclude(path: string, include: readonly string[] | undefined): string {
  if (!include || include.length === 0) return path;
  return `${path}${path.includes("?") ? "&" : "?"}include=${include.join(",")}`;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. Leaves no timer or listener behind. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

type Attempt = { ok: true; status: number; text: string } | { ok: false; failure: Failure };

/** Creates a client. Roots are resolved on every call, as Atlas does. */
export function createRestClient(options: RestClientOptions = {}): RestClient {
  const log = getLogger("rest");
  const doFetch = options.fetch ?? fetch;
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  policy.attempts = Math.max(1, Math.floor(policy.attempts));
  const random = options.random ?? Math.random;
  const rootSource: ServiceRootSource = { baseServiceUrl: options.baseServiceUrl, env: options.env };

  function buildHeaders(tenant: Tenant | undefined): Headers {
    const headers = new Headers({ "Content-Type": CONTENT_TYPE });
    if (tenant) {
      for (const [name, value] of Object.entries(tenantHttpHeaders(tenant))) headers.set(name, value);
    }
    if (options.injectHeaders) {
      try {
        options.injectHeaders(headers);
      } catch (err) {
        // Losing a trace header must not lose the call.
        log.warn("trace header injection failed", { error: err });
      }
    }
    return headers;
  }

  async function attemptOnce(
    method: Method,
    service: ServiceKey,
    url: string,
    body: string | undefined,
    request: RequestOptions,
  ): Promise<Attempt> {
    const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
    const started = performance.now();
    let outcome = "network";
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) onCallerAbort();
    else request.signal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      const response = await doFetch(url, {
        method,
        headers: buildHeaders(request.tenant),
        body,
        signal: controller.signal,
      });
      outcome = String(response.status);
      if (response.status < 200 || response.status > 299) {
        // Release the connection without reading a body we will not use.
        await response.body?.cancel().catch(() => {});
        if (response.status === 404) return { ok: false, failure: { kind: "not-found" } };
        return {
          ok: false,
          failure: { kind: "status", status: response.status, retryable: response.status >= 500 },
        };
      }
      return { ok: true, status: response.status, text: await response.text() };
    } catch (err) {
      if (timedOut) {
        outcome = "timeout";
        return { ok: false, failure: { kind: "timeout", timeoutMs } };
      }
      if (request.signal?.aborted) {
        outcome = "aborted";
        return { ok: false, failure: { kind: "aborted", cause: err } };
      }
      return { ok: false, failure: { kind: "network", cause: err, host: hostPort(url) } };
    } finally {
      increment("rest.requests", { service, status: outcome });
      observe("rest.request_ms", performance.now() - started, { service });
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  /** Runs the call with retries; resolves to the body text of a 2xx response. */
  async function execute(
    method: Method,
    service: ServiceKey,
    path: string,
    body: unknown,
    request: RequestOptions,
    retry: boolean,
  ): Promise<{ text: string; details: RestErrorDetails }> {
    const fullPath = withInclude(path, request.include);
    const { root, from } = serviceRoot(service, rootSource);
    const url = root + fullPath;
    const details: RestErrorDetails = {
      service,
      method,
      path: fullPath,
      ...(URL.canParse(url) ? { host: hostPort(url) } : {}),
    };
    if (!URL.canParse(url)) {
      throw toError({
        kind: "unusable-url",
        problem: `no usable service root: ${from} is ${
          JSON.stringify(root)
        } (it must be an absolute URL ending in /api/)`,
      }, details);
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const maxAttempts = retry ? policy.attempts : 1;
    for (let attempt = 1;; attempt++) {
      const result = await attemptOnce(method, service, url, payload, request);
      if (result.ok) return { text: result.text, details: { ...details, status: result.status } };
      const { failure } = result;
      if (!isRetryable(failure) || attempt >= maxAttempts) {
        throw toError(failure, { ...details, attempts: attempt });
      }
      const delay = backoffDelay(attempt, policy, random);
      log[options.retryLogLevel ?? "warn"]("REST call failed, retrying", {
        method,
        service,
        path: fullPath,
        attempt,
        delayMs: delay,
        failure: failure.kind === "status" ? `HTTP ${failure.status}` : failure.kind,
      });
      try {
        await sleep(delay, request.signal);
      } catch (reason) {
        throw toError({ kind: "aborted", cause: reason }, { ...details, attempts: attempt });
      }
    }
  }

  function parseBody<S extends z.ZodType>(
    text: string,
    shape: DataShape,
    schema: S,
    details: RestErrorDetails,
  ): z.output<S> | z.output<S>[] {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new RestMalformedResponseError({ ...details, cause: err }, `malformed JSON: ${messageOf(err)}`);
    }
    let resolved;
    try {
      resolved = resolveDocument(json, shape);
    } catch (err) {
      if (err instanceof JsonApiShapeError) {
        throw new RestMalformedResponseError({ ...details, cause: err }, err.message);
      }
      throw err;
    }
    if (Array.isArray(resolved)) {
      const out: z.output<S>[] = [];
      for (const [i, resource] of resolved.entries()) {
        const parsed = schema.safeParse(resource);
        if (!parsed.success) {
          throw new RestSchemaError(
            { ...details, cause: parsed.error },
            zodIssues(parsed.error, `data[${i}]`),
          );
        }
        out.push(parsed.data);
      }
      return out;
    }
    const parsed = schema.safeParse(resolved);
    if (!parsed.success) {
      throw new RestSchemaError({ ...details, cause: parsed.error }, zodIssues(parsed.error, "data"));
    }
    return parsed.data;
  }

  return {
    async get(service, path, schema, request = {}) {
      const { text, details } = await execute("GET", service, path, undefined, request, true);
      return parseBody(text, "one", schema, details) as z.output<typeof schema>;
    },
    async getMany(service, path, schema, request = {}) {
      const { text, details } = await execute("GET", service, path, undefined, request, true);
      return parseBody(text, "many", schema, details) as z.output<typeof schema>[];
    },
    async post(service, path, body, request = {}) {
      await execute("POST", service, path, body, request, request.retry ?? false);
    },
    async postResource(service, path, body, schema, request = {}) {
      const { text, details } = await execute("POST", service, path, body, request, request.retry ?? false);
      return parseBody(text, "one", schema, details) as z.output<typeof schema>;
    },
    async patch(service, path, body, request = {}) {
      await execute("PATCH", service, path, body, request, request.retry ?? false);
    },
    async delete(service, path, request = {}) {
      await execute("DELETE", service, path, undefined, request, request.retry ?? false);
    },
  };
}
