/**
 * Stops what a benchmark started (its broker, the channel and sandbox processes, their topics) when the
 * benchmark is interrupted (Ctrl-C, SIGTERM). Without it a broker the benchmark started outlived it, and
 * the next run took it for one found running and never stopped it; processes started by a benchmark that
 * was killed with SIGTERM kept running.
 * @module
 */

const stops = new Set<() => Promise<void>>();
let installed = false;
let interrupted = false;

async function onSignal(signal: Deno.Signal): Promise<void> {
  if (interrupted) Deno.exit(130); // a second interrupt: stop waiting for the clean-up
  interrupted = true;
  console.error(`\n${signal}: stopping what the benchmark started ...`);
  for (const stop of [...stops].reverse()) await stop().catch(() => {});
  Deno.exit(130);
}

/**
 * Runs `stop` if the process is interrupted before the returned function is called (call it once `stop`
 * ran in the normal course, or the thing it stops is gone). Stops run newest first.
 */
export function stopOnInterrupt(stop: () => Promise<void>): () => void {
  if (!installed) {
    installed = true;
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      Deno.addSignalListener(signal, () => onSignal(signal));
    }
  }
  stops.add(stop);
  return () => stops.delete(stop);
}
