import { assertEquals, assertStringIncludes, assertTrue } from "../support/assert.ts";
import { helpText, parseSettings, SETTINGS } from "../../src/config/settings.ts";
import { TOPIC_VARIABLES } from "../../src/config/topics.ts";

function run(args: string[], env: Record<string, string> = {}) {
  const outcome = parseSettings(args, env);
  if (outcome.kind !== "run") throw new Error(`expected run, got ${JSON.stringify(outcome)}`);
  return outcome.settings;
}

function error(args: string[], env: Record<string, string> = {}): string {
  const outcome = parseSettings(args, env, { requireServiceIdWithBroker: true });
  if (outcome.kind !== "error") throw new Error(`expected error, got ${outcome.kind}`);
  return outcome.message;
}

Deno.test("settings: defaults with an empty environment", () => {
  const s = run([]);
  assertEquals(s.logLevel, "info");
  assertEquals(s.bootstrapServers, undefined);
  assertEquals(s.serviceType, "channel-service");
  assertEquals(s.topics.EVENT_TOPIC_MAP_STATUS, "EVENT_TOPIC_MAP_STATUS");
  assertEquals(s.topics.COMMAND_TOPIC_CHARACTER_MOVEMENT, "COMMAND_TOPIC_CHARACTER_MOVEMENT");
});

Deno.test("settings: environment variables are read and flags win over them", () => {
  const env = {
    BOOTSTRAP_SERVERS: "kafka-a:9092,kafka-b:9093",
    SERVICE_ID: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
    LOG_LEVEL: "warn",
    BASE_SERVICE_URL: "http://ingress/api/",
    EVENT_TOPIC_MAP_STATUS: "prod.map.status",
  };
  const fromEnv = run([], env);
  assertEquals(fromEnv.bootstrapServers, ["kafka-a:9092", "kafka-b:9093"]);
  assertEquals(fromEnv.logLevel, "warn");
  assertEquals(fromEnv.topics.EVENT_TOPIC_MAP_STATUS, "prod.map.status");
  const fromFlags = run(
    ["--log-level", "debug", "--bootstrap-servers", "127.0.0.1:1", "--topic", "EVENT_TOPIC_MAP_STATUS=x"],
    env,
  );
  assertEquals(fromFlags.logLevel, "debug");
  assertEquals(fromFlags.bootstrapServers, ["127.0.0.1:1"]);
  assertEquals(fromFlags.topics.EVENT_TOPIC_MAP_STATUS, "x");
  assertEquals(fromFlags.serviceId, env.SERVICE_ID);
});

Deno.test("settings: a bad value names the setting, the value and what is expected", () => {
  assertEquals(
    error([], { SERVICE_ID: "nope" }),
    'invalid setting SERVICE_ID="nope": expected a UUID such as 5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13',
  );
  assertStringIncludes(error(["--log-level", "loud"]), 'invalid setting --log-level="loud": expected one of');
  assertStringIncludes(
    error([], { BOOTSTRAP_SERVERS: "kafka" }),
    'BOOTSTRAP_SERVERS="kafka": expected a comma-separated list of host:port',
  );
  assertStringIncludes(error([], { BASE_SERVICE_URL: "ftp://x" }), "BASE_SERVICE_URL");
  assertStringIncludes(error(["--topic", "NOT_A_TOPIC=x"]), "expected a known topic variable");
  assertStringIncludes(error(["--no-such-flag"]), "invalid command line");
});

Deno.test("settings: --help lists every setting and topic variable", () => {
  const text = helpText();
  for (const s of SETTINGS) {
    assertStringIncludes(text, `--${s.flag}`);
    if (s.env) assertStringIncludes(text, s.env);
  }
  for (const t of TOPIC_VARIABLES) assertStringIncludes(text, t);
  assertTrue(parseSettings(["--help"], {}).kind === "help");
  assertTrue(parseSettings(["--version"], {}).kind === "version");
});

Deno.test("settings: a broker without SERVICE_ID is a one-line mistake naming both", () => {
  const message = error([], { BOOTSTRAP_SERVERS: "127.0.0.1:9092" });
  assertStringIncludes(message, "SERVICE_ID");
  assertStringIncludes(message, "BOOTSTRAP_SERVERS is set");
  assertStringIncludes(message, "Channel Service - {SERVICE_ID}");
  assertEquals(message.split("\n").length, 1);
  assertStringIncludes(error(["--bootstrap-servers", "k:9092"]), "--bootstrap-servers is set");
  // The sandbox process shares these settings and has no channel consumer group.
  assertEquals(parseSettings([], { BOOTSTRAP_SERVERS: "127.0.0.1:9092" }).kind, "run");
});

Deno.test("settings: operations settings (log format, admin listener, drain deadline)", () => {
  const defaults = run([]);
  assertEquals(defaults.logFormat, undefined); // decided by whether stderr is a terminal
  assertEquals(defaults.adminPort, undefined); // no admin listener
  assertEquals(defaults.adminAddress, "127.0.0.1");
  assertEquals(defaults.drainDeadlineMs, 5000);
  const set = run(["--log-format", "text", "--admin-port", "9100"], { DRAIN_DEADLINE_MS: "30000" });
  assertEquals([set.logFormat, set.adminPort, set.drainDeadlineMs], ["text", 9100, 30000]);
  assertEquals(
    error([], { LOG_FORMAT: "xml" }),
    'invalid setting LOG_FORMAT="xml": expected one of text, json',
  );
  assertEquals(
    error(["--admin-port", "70000"]),
    'invalid setting --admin-port="70000": expected a TCP port 0-65535 (0 picks a free one)',
  );
  assertStringIncludes(error([], { DRAIN_DEADLINE_MS: "soon" }), "DRAIN_DEADLINE_MS");
});
