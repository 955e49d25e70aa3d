/**
 * Process settings: command-line flags and environment variables, validated into one object.
 * Flags win over environment variables; every invalid value is reported as one line naming the
 * setting, the value and what is expected.
 * @module
 */
import { z } from "zod";
import { CliError, type FlagSpec, parseFlags } from "./cli.ts";
import { TOPIC_VARIABLES, type TopicNames, type TopicVariable } from "./topics.ts";
import { LOG_FORMATS, LOG_LEVELS } from "../observability/log.ts";

/** One setting: its flag, environment variable, default and meaning (drives parsing and `--help`). */
export interface SettingSpec {
  key: SettingKey;
  flag: string;
  env?: string;
  placeholder: string;
  description: string;
  defaultText?: string;
}

const uuid = z.string().regex(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  "a UUID such as 5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
);
const hostPort = z.string().regex(/^[^\s:,]+:\d{1,5}$/, "host:port");
const hostPortList = z.string().transform((s, ctx) => {
  const items = s.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  if (items.length === 0 || !items.every((x) => hostPort.safeParse(x).success)) {
    ctx.addIssue({ code: "custom", message: "a comma-separated list of host:port" });
    return z.NEVER;
  }
  return items;
});
const httpUrl = z.string().url("an http(s) URL such as http://atlas-ingress/api/").refine(
  (s) => /^https?:\/\//.test(s),
  "an http(s) URL such as http://atlas-ingress/api/",
);

const positiveInt = z.coerce.number({ message: "a whole number above 0" }).int("a whole number above 0")
  .min(1, "a whole number above 0");
const wholeMs = z.coerce.number({ message: "a whole number of milliseconds (0 disables)" })
  .int("a whole number of milliseconds (0 disables)").min(0, "a whole number of milliseconds (0 disables)");

/**
 * Default of `--write-interval-ms`: while the process is busy, each client socket is written at most once
 * per this many milliseconds (net/write-pacing.ts; README, "Performance").
 */
export const WRITE_INTERVAL_DEFAULT_MS = 15;

