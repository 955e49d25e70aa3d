/**
 * The time source of idle accounting: sessions read it for their last inbound packet, the idle sweeper
 * for its period. Production uses the monotonic system clock; tests pass a manual one
 * (`tests/support/clock.ts`) so that idle timeouts are proven without waiting for them.
 * @module
 */

/** Monotonic milliseconds and a repeating timer. */
export interface Clock {
  /** Monotonic milliseconds (only differences matter). */
  now(): number;
  /** Calls `fn` every `intervalMs`; returns a function that stops it. */
  every(intervalMs: number, fn: () => void): () => void;
}

/** `performance.now()` and `setInterval`. */
export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  every(intervalMs, fn) {
    const timer = setInterval(fn, intervalMs);
    return () => clearInterval(timer);
  },
};
