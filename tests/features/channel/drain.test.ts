/**
 * Channel drain: heartbeats stop (none after the drain began, even one already in flight lands first),
 * then each channel is removed from atlas-world with `DELETE worlds/{w}/channels/{c}` and the tenant
 * headers; a 404 (already gone) is fine.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { startJsonApiServer } from "../../support/jsonapi-server.ts";
import { parseSettings } from "../../../src/config/settings.ts";
import { startApp } from "../../../src/app.ts";
import { channelFeature } from "../../../src/features/channel/mod.ts";
import { unregisterChannel } from "../../../src/features/channel/rest.ts";
import { createRestClient } from "../../../src/rest/client.ts";

const TEMPLATES = new URL("../../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

Deno.test("channel drain: heartbeats stop, then DELETE worlds/0/channels/1 with the tenant headers", async () => {
  const rest = await startJsonApiServer();
  rest.on("POST", "worlds/0/channels", { status: 202, delayMs: 30 });
  rest.on("DELETE", "worlds/0/channels/1", { status: 204 });
  const port = freePort();
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
  const outcome = parseSettings([
    "--config",
    path,
    "--base-service-url",
    rest.root,
    "--bind-address",
    "127.0.0.1",
    "--registration-interval-ms",
    "20",
    "--log-level",
    "error",
  ], {});
  if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
  const app = await startApp(outcome.settings, { features: [channelFeature], env: {} });
  try {
    const until = Date.now() + 10_000;
    while (rest.requestsTo("POST", "worlds/0/channels").length < 3 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const report = await app.drain(50);
    assertEquals(report.sessions, 0);
    const deletes = rest.requestsTo("DELETE", "worlds/0/channels/1");
    assertEquals(deletes.length, 1);
    const postsAtDrain = rest.requestsTo("POST", "worlds/0/channels").length;
    // No registration reached the world service after the deregistration.
    const all = rest.requests.filter((r) => r.path.startsWith("worlds/0/channels"));
    assertEquals(all.at(-1)?.method, "DELETE");
    assertEquals(deletes[0].headers.get("tenant_id"), TENANT_ID);
    // No heartbeat after the drain, over several intervals.
    await new Promise((r) => setTimeout(r, 150));
    assertEquals(rest.requestsTo("POST", "worlds/0/channels").length, postsAtDrain);
  } finally {
    await app.stop();
    await rest.close();
  }
});

Deno.test("channel drain: a channel the world service no longer knows (404) counts as removed", async () => {
  const rest = await startJsonApiServer();
  rest.on("DELETE", "worlds/2/channels/3", { status: 404 });
  try {
    const client = createRestClient({ baseServiceUrl: rest.root, env: () => undefined });
    const tenant = { id: TENANT_ID, region: "GMS", majorVersion: 83, minorVersion: 1 };
    assertEquals(await unregisterChannel(client, tenant, 2, 3), "absent");
    assertTrue(rest.requestsTo("DELETE", "worlds/2/channels/3").length === 1);
  } finally {
    await rest.close();
  }
});
