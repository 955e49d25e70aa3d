/**
 * A manual {@link Clock} for idle-timeout tests: time moves only when the test calls `advance`, which
 * runs every timer that falls due, in order, synchronously. An idle timeout is then proven by reading
 * the session's state right after `advance`, never by waiting for it.
 * @module
 */
import type { Clock } from "../../src/net/clock.ts";

/** A clock the test moves by hand. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running each due timer at its due time. */
  advance(ms: number): void;
  /** How many repeating timers are still registered (0 once every owner stopped its timers). */
  pending(): number;
}

/** A manual clock starting at 0. */
export function manualClock(): ManualClock {
  let now = 0;
  const timers = new Set<{ next: number; intervalMs: number; fn: () => void }>();
  return {
    now: () => now,
    every(intervalMs, fn) {
      if (!(intervalMs > 0)) throw new Error(`interval must be positive, got ${intervalMs}`);
      const timer = { next: now + intervalMs, intervalMs, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due: { next: number; intervalMs: number; fn: () => void } | undefined;
        for (const t of timers) if (t.next <= end && (!due || t.next < due.next)) due = t;
        if (!due) break;
        now = due.next;
        due.next += due.intervalMs;
        due.fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}
