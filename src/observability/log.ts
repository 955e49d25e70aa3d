/**
 * Structured logging. Stand-in for `@std/log` (JSR is unreachable from our build hosts): the rest of
 * the code only sees {@link Logger} and {@link getLogger}; `@logtape/logtape` stays behind this module so
 * that a switch back to `@std/log` is a one-file change.
 *
 * Output is one JSON object per line on stderr: `{"time","level","logger","msg",...fields}`.
 * @module
 */
import {
  configureSync,
  getLogger as getTapeLogger,
  type LogRecord,
  resetSync,
  type Sink,
} from "@logtape/logtape";

/** Log levels from most to least verbose. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** A named logger; fields are merged into the JSON line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields`. */
  with(fields: LogFields): Logger;
}

const ROOT = "atlas-channel";
const TAPE_LEVEL = { debug: "debug", info: "info", warn: "warning", error: "error" } as const;
const OUR_LEVEL: Record<string, LogLevel> = {
  trace: "debug",
  debug: "debug",
  info: "info",
  warning: "warn",
  error: "error",
  fatal: "error",
};

function errorToJson(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Formats one record as a JSON line; exported for tests. */
export function formatRecord(record: LogRecord): string {
  const line: LogFields = {
    time: new Date(record.timestamp).toISOString(),
    level: OUR_LEVEL[record.level] ?? record.level,
    logger: record.category.slice(1).join("."),
    msg: record.message.map(String).join(""),
  };
  for (const [k, v] of Object.entries(record.properties)) line[k] = errorToJson(v);
  return JSON.stringify(line, (_k, v) => errorToJson(v));
}

/** Where log lines go; tests swap this for a collector. */
export type LineSink = (line: string) => void;

const encoder = new TextEncoder();
const stderrSink: LineSink = (line) => {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
};

/** Configures the process-wide logging level and sink. Safe to call again (tests do). */
export function setupLogging(level: LogLevel, sink: LineSink = stderrSink): void {
  resetSync();
  const tapeSink: Sink = (record) => sink(formatRecord(record));
  configureSync({
    reset: true,
    sinks: { main: tapeSink },
    loggers: [
      { category: [ROOT], lowestLevel: TAPE_LEVEL[level], sinks: ["main"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["main"] },
    ],
  });
}

function wrap(name: string, base: LogFields): Logger {
  const tape = getTapeLogger([ROOT, ...name.split(".")]);
  const emit = (level: "debug" | "info" | "warn" | "error") => (msg: string, fields?: LogFields) =>
    tape[level](msg.replaceAll("{", "{{").replaceAll("}", "}}"), { ...base, ...fields });
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    with: (fields) => wrap(name, { ...base, ...fields }),
  };
}

/** The logger for a dotted name such as `net.session`. */
export function getLogger(name: string): Logger {
  return wrap(name, {});
}
