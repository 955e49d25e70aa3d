/**
 * Whether the bus can do its work now, for the readiness endpoint and for readable logs during a broker
 * outage. kafkajs reports a lost broker as a burst of error lines (every connection, every retry, the
 * consumer's crash and restart, each with a stack); {@link createOutageTracker} turns that into one warn
 * line when the outage starts and one info line when the broker is back, and keeps the rest at debug.
 * @module
 */
import type { Logger } from "../observability/log.ts";
import { increment } from "../observability/metrics.ts";

/** The bus's readiness: `ready`, or not with the reason a person can act on. */
export interface BusHealth {
  readonly ready: boolean;
  readonly reason?: string;
}

/** Tracks one client's connection state; see the module documentation. */
export interface OutageTracker {
  /** A connection-level failure was seen (first one starts an outage and logs one warn line). */
  down(problem: string, fields?: Record<string, unknown>): void;
  /** Traffic went through again (a fetch, a produce, a group join); ends an outage with one info line. */
  up(evidence: string): void;
  /** True while an outage lasts. */
  readonly inOutage: boolean;
  /** What is wrong, while an outage lasts. */
  readonly problem: string | undefined;
}

const CONNECTION_TROUBLE = new RegExp(
  [
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "EPIPE",
    "EHOSTUNREACH",
    "Connection error",
    "Connection timeout",
    "Closed connection",
    "Failed to connect",
    "KafkaJSConnection",
    "KafkaJSNumberOfRetriesExceeded",
    "KafkaJSNonRetriableError",
    "Restarting the consumer",
    "not available",
    "Broker not connected",
    "connection refused",
    "There is no leader",
    "is not the leader",
    "Request .* timed out",
    // A broker that has just come back is still loading its groups; kafkajs crashes and restarts on it.
    "coordinator is loading",
    "coordinator is not available",
    "not the correct coordinator",
  ].join("|"),
  "i",
);

/** True for a kafkajs message or error text that means "cannot talk to the broker". */
export function isConnectionTrouble(text: string): boolean {
  return CONNECTION_TROUBLE.test(text);
}

/** See {@link OutageTracker}. `brokers` names the cluster in the log lines. */
export function createOutageTracker(log: Logger, brokers: readonly string[]): OutageTracker {
  let since: number | undefined;
  let problem: string | undefined;
  let suppressed = 0;
  return {
    down(what, fields = {}) {
      if (since !== undefined) {
        suppressed++;
        log.debug(what, fields);
        return;
      }
      since = Date.now();
      problem = what;
      suppressed = 0;
      increment("kafka.outage");
      log.warn("Kafka unreachable; retrying in the background (details at debug)", {
        brokers: brokers.join(","),
        problem: what,
      });
    },
    up(evidence) {
      if (since === undefined) return;
      log.info("Kafka reachable again", {
        brokers: brokers.join(","),
        outageMs: Date.now() - since,
        linesSuppressed: suppressed,
        evidence,
      });
      since = undefined;
      problem = undefined;
    },
    get inOutage() {
      return since !== undefined;
    },
    get problem() {
      return problem;
    },
  };
}
