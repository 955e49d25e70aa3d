/**
 * The fail-fast path, driven as a real process: every configuration mistake exits 2 with exactly one line
 * on stderr naming the setting or file and what was expected, before anything starts; and the text log
 * format a person reads.
 */
import { assertEquals, assertStringIncludes, assertTrue } from "./support/assert.ts";
import { freeConsecutivePorts, SANDBOX_PORT_SPAN } from "./sandbox/support.ts";

function assertMatch(actual: string, pattern: RegExp, msg?: string): void {
  assertTrue(pattern.test(actual), msg ?? `${JSON.stringify(actual)} does not match ${pattern}`);
}

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const TEMPLATES = new URL("../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";
const SERVICE_ID = "0b7c3c5e-1d2a-4e8f-9a6b-3c4d5e6f7a8b";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

async function runMain(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr).trim() };
}

/** Asserts exit 2 and one stderr line; returns the line. */
async function mistake(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { code, stderr } = await runMain(args, env);
  assertEquals(code, 2, stderr);
  const lines = stderr.split("\n");
  assertEquals(lines.length, 1, `one line expected, got:\n${stderr}`);
  assertTrue(lines[0].startsWith("atlas-channel: "), lines[0]);
  return lines[0];
}

function serviceConfig(port: number) {
  return {
    tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
    tenants: [{ id: TENANT_ID, ipAddress: "127.0.0.1", worlds: [{ id: 0, channels: [{ id: 0, port }] }] }],
  };
}

async function configFile(content: unknown): Promise<string> {
  const path = `${await Deno.makeTempDir()}/channel.json`;
  await Deno.writeTextFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

Deno.test("config mistake: BOOTSTRAP_SERVERS without SERVICE_ID", async () => {
  const line = await mistake([], { BOOTSTRAP_SERVERS: "127.0.0.1:19092" });
  assertStringIncludes(line, "missing setting SERVICE_ID");
  assertStringIncludes(line, "expected a UUID when BOOTSTRAP_SERVERS is set");
});

Deno.test("config mistake: a --config file that does not exist", async () => {
  const line = await mistake(["--config", "/nonexistent/channel.json"]);
  assertStringIncludes(line, "config file /nonexistent/channel.json: cannot read");
});

Deno.test("config mistake: a --config file that is not JSON", async () => {
  const path = await configFile("{ service: nope");
  const line = await mistake(["--config", path]);
  assertStringIncludes(line, `config file ${path}: not valid JSON`);
});

Deno.test("config mistake: a --config file with a bad value names its JSON path", async () => {
  const service = serviceConfig(8585);
  (service.tenants[0].worlds[0].channels[0] as { port: unknown }).port = "eighty";
  const path = await configFile({
    service,
    tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
  });
  const line = await mistake([], { CONFIG_FILE: path });
  assertStringIncludes(line, `config file ${path}`);
  assertStringIncludes(line, "port");
});

Deno.test("config mistake: a --config include that is missing names the include", async () => {
  const path = await configFile({
    service: serviceConfig(8585),
    tenants: [{ id: TENANT_ID, file: "missing.json" }],
  });
  const line = await mistake(["--config", path]);
  assertStringIncludes(line, "tenants[0].file");
  assertStringIncludes(line, "cannot read");
});

Deno.test("config mistake: an unreachable configuration service names the setting, host:port and cause", async () => {
  const port = freePort(); // nothing listens there
  const line = await mistake([], { SERVICE_ID, BASE_SERVICE_URL: `http://127.0.0.1:${port}/api/` });
  assertStringIncludes(line, `SERVICE_ID=${SERVICE_ID}`);
  assertStringIncludes(line, `BASE_SERVICE_URL=http://127.0.0.1:${port}/api/`);
  assertStringIncludes(line, `cannot reach 127.0.0.1:${port}`);
  assertStringIncludes(line, "Connection refused");
  assertStringIncludes(line, "after 3 attempts");
});

Deno.test("config mistake: the per-service override is the one named when it is set", async () => {
  const port = freePort();
  const line = await mistake([], {
    SERVICE_ID,
    BASE_SERVICE_URL: "http://127.0.0.1:1/api/",
    CONFIGURATIONS_SERVICE_URL: `http://127.0.0.1:${port}/api/`,
  });
  assertStringIncludes(line, `CONFIGURATIONS_SERVICE_URL=http://127.0.0.1:${port}/api/`);
});

Deno.test("config mistake: a taken channel port names tenant, world, channel and port", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const path = await configFile({
      service: serviceConfig(taken.addr.port),
      tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
    });
    const line = await mistake(["--config", path, "--bind-address", "127.0.0.1", "--log-level", "error"]);
    assertStringIncludes(line, `tenant ${TENANT_ID} world 0 channel 0 on 127.0.0.1:${taken.addr.port}`);
    assertStringIncludes(line, "port already in use");
  } finally {
    taken.close();
  }
});