/** The validated settings of one process. */
export const settingsSchema = z.object({
  logLevel: z.enum(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  bootstrapServers: hostPortList.optional(),
  baseServiceUrl: httpUrl.optional(),
  serviceId: uuid.optional(),
  serviceType: z.string().min(1, "a non-empty service type").default("channel-service"),
  configFile: z.string().min(1, "a file path").optional(),
  traceEndpoint: httpUrl.optional(),
  bindAddress: z.string().regex(/^[0-9a-fA-F:.]+$|^localhost$/, "an IP address such as 0.0.0.0").default(
    "0.0.0.0",
  ),
  maxSessions: z.coerce.number({ message: "a whole number above 0" }).int("a whole number above 0")
    .min(1, "a whole number above 0").default(1000),
  registrationIntervalMs: z.coerce.number({ message: "a whole number of milliseconds above 0" })
    .int("a whole number of milliseconds above 0").min(1, "a whole number of milliseconds above 0").default(
      10_000,
    ),
  shutdownTimeoutMs: z.coerce.number({ message: "a whole number of milliseconds" })
    .int("a whole number of milliseconds").min(0, "a whole number of milliseconds").default(10_000),
  logFormat: z.enum(LOG_FORMATS, { message: `one of ${LOG_FORMATS.join(", ")}` }).optional(),
  adminPort: z.coerce.number({ message: "a TCP port 0-65535 (0 picks a free one)" })
    .int("a TCP port 0-65535 (0 picks a free one)").min(0, "a TCP port 0-65535 (0 picks a free one)")
    .max(65535, "a TCP port 0-65535 (0 picks a free one)").optional(),
  adminAddress: z.string().regex(/^[0-9a-fA-F:.]+$|^localhost$/, "an IP address such as 127.0.0.1").default(
    "127.0.0.1",
  ),
  drainDeadlineMs: z.coerce.number({ message: "a whole number of milliseconds" })
    .int("a whole number of milliseconds").min(0, "a whole number of milliseconds").default(5_000),
  maxPendingSessions: positiveInt.default(200),
  maxPendingPerAddress: positiveInt.default(64),
  loginDeadlineMs: wholeMs.default(15_000),
  partialFrameDeadlineMs: wholeMs.default(10_000),
  packetRate: positiveInt.default(200),
  movementRate: positiveInt.default(120),
  chatRate: positiveInt.default(8),
  writeIntervalMs: wholeMs.default(WRITE_INTERVAL_DEFAULT_MS),
});

/** Settings after validation, with resolved topic names. */
export type Settings = z.infer<typeof settingsSchema> & { topics: TopicNames };
type SettingKey = keyof z.input<typeof settingsSchema>;

/** The settings table; `--help` prints it and the README documents it. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: "logLevel",
    flag: "log-level",
    env: "LOG_LEVEL",
    placeholder: "LEVEL",
    description: "log verbosity: debug, info, warn or error",
    defaultText: "info",
  },
  {
    key: "bootstrapServers",
    flag: "bootstrap-servers",
    env: "BOOTSTRAP_SERVERS",
    placeholder: "HOST:PORT[,...]",
    description: "Kafka brokers; unset runs on the embedded in-memory bus",
  },
  {
    key: "baseServiceUrl",
    flag: "base-service-url",
    env: "BASE_SERVICE_URL",
    placeholder: "URL",
    description:
      "root of the Atlas REST services, e.g. http://atlas-ingress/api/; per-service <DOMAIN>_SERVICE_URL overrides it",
  },
  {
    key: "serviceId",
    flag: "service-id",
    env: "SERVICE_ID",
    placeholder: "UUID",
    description:
      "id of this service's configuration; also names the consumer group 'Channel Service - {SERVICE_ID}'",
  },
  {
    key: "serviceType",
    flag: "service-type",
    env: "SERVICE_TYPE",
    placeholder: "TYPE",
    description: "service type reported to Atlas",
    defaultText: "channel-service",
  },
  {
    key: "configFile",
    flag: "config",
    env: "CONFIG_FILE",
    placeholder: "FILE",
    description: "local configuration JSON (same shape as the configurations service) instead of REST",
  },
  {
    key: "traceEndpoint",
    flag: "trace-endpoint",
    env: "TRACE_ENDPOINT",
    placeholder: "URL",
    description:
      "OpenTelemetry collector for spans over OTLP/HTTP JSON (base URL such as http://otel-collector:4318; /v1/traces is appended unless present); unset keeps trace context propagation only",
  },
  {
    key: "bindAddress",
    flag: "bind-address",
    env: "BIND_ADDRESS",
    placeholder: "IP",
    description: "address the channel listeners bind (the configured ipAddress is only advertised)",
    defaultText: "0.0.0.0",
  },
  {
    key: "maxSessions",
    flag: "max-sessions",
    env: "CHANNEL_MAX_SESSIONS",
    placeholder: "N",
    description: "players admitted per channel; announced as maxCapacity when registering the channel",
    defaultText: "1000",
  },
  {
    key: "registrationIntervalMs",
    flag: "registration-interval-ms",
    env: "CHANNEL_REGISTRATION_INTERVAL_MS",
    placeholder: "MS",
    description: "how often each channel re-registers with the world service (heartbeat)",
    defaultText: "10000",
  },
  {
    key: "shutdownTimeoutMs",
    flag: "shutdown-timeout-ms",
    env: "SHUTDOWN_TIMEOUT_MS",
    placeholder: "MS",
    description: "how long a clean shutdown may take (after the drain) before the process exits anyway",
    defaultText: "10000",
  },
  {
    key: "logFormat",
    flag: "log-format",
    env: "LOG_FORMAT",
    placeholder: "FORMAT",
    description: "text (one readable line per event) or json (one JSON object per line)",
    defaultText: "text on a terminal, json otherwise",
  },
  {
    key: "adminPort",
    flag: "admin-port",
    env: "ADMIN_PORT",
    placeholder: "PORT",
    description: "serve /healthz, /readyz, /metrics and POST /drain on this port; unset: no admin listener",
  },
  {
    key: "adminAddress",
    flag: "admin-address",
    env: "ADMIN_ADDRESS",
    placeholder: "IP",
    description: "address the admin listener binds",
    defaultText: "127.0.0.1",
  },
  {
    key: "drainDeadlineMs",
    flag: "drain-deadline-ms",
    env: "DRAIN_DEADLINE_MS",
    placeholder: "MS",
    description: "on SIGTERM or /drain, how long players get to leave before the rest are logged out",
    defaultText: "5000",
  },
  {
    key: "maxPendingSessions",
    flag: "max-pending-sessions",
    env: "CHANNEL_MAX_PENDING_SESSIONS",
    placeholder: "N",
    description: "connections not logged in yet per channel; the oldest makes room for a newcomer",
    defaultText: "200",
  },
  {
    key: "maxPendingPerAddress",
    flag: "max-pending-per-address",
    env: "CHANNEL_MAX_PENDING_PER_ADDRESS",
    placeholder: "N",
    description: "connections not logged in yet from one address; the oldest makes room for a newcomer",
    defaultText: "64",
  },
  {
    key: "loginDeadlineMs",
    flag: "login-deadline-ms",
    env: "LOGIN_DEADLINE_MS",
    placeholder: "MS",
    description: "a connection whose login has not completed this long after connecting is closed (0: never)",
    defaultText: "15000",
  },
  {
    key: "partialFrameDeadlineMs",
    flag: "partial-frame-deadline-ms",
    env: "PARTIAL_FRAME_DEADLINE_MS",
    placeholder: "MS",
    description: "a connection holding an unfinished packet this long is closed (0: never)",
    defaultText: "10000",
  },
  {
    key: "packetRate",
    flag: "packet-rate",
    env: "PACKET_RATE",
    placeholder: "N",
    description:
      "packets per second a session may send (bursts of two seconds); excess is dropped, a flood is cut",
    defaultText: "200",
  },
  {
    key: "movementRate",
    flag: "movement-rate",
    env: "MOVEMENT_RATE",
    placeholder: "N",
    description: "movement packets per second a session may send (character, monsters, pets, NPCs)",
    defaultText: "120",
  },
  {
    key: "chatRate",
    flag: "chat-rate",
    env: "CHAT_RATE",
    placeholder: "N",
    description: "chat, whisper and expression packets per second a session may send",
    defaultText: "8",
  },
  {
    key: "writeIntervalMs",
    flag: "write-interval-ms",
    env: "WRITE_INTERVAL_MS",
    placeholder: "MS",
    description:
      "while the process is busy (over 80% of a core), least time between two writes to one client; 0: never paced",
    defaultText: String(WRITE_INTERVAL_DEFAULT_MS),
  },
];

/** What `parseSettings` decided: run, print help, print the version, or fail with a message. */
export type SettingsOutcome =
  | { kind: "run"; settings: Settings }
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "error"; message: string };

