/**
 * When to pace the sessions' writes. Pacing ({@link setWritePacing}) trades latency for CPU: a session
 * that wrote less than the interval ago waits for it, so a crowded map's broadcasts leave in fewer,
 * larger writes (fewer syscalls here, fewer reads at the clients). A quiet or moderately busy server
 * gains nothing from that wait, so pacing engages only while the process is busy: above `engageAbove`
 * of one core over a sample, and it is released below `releaseBelow` (the gap keeps it from flapping).
 * @module
 */
import process from "node:process";
import { setWritePacing } from "./session.ts";
import { getLogger } from "../observability/log.ts";
import { setGauge } from "../observability/metrics.ts";

const log = getLogger("net.pacing");

/** Options of {@link writePacingGovernor}. */
export interface WritePacingOptions {
  /** The pacing interval while engaged; 0 never engages. */
  intervalMs: number;
  /** Engage when the process used more than this share of one core over a sample (default 0.8). */
  engageAbove?: number;
  /** Release when it used less than this share (default 0.6). */
  releaseBelow?: number;
  /** Process CPU time in microseconds (user + system); tests pass their own. */
  cpuMicros?: () => number;
  /** Wall clock in milliseconds; tests pass their own. */
  now?: () => number;
  /** Applies an interval (default: {@link setWritePacing}). */
  apply?: (intervalMs: number) => void;
}

/** Decides pacing from CPU samples; {@link startWritePacing} calls `sample` on a timer. */
export interface WritePacingGovernor {
  /** Takes one sample: the CPU share since the previous one decides whether pacing is engaged. */
  sample(): void;
  readonly engaged: boolean;
}

/** A governor starting released; see the module documentation. */
export function writePacingGovernor(options: WritePacingOptions): WritePacingGovernor {
  const engageAbove = options.engageAbove ?? 0.8;
  const releaseBelow = options.releaseBelow ?? 0.6;
  const cpuMicros = options.cpuMicros ?? (() => {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  });
  const now = options.now ?? (() => performance.now());
  const apply = options.apply ?? setWritePacing;
  let engaged = false;
  let lastCpu = cpuMicros();
  let lastAt = now();
  return {
    get engaged() {
      return engaged;
    },
    sample() {
      const cpu = cpuMicros();
      const at = now();
      const share = at > lastAt ? (cpu - lastCpu) / 1000 / (at - lastAt) : 0;
      lastCpu = cpu;
      lastAt = at;
      if (options.intervalMs <= 0) return;
      if (!engaged && share > engageAbove) {
        engaged = true;
        apply(options.intervalMs);
        setGauge("net.write_pacing_ms", options.intervalMs);
        log.info("busy: pacing writes to clients", { cpu: round(share), intervalMs: options.intervalMs });
      } else if (engaged && share < releaseBelow) {
        engaged = false;
        apply(0);
        setGauge("net.write_pacing_ms", 0);
        log.info("no longer busy: writing to clients at once", { cpu: round(share) });
      }
    },
  };
}

const round = (share: number) => Math.round(share * 100) / 100;

/** How often the process's CPU share is sampled. */
export const PACING_SAMPLE_MS = 500;

/**
 * Starts a {@link writePacingGovernor} sampling every {@link PACING_SAMPLE_MS} (the timer does not keep
 * the process alive). Returns a function that stops it and writes at once again.
 */
export function startWritePacing(options: WritePacingOptions): () => void {
  const governor = writePacingGovernor(options);
  const apply = options.apply ?? setWritePacing;
  const timer = setInterval(() => governor.sample(), PACING_SAMPLE_MS);
  Deno.unrefTimer(timer);
  return () => {
    clearInterval(timer);
    apply(0);
  };
}
