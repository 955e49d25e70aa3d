/**
 * Memory readings for the memory benchmarks (`session_memory.ts`, `broadcast_memory.ts`): after the event
 * loop ran and full collections, so only what is still referenced counts. Needs `--v8-flags=--expose-gc`.
 * @module
 */

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --v8-flags=--expose-gc");
  for (let i = 0; i < 4; i++) gc();
}

/** `Deno.memoryUsage()` once pending work ran and garbage was collected. */
export async function settledMemory(): Promise<Deno.MemoryUsage> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  collect();
  await new Promise((resolve) => setTimeout(resolve, 50));
  collect();
  return Deno.memoryUsage();
}