Deno.test("config mistake: in dev mode a taken port names SANDBOX_PORT", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const line = await mistake(["--log-level", "error"], { SANDBOX_PORT: String(taken.addr.port) });
    assertStringIncludes(line, "port already in use");
    assertStringIncludes(line, "set SANDBOX_PORT to a free port");
  } finally {
    taken.close();
  }
});

Deno.test("config mistake: a SANDBOX_PORT that is not a port", async () => {
  const line = await mistake([], { SANDBOX_PORT: "85x" });
  assertStringIncludes(line, 'invalid setting SANDBOX_PORT="85x": expected a TCP port 1-65527');
});

Deno.test("config mistake: a taken ADMIN_PORT", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const line = await mistake(["--log-level", "error"], { ADMIN_PORT: String(taken.addr.port) });
    assertStringIncludes(line, `invalid setting ADMIN_PORT=${taken.addr.port}`);
    assertStringIncludes(line, "port already in use");
  } finally {
    taken.close();
  }
});

Deno.test("main: --log-format text writes lines a person reads (LogTape's text formatter)", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN, "--log-format", "text"],
    env: { NO_COLOR: "1", SANDBOX_PORT: String(freeConsecutivePorts(SANDBOX_PORT_SPAN)) },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("running; press Ctrl-C to stop")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  child.kill("SIGINT");
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  assertEquals((await child.status).code, 0);
  const lines = seen.trim().split("\n");
  for (const line of lines) {
    assertMatch(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (DEBUG|INFO |WARN |ERROR) [a-z.-]+: /, line);
  }
  const running = lines.find((l) => l.includes("running; press Ctrl-C to stop"))!;
  assertMatch(running, / INFO {2}main: running; press Ctrl-C to stop version=0\.1\.0$/);
  // Strings with spaces are quoted, lists are JSON, and no field prints as "undefined".
  assertTrue(
    lines.some((l) => / app: configuration loaded source="configurations service" tenants=\["/.test(l)),
  );
  assertTrue(lines.every((l) => !l.includes("=undefined")), seen);
  // The unimplemented-entries report is one line with counts per tenant; the lists are at debug.
  const loaded = lines.find((l) => l.includes(" app: configuration loaded "))!;
  const tenants = JSON.parse(/ tenants=(\[[^\]]*\])/.exec(loaded)![1]) as string[];
  const report = lines.filter((l) => l.includes("not implemented here"));
  assertEquals(report.length, tenants.length, seen);
  assertTrue(report.some((l) => l.includes(" server.channels: GMS 83.1: ")), seen);
  for (const line of report) {
    assertMatch(
      line,
      / server\.channels: [A-Z]+ \d+\.\d+: \d+ handlers and \d+ writers bound; \d+ handlers and \d+ writers of the configuration not implemented here \(lists at debug\)/,
    );
    assertTrue(line.length < 400, line);
  }
  assertTrue(lines.every((l) => l.length < 1000), "no kilobyte-long lines at info");
});

Deno.test("main: an unreachable broker at start-up is one warn line and one error line, no stacks, exit 1", async () => {
  const path = await configFile({
    service: serviceConfig(freePort()),
    tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
  });
  const broker = `127.0.0.1:${freePort()}`;
  const { code, stderr } = await runMain(["--config", path, "--log-level", "warn", "--log-format", "json"], {
    BOOTSTRAP_SERVERS: broker,
    SERVICE_ID,
  });
  assertEquals(code, 1, stderr);
  const lines = stderr.split("\n").map((l) => JSON.parse(l));
  assertEquals(lines.map((l) => [l.level, l.msg]), [
    ["warn", "Kafka unreachable; retrying in the background (details at debug)"],
    ["error", "start-up failed"],
  ]);
  assertEquals(lines[0].brokers, broker);
  assertStringIncludes(lines[1].error, `ECONNREFUSED ${broker}`);
  assertTrue(!stderr.includes("    at "), "no stack traces");
});
