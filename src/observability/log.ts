/**
 * Structured logging. Stand-in for `@std/log` (JSR is unreachable from our build hosts): the rest of
 * the code only sees {@link Logger} and {@link getLogger}; `@logtape/logtape` stays behind this module so
 * that a switch back to `@std/log` is a one-file change.
 *
 * Output goes to stderr in one of two {@link LOG_FORMATS}: `json`, one object per line
 * (`{"time","level","logger","msg",...fields}`, for log collectors), or `text`, one line a person reads
 * (`2026-12-03 13:21:39.303 INFO  app: configuration loaded source=… tenants=[…]`), rendered by LogTape's
 * own text formatter (with ANSI colours on a colour terminal). The default is `text` on a terminal and
 * `json` otherwise.
 * @module
 */
import {
  configureSync,
  getAnsiColorFormatter,
  getLogger as getTapeLogger,
  getTextFormatter,
  type LogRecord,
  resetSync,
  type Sink,
  type TextFormatter,
} from "@logtape/logtape";

/** Log levels from most to least verbose. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Output formats: JSON lines for machines, text lines for people. */
export const LOG_FORMATS = ["text", "json"] as const;
/** One of {@link LOG_FORMATS}. */
export type LogFormat = typeof LOG_FORMATS[number];

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

function textValue(value: unknown): string {
  if (value instanceof Error) {
    // The stack of an expected failure (a refused connection, a 404) is noise to a reader; the cause is not.
    const cause = value.cause instanceof Error ? ` (cause: ${value.cause.message})` : "";
    return JSON.stringify(`${value.name}: ${value.message}${cause}`);
  }
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_k, v) => errorToJson(v)) ?? String(value);
}

/** ` key=value` for every field, strings unquoted when they need no quotes. */
function textFields(properties: Record<string, unknown>): string {
  let out = "";
  for (const [k, v] of Object.entries(properties)) if (v !== undefined) out += ` ${k}=${textValue(v)}`;
  return out;
}

const TEXT_LEVEL = {
  trace: "TRACE",
  debug: "DEBUG",
  info: "INFO ",
  warning: "WARN ",
  error: "ERROR",
  fatal: "FATAL",
};

/** LogTape's text formatter (coloured when `color`), with the fields appended as `key=value`. */
export function textFormatter(color = false): TextFormatter {
  const options = {
    timestamp: "date-time" as const,
    level: (level: keyof typeof TEXT_LEVEL) => TEXT_LEVEL[level] ?? level,
    category: (category: readonly string[]) => category.slice(1).join("."),
    format: ({ timestamp, level, category, message, record }: {
      timestamp: string | null;
      level: string;
      category: string;
      message: string;
      record: LogRecord;
    }) => `${timestamp} ${level} ${category}: ${message}${textFields(record.properties)}`,
  };
  const format = color ? getAnsiColorFormatter(options) : getTextFormatter(options);
  // The formatters end each line with a newline; sinks add their own.
  return (record) => format(record).replace(/\r?\n$/, "");
}

/** `text` when stderr is a terminal, `json` otherwise (a pipe, a file, journald, a collector). */
export function defaultLogFormat(): LogFormat {
  try {
    return Deno.stderr.isTerminal() ? "text" : "json";
  } catch {
    return "json";
  }
}

function colorTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal() && !Deno.noColor;
  } catch {
    return false;
  }
}

/** Where log lines go; tests swap this for a collector. */
export type LineSink = (line: string) => void;

const encoder = new TextEncoder();
const stderrSink: LineSink = (line) => {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
};

/**
 * Configures the process-wide logging level, sink and format. Safe to call again (tests do). With no
 * `format`, a custom sink gets JSON lines and stderr gets {@link defaultLogFormat}.
 */
export function setupLogging(level: LogLevel, sink?: LineSink, format?: LogFormat): void {
  resetSync();
  const out = sink ?? stderrSink;
  const chosen = format ?? (sink ? "json" : defaultLogFormat());
  const render = chosen === "json" ? formatRecord : textFormatter(!sink && colorTerminal());
  const tapeSink: Sink = (record) => out(render(record));
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
