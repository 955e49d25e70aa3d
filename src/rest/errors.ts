/**
 * Typed failures of calls to the Atlas REST services. Every error names the service key, the HTTP
 * method and the resource path, so one log line is enough to find the failing dependency.
 * @module
 */

/** What every REST failure carries. */
export interface RestErrorDetails {
  /** Service key, e.g. `CHARACTERS`. */
  service: string;
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** Resource path relative to the service root, e.g. `characters/1001`. */
  path: string;
  /** HTTP status when a response arrived. */
  status?: number;
  /** The underlying error (network failure, JSON syntax error, zod error...). */
  cause?: unknown;
  /** How many attempts were made, when more than one was allowed. */
  attempts?: number;
  /** `host:port` the request went to, when known (named next to the status). */
  host?: string;
}

function describe(details: RestErrorDetails, problem: string): string {
  const from = details.host === undefined ? "" : ` from ${details.host}`;
  const status = details.status === undefined ? "" : ` (HTTP ${details.status}${from})`;
  const attempts = details.attempts !== undefined && details.attempts > 1
    ? ` after ${details.attempts} attempts`
    : "";
  return `${details.method} ${details.service} ${details.path}: ${problem}${status}${attempts}`;
}

/** Any failed REST call: network error, unexpected status, bad body. Subclasses narrow the reason. */
export class RestError extends Error {
  override name = "RestError";
  /** Service key, e.g. `CHARACTERS`. */
  readonly service: string;
  /** HTTP method. */
  readonly method: string;
  /** Resource path relative to the service root. */
  readonly path: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** Attempts made (1 unless the call was retried). */
  readonly attempts: number;

  /** `problem` is a short phrase; the message becomes `METHOD SERVICE path: problem (HTTP status)`. */
  constructor(details: RestErrorDetails, problem: string) {
    super(describe(details, problem), details.cause === undefined ? undefined : { cause: details.cause });
    this.service = details.service;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.attempts = details.attempts ?? 1;
  }
}

/** The service answered 404: the resource does not exist. Never retried. */
export class RestNotFoundError extends RestError {
  override name = "RestNotFoundError";
  /** Always status 404. */
  constructor(details: Omit<RestErrorDetails, "status">) {
    super({ ...details, status: 404 }, "not found");
  }
}

/** No response within the per-request timeout (after every allowed attempt). */
export class RestTimeoutError extends RestError {
  override name = "RestTimeoutError";
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;
  /** `timeoutMs` is the per-attempt limit that expired. */
  constructor(details: RestErrorDetails, timeoutMs: number) {
    super(
      details,
      `no response${details.host === undefined ? "" : ` from ${details.host}`} within ${timeoutMs} ms`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The body is not JSON, or not a JSON:API document of the expected shape (object vs array). */
export class RestMalformedResponseError extends RestError {
  override name = "RestMalformedResponseError";
}

/** The body is a JSON:API document but a resource does not match the expected zod schema. */
export class RestSchemaError extends RestError {
  override name = "RestSchemaError";
  /** Human-readable list of the mismatches, e.g. `data.attributes.port: expected number`. */
  readonly issues: string[];
  /** `issues` are listed in the message too. */
  constructor(details: RestErrorDetails, issues: string[]) {
    super(details, `response does not match the expected resource: ${issues.join("; ")}`);
    this.issues = issues;
  }
}
