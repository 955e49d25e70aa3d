/**
 * Acceptance (b): the sandbox as its own process (`src/sandbox/main.ts`, as `deno task sandbox` runs it)
 * on the real broker with fresh topic names, the channel in this test process against it, and the same
 * two-bot play-through as the in-memory test.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { createTopics, integration, testBrokers, testKafka } from "../support/kafka.ts";
import { startApp } from "../../src/app.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { TOPIC_VARIABLES } from "../../src/config/topics.ts";
import { SANDBOX_SERVICE_ID, SANDBOX_TENANT_ID } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts, playThrough } from "./support.ts";

const SANDBOX_MAIN = new URL("../../src/sandbox/main.ts", import.meta.url).pathname;

Deno.test(integration("sandbox process on the real broker: two bots play through a channel", async () => {
  const runId = crypto.randomUUID().slice(0, 8);
  const topics = Object.fromEntries(TOPIC_VARIABLES.map((v) => [v, `sandbox-${runId}-${v}`]));
  await createTopics(testKafka("atlas-sandbox-test"), Object.values(topics));
  const channelPort = freeConsecutivePorts(3);
  const httpPort = freeConsecutivePorts(1);

  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-sys",
      SANDBOX_MAIN,
      "--http-port",
      String(httpPort),
      "--channel-port",
      String(channelPort),
    ],
    clearEnv: true,
    env: { BOOTSTRAP_SERVERS: testBrokers().join(","), LOG_LEVEL: "info", ...topics },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const reading = (async () => {
    let buffered = "";
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      lines.push(...parts);
    }
  })();
  let app;
  try {
    const deadline = Date.now() + 60_000;
    while (!lines.some((l) => l.includes("sandbox running"))) {
      if (Date.now() > deadline) throw new Error(`sandbox did not start:\n${lines.join("\n")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ready = JSON.parse(lines.find((l) => l.includes("sandbox running"))!);
    assertEquals(ready.SERVICE_ID, SANDBOX_SERVICE_ID);
    assertEquals(ready.BASE_SERVICE_URL, `http://127.0.0.1:${httpPort}/api/`);

    const outcome = parseSettings([
      "--service-id",
      SANDBOX_SERVICE_ID,
      "--base-service-url",
      ready.BASE_SERVICE_URL,
      "--bootstrap-servers",
      testBrokers().join(","),
      "--bind-address",
      "127.0.0.1",
      "--log-level",
      "error",
      ...TOPIC_VARIABLES.flatMap((v) => ["--topic", `${v}=${topics[v]}`]),
    ], {});
    if (outcome.kind !== "run") throw new Error(`settings rejected: ${JSON.stringify(outcome)}`);
    app = await startApp(outcome.settings, { env: {} });
    // The v83 tenant's channels (the v95 and JMS tenants' follow on the next six ports).
    assertEquals(
      app.channels.filter((c) => c.tenant.id === SANDBOX_TENANT_ID).map((c) => c.port),
      [channelPort, channelPort + 1, channelPort + 2],
    );

    const { lines: botLines } = await playThrough(channelPort, 20_000);
    assertTrue(
      botLines.some((l) => l.startsWith("[bot 1001] ← SetField 0x7D: warp to map 100010000")),
      botLines.join("\n"),
    );
    // The sandbox process logged its side of the map change.
    const deadline2 = Date.now() + 5000;
    while (!lines.some((l) => l.includes("character changes map") && l.includes('"characterId":1001'))) {
      if (Date.now() > deadline2) throw new Error(`sandbox did not log the map change:\n${lines.join("\n")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await app?.stop();
    child.kill("SIGINT");
    const status = await child.status;
    await reading;
    assertEquals(status.code, 0, lines.slice(-5).join("\n"));
  }
}));
