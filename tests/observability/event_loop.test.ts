import { assertEquals, assertTrue } from "../support/assert.ts";
import { monitorEventLoop } from "../../src/observability/event-loop.ts";
import { snapshot } from "../../src/observability/metrics.ts";

Deno.test("monitorEventLoop: a turn that blocks the loop shows as a delay at least that long", async () => {
  const delays: number[] = [];
  const firstSample = Promise.withResolvers<void>();
  const blocked = Promise.withResolvers<void>();
  let blockedFrom = Infinity;
  // The sampler's timer does not keep the process alive; this one does while the test waits on it.
  const keepAlive = setTimeout(() => {}, 10_000);
  const stop = monitorEventLoop(10, (delay) => {
    delays.push(delay);
    firstSample.resolve();
    if (performance.now() > blockedFrom) blocked.resolve();
  });
  try {
    await firstSample.promise;
    // Block the loop for 120 ms just after a sample timer was armed; the next one fires ≥ 110 ms late.
    const start = performance.now();
    blockedFrom = start + 120;
    while (performance.now() - start < 120) { /* busy */ }
    await blocked.promise;
    assertTrue(delays.at(-1)! >= 100, `delay after the blocked turn: ${delays.at(-1)} ms`);
  } finally {
    stop();
    clearTimeout(keepAlive);
  }
  const samples = delays.length;
  await new Promise((r) => setTimeout(r, 50));
  assertEquals(delays.length, samples, "no samples after stop");
});

Deno.test("monitorEventLoop: records into process.event_loop_delay_ms by default", async () => {
  const count = () => snapshot().histograms.find((h) => h.name === "process.event_loop_delay_ms")?.count ?? 0;
  const before = count();
  const stop = monitorEventLoop(5);
  try {
    const deadline = performance.now() + 5000;
    while (count() === before && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assertTrue(count() > before, "a sample was recorded");
  } finally {
    stop();
  }
});
