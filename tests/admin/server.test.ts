/**
 * The admin listener against the in-process sandbox: /healthz, /readyz, /metrics after a scripted bot
 * session (packets counted by handler and writer name, the sessions gauge going up and down, REST and
 * Kafka series), POST /drain flipping readiness, and the routing of wrong paths and methods.
 */
import { assertEquals, assertStringIncludes, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { handleAdminRequest, startAdmin } from "../../src/admin/server.ts";
import { resetMetrics } from "../../src/observability/metrics.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

/** The value of one series in a Prometheus text body (undefined when absent). */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[3] ?? "").split(/,(?=[a-zA-Z_]+=")/).filter((x) => x.length > 0);
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return Number(match[4]);
  }
  return undefined;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

Deno.test({
  name: "admin: health, readiness and metrics after a bot session; sessions gauge up and down; drain",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, { channelPort: port, generatedCount: 5 });
    let drainDeadline: number | undefined;
    const admin = startAdmin({
      hostname: "127.0.0.1",
      port: 0,
      version: "9.9.9",
      target: {
        readiness: () => dev.app.readiness(),
        channels: () => dev.app.channels,
        drain: () => {
          drainDeadline = 100;
          dev.app.drain(100);
          return 100;
        },
      },
    });
    const base = `http://127.0.0.1:${admin.addr.port}`;
    const tenant = dev.app.channels[0].tenant.id;
    const channel0 = { tenant, world: "0", channel: "0" };
    try {
      assertEquals(await get(`${base}/healthz`), { status: 200, body: "ok\n" });
      assertEquals(await get(`${base}/readyz`), { status: 200, body: "ready\n" });
      resetMetrics();
      let metrics = (await get(`${base}/metrics`)).body;
      assertEquals(series(metrics, "atlas_channel_sessions", channel0), 0);
      assertEquals(series(metrics, "atlas_channel_sessions", { ...channel0, channel: "2" }), 0);
      assertEquals(series(metrics, "atlas_channel_build_info", { version: "9.9.9" }), 1);
      assertTrue((series(metrics, "atlas_channel_process_resident_memory_bytes") ?? 0) > 10_000_000, "RSS");
      assertTrue((series(metrics, "atlas_channel_process_uptime_seconds") ?? 0) > 0, "uptime");

      const bot = await connectBot({ port, characterId: 1001 });
      await bot.login();
      await bot.walk(3, 10);
      await bot.chat("metrics, please");
      await bot.waitFor("CharacterChatGeneral");
      const res = await fetch(`${base}/metrics`);
      assertEquals(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
      metrics = await res.text();
      assertEquals(series(metrics, "atlas_channel_sessions", channel0), 1);
      assertEquals(series(metrics, "atlas_channel_sessions", { ...channel0, channel: "1" }), 0);
      // Inbound packets by the handler names of the tenant's configuration.
      assertEquals(
        series(metrics, "atlas_channel_net_packets_in_total", { name: "CharacterLoggedInHandle" }),
        1,
      );
      assertEquals(series(metrics, "atlas_channel_net_packets_in_total", { name: "CharacterMoveHandle" }), 3);
      assertEquals(
        series(metrics, "atlas_channel_net_packets_in_total", { name: "CharacterChatGeneralHandle" }),
        1,
      );
      // Outbound packets by writer name: one SetField for the login, the chat line back to its speaker.
      assertEquals(series(metrics, "atlas_channel_net_packets_out_total", { name: "SetField" }), 1);
      assertEquals(
        series(metrics, "atlas_channel_net_packets_out_total", { name: "CharacterChatGeneral" }),
        1,
      );
      assertTrue((series(metrics, "atlas_channel_net_bytes_in_total") ?? 0) > 0, "bytes in");
      assertTrue((series(metrics, "atlas_channel_net_bytes_out_total") ?? 0) > 0, "bytes out");
      // Every movement was published as a command: packet→publish latency observed three times.
      assertEquals(
        series(metrics, "atlas_channel_net_packet_to_publish_seconds_count", {
          topic: "COMMAND_TOPIC_CHARACTER_MOVEMENT",
        }),
        3,
      );
      assertEquals(
        series(metrics, "atlas_channel_kafka_publish_ok_total", {
          topic: "COMMAND_TOPIC_CHARACTER_MOVEMENT",
        }),
        3,
      );
      // Events consumed (the sandbox answers the chat command with a chat event) and their handling time.
      assertTrue(
        (series(metrics, "atlas_channel_kafka_consume_handled_total", {
          topic: "EVENT_TOPIC_CHARACTER_CHAT",
        }) ?? 0) >= 1,
      );
      assertTrue(
        (series(metrics, "atlas_channel_kafka_consume_handle_seconds_count", {
          topic: "EVENT_TOPIC_CHARACTER_CHAT",
        }) ?? 0) >= 1,
      );
      // The login loaded the character over REST.
      assertTrue(
        (series(metrics, "atlas_channel_rest_requests_total", { service: "CHARACTERS", status: "200" }) ??
          0) >= 1,
      );
      assertTrue(
        (series(metrics, "atlas_channel_rest_request_seconds_count", { service: "CHARACTERS" }) ?? 0) >= 1,
      );

      bot.close();
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        metrics = (await get(`${base}/metrics`)).body;
        if (series(metrics, "atlas_channel_sessions", channel0) === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      assertEquals(series(metrics, "atlas_channel_sessions", channel0), 0);
      assertEquals(series(metrics, "atlas_channel_net_sessions_closed_total", { reason: "eof" }), 1);

      // POST /drain: accepted, and readiness says why the instance is out of rotation.
      const drain = await fetch(`${base}/drain`, { method: "POST" });
      assertEquals(drain.status, 202);
      assertStringIncludes(await drain.text(), "draining; players have 100 ms");
      assertEquals(drainDeadline, 100);
      const ready = await get(`${base}/readyz`);
      assertEquals(ready.status, 503);
      assertStringIncludes(ready.body, "not ready\ndraining: the channels accept no new players\n");
      await dev.app.drain(100);
      // The ports are closed: a new player cannot connect.
      const refused = await Deno.connect({ hostname: "127.0.0.1", port }).then(
        (c) => (c.close(), false),
        () => true,
      );
      assertTrue(refused, "a draining channel refuses connections");
    } finally {
      await admin.close();
      await dev.stop();
    }
  },
});

Deno.test("admin: wrong paths and methods, and a drain before start-up finished", async () => {
  const target = {
    readiness: () => ({ ready: false, reasons: ["starting"] }),
    channels: () => [],
    drain: () => undefined,
  };
  const call = async (method: string, path: string) => {
    const res = handleAdminRequest(new Request(`http://admin${path}`, { method }), { target, version: "1" });
    return [res.status, await res.text(), res.headers.get("allow")];
  };
  assertEquals(await call("GET", "/readyz"), [503, "not ready\nstarting\n", null]);
  assertEquals((await call("GET", "/nope"))[0], 404);
  assertEquals(await call("GET", "/drain"), [405, "method not allowed; use POST\n", "POST"]);
  assertEquals(await call("POST", "/metrics"), [405, "method not allowed; use GET\n", "GET"]);
  assertEquals((await call("POST", "/drain"))[0], 409);
});
