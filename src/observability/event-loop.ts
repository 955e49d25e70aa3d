/**
 * Event-loop delay: how late a timer fires. Everything the process does (packets, Kafka records, REST
 * answers) waits in the same loop, so a long turn delays all of it; this is the number that tells a
 * busy loop apart from a slow broker or service when latencies grow.
 * @module
 */
import { observe } from "./metrics.ts";

/** Default sampling interval: cheap (ten timers a second) and fine enough to see 100 ms stalls. */
export const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * Samples the event-loop delay every `intervalMs` into the `process.event_loop_delay_ms` histogram (how
 * much later than asked each sample timer fired). The timer does not keep the process alive. Returns a
 * function that stops sampling.
 */
export function monitorEventLoop(
  intervalMs: number = EVENT_LOOP_SAMPLE_MS,
  record: (delayMs: number) => void = (delayMs) => observe("process.event_loop_delay_ms", delayMs),
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    const due = performance.now() + intervalMs;
    const next = setTimeout(() => {
      record(Math.max(0, performance.now() - due));
      if (!stopped) schedule();
    }, intervalMs);
    Deno.unrefTimer(next);
    timer = next;
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
