/**
 * In-process metrics: named counters, gauges and histograms with string labels, kept in memory so tests
 * can assert on them and the admin listener can expose them (`/metrics`, see `prometheus.ts`) through
 * {@link snapshot}. Names are dotted (`net.packets.in`); the exporter turns them into Prometheus names.
 *
 * Hot paths (one call per packet) take a {@link counter} handle once and call `inc` on it, which is a
 * field update with no label-key string built per call.
 * @module
 */

/** Label values of one series, e.g. `{ reason: "invalid_json", topic: "EVENT_TOPIC_MAP_STATUS" }`. */
export type Labels = Readonly<Record<string, string>>;

/** One counter series in a snapshot. */
export interface CounterSample {
  name: string;
  labels: Labels;
  value: number;
}

/** One gauge series in a snapshot (the last value set). */
export interface GaugeSample {
  name: string;
  labels: Labels;
  value: number;
}

/**
 * One histogram series in a snapshot: count, sum, min and max of the observed values, and how many
 * observations fell at or below each of {@link HISTOGRAM_BOUNDS} (cumulative, as Prometheus wants).
 */
export interface HistogramSample {
  name: string;
  labels: Labels;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Cumulative counts per upper bound of {@link HISTOGRAM_BOUNDS}. */
  buckets: number[];
}

/** Every series recorded so far. */
export interface MetricsSnapshot {
  counters: CounterSample[];
  gauges: GaugeSample[];
  histograms: HistogramSample[];
}

/**
 * Upper bounds of the histogram buckets. Our histograms are durations in milliseconds (and batch sizes),
 * from sub-millisecond packet handling to multi-second REST retries.
 */
export const HISTOGRAM_BOUNDS: readonly number[] = [
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000,
  10000,
];

interface HistogramSeries {
  name: string;
  labels: Labels;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Non-cumulative counts per bound, plus one overflow slot. */
  perBucket: number[];
}

const counters = new Map<string, CounterSample>();
const gauges = new Map<string, GaugeSample>();
const histograms = new Map<string, HistogramSeries>();
/** Bumped by {@link resetMetrics}, so {@link counter} handles notice their series were forgotten. */
let generation = 0;

function seriesId(name: string, labels: Labels): string {
  const keys = Object.keys(labels);
  // The common cases (no label, one label) skip the sort and the intermediate arrays.
  if (keys.length === 0) return name;
  if (keys.length === 1) return `${name}{${keys[0]}=${labels[keys[0]]}}`;
  keys.sort();
  return `${name}{${keys.map((k) => `${k}=${labels[k]}`).join(",")}}`;
}

function counterSeries(name: string, labels: Labels): CounterSample {
  const id = seriesId(name, labels);
  let sample = counters.get(id);
  if (!sample) {
    sample = { name, labels: { ...labels }, value: 0 };
    counters.set(id, sample);
  }
  return sample;
}

/** Adds `by` (default 1) to the counter `name` with `labels`. */
export function increment(name: string, labels: Labels = {}, by = 1): void {
  counterSeries(name, labels).value += by;
}

/** A bound counter series for hot paths; see the module documentation. */
export interface Counter {
  inc(by?: number): void;
}

/**
 * The counter series `name`/`labels` as a handle. A handle stays valid across {@link resetMetrics}
 * (it re-registers its series on the next `inc`).
 */
export function counter(name: string, labels: Labels = {}): Counter {
  let sample = counterSeries(name, labels);
  let seen = generation;
  return {
    inc(by = 1) {
      if (seen !== generation) {
        sample = counterSeries(name, labels);
        seen = generation;
      }
      sample.value += by;
    },
  };
}

/** Sets the gauge `name` with `labels` to `value`. */
export function setGauge(name: string, value: number, labels: Labels = {}): void {
  const id = seriesId(name, labels);
  const sample = gauges.get(id);
  if (sample) sample.value = value;
  else gauges.set(id, { name, labels: { ...labels }, value });
}

function bucketIndex(value: number): number {
  let i = 0;
  while (i < HISTOGRAM_BOUNDS.length && value > HISTOGRAM_BOUNDS[i]) i++;
  return i;
}

/** Records one observation (a duration in ms, a size, ...) in the histogram `name`. */
export function observe(name: string, value: number, labels: Labels = {}): void {
  const id = seriesId(name, labels);
  const sample = histograms.get(id);
  if (sample) {
    sample.count++;
    sample.sum += value;
    if (value < sample.min) sample.min = value;
    if (value > sample.max) sample.max = value;
    sample.perBucket[bucketIndex(value)]++;
  } else {
    const perBucket = new Array<number>(HISTOGRAM_BOUNDS.length + 1).fill(0);
    perBucket[bucketIndex(value)]++;
    histograms.set(id, {
      name,
      labels: { ...labels },
      count: 1,
      sum: value,
      min: value,
      max: value,
      perBucket,
    });
  }
}

/** The current value of one counter series (0 when never incremented). */
export function counterValue(name: string, labels: Labels = {}): number {
  return counters.get(seriesId(name, labels))?.value ?? 0;
}

/** The sum of a counter over every series whose labels include `match`. */
export function counterTotal(name: string, match: Labels = {}): number {
  let total = 0;
  for (const sample of counters.values()) {
    if (sample.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => sample.labels[k] === v)) total += sample.value;
  }
  return total;
}

function cumulative(perBucket: readonly number[]): number[] {
  const out: number[] = [];
  let running = 0;
  for (let i = 0; i < HISTOGRAM_BOUNDS.length; i++) {
    running += perBucket[i];
    out.push(running);
  }
  return out;
}

/** A copy of every series. */
export function snapshot(): MetricsSnapshot {
  return {
    counters: [...counters.values()].map((s) => ({ ...s, labels: { ...s.labels } })),
    gauges: [...gauges.values()].map((s) => ({ ...s, labels: { ...s.labels } })),
    histograms: [...histograms.values()].map(({ perBucket, ...s }) => ({
      ...s,
      labels: { ...s.labels },
      buckets: cumulative(perBucket),
    })),
  };
}

/** Forgets every series (tests). */
export function resetMetrics(): void {
  counters.clear();
  gauges.clear();
  histograms.clear();
  generation++;
}
