/**
 * Keeps kafkajs (2.2.4) from printing `TimeoutNegativeWarning` under Deno.
 *
 * kafkajs' per-connection request queue schedules its next check with `setTimeout(fn, throttledUntil -
 * Date.now())`, and `throttledUntil` is -1 until the broker first throttles, so the delay is minus the
 * current epoch time. Node's timers run such a delay as 1 ms; Deno's Node layer does the same but also
 * prints a `TimeoutNegativeWarning` to stderr, once per process, outside our logging. {@link
 * installKafkajsTimerFix} replaces that one method with one that passes the same delay clamped to the
 * 1 ms the timer would use anyway: the schedule is unchanged, only the warning goes away.
 *
 * kafkajs is pinned in deno.json; tests/kafka/kafkajs_timers.test.ts fails if the queue's shape changed.
 * @module
 */
// kafkajs ships no types for its internals; this is the class each broker connection uses.
import KafkajsRequestQueue from "kafkajs/src/network/requestQueue/index.js";

/** The part of kafkajs' `RequestQueue` this module touches. */
export interface KafkajsRequestQueueInstance {
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' `RequestQueue` class. */
export const kafkajsRequestQueue = KafkajsRequestQueue as unknown as {
  prototype: KafkajsRequestQueueInstance;
};

/** The method as kafkajs shipped it, for the test. */
export const originalScheduleCheckPendingRequests =
  kafkajsRequestQueue.prototype.scheduleCheckPendingRequests;

/** kafkajs' interval for re-checking a queue that has requests waiting (requestQueue/index.js). */
const CHECK_PENDING_INTERVAL_MS = 10;
/** What a Node timer does with a delay below 1 ms. */
const MIN_TIMER_MS = 1;

function scheduleCheckPendingRequests(this: KafkajsRequestQueueInstance): void {
  if (this.throttleCheckTimeoutId) return;
  let delay = this.throttledUntil - Date.now();
  if (this.pending.length > 0 && delay <= 0) delay = CHECK_PENDING_INTERVAL_MS;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, Math.max(MIN_TIMER_MS, delay));
}

/** Replaces the queue's scheduling method (idempotent). */
export function installKafkajsTimerFix(): void {
  kafkajsRequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}
