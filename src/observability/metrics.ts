/**
 * In-process metrics: named counters and histograms with string labels, kept in memory so tests can
 * assert on them and an exporter can read them later through {@link snapshot}.
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

/** One histogram series in a snapshot: count, sum, min and max of the observed values. */
export interface HistogramSample {
  name: string;
  labels: Labels;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Every series recorded so far. */
export interface MetricsSnapshot {
  counters: CounterSample[];
  histograms: HistogramSample[];
}

const counters = new Map<string, CounterSample>();
const histograms = new Map<string, HistogramSample>();

function seriesId(name: string, labels: Labels): string {
  const keys = Object.keys(labels);
  // The common cases (no label, one label) skip the sort and the intermediate arrays.
  if (keys.length === 0) return name;
  if (keys.length === 1) return `${name}{${keys[0]}=${labels[keys[0]]}}`;
  keys.sort();
  return `${name}{${keys.map((k) => `${k}=${labels[k]}`).join(",")}}`;
}

/** Adds `by` (default 1) to the counter `name` with `labels`. */
export function increment(name: string, labels: Labels = {}, by = 1): void {
  const id = seriesId(name, labels);
  const sample = counters.get(id);
  if (sample) sample.value += by;
  else counters.set(id, { name, labels: { ...labels }, value: by });
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
  } else {
    histograms.set(id, { name, labels: { ...labels }, count: 1, sum: value, min: value, max: value });
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

/** A copy of every series. */
export function snapshot(): MetricsSnapshot {
  return {
    counters: [...counters.values()].map((s) => ({ ...s, labels: { ...s.labels } })),
    histograms: [...histograms.values()].map((s) => ({ ...s, labels: { ...s.labels } })),
  };
}

/** Forgets every series (tests). */
export function resetMetrics(): void {
  counters.clear();
  histograms.clear();
}
