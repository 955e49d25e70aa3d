/**
 * Readiness follows the broker: on a broker of its own (port 19495, started, paused, resumed and stopped
 * here; the shared test broker is never touched), /readyz answers 200 once the producer is connected and
 * the consumer group joined, 503 naming the broker while it is down, and 200 again when it is back. The
 * outage is logged as one warn line and one info line, not as kafkajs' retries with stacks.
 */
import { assertEquals, assertStringIncludes, assertTrue, fail } from "../support/assert.ts";
import { UNIT_ONLY } from "../support/kafka.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startApp } from "../../src/app.ts";
import { channelFeature } from "../../src/features/channel/mod.ts";
import { startAdmin } from "../../src/admin/server.ts";
import { setupLogging } from "../../src/observability/log.ts";

const PORT = "19495"; // controller on 19496; apart from bench/production_path.ts (19692/19493)
const BOOTSTRAP = `127.0.0.1:${PORT}`;
const script = new URL("../../scripts/kafka", import.meta.url).pathname;
const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

async function kafkaScript(command: "start" | "stop" | "pause" | "resume"): Promise<void> {
  const out = await new Deno.Command(script, {
    args: [command],
    env: { KAFKA_PORT: PORT, KAFKA_READY_SECONDS: "180" }, // a loaded machine starts a JVM slowly
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) fail(`scripts/kafka ${command} failed: ${new TextDecoder().decode(out.stderr)}`);
}

async function readyz(base: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: await res.text() };
}

async function waitForStatus(base: string, status: number, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  let last = { status: 0, body: "" };
  while (Date.now() < deadline) {
    last = await readyz(base);
    if (last.status === status) return last.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`/readyz did not answer ${status} within ${ms} ms; last: ${last.status} ${last.body}`);
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

Deno.test({
  name: "readiness: 503 naming the broker during an outage, 200 before and after; one warn line per outage",
  ignore: UNIT_ONLY,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await kafkaScript("start");
    const lines: Record<string, unknown>[] = [];
    setupLogging("debug", (line) => lines.push(JSON.parse(line)));
    const path = `${await Deno.makeTempDir()}/config.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        service: {
          tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
          tenants: [{
            id: TENANT_ID,
            ipAddress: "127.0.0.1",
            worlds: [{ id: 0, channels: [{ id: 0, port: freePort() }] }],
          }],
        },
        tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
      }),
    );
    const outcome = parseSettings([
      "--config",
      path,
      "--bootstrap-servers",
      BOOTSTRAP,
      "--service-id",
      crypto.randomUUID(),
      "--bind-address",
      "127.0.0.1",
      "--topic",
      `COMMAND_TOPIC_CHANNEL_STATUS=readiness-${crypto.randomUUID()}`,
    ], {});
    if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
    const app = await startApp(outcome.settings, { features: [channelFeature], env: {} });
    const admin = startAdmin({
      hostname: "127.0.0.1",
      port: 0,
      version: "test",
      target: { readiness: () => app.readiness(), channels: () => app.channels, drain: () => undefined },
    });
    const base = `http://127.0.0.1:${admin.addr.port}`;
    try {
      await waitForStatus(base, 200, 30_000);

      const before = lines.length;
      await kafkaScript("pause");
      const down = await waitForStatus(base, 503, 60_000);
      assertStringIncludes(down, `Kafka unreachable (${BOOTSTRAP})`);

      await kafkaScript("resume");
      await waitForStatus(base, 200, 120_000);

      const during = lines.slice(before);
      const kafkaLines = during.filter((l) => String(l.logger).startsWith("kafka"));
      const unreachable = kafkaLines.filter((l) => String(l.msg).startsWith("Kafka unreachable"));
      assertEquals(unreachable.length, 1, JSON.stringify(unreachable));
      assertEquals(unreachable[0].level, "warn");
      assertEquals(unreachable[0].brokers, BOOTSTRAP);
      const back = kafkaLines.filter((l) => l.msg === "Kafka reachable again");
      assertEquals(back.length, 1);
      assertEquals(back[0].level, "info");
      // Everything else kafkajs said during the outage is at debug; nothing at error, no stacks above debug.
      const loud = kafkaLines.filter((l) =>
        l.level === "error" || (l.level === "warn" && l !== unreachable[0])
      );
      assertEquals(loud, [], "kafka lines above info during the outage");
      assertTrue(
        during.filter((l) => l.level !== "debug").every((l) => !JSON.stringify(l).includes("\\n    at ")),
        "no stack traces above debug",
      );
      assertTrue(kafkaLines.some((l) => l.level === "debug"), "the details are kept at debug");
    } finally {
      setupLogging("error");
      await admin.close();
      await app.stop();
      await kafkaScript("stop");
    }
  },
});