const FLAG_SPEC: Record<string, FlagSpec> = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  topic: { type: "string", multiple: true },
  ...Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: "string" } as FlagSpec])),
};

/** `--help` text: every setting with its flag, variable and default. */
export function helpText(): string {
  const lines = [
    "atlas-channel-deno: Atlas-compatible channel server",
    "",
    "Usage: atlas-channel [options]",
    "",
    "Options (flags win over environment variables):",
    "  -h, --help                 print this help and exit",
    "  -V, --version              print the version and exit",
  ];
  for (const s of SETTINGS) {
    const left = `  --${s.flag} ${s.placeholder}`;
    const env = s.env ? ` [env ${s.env}]` : "";
    const def = s.defaultText ? ` (default ${s.defaultText})` : "";
    lines.push(`${left.padEnd(38)} ${s.description}${env}${def}`);
  }
  lines.push(
    `  --topic VARIABLE=NAME              topic name for one topic variable (repeatable) [env VARIABLE]`,
    "",
    "Topic variables (each defaults to its own name, as in Atlas):",
    ...TOPIC_VARIABLES.map((t) => `  ${t}`),
  );
  return lines.join("\n");
}

function describeValue(value: unknown): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}

/** Options of {@link parseSettings}. */
export interface ParseOptions {
  /**
   * Brokers need `SERVICE_ID` (it names the channel's consumer group): the channel's main sets this; the
   * sandbox process, which shares these settings but has no consumer group of a channel, does not.
   */
  requireServiceIdWithBroker?: boolean;
}

/**
 * Resolves settings from `args` and `env`. Never throws; a bad setting yields `kind: "error"` with a
 * one-line message.
 */
export function parseSettings(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: ParseOptions = {},
): SettingsOutcome {
  let flags;
  try {
    flags = parseFlags(args, FLAG_SPEC);
  } catch (err) {
    if (err instanceof CliError) return { kind: "error", message: `invalid command line: ${err.message}` };
    throw err;
  }
  if (flags.help) return { kind: "help", text: helpText() };
  if (flags.version) return { kind: "version" };

  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const s of SETTINGS) {
    const fromFlag = flags[s.flag];
    if (typeof fromFlag === "string") {
      raw[s.key] = fromFlag;
      origin[s.key] = `--${s.flag}`;
    } else if (s.env && env[s.env] !== undefined && env[s.env] !== "") {
      raw[s.key] = env[s.env];
      origin[s.key] = s.env;
    }
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]) as SettingKey;
    const spec = SETTINGS.find((s) => s.key === key);
    const name = origin[key] ?? (spec ? `--${spec.flag}` : key);
    return {
      kind: "error",
      message: `invalid setting ${name}=${describeValue(raw[key])}: expected ${issue.message}`,
    };
  }

  if (options.requireServiceIdWithBroker && parsed.data.bootstrapServers && !parsed.data.serviceId) {
    return {
      kind: "error",
      message: `missing setting SERVICE_ID (or --service-id): expected a UUID when ${
        origin.bootstrapServers ?? "BOOTSTRAP_SERVERS"
      } is set; it names the consumer group 'Channel Service - {SERVICE_ID}'`,
    };
  }

  const topics = Object.fromEntries(TOPIC_VARIABLES.map((t) => [t, env[t] || t])) as Record<
    TopicVariable,
    string
  >;
  for (const entry of (flags.topic as string[] | undefined) ?? []) {
    const eq = entry.indexOf("=");
    const variable = entry.slice(0, eq);
    const name = entry.slice(eq + 1);
    if (eq <= 0 || name.length === 0) {
      return {
        kind: "error",
        message: `invalid setting --topic=${JSON.stringify(entry)}: expected VARIABLE=NAME`,
      };
    }
    if (!(TOPIC_VARIABLES as readonly string[]).includes(variable)) {
      return {
        kind: "error",
        message: `invalid setting --topic=${
          JSON.stringify(entry)
        }: expected a known topic variable such as EVENT_TOPIC_MAP_STATUS`,
      };
    }
    topics[variable as TopicVariable] = name;
  }
  return { kind: "run", settings: { ...parsed.data, topics } };
}
