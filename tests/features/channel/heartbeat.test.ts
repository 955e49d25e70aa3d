/**
 * Channel registration heartbeat: every channel re-registers every CHANNEL_REGISTRATION_INTERVAL_MS with
 * its current sessions and maximum; a slow world service never gets overlapping heartbeats; stop ends it.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { startJsonApiServer } from "../../support/jsonapi-server.ts";
import { parseSettings } from "../../../src/config/settings.ts";
import { startApp } from "../../../src/app.ts";
import { channelFeature } from "../../../src/features/channel/mod.ts";
import { connectClient } from "../../../src/client/client.ts";

const TEMPLATES = new URL("../../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function configFile(port: number): Promise<string> {
  const path = `${await Deno.makeTempDir()}/config.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      service: {
        tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
        tenants: [{ id: TENANT_ID, ipAddress: "10.1.2.3", worlds: [{ id: 0, channels: [{ id: 1, port }] }] }],
      },
      tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
    }),
  );
  return path;
}

Deno.test("channel heartbeat: periodic re-registration with live capacity, never overlapping, stops with the app", async () => {
  const rest = await startJsonApiServer();
  // The world service answers slowly: 150 ms per registration, longer than the 50 ms interval.
  rest.on("POST", "worlds/0/channels", { status: 202, delayMs: 150 });
  const port = freePort();
  const outcome = parseSettings([
    "--config",
    await configFile(port),
    "--base-service-url",
    rest.root,
    "--bind-address",
    "127.0.0.1",
    "--registration-interval-ms",
    "50",
    "--max-sessions",
    "42",
    "--log-level",
    "error",
  ], {});
  if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
  const app = await startApp(outcome.settings, { features: [channelFeature], env: {} });
  const client = await connectClient({ port });
  let stoppedAt = 0;
  try {
    const deadline = Date.now() + 10_000;
    const withSession = () =>
      rest.requestsTo("POST", "worlds/0/channels").filter((r) =>
        JSON.parse(r.body).data.attributes.currentCapacity === 1
      );
    while (withSession().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const posts = rest.requestsTo("POST", "worlds/0/channels");
    assertTrue(posts.length >= 3, `expected several registrations, got ${posts.length}`);
    const attributes = JSON.parse(withSession()[0].body).data.attributes;
    assertEquals(
      [
        attributes.worldId,
        attributes.channelId,
        attributes.ipAddress,
        attributes.port,
        attributes.maxCapacity,
      ],
      [0, 1, "10.1.2.3", port, 42],
    );
    // With 150 ms answers and a 50 ms interval, overlapping heartbeats would send far more than one per 150 ms.
    const spanMs = Date.now() - (deadline - 10_000);
    assertTrue(
      posts.length <= Math.ceil(spanMs / 150) + 2,
      `${posts.length} registrations in ${spanMs} ms overlap`,
    );
  } finally {
    client.close();
    await app.stop();
    stoppedAt = rest.requestsTo("POST", "worlds/0/channels").length;
  }
  await new Promise((r) => setTimeout(r, 300));
  assertEquals(rest.requestsTo("POST", "worlds/0/channels").length, stoppedAt, "no registration after stop");
  await rest.close();
});
