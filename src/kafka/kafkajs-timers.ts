/**
 * Keeps kafkajs (2.2.4) from spinning a 1 ms timer per broker connection, and from printing
 * `TimeoutNegativeWarning` under Deno.
 *
 * kafkajs' request queue re-schedules its pending-request check after every check with
 * `setTimeout(fn, throttledUntil - Date.now())`. `throttledUntil` is -1 until the broker first throttles,
 * so with nothing pending the delay is minus the current epoch time, which a timer runs as 1 ms, and the
 * check schedules the next one: every connection wakes the event loop hundreds of times a second for
 * nothing, idle or busy (kafkajs issues #1556 and #1704; Deno also prints the warning). {@link
 * installKafkajsTimerFix} replaces that one method: requests waiting are checked as kafkajs does (when a
 * throttle ends, else every 10 ms), a throttle with nothing waiting is checked when it ends, and a queue
 * with nothing waiting and no throttle schedules nothing: a request pushed later schedules its own check,
 * and every response checks the queue anyway.
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
  if (delay <= 0) return; // nothing waiting, not throttled
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, Math.max(MIN_TIMER_MS, delay));
}

/** Replaces the queue's scheduling method (idempotent). */
export function installKafkajsTimerFix(): void {
  kafkajsRequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}
